"""The seed's strong edges: where they are, the band the edge loss watches, and the structure target."""

from __future__ import annotations

import numpy as np

from texturegen.imageops import luma, nearest_up
from texturegen.synthesis.prepare import structure_target

EDGE_MIN = 0.08
"""Weakest seed luminance step that counts as a shape edge (as in DESIGN.md's edge_keep)."""
RAMP_HEADROOM = 0.05
"""How much more of each step the ramps keep than the edge_keep goal: about what the patch loss and grain take."""
RAMP_CONTRAST = 0.8
"""Share of a strong edge's step kept between its ramp's f/4 px side means with a fixed edge weight (edge_keep 0);
the same as for the default goal, 0.75 + RAMP_HEADROOM. 1 keeps it all but overshoots a quarter step each side
at f = 8, which draws a rim round every shape; 0.8 overshoots 0.1 of it."""


def ramp_contrast(edge_keep: float) -> float:
    """Share of each strong step the ramps keep for an edge_keep goal (0, a fixed edge weight: the default's)."""
    return min(1.0, edge_keep + RAMP_HEADROOM) if edge_keep > 0 else RAMP_CONTRAST


def masked_steps(lum: np.ndarray, valid: np.ndarray, wrap: bool) -> tuple[np.ndarray, np.ndarray]:
    """Signed steps to the right of and below each pixel, 0 unless both pixels are valid.

    Shapes (H, W-1) and (H-1, W); with wrap (H, W) and (H, W), the last column/row stepping to the first.
    """
    if wrap:
        dx = (np.roll(lum, -1, axis=1) - lum) * (valid & np.roll(valid, -1, axis=1))
        dy = (np.roll(lum, -1, axis=0) - lum) * (valid & np.roll(valid, -1, axis=0))
        return dx, dy
    return ((lum[:, 1:] - lum[:, :-1]) * (valid[:, 1:] & valid[:, :-1]),
            (lum[1:] - lum[:-1]) * (valid[1:] & valid[:-1]))


def strong_edges(seed_rgb: np.ndarray, opaque: np.ndarray, wrap: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Boolean maps of the strongest steps (top quarter, at least EDGE_MIN) to the right of and below each texel.

    Shapes (H, W-1) and (H-1, W); with wrap (H, W) and (H, W), the last column/row stepping to the first.
    """
    dx, dy = (np.abs(d) for d in masked_steps(luma(seed_rgb), opaque, wrap))
    steps = np.concatenate([dx.ravel(), dy.ravel()])
    if steps.size == 0:
        return dx > 1, dy > 1
    cut = max(float(np.quantile(steps, 0.75)), EDGE_MIN)
    return dx >= cut, dy >= cut


def _band(edge: int, f: int, side: int, size: int) -> np.ndarray:
    """Output indices of the band `side` px either side of the boundary after texel `edge` (modulo size)."""
    return np.arange((edge + 1) * f - side, (edge + 1) * f + side) % size


def _ramp_minus_step(side: int, contrast: float) -> np.ndarray:
    """What turns a step in the middle of 2*side px into the even ramp: the ramp's profile minus the step."""
    k = np.arange(2 * side, dtype=np.float32)
    return 0.5 + contrast * (k + 0.5 - side) / side - (k >= side)


def _ramp_along(image: np.ndarray, marked: np.ndarray, f: int, side: int, axis: int, contrast: float) -> np.ndarray:
    """Add (ramp - step) x the image's own step at each marked edge: across columns (axis 1) or rows (axis 0)."""
    img = np.moveaxis(image, 0, 1) if axis == 0 else image
    marks = marked.T if axis == 0 else marked
    out = img.copy()
    n = img.shape[1]
    profile = _ramp_minus_step(side, contrast)
    for i, j in zip(*np.nonzero(marks)):
        rows = np.arange(i * f, (i + 1) * f)
        step = img[rows, ((j + 1) * f) % n] - img[rows, (j + 1) * f - 1]
        out[np.ix_(rows, _band(j, f, side, n))] += profile[None, :, None] * step[:, None]
    return np.moveaxis(out, 0, 1) if axis == 0 else out


def ramp_edges(target: np.ndarray, seed_rgb: np.ndarray, opaque: np.ndarray, f: int,
               wrap: bool = False, contrast: float = RAMP_CONTRAST) -> np.ndarray:
    """Turn each strong edge's step into an even ramp over f/4 px each side, centred on the seed's step.

    The step no longer sits on the old pixel boundary alone (no pixel grid), while the average colours
    either side of it keep `contrast` of the seed's step, so the shape stays the seed's. Each axis's
    edges are ramped on the other's result and the two orders averaged: where edges meet, the corner is
    ramped both ways (not left a hard square step), the same for a seed and its transpose.
    """
    side = f // 4
    if side < 2:
        return target
    ex, ey = strong_edges(seed_rgb, opaque, wrap)
    cols_first = _ramp_along(_ramp_along(target, ex, f, side, 1, contrast), ey, f, side, 0, contrast)
    rows_first = _ramp_along(_ramp_along(target, ey, f, side, 0, contrast), ex, f, side, 1, contrast)
    return 0.5 * (cols_first + rows_first)


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


def side_anchors(seed_rgb: np.ndarray, opaque: np.ndarray, f: int, wrap: bool = False) -> np.ndarray:
    """(H*f, W*f, 2): each strong edge's seed luminance step, at the top-left pixel of the box before it.

    Channel 0: the f x f/4 px box left of a strong vertical edge; channel 1: the f/4 x f px box above a
    strong horizontal edge. Its partner box starts f/4 px further on: the boxes DESIGN.md's edge_keep averages.
    """
    h, w = seed_rgb.shape[:2]
    side = max(f // 4, 1)
    lum = luma(seed_rgb)
    out = np.zeros((h * f, w * f, 2), dtype=np.float32)
    dx, dy = strong_edges(seed_rgb, opaque, wrap)
    for i, j in zip(*np.nonzero(dx)):
        out[i * f, ((j + 1) * f - side) % (w * f), 0] = lum[i, (j + 1) % w] - lum[i, j]
    for i, j in zip(*np.nonzero(dy)):
        out[((i + 1) * f - side) % (h * f), j * f, 1] = lum[(i + 1) % h, j] - lum[i, j]
    return out


def _index(i: np.ndarray, n: int, wrap: bool) -> np.ndarray:
    """Indices past the end wrap round (tiling) or stop at the last one."""
    return i % n if wrap else np.minimum(i, n - 1)


def _box_means(lum: np.ndarray, rows: int, cols: int, wrap: bool) -> np.ndarray:
    """Mean of each rows x cols box, stored at its top-left pixel (boxes past the border wrap or clamp)."""
    h, w = lum.shape
    big = lum[np.ix_(_index(np.arange(h + rows - 1), h, wrap), _index(np.arange(w + cols - 1), w, wrap))]
    c = np.pad(big.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    return (c[rows:, cols:] - c[:-rows, cols:] - c[rows:, :-cols] + c[:-rows, :-cols]) / (rows * cols)


def kept_contrast(image: np.ndarray, anchors: np.ndarray, f: int, wrap: bool) -> float:
    """Median of image / seed luminance contrast across the anchored strong edges (edge_keep's figure)."""
    side = max(f // 4, 1)
    h, w = anchors.shape[:2]
    lum = luma(image)
    ratios = []
    for ch, (rows, cols) in enumerate(((f, side), (side, f))):
        ys, xs = np.nonzero(anchors[..., ch])
        ys2, xs2 = (_index(ys + side, h, wrap), xs) if ch else (ys, _index(xs + side, w, wrap))
        box = _box_means(lum, rows, cols, wrap)
        ratios.append((box[ys2, xs2] - box[ys, xs]) / anchors[ys, xs, ch])
    flat = np.concatenate(ratios)
    return float(np.median(flat)) if flat.size else 1.0


def structure(seed_rgb: np.ndarray, opaque: np.ndarray, f: int, wrap: bool,
              contrast: float = RAMP_CONTRAST) -> tuple[np.ndarray, np.ndarray]:
    """(target, edge band mask): the smoothed seed, crisp along strong edges, each edge an even short ramp."""
    mask = edge_mask(seed_rgb, opaque, f, wrap)[..., None]
    target = mask * nearest_up(seed_rgb, f) + (1 - mask) * structure_target(seed_rgb, f, wrap)
    return ramp_edges(target.astype(np.float32), seed_rgb, opaque, f, wrap, contrast), mask
