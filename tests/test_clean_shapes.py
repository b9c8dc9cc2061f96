"""A real x8 synthesis of a synthetic pixel-art seed keeps clean shapes: no halo, texels held, no weak grid.

The seed has bright blobs with straight, diagonal and one-texel-wide parts on a dark field with weak steps;
the photo is one of the repository's own. Engine version 14 (edge bands steered by edge_keep's boxes) scored
edge_ringing 2.2 and edge_hold 0.63 on such shapes and fails this test.
"""

import numpy as np
import pytest

from tests.conftest import ROOT
from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.core.png import read_png

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test

SHAPES = [
    "................",
    "..####..........",
    "..####.....#....",
    "..####....###...",
    "..........####..",
    "...........####.",
    "......#.....###.",
    "......#......#..",
    "......#.........",
    "......#.....##..",
    "......#######...",
    "................",
    "..##............",
    "..###.....#.....",
    "...###..........",
    "....###.........",
]
"""A square, a diagonal band, a one-texel-wide L, a staircase and a single texel."""


def _seed() -> np.ndarray:
    """The shapes in light stone on a dark field whose texels vary weakly."""
    rng = np.random.default_rng(11)
    mask = np.array([[c == "#" for c in row] for row in SHAPES])
    lum = np.where(mask, 0.72, 0.3) + rng.uniform(-0.02, 0.02, size=mask.shape)
    rgb = lum[..., None] * np.array([1.0, 0.96, 0.9])
    return np.dstack([rgb, np.ones(mask.shape)]).astype(np.float32)


def test_synthetic_shapes_stay_clean_at_x8():
    seed = _seed()
    ref = read_png(ROOT / "references" / "rock_00.png")
    out = synthesize(seed, [ref], SynthesisSettings(scale=8))
    assert metrics.edge_ringing(out, seed, 8) <= 0.5
    assert metrics.edge_hold(out, seed, 8) >= 0.8
    assert metrics.weak_grid_ratio(out, seed, 8) <= 1.2
    assert metrics.detail_ratio(out, ref) >= 0.7  # the photo's grain is there too
