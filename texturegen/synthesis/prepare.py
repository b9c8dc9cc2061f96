"""Numpy preparation of a synthesis: transparent fill, colour matching and the photo detail layers."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from texturegen.core.images import luma, nearest_up, resize

__all__ = ["nearest_up", "resize"]  # re-exported for the engine


def fill_transparent(rgba: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Give transparent texels the colour of their nearest opaque neighbours (no black fringes)."""
    rgb = rgba[..., :3].astype(np.float32).copy()
    known = rgba[..., 3] > threshold
    if known.all() or not known.any():
        return rgb
    for _ in range(max(rgb.shape[:2])):
        if known.all():
            break
        acc = np.zeros_like(rgb)
        cnt = np.zeros(known.shape, dtype=np.float32)
        for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)):
            k = np.roll(known, (dy, dx), axis=(0, 1))
            acc += np.roll(rgb, (dy, dx), axis=(0, 1)) * k[..., None]
            cnt += k
        grow = (~known) & (cnt > 0)
        rgb[grow] = acc[grow] / cnt[grow][:, None]
        known = known | grow
    return rgb


def is_greyscale(rgba: np.ndarray) -> bool:
    """True when every opaque texel has R = G = B (within one 8-bit step)."""
    op = rgba[..., 3] > 0.5
    rgb = rgba[..., :3][op] if op.any() else rgba[..., :3].reshape(-1, 3)
    return bool(np.all(np.ptp(rgb, axis=1) <= 1.0 / 255 + 1e-6))


def colour_transfer(ref: np.ndarray, seed: np.ndarray, seed_opaque: np.ndarray, grain_sigma: float) -> np.ndarray:
    """Bring the reference's luminance mean and spread and its mean colour to the seed's opaque texels'.

    Only the photo's variation above `grain_sigma` px (about a texel of the output) is moved: that is what the
    seed's palette describes. The finer grain is added back as the photo has it, so every seed gets the photo's
    own grain, not one scaled by the seed's contrast (too little on flat dirt, too much on bricks).

    Luminance and colour are moved apart: the photo's light and dark stay light and dark (a full covariance
    match turned them into the seed's hues: red speckle on a cake, red and cyan mottle on ore stone), and its
    colour variation keeps its own size, shrunk to the seed's when that is smaller (never amplified).
    """
    ch = ref.shape[-1]
    low = gaussian_filter(ref.astype(np.float64), (grain_sigma, grain_sigma, 0), mode="reflect")
    grain = ref - low
    src = low.reshape(-1, ch)
    dst = seed[seed_opaque].reshape(-1, ch).astype(np.float64)
    if len(dst) < 2:
        return ref
    ys, yd = luma(src), luma(dst)
    out = ((ys - ys.mean()) * yd.std() / max(float(ys.std()), 1e-6) + yd.mean())[:, None]
    if ch > 1:
        cs, cd = src - ys[:, None], dst - yd[:, None]
        cs -= cs.mean(axis=0)
        shrink = min(1.0, _spread(cd) / max(_spread(cs), 1e-6))
        out = out + cd.mean(axis=0) + shrink * cs
    return np.clip(out.reshape(ref.shape) + grain, 0, 1).astype(np.float32)


def _spread(rows: np.ndarray) -> float:
    """Root mean squared distance of the rows from their mean."""
    return float(np.sqrt(((rows - rows.mean(axis=0)) ** 2).sum(axis=1).mean()))


def detail_layer(ref_rgb: np.ndarray, sigma: float) -> np.ndarray:
    """The reference's fine detail: itself minus its Gaussian blur."""
    return ref_rgb - gaussian_filter(ref_rgb, (sigma, sigma, 0), mode="reflect")
