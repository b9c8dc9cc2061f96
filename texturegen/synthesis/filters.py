"""Linear filters as NumPy arrays: Gaussian kernels and the matrices that apply a kernel along one axis."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import correlate1d


def gaussian_kernel(sigma: float) -> np.ndarray:
    """A normalised 1-D Gaussian reaching 2 sigma each side."""
    radius = max(1, int(np.ceil(2 * sigma)))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return (k / k.sum()).astype(np.float32)


def blur_matrix(n: int, kernel: np.ndarray, mode: str) -> np.ndarray:
    """(n, n) matrix applying the 1-D kernel along one axis, the edges wrapped (`wrap`) or mirrored."""
    # Column j is the kernel's response to texel j alone; SciPy's `mirror` is tf.pad's REFLECT.
    impulses = np.eye(n, dtype=np.float64)
    return correlate1d(impulses, kernel.astype(np.float64), axis=0, mode="wrap" if mode == "wrap" else "mirror").astype(
        np.float32
    )
