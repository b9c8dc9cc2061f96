"""Make a striped photo's grain follow the seed's stripes: turned a quarter for the whole seed, or region by region.

A seed that is striped one way (planks) takes the photo turned so its stripes run the same way. A seed striped
both ways (fence rails on posts, a trapdoor's frame round its slats) takes the photo both ways; which one lays the
grain at each pixel follows which way the seed's region there runs (`stripe_map`), so each board's grain runs along
that board.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from texturegen.core.images import colour_steps, luma, nearest_up, pair_steps

CLEAR = 0.4
"""Anisotropy both images must reach for a turn: (Ey - Ex) / (Ey + Ex) of their luminance steps. Planks
score +0.9 and planks photos -0.7; stone, cobblestone, dirt and their rock photos stay within 0.3."""
CROSSING = 0.35
"""Elongation across the photo's stripes (stripe_map, signed) from which the turned photo lays the grain: below, the
photo as it is (a square cell or a blob has no direction of its own)."""


def anisotropy(img: np.ndarray, valid: np.ndarray, frames: int, wrap: bool) -> float:
    """(Ey - Ex) / (Ey + Ex) over the steps between valid pixels: +1 horizontal stripes, -1 vertical ones."""
    ex = ey = 0.0
    for part, ok in zip(np.split(luma(img[..., :3]), frames), np.split(valid, frames)):
        dx, x_ok, dy, y_ok = pair_steps(part, ok, wrap)
        ex, ey = ex + float(np.sum(dx[x_ok] ** 2)), ey + float(np.sum(dy[y_ok] ** 2))
    return 0.0 if ex + ey == 0 else (ey - ex) / (ey + ex)


def photo_turns(ref: np.ndarray, seed_rgb: np.ndarray, opaque: np.ndarray, frames: int, wrap: bool) -> list[np.ndarray]:
    """The photo's orientations the seed needs: one (turned or not) or, for a seed striped both ways, both."""
    seed_a = anisotropy(seed_rgb, opaque, frames, wrap)
    ref_a = anisotropy(ref, np.ones(ref.shape[:2], bool), 1, False)
    if abs(ref_a) < CLEAR:
        return [ref]
    if abs(seed_a) < CLEAR:
        return [ref, np.ascontiguousarray(np.rot90(ref))]
    return [np.ascontiguousarray(np.rot90(ref))] if seed_a * ref_a < 0 else [ref]


def _runs(links: np.ndarray) -> np.ndarray:
    """Per texel, how many texels its run of linked neighbours along the last axis spans (itself included).

    links[..., j] joins texel j to j + 1 (the last one to the first, False where the seed does not wrap).
    """
    n = links.shape[-1]
    span = np.ones(links.shape, np.int64)
    for shift in (lambda k: -k, lambda k: k + 1):  # going right from j, step k crosses link j + k; left, j - k - 1
        alive = np.ones(links.shape, bool)
        for k in range(n - 1):
            alive &= np.roll(links, shift(k), axis=-1)
            if not alive.any():
                break
            span += alive
    return np.minimum(span, n)


def run_lengths(seed_rgb: np.ndarray, opaque: np.ndarray, wrap: bool, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """(across, down) per texel: the texels of like colour it is joined to along its row and along its column.

    Neighbours closer than `tol` are joined, step by step; a texel alone in its colour has runs of 1 both ways.
    """
    dx, x_ok, dy, y_ok = colour_steps(seed_rgb, opaque, wrap)
    right, down = np.zeros(opaque.shape, bool), np.zeros(opaque.shape, bool)
    right[:, : dx.shape[1]] = x_ok & (dx < tol)  # without wrap the last column's link stays False
    down[: dy.shape[0]] = y_ok & (dy < tol)
    return _runs(right).astype(np.float64), _runs(down.T).T.astype(np.float64)


def stripe_map(seed_rgb: np.ndarray, opaque: np.ndarray, f: int, wrap: bool, tol: float) -> np.ndarray:
    """(H*f, W*f) in [-1, 1]: how much the seed's region at each pixel runs across (+1) rather than down (-1).

    A texel's run across is the texels of like colour it is joined to along its row (run_lengths), its run down
    the same along its column; a board two texels tall and eight long reads +0.6, a square cell 0. Drawn at output
    size with half a texel of blur, so directions change smoothly at region edges.
    """
    return stripes_of(run_lengths(seed_rgb, opaque, wrap, tol), f, wrap)


def stripes_of(runs: tuple[np.ndarray, np.ndarray], f: int, wrap: bool) -> np.ndarray:
    """stripe_map from the seed's run lengths (run_lengths), when the caller has them already."""
    across, upright = runs
    texels = (across - upright) / (across + upright)
    return gaussian_filter(nearest_up(texels, f), f / 2, mode="wrap" if wrap else "nearest")
