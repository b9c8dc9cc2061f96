"""The optimiser's variable: a smoothed change to the starting image, so no stride pattern can grow in it."""

from __future__ import annotations

import numpy as np

from texturegen.synthesis.filters import blur_matrix

CHANGE_KERNEL = np.array([1.0, 2.0, 1.0]) / 4
"""Binomial filter on every change the optimiser makes. The feature net's 2x2 stride-2 layers print a 2 px
and 4 px periodic pattern into the raw pixel gradient; this filter has no response at a 2 px period and
half at 4 px, so the optimiser cannot build that pattern up (the photo's own fine grain is in the start)."""


class SmoothChange:
    """image = start + R @ change @ C^T on each channel (R, C: CHANGE_KERNEL along rows and columns)."""

    def __init__(self, start: np.ndarray, mode: str) -> None:
        """Keep the start image (H, W, c) and build the two filter matrices (wrapped or mirrored edges)."""
        self.start = start.astype(np.float64)
        self.shape = start.shape
        self.rows = blur_matrix(start.shape[0], CHANGE_KERNEL, mode).astype(np.float64)
        self.cols = blur_matrix(start.shape[1], CHANGE_KERNEL, mode).astype(np.float64)

    def image(self, change: np.ndarray) -> np.ndarray:
        """The image a flat change vector stands for, (H, W, c) float64."""
        return self.start + _apply(self.rows, self.cols, change.reshape(self.shape))

    def gradient(self, image_grad: np.ndarray) -> np.ndarray:
        """A loss gradient with respect to the image, mapped to the change (the filter's adjoint), flat."""
        return _apply(self.rows.T, self.cols.T, image_grad.reshape(self.shape)).ravel()


def _apply(rows: np.ndarray, cols: np.ndarray, x: np.ndarray) -> np.ndarray:
    """rows @ x @ cols^T on each channel of an (H, W, c) array, as two matrix products."""
    h, w, c = x.shape
    y = (rows @ x.reshape(h, w * c)).reshape(h, w, c)
    return (cols @ y.transpose(1, 0, 2).reshape(w, h * c)).reshape(w, h, c).transpose(1, 0, 2)
