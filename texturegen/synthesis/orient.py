"""Turn a photo whose grain runs across the seed's (vertical boards for horizontal planks) by 90 degrees."""

from __future__ import annotations

import numpy as np

from texturegen.imageops import luma

CLEAR = 0.4
"""Anisotropy both images must reach for a turn: (Ey - Ex) / (Ey + Ex) of their luminance steps. Planks
score +0.9 and planks photos -0.7; stone, cobblestone, dirt and their rock photos stay within 0.3."""


def anisotropy(img: np.ndarray, valid: np.ndarray, frames: int, wrap: bool) -> float:
    """(Ey - Ex) / (Ey + Ex) over the steps between valid pixels: +1 horizontal stripes, -1 vertical ones."""
    y = luma(img[..., :3]) if img.shape[-1] >= 3 else img[..., 0]
    ex = ey = 0.0
    for part, ok in zip(np.split(y, frames), np.split(valid, frames)):
        for axis in (0, 1):
            if wrap:
                step, both = np.roll(part, -1, axis) - part, ok & np.roll(ok, -1, axis)
            else:
                step, both = np.diff(part, axis=axis), _pairs(ok, axis)
            energy = float(np.sum(step[both] ** 2))
            ey, ex = (ey + energy, ex) if axis == 0 else (ey, ex + energy)
    return 0.0 if ex + ey == 0 else (ey - ex) / (ey + ex)


def _pairs(ok: np.ndarray, axis: int) -> np.ndarray:
    """Where a pixel and its next neighbour along `axis` are both valid (no wrap)."""
    return ok[1:] & ok[:-1] if axis == 0 else ok[:, 1:] & ok[:, :-1]


def turned_to_seed(ref: np.ndarray, seed_rgb: np.ndarray, opaque: np.ndarray, frames: int, wrap: bool) -> np.ndarray:
    """The photo, turned a quarter if it and the seed are both clearly striped and their stripes cross."""
    seed_a = anisotropy(seed_rgb, opaque, frames, wrap)
    ref_a = anisotropy(ref, np.ones(ref.shape[:2], bool), 1, False)
    if min(abs(seed_a), abs(ref_a)) >= CLEAR and seed_a * ref_a < 0:
        return np.ascontiguousarray(np.rot90(ref))
    return ref
