"""The start image: small marks loosened and bent along the photo, drawn lines kept straight, nothing at variety 0."""

from __future__ import annotations

import numpy as np

from texturegen.synthesis import start, warp
from texturegen.synthesis.orient import run_lengths
from texturegen.synthesis.shapes import structure

F = 8


def _seed() -> np.ndarray:
    """16x16 grey: a mid field, one lone lighter texel (a weak step), and a long dark rail along row 12."""
    rgb = np.full((16, 16, 3), 0.5, np.float32)
    rgb[4, 4] = 0.56
    rgb[12, :] = 0.2
    return rgb


def _small(rgb: np.ndarray) -> np.ndarray:
    return warp.smallness(run_lengths(rgb, np.ones(rgb.shape[:2], bool), True, warp.MARK_STEP * 0.15), F, True, 0.25)


def test_smallness_is_one_on_a_lone_texel_and_zero_on_a_rail() -> None:
    small = _small(_seed())
    assert small[4 * F + F // 2, 4 * F + F // 2] > 0.9
    assert small[12 * F + F // 2, 8 * F] < 0.05


def test_loosening_smooths_a_lone_weak_texel_at_half_variety_and_nothing_at_zero() -> None:
    rgb = _seed()
    rounded = structure(rgb, np.ones((16, 16), bool), F, True)
    small = _small(rgb)
    same = start.loosened(rounded, small, F, True, (0.15, 0.0))
    assert same is rounded
    loose = start.loosened(rounded, small, F, True, (0.15, 0.5))
    centre = (4 * F + F // 2, 4 * F + F // 2)
    bump = rounded[centre][0] - 0.5
    assert bump > 0.03 and loose[centre][0] - 0.5 < 0.5 * bump
    rail = (12 * F + F // 2, 8 * F)
    assert abs(loose[rail][0] - rounded[rail][0]) < 1e-3


def test_warp_moves_small_marks_only_and_keeps_the_texture_tiling() -> None:
    rng = np.random.default_rng(0)
    grain = rng.normal(0, 0.05, (128, 128, 1))
    shift = warp.displacement(grain, F / 4, 3.0, True)
    assert abs(np.percentile(np.hypot(shift[0], shift[1]), 95) - 3.0) < 1e-6
    img = rng.uniform(size=(128, 128, 3)).astype(np.float32)
    np.testing.assert_allclose(warp.warped(img, np.zeros_like(shift), True), img, atol=1e-6)
    rolled = warp.warped(np.roll(img, 5, axis=1), np.roll(shift, 5, axis=2), True)
    np.testing.assert_allclose(rolled, np.roll(warp.warped(img, shift, True), 5, axis=1), atol=1e-5)
    rounded = structure(_seed(), np.ones((16, 16), bool), F, True)
    bent = start.bent(rounded, grain, _small(_seed()), F, (1.0, True))
    rows = slice(12 * F - 2, 13 * F + 2)
    np.testing.assert_allclose(bent[rows, 4 * F : 12 * F], rounded[rows, 4 * F : 12 * F], atol=2e-3)
    assert np.abs(bent[2 * F : 7 * F, 2 * F : 7 * F] - rounded[2 * F : 7 * F, 2 * F : 7 * F]).max() > 1e-3
    # at the default variety and below, marks keep their drawn outlines
    assert start.bent(rounded, grain, _small(_seed()), F, (0.5, True)) is rounded
    assert start.bent(rounded, grain, _small(_seed()), F, (0.0, True)) is rounded


def test_flat_grain_moves_nothing() -> None:
    assert not warp.displacement(np.zeros((32, 32, 3)), 2.0, 3.0, True).any()
