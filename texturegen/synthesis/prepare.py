"""Numpy preparation of a synthesis: upscaled seed, structure target, edge mask, colour, detail."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from texturegen.imageops import luma, nearest_up, resize

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


def _shift(img: np.ndarray, d: int, axis: int, wrap: bool) -> np.ndarray:
    """Shift by d along axis: circular when wrap, edge-clamped otherwise."""
    if wrap:
        return np.roll(img, -d, axis=axis)
    n = img.shape[axis]
    idx = np.clip(np.arange(n) + d, 0, n - 1)
    return np.take(img, idx, axis=axis)


RANGE_SIGMA = 0.25
"""Seed steps well above this (RGB distance) stay sharp in the structure target; weaker ones are smoothed.
(0.15 kept more of the weak steps' mid-scale contrast than the photos have; 0.35 lost gems' inner highlights.)"""


def structure_target(seed_rgb: np.ndarray, f: int, wrap: bool, range_sigma: float = RANGE_SIGMA) -> np.ndarray:
    """Nearest-neighbour seed smoothed across weak pixel steps only (separable joint bilateral)."""
    guide = nearest_up(seed_rgb, f).astype(np.float32)
    out = guide.copy()
    sigma = 0.5 * f
    radius = int(np.ceil(2 * sigma))
    for axis in (1, 0):
        acc = np.zeros_like(out)
        wsum = np.zeros(out.shape[:2], dtype=np.float32)
        for d in range(-radius, radius + 1):
            g = _shift(guide, d, axis, wrap)
            dist2 = ((g - guide) ** 2).sum(axis=2) / 3.0
            w = np.exp(-0.5 * (d / sigma) ** 2) * np.exp(-0.5 * dist2 / range_sigma**2)
            acc += _shift(out, d, axis, wrap) * w[..., None]
            wsum += w
        out = acc / wsum[..., None]
    return out


def colour_transfer(ref: np.ndarray, seed: np.ndarray, seed_opaque: np.ndarray) -> np.ndarray:
    """Bring the reference's luminance mean and spread and its mean colour to the seed's opaque texels'.

    Luminance and colour are moved apart: the photo's light and dark stay light and dark (a full covariance
    match turned them into the seed's hues: red speckle on a cake, red and cyan mottle on ore stone), and its
    colour variation keeps its own size, shrunk to the seed's when that is smaller (never amplified).
    """
    ch = ref.shape[-1]
    src = ref.reshape(-1, ch).astype(np.float64)
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
    return np.clip(out, 0, 1).reshape(ref.shape).astype(np.float32)


def _spread(rows: np.ndarray) -> float:
    """Root mean squared distance of the rows from their mean."""
    return float(np.sqrt(((rows - rows.mean(axis=0)) ** 2).sum(axis=1).mean()))


def periodic_crop(img: np.ndarray, shape: tuple[int, int], rng: np.random.Generator, wrap: bool) -> np.ndarray:
    """Crop `shape` from a mirror-tiled zero-mean layer at a random offset; made periodic when wrap."""
    h, w = shape
    over = max(h, w) // 4 if wrap else 0
    reps = (int(np.ceil((h + over) / img.shape[0])) + 1, int(np.ceil((w + over) / img.shape[1])) + 1)
    tiled = np.pad(img, ((0, img.shape[0] * (reps[0] - 1)), (0, img.shape[1] * (reps[1] - 1)), (0, 0)),
                   mode="symmetric")
    y0 = int(rng.integers(0, img.shape[0]))
    x0 = int(rng.integers(0, img.shape[1]))
    crop = tiled[y0 : y0 + h + over, x0 : x0 + w + over].astype(np.float32)
    if over:
        crop = _fold(_fold(crop, over, 0), over, 1)
    return crop


def _fold(img: np.ndarray, over: int, axis: int) -> np.ndarray:
    """Cross-fade the last `over` lines onto the first so the layer repeats, keeping its variance."""
    n = img.shape[axis] - over
    body = np.take(img, np.arange(n), axis=axis).copy()
    tail = np.take(img, np.arange(n, n + over), axis=axis)
    head = np.take(body, np.arange(over), axis=axis)
    t = (np.arange(over, dtype=np.float32) + 0.5) / over
    shape = [1] * img.ndim
    shape[axis] = over
    t = t.reshape(shape)
    mixed = (tail * (1 - t) + head * t) / np.sqrt((1 - t) ** 2 + t**2)
    idx = [slice(None)] * img.ndim
    idx[axis] = slice(0, over)
    body[tuple(idx)] = mixed
    return body


def detail_layer(ref_rgb: np.ndarray, sigma: float) -> np.ndarray:
    """The reference's fine detail: itself minus its Gaussian blur."""
    return ref_rgb - gaussian_filter(ref_rgb, (sigma, sigma, 0), mode="reflect")


GRAIN_GAIN = (0.5, 3.0)
"""Limits of the gain match_grain may apply to the synthesized detail."""


def _hp_lum(img: np.ndarray, wrap: bool) -> np.ndarray:
    """Luminance minus its sigma-1.5 Gaussian blur (the detail band DESIGN.md's detail_ratio reads)."""
    lum = luma(img)
    return lum - gaussian_filter(lum, 1.5, mode="wrap" if wrap else "reflect")


def grain_amplitude(refs: list[np.ndarray], shape: tuple[int, int]) -> float:
    """Mean fine-grain amplitude of the photos resized to the output frame's size."""
    return float(np.mean([_hp_lum(resize(r, shape), False).std() for r in refs]))


def grain_gain(result: np.ndarray, target: np.ndarray, want: float, wrap: bool) -> float:
    """The factor on (result - target) that gives the result's fine grain amplitude `want`, within GRAIN_GAIN."""
    t, d = _hp_lum(target, wrap).ravel(), _hp_lum(result - target, wrap).ravel()
    a, b, c = float(d @ d), 2.0 * float(t @ d), float(t @ t) - want**2 * t.size
    if a < 1e-12:
        return 1.0
    disc = b * b - 4 * a * c
    gain = (-b + np.sqrt(disc)) / (2 * a) if disc >= 0 else GRAIN_GAIN[0]
    return float(np.clip(gain, *GRAIN_GAIN))


CHROMA_SIGMA = 1.0
"""Blur (px) of the synthesized colour detail: photos carry little pixel-scale chroma, the optimiser makes it."""


def match_grain(result: np.ndarray, target: np.ndarray, want: float, wrap: bool) -> np.ndarray:
    """Scale the synthesized detail's luminance so its fine grain has amplitude `want`; soften its chroma.

    Colour transfer scales a photo's grain with the seed's contrast (too little on flat dirt, too much on
    bricks); `want` is the photo's own amplitude at the output size (grain_amplitude), within GRAIN_GAIN.
    Only the luminance is scaled; the colour part of the detail is blurred by CHROMA_SIGMA, so neither the
    gain nor the optimiser leaves pixel-scale colour speckle.
    """
    gain = grain_gain(result, target, want, wrap)
    residual = result - target
    if residual.shape[-1] == 3:
        lum = luma(residual)[..., None]
        chroma = gaussian_filter(residual - lum, (CHROMA_SIGMA, CHROMA_SIGMA, 0), mode="wrap" if wrap else "reflect")
        residual = gain * lum + chroma
    else:
        residual = gain * residual
    return np.clip(target + residual, 0, 1).astype(np.float32)
