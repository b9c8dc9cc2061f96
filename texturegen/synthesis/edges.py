"""The seed's strong edges: where they are, the band the edge loss watches, and the structure target."""

from __future__ import annotations

import numpy as np

from texturegen.imageops import LUMA, nearest_up
from texturegen.synthesis.prepare import structure_target

EDGE_MIN = 0.08
"""Weakest seed luminance step that counts as a shape edge (as in DESIGN.md's edge_keep)."""


def strong_edges(seed_rgb: np.ndarray, opaque: np.ndarray, wrap: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Boolean maps of the strongest steps (top quarter, at least EDGE_MIN) to the right of and below each texel.

    Shapes (H, W-1) and (H-1, W); with wrap (H, W) and (H, W), the last column/row stepping to the first.
    """
    lum = seed_rgb[..., 0] if seed_rgb.shape[-1] == 1 else seed_rgb @ LUMA
    if wrap:
        right, down = np.roll(lum, -1, axis=1), np.roll(lum, -1, axis=0)
        dx = np.abs(right - lum) * (opaque & np.roll(opaque, -1, axis=1))
        dy = np.abs(down - lum) * (opaque & np.roll(opaque, -1, axis=0))
    else:
        dx = np.abs(lum[:, 1:] - lum[:, :-1]) * (opaque[:, 1:] & opaque[:, :-1])
        dy = np.abs(lum[1:] - lum[:-1]) * (opaque[1:] & opaque[:-1])
    steps = np.concatenate([dx.ravel(), dy.ravel()])
    if steps.size == 0:
        return dx > 1, dy > 1
    cut = max(float(np.quantile(steps, 0.75)), EDGE_MIN)
    return dx >= cut, dy >= cut


def _band(edge: int, f: int, side: int, size: int) -> np.ndarray:
    """Output indices of the band `side` px either side of the boundary after texel `edge` (modulo size)."""
    return np.arange((edge + 1) * f - side, (edge + 1) * f + side) % size


def ramp_edges(target: np.ndarray, seed_rgb: np.ndarray, opaque: np.ndarray, f: int,
               wrap: bool = False) -> np.ndarray:
    """Turn each strong edge's step into an even ramp over f/4 px each side that keeps both sides' means.

    The step no longer sits on the old pixel boundary alone (no pixel grid), while the average colour
    either side of it, and so the shape, stays the seed's.
    """
    side = f // 4
    if side < 2:
        return target
    out = target.copy()
    h, w = seed_rgb.shape[:2]
    ex, ey = strong_edges(seed_rgb, opaque, wrap)
    offs = np.arange(2 * side, dtype=np.float32)
    for i, j in zip(*np.nonzero(ex)):
        a, b = seed_rgb[i, j], seed_rgb[i, (j + 1) % w]
        step = (b - a) / side
        rows = np.arange(i * f, (i + 1) * f)
        out[np.ix_(rows, _band(j, f, side, w * f))] = (a - step * (side - 1) / 2) + offs[:, None] * step
    for i, j in zip(*np.nonzero(ey)):
        a, b = seed_rgb[i, j], seed_rgb[(i + 1) % h, j]
        step = (b - a) / side
        cols = np.arange(j * f, (j + 1) * f)
        out[np.ix_(_band(i, f, side, h * f), cols)] = (a - step * (side - 1) / 2) + offs[:, None, None] * step
    return out


def edge_mask(seed_rgb: np.ndarray, opaque: np.ndarray, f: int, wrap: bool = False) -> np.ndarray:
    """Output-size mask of the band f/4 px either side of the seed's strong pixel edges."""
    h, w = seed_rgb.shape[:2]
    side = max(f // 4, 1)
    mask = np.zeros((h * f, w * f), dtype=np.float32)
    dx, dy = strong_edges(seed_rgb, opaque, wrap)
    for i, j in zip(*np.nonzero(dx)):
        mask[np.ix_(np.arange(i * f, (i + 1) * f), _band(j, f, side, w * f))] = 1.0
    for i, j in zip(*np.nonzero(dy)):
        mask[np.ix_(_band(i, f, side, h * f), np.arange(j * f, (j + 1) * f))] = 1.0
    return mask


def structure(seed_rgb: np.ndarray, opaque: np.ndarray, f: int, wrap: bool) -> tuple[np.ndarray, np.ndarray]:
    """(target, edge band mask): the smoothed seed, crisp along strong edges, each edge an even short ramp."""
    mask = edge_mask(seed_rgb, opaque, f, wrap)[..., None]
    target = mask * nearest_up(seed_rgb, f) + (1 - mask) * structure_target(seed_rgb, f, wrap)
    return ramp_edges(target.astype(np.float32), seed_rgb, opaque, f, wrap), mask
