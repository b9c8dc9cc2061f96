"""What texturegen is compared with: nearest, bicubic and DESIGN.md's no-neural control."""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

from texturegen.core.images import luma, nearest_up, resize


def bicubic(seed: np.ndarray, f: int) -> np.ndarray:
    """Bicubic upscale."""
    im = Image.fromarray(np.clip(np.rint(seed * 255), 0, 255).astype(np.uint8), "RGBA")
    return np.asarray(im.resize((im.width * f, im.height * f), Image.BICUBIC), np.float32) / 255


def bilateral(img: np.ndarray, spatial: float, tonal: float) -> np.ndarray:
    """Wrapped bilateral filter of an (H, W, 3) image: Gaussian in space (px) and in RGB distance."""
    radius = int(np.ceil(2 * spatial))
    acc = np.zeros_like(img, dtype=np.float64)
    wsum = np.zeros(img.shape[:2])
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            moved = np.roll(img, (dy, dx), axis=(0, 1))
            dist2 = ((moved - img) ** 2).sum(axis=2) / 3
            w = np.exp(-0.5 * (dy * dy + dx * dx) / spatial**2 - 0.5 * dist2 / tonal**2)
            acc += moved * w[..., None]
            wsum += w
    return acc / wsum[..., None]


def control(seed: np.ndarray, ref: np.ndarray, f: int) -> np.ndarray:
    """Edge-preserving smoothing of the nearest seed (range 0.03, 2 px, wrapped) plus the photo's high-pass luma."""
    base = bilateral(nearest_up(seed[..., :3], f).astype(np.float64), 2.0, 0.03)
    photo = luma(resize(ref[..., :3], base.shape[:2])).astype(np.float64)
    high = photo - gaussian_filter(photo, 2.0, mode="wrap")
    out = np.clip(base + high[..., None], 0, 1)
    return np.dstack([out, nearest_up(seed[..., 3:4], f)]).astype(np.float32)


def peers(seed: np.ndarray, ref: np.ndarray, f: int) -> dict[str, np.ndarray]:
    """Every peer's output for one seed and photo."""
    return {"nearest": nearest_up(seed, f), "bicubic": bicubic(seed, f), "control": control(seed, ref, f)}
