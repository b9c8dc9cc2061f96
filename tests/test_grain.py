"""The start image's photo grain: no mirror axis, no line from the photo's rim, the grain's strength kept, periodic."""

import numpy as np
import pytest

from tests.conftest import REFS
from texturegen.core.png import read_png
from texturegen.synthesis.grain import scattered_grain
from texturegen.synthesis.prepare import detail_layer


def _rimmed_photo(side: int = 124, rim: float = 0.08) -> np.ndarray:
    """Fine random grain with a lighter rim 3 px wide, as cropped photos often have."""
    rng = np.random.default_rng(11)
    photo = 0.5 + rng.normal(0, 0.03, (side, side, 3)).astype(np.float32)
    photo[:3] += rim
    photo[-3:] += rim
    photo[:, :3] += rim
    photo[:, -3:] += rim
    return photo


def _mirror_likeness(lum: np.ndarray, reach: int = 6) -> float:
    """Largest correlation, over every column as an axis, of the columns `d` to its left and `d` to its right."""
    w = lum.shape[1]
    best = -1.0
    for x in range(w):
        left = np.stack([lum[:, (x - d) % w] for d in range(1, reach + 1)]).ravel()
        right = np.stack([lum[:, (x + d) % w] for d in range(1, reach + 1)]).ravel()
        best = max(best, float(np.corrcoef(left, right)[0, 1]))
    return best


def test_the_grain_has_no_mirror_axis_and_no_line_from_the_photos_rim() -> None:
    layer = scattered_grain(_rimmed_photo(), 4.0, (128, 128), np.random.default_rng(0), 8)
    lum = layer.mean(axis=2)
    for grid in (lum, lum.T):
        assert _mirror_likeness(grid) < 0.3  # the mirror-tiled crop of engine 18 gave 0.46-0.49 here
        lines = grid.mean(axis=0)  # a rim line is a column (or row) lighter than the rest all along
        assert np.abs(lines).max() < 4 * lum.std() / np.sqrt(grid.shape[0])  # engine 18: 22-30x that


def test_the_grain_keeps_the_photos_strength_and_repeats_with_the_output() -> None:
    photo = read_png(REFS / "rock_00.png")[..., :3]
    layer = scattered_grain(photo, 4.0, (128, 96), np.random.default_rng(1), 8)
    assert layer.shape == (128, 96, 3)
    own = detail_layer(photo, 4.0)[8:-8, 8:-8].std()
    assert 0.85 < layer.std() / own < 1.15  # where pieces meet the grain is not weaker, nor stronger
    steps = np.abs(np.diff(layer.mean(axis=2), axis=1))
    wrap = np.abs(layer.mean(axis=2)[:, 0] - layer.mean(axis=2)[:, -1])
    assert wrap.mean() < 1.3 * steps.mean()  # across the wrap edge like anywhere else: it tiles


@pytest.mark.parametrize("shape", [(16, 16), (300, 40)])
def test_outputs_smaller_or_larger_than_the_photo_are_covered(shape: tuple[int, int]) -> None:
    layer = scattered_grain(_rimmed_photo(48), 2.0, shape, np.random.default_rng(2), 4)
    assert layer.shape == (*shape, 3)
    assert np.isfinite(layer).all() and layer.std() > 0.01
