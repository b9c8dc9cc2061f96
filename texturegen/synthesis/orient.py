"""Turn a photo whose grain runs across the seed's (vertical boards for horizontal planks) by 90 degrees."""

from __future__ import annotations

import numpy as np

from texturegen.core.images import luma, pair_steps

CLEAR = 0.4
"""Anisotropy both images must reach for a turn: (Ey - Ex) / (Ey + Ex) of their luminance steps. Planks
score +0.9 and planks photos -0.7; stone, cobblestone, dirt and their rock photos stay within 0.3."""


def anisotropy(img: np.ndarray, valid: np.ndarray, frames: int, wrap: bool) -> float:
    """(Ey - Ex) / (Ey + Ex) over the steps between valid pixels: +1 horizontal stripes, -1 vertical ones."""
    ex = ey = 0.0
    for part, ok in zip(np.split(luma(img[..., :3]), frames), np.split(valid, frames)):
        dx, x_ok, dy, y_ok = pair_steps(part, ok, wrap)
        ex, ey = ex + float(np.sum(dx[x_ok] ** 2)), ey + float(np.sum(dy[y_ok] ** 2))
    return 0.0 if ex + ey == 0 else (ey - ex) / (ey + ex)


def turned_to_seed(ref: np.ndarray, seed_rgb: np.ndarray, opaque: np.ndarray, frames: int, wrap: bool) -> np.ndarray:
    """The photo, turned a quarter if it and the seed are both clearly striped and their stripes cross."""
    seed_a = anisotropy(seed_rgb, opaque, frames, wrap)
    ref_a = anisotropy(ref, np.ones(ref.shape[:2], bool), 1, False)
    if min(abs(seed_a), abs(ref_a)) >= CLEAR and seed_a * ref_a < 0:
        return np.ascontiguousarray(np.rot90(ref))
    return ref
