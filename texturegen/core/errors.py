"""One error hierarchy; every message names the file, key or value at fault."""

from __future__ import annotations


class TexturegenError(Exception):
    """Base class of every error texturegen reports to a user."""


class ConfigError(TexturegenError):
    """A pipeline.yaml or a setting is wrong."""


class SettingError(ConfigError):
    """A synthesis setting has a value outside its allowed range."""


class PackError(TexturegenError):
    """A resource pack, or a file in it, cannot be read."""


class ImageError(TexturegenError):
    """A PNG cannot be read, or is not a usable texture."""


class ReferenceImageError(TexturegenError):
    """A reference photo is missing, unreadable or too small."""


class NetworkError(TexturegenError):
    """The feature network's weights cannot be loaded."""


class OutputError(TexturegenError):
    """The output folder cannot be written safely."""


class WorldError(TexturegenError):
    """A world or structure file cannot be read."""
