"""Numpy image helpers shared by synthesis and metrics (no TensorFlow)."""

from __future__ import annotations

import numpy as np
from PIL import Image

LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
"""Rec. 601 luminance weights."""


def luma(img: np.ndarray) -> np.ndarray:
    """Luminance of an (H, W, c) float image, c = 1 (grey, taken as it is) or 3."""
    return img[..., 0] if img.shape[-1] == 1 else img @ LUMA


def nearest_up(img: np.ndarray, f: int) -> np.ndarray:
    """Nearest-neighbour upscale by an integer factor."""
    return np.repeat(np.repeat(img, f, axis=0), f, axis=1)


def resize(img: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize an (H, W, c) float image with Lanczos filtering, clipped to [0, 1]."""
    if img.shape[:2] == tuple(shape):
        return img.astype(np.float32)
    chans = [
        np.asarray(
            Image.fromarray(np.ascontiguousarray(img[..., c], np.float32), "F").resize(
                (shape[1], shape[0]), Image.Resampling.LANCZOS
            )
        )
        for c in range(img.shape[-1])
    ]
    return np.clip(np.dstack(chans), 0, 1).astype(np.float32)
