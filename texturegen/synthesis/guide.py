"""Semantic guides: the art's layout for the output, the photo's own low-pass brought to the art's levels.

Matching the photo's pieces (and the network's patches) on a guide channel as well as on their content is how
each region draws the photo's structures whose tone fits it: a light texel takes one of the photo's light parts
(a pebble's face, a board's sheen), a dark one its cracks and shadows. The guides live at the texel scale and
above (a Gaussian of f/2 px), where the art has something to say; finer than that the photo speaks for itself.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from texturegen.core.images import luma


def output_guide(target: np.ndarray, sigma: float, wrap: bool) -> np.ndarray:
    """(H, W): the structure target's luminance at the texel scale and above."""
    return gaussian_filter(luma(target.astype(np.float64)), sigma, mode="wrap" if wrap else "mirror")


def photo_guide(photo: np.ndarray, sigma: float, levels: np.ndarray) -> np.ndarray:
    """(h, w): the photo's luminance low-pass, its values mapped onto the distribution of `levels` (rank for rank)."""
    low = gaussian_filter(luma(photo.astype(np.float64)), sigma, mode="mirror")
    ranks = np.argsort(np.argsort(low, axis=None, kind="stable"), kind="stable")
    ordered = np.sort(levels, axis=None)
    # np.quantile's linear rule, for every rank at once: position q (n - 1) between the sorted levels
    spots = (ranks + 0.5) / ranks.size * (ordered.size - 1)
    return np.interp(spots, np.arange(ordered.size), ordered).reshape(low.shape)
