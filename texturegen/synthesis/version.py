"""Which synthesis made an output: part of every texture's doit and cache key."""

ENGINE_VERSION = "25"
"""Bump when synthesis output changes for the same settings, so doit rebuilds every texture and the shared cache
misses; tests/test_golden.py fails when output changes without a bump."""

SPRITE_VERSION = "4"
"""Bump when a `smooth` redraw (texturegen/synthesis/sprite.py) changes its output, so cached ones are made again."""
