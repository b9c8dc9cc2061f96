"""Automatic photo choice (`references: auto`): a library of photos, what a texture's path and pixels say, picks."""
