"""Large outputs: overlapping windows, each optimised on its own, blended with feathered weights."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from texturegen.synthesis.problem import Problem

MIN_OVERLAP = 5
"""Neighbouring windows overlap by at least 1/MIN_OVERLAP of their side (the feathered blend)."""
BYTES_PER_PIXEL = 8192
"""Measured order of the optimiser's memory per output pixel (activations, patches, gradients)."""


def tile_side(memory_mb: int) -> int:
    """The largest window side (a multiple of 32, at least 64) whose optimisation fits memory_mb / 2."""
    side = int(np.sqrt(memory_mb * 1024 * 1024 / 2 / BYTES_PER_PIXEL))
    return max(64, side // 32 * 32)


def window_starts(n: int, side: int, wrap: bool) -> list[int]:
    """Fewest evenly spaced window starts covering 0..n with windows overlapping by at least side/5."""
    if side >= n:
        return [0]
    step = side - side // MIN_OVERLAP
    if wrap:
        count = int(np.ceil(n / step))
        return [i * n // count for i in range(count)]
    count = int(np.ceil((n - side) / step)) + 1
    return [round(i * (n - side) / (count - 1)) for i in range(count)]


def _overlap(starts: list[int], n: int, side: int, wrap: bool) -> int:
    """The narrowest overlap between neighbouring windows (the feather width)."""
    if len(starts) < 2:
        return max(side // MIN_OVERLAP, 1)
    gaps = np.diff(starts + [starts[0] + n] if wrap else starts)
    return int(side - gaps.max())


def _ramp(side: int, overlap: int) -> np.ndarray:
    """Feather weights along one window side: rising and falling over the overlap."""
    w = np.ones(side, np.float32)
    r = (np.arange(overlap, dtype=np.float32) + 0.5) / overlap
    w[:overlap] = r
    w[side - overlap :] = r[::-1]
    return w


def run_tiled(
    problem: Problem, init: np.ndarray, side: int, solve: Callable[[Problem, np.ndarray], np.ndarray]
) -> np.ndarray:
    """Optimise `init` in overlapping windows of `side` px and blend them; wrap windows cross the edges."""
    h, w = init.shape[:2]
    if h <= side and w <= side:
        return solve(problem, init)
    wrap = problem.mode == "wrap"
    sh, sw = min(side, h), min(side, w)
    rows, cols = window_starts(h, sh, wrap), window_starts(w, sw, wrap)
    ramp_y = _ramp(sh, _overlap(rows, h, sh, wrap))
    ramp_x = _ramp(sw, _overlap(cols, w, sw, wrap))
    acc = np.zeros(init.shape, np.float64)
    wsum = np.zeros(init.shape[:2], np.float64)
    for y0 in rows:
        for x0 in cols:
            ys = (y0 + np.arange(sh)) % h
            xs = (x0 + np.arange(sw)) % w
            crop = np.ix_(ys, xs)
            result = solve(problem.crop(ys, xs), init[crop])
            feather = np.outer(ramp_y, ramp_x)
            np.add.at(acc, crop, result * feather[..., None])
            np.add.at(wsum, crop, feather)
    return (acc / np.maximum(wsum, 1e-8)[..., None]).astype(np.float32)
