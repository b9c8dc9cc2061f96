"""The art's outlines bent along the photo's own structures, so shapes read as material, not as cut-out stickers.

A pixel-art shape drawn with clean contours is a perfect pill or disc; a real cobble, moss patch or knot has an
outline that wanders with its material. Each pixel of the structure target is read from a point moved a little
along the slope of the photo's grain (its low-pass at a quarter texel): outlines bulge where the photo is light
and dent where it is dark, by at most a fraction of a texel, so every strong step stays one clean edge.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter, map_coordinates

from texturegen.core.images import luma, nearest_up


def displacement(grain: np.ndarray, sigma: float, reach: float, wrap: bool) -> np.ndarray:
    """(2, H, W) row and column shifts along the slope of the grain's low-pass, the 95th percentile `reach` px."""
    lum = luma(grain.astype(np.float64))
    low = gaussian_filter(lum, sigma, mode="wrap" if wrap else "mirror")
    if wrap:
        dy = (np.roll(low, -1, axis=0) - np.roll(low, 1, axis=0)) / 2
        dx = (np.roll(low, -1, axis=1) - np.roll(low, 1, axis=1)) / 2
    else:
        dy, dx = np.gradient(low)
    size = float(np.percentile(np.hypot(dy, dx), 95))
    if size < 1e-12:
        return np.zeros((2, *lum.shape))
    return np.stack([dy, dx]) * (reach / size)


SMALL_RUN = 4
"""A texel whose longest run of like texels (along its row or its column) is this long or longer is part of a
drawn line or shape (a rail, a book's spine, a glyph) and keeps its outline; a lone texel (run 1) bends the most."""


MARK_STEP = 0.25
"""Texels count as one run while their colours differ by less than this share of the seed's region likeness: a
lone texel a weak step away from its field is a mark of its own (a speck the artist drew), not part of the field."""


def smallness(runs: tuple[np.ndarray, np.ndarray], f: int, wrap: bool, soft: float) -> np.ndarray:
    """(H*f, W*f) in [0, 1]: 1 on a lone texel, 0 on texels of runs of SMALL_RUN or more, blurred by `soft` texels
    (a quarter: a lone texel's whole area counts; a half: its middle fully, its rim and its neighbours' in part)."""
    longest = np.maximum(*runs)
    texels = np.clip((SMALL_RUN - longest) / (SMALL_RUN - 1), 0.0, 1.0)
    return gaussian_filter(nearest_up(texels, f), soft * f, mode="wrap" if wrap else "nearest")


def warped(img: np.ndarray, shift: np.ndarray, wrap: bool) -> np.ndarray:
    """(H, W, c): each pixel of `img` read (bilinear) from where `shift` points, wrapping round a tiling texture."""
    h, w = img.shape[:2]
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    coords = np.stack([rows - shift[0], cols - shift[1]])
    mode = "grid-wrap" if wrap else "nearest"
    out = [map_coordinates(img[..., c].astype(np.float64), coords, order=1, mode=mode) for c in range(img.shape[2])]
    return np.stack(out, axis=-1).astype(np.float32)
