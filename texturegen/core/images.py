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


def pair_steps(lum: np.ndarray, valid: np.ndarray, wrap: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(dx, x_ok, dy, y_ok): signed steps to the right of and below each pixel, and where both pixels are valid.

    Shapes (H, W-1) and (H-1, W); with wrap (H, W), the last column/row stepping to the first.
    """
    if wrap:
        return (
            np.roll(lum, -1, axis=1) - lum,
            valid & np.roll(valid, -1, axis=1),
            np.roll(lum, -1, axis=0) - lum,
            valid & np.roll(valid, -1, axis=0),
        )
    return lum[:, 1:] - lum[:, :-1], valid[:, 1:] & valid[:, :-1], lum[1:] - lum[:-1], valid[1:] & valid[:-1]


def colour_steps(
    rgb: np.ndarray, valid: np.ndarray, wrap: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(dx, x_ok, dy, y_ok) as pair_steps, each step the RMS over channels of the colour difference (unsigned)."""
    parts = [pair_steps(rgb[..., c].astype(np.float64), valid, wrap) for c in range(rgb.shape[-1])]
    dx = np.sqrt(np.mean([p[0] ** 2 for p in parts], axis=0))
    dy = np.sqrt(np.mean([p[2] ** 2 for p in parts], axis=0))
    return dx, parts[0][1], dy, parts[0][3]
