"""Linear filters as NumPy arrays: the matrices that apply a 1-D kernel along one axis."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import correlate1d


def blur_matrix(n: int, kernel: np.ndarray, mode: str) -> np.ndarray:
    """(n, n) matrix applying the 1-D kernel along one axis, the edges wrapped (`wrap`) or mirrored."""
    # Column j is the kernel's response to texel j alone; SciPy's `mirror` is tf.pad's REFLECT.
    impulses = np.eye(n, dtype=np.float64)
    return correlate1d(impulses, kernel.astype(np.float64), axis=0, mode="wrap" if mode == "wrap" else "mirror").astype(
        np.float32
    )
