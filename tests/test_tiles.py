"""Window layout and feathered blending of large outputs, with windows that disagree on purpose."""

import numpy as np
import pytest

from texturegen.synthesis.problem import Problem
from texturegen.synthesis.tiles import MIN_OVERLAP, run_tiled, window_starts


@pytest.mark.parametrize(
    ("n", "side", "wrap"),
    [(256, 160, True), (128, 64, True), (128, 64, False), (100, 64, False), (512, 160, True), (64, 64, True)],
)
def test_windows_cover_everything_with_the_minimum_overlap_and_no_more_windows_than_needed(n, side, wrap):
    starts = window_starts(n, side, wrap)
    covered = np.zeros(n, int)
    for s in starts:
        covered[(s + np.arange(min(side, n))) % n if wrap else np.arange(s, s + min(side, n))] += 1
    assert covered.min() >= 1
    if len(starts) > 1:
        gaps = np.diff(starts + [starts[0] + n] if wrap else starts)
        assert side - gaps.max() >= side // MIN_OVERLAP
        # One window fewer could not keep that overlap (or, without wrap, a single window could not cover).
        gaps_fewer = len(starts) - 1 if wrap else len(starts) - 2
        if gaps_fewer > 0:
            span = n if wrap else n - side
            assert np.ceil(span / gaps_fewer) > side - side // MIN_OVERLAP
    assert starts == window_starts(n, side, wrap)


@pytest.mark.parametrize("mode", ["wrap", "reflect"])
def test_blend_changes_gradually_across_disagreeing_windows(mode):
    """Each window returns its own flat grey: the blend must ramp between them, never jump."""
    n, side = 96, 48
    zeros = np.zeros((n, n, 3), np.float32)
    problem = Problem(zeros, zeros[..., :1] + 1, 8.0, mode, 0.05)
    count = [0]

    def solve(sub: Problem, start: np.ndarray) -> np.ndarray:
        count[0] += 1
        return np.full(start.shape, 0.2 + 0.6 * (count[0] % 2), np.float32)

    out = run_tiled(problem, zeros, side, solve)
    starts = window_starts(n, side, mode == "wrap")
    assert count[0] == len(starts) ** 2 > 1
    if mode == "wrap":
        steps = [np.abs(np.diff(out, axis=a, append=out.take([0], axis=a))) for a in (0, 1)]
    else:
        steps = [np.abs(np.diff(out, axis=a)) for a in (0, 1)]
    overlap = side // MIN_OVERLAP
    assert max(s.max() for s in steps) <= 0.6 / overlap * 1.5
    assert out.min() >= 0.2 - 1e-6 and out.max() <= 0.8 + 1e-6
