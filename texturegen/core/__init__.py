"""Primitives: errors, the PNG codec, image helpers, globs and animation-strip rules."""
