"""Cache keys: a hash of everything a synthesized texture is a pure function of."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from texturegen.synthesis.settings import SynthesisSettings

KEY_FORMAT = 1
"""Bump when the key's recipe changes, so old entries are never read under a new meaning."""


def digest(data: bytes) -> str:
    """SHA-256 of bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def texture_key(seed: bytes, references: Sequence[bytes], settings: SynthesisSettings, engine: str) -> str:
    """The key of one synthesis: the seed's and references' bytes, the resolved settings, the engine version."""
    recipe = {
        "format": KEY_FORMAT,
        "seed": digest(seed),
        "references": [digest(r) for r in references],
        "settings": settings.as_dict(),
        "engine": engine,
    }
    return digest(json.dumps(recipe, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def nearest_key(seed: bytes, scale: int) -> str:
    """The key of a nearest-neighbour scale: the seed's bytes and the factor."""
    recipe = {"format": KEY_FORMAT, "nearest": digest(seed), "scale": scale}
    return digest(json.dumps(recipe, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def smooth_key(seed: bytes, scale: int, wrap: bool, version: str) -> str:
    """The key of a `smooth` redraw: the seed's bytes, the factor, whether it wraps, the redraw's version."""
    recipe = {"format": KEY_FORMAT, "smooth": digest(seed), "scale": scale, "wrap": wrap, "version": version}
    return digest(json.dumps(recipe, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def maps_key(texture: str, maps: dict[str, object]) -> str:
    """The key of a texture's LabPBR maps: its texture's key and what decides the maps (material, version)."""
    recipe = {"format": KEY_FORMAT, "maps_of": texture, "maps": maps}
    return digest(json.dumps(recipe, sort_keys=True, separators=(",", ":")).encode("utf-8"))
