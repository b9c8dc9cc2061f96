"""Large outputs: overlapping windows, each optimised on its own, blended with feathered weights."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from texturegen.synthesis.optimize import Problem

BYTES_PER_PIXEL = 8192
"""Measured order of the optimiser's memory per output pixel (activations, patches, gradients)."""


def tile_side(memory_mb: int) -> int:
    """The largest window side (a multiple of 32, at least 64) whose optimisation fits memory_mb / 2."""
    side = int(np.sqrt(memory_mb * 1024 * 1024 / 2 / BYTES_PER_PIXEL))
    return max(64, side // 32 * 32)


def _starts(n: int, side: int, step: int, wrap: bool) -> list[int]:
    """Window starts covering 0..n: every `step` around the circle, or inside the edges."""
    if wrap:
        count = int(np.ceil(n / step))
        return [i * n // count for i in range(count)]
    starts = list(range(0, max(n - side, 0) + 1, step))
    if starts[-1] + side < n:
        starts.append(n - side)
    return starts


def _ramp(side: int, overlap: int) -> np.ndarray:
    """Feather weights along one window side: rising and falling over the overlap."""
    w = np.ones(side, np.float32)
    r = (np.arange(overlap, dtype=np.float32) + 0.5) / overlap
    w[:overlap] = r
    w[side - overlap :] = r[::-1]
    return w


def run_tiled(problem: Problem, init: np.ndarray, side: int,
              solve: Callable[[Problem, np.ndarray], np.ndarray]) -> np.ndarray:
    """Optimise `init` in overlapping windows of `side` px and blend them; wrap windows cross the edges."""
    h, w = init.shape[:2]
    if h <= side and w <= side:
        return solve(problem, init)
    wrap = problem.mode == "wrap"
    overlap = side // 4
    step = side - overlap
    acc = np.zeros(init.shape, np.float64)
    wsum = np.zeros(init.shape[:2], np.float64)
    for y0 in _starts(h, min(side, h), step, wrap):
        for x0 in _starts(w, min(side, w), step, wrap):
            ys = (y0 + np.arange(min(side, h))) % h
            xs = (x0 + np.arange(min(side, w))) % w
            crop = np.ix_(ys, xs)
            sub = Problem(problem.target[crop], problem.mask[crop], problem.anchors[crop], problem.alpha[crop],
                          problem.factor, "reflect")
            result = solve(sub, init[crop])
            feather = np.outer(_ramp(len(ys), overlap), _ramp(len(xs), overlap))
            np.add.at(acc, crop, result * feather[..., None])
            np.add.at(wsum, crop, feather)
    return (acc / np.maximum(wsum, 1e-8)[..., None]).astype(np.float32)
