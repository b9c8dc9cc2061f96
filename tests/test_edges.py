"""Structure target: strong edges become even ramps that keep each side's mean; grain matched to the photo."""

import numpy as np

from tests.conftest import BLOCKS, checker_seed, photo
from texturegen import metrics
from texturegen.imageio import read_png
from texturegen.imageops import LUMA, nearest_up
from texturegen.synthesis.edges import (
    RAMP_CONTRAST,
    kept_contrast,
    ramp_contrast,
    ramp_edges,
    side_anchors,
    strong_edges,
    structure,
)
from texturegen.synthesis.prepare import _hp_lum, grain_amplitude, match_grain, resize


def test_ramps_keep_the_step_between_side_means_and_spread_it():
    seed = np.zeros((2, 2, 3), np.float32)
    seed[:, 1] = 0.8  # one strong vertical edge between columns 0 and 1
    f = 8
    target = np.repeat(np.repeat(seed, f, 0), f, 1)
    out = ramp_edges(target, seed, np.ones((2, 2), bool), f)
    row = out[3, :, 0]
    left, right = row[6:8].mean(), row[8:10].mean()  # f/4 px either side of the boundary
    np.testing.assert_allclose(right - left, RAMP_CONTRAST * 0.8, atol=1e-6)
    np.testing.assert_allclose(left + right, 0.8, atol=1e-6)  # centred on the seed's step
    steps = np.diff(row[5:11])
    np.testing.assert_allclose(steps[1:4], RAMP_CONTRAST * 0.8 / 2, atol=1e-6)  # the boundary step is no larger
    assert -0.15 * 0.8 < row[6] < 0 and row[0] == 0.0 and row[-1] == np.float32(0.8)  # a small overshoot only


def test_strong_edges_are_the_largest_steps():
    seed = np.random.default_rng(3).uniform(0, 1, (8, 8, 3)).astype(np.float32)
    ex, ey = strong_edges(seed, np.ones((8, 8), bool))
    lum = seed @ LUMA
    dx, dy = np.abs(np.diff(lum, axis=1)), np.abs(np.diff(lum, axis=0))
    chosen = np.concatenate([dx[ex], dy[ey]])
    others = np.concatenate([dx[~ex], dy[~ey]])
    assert len(chosen) == round(0.25 * (dx.size + dy.size)) and chosen.min() > others.max()


def test_structure_is_seed_coloured_and_marks_edge_bands():
    seed = checker_seed(8, seed=5)[..., :3]
    target, mask = structure(seed, np.ones((8, 8), bool), 8, True)
    assert target.shape == (64, 64, 3) and mask.shape == (64, 64, 1)
    assert 0 < mask.mean() < 0.5
    down = target.reshape(8, 8, 8, 8, 3).mean(axis=(1, 3))
    assert np.abs(down - seed).mean() < 0.05


def test_match_grain_gives_the_photos_amplitude():
    rng = np.random.default_rng(0)
    target = np.full((64, 64, 3), 0.5, np.float32)
    result = target + rng.normal(0, 0.05, target.shape).astype(np.float32)
    ref = photo(64, seed=2)[..., :3]
    want = _hp_lum(resize(ref, (64, 64)), False).std()
    assert grain_amplitude([ref], (64, 64)) == want
    out = match_grain(result, target, want, True)
    assert abs(_hp_lum(out, True).std() / want - 1) < 0.05
    half = match_grain(result, target, 0.5 * want, True)
    assert abs(_hp_lum(half, True).std() / want - 0.5) < 0.05


def test_edges_across_the_wrap_are_ramped_too():
    seed = np.zeros((2, 2, 3), np.float32)
    seed[:, 1] = 0.8
    f = 8
    target = np.repeat(np.repeat(seed, f, 0), f, 1)
    row = ramp_edges(target, seed, np.ones((2, 2), bool), f, wrap=True)[3, :, 0]
    before, after = row[-2:].mean(), row[:2].mean()
    np.testing.assert_allclose([before - after, before + after], [RAMP_CONTRAST * 0.8, 0.8], atol=1e-6)
    assert abs(row[0] - row[-1]) <= 0.4 + 1e-6
    unwrapped = ramp_edges(target, seed, np.ones((2, 2), bool), f)[3, :, 0]
    assert abs(unwrapped[0] - unwrapped[-1]) == np.float32(0.8)


def test_kept_contrast_reads_edge_keep_from_the_anchored_boxes():
    """The optimiser's in-loop measure is DESIGN.md's edge_keep on the real stone seed (no wrap edges there)."""
    seed = read_png(BLOCKS / "stone.png")
    rgb, opaque = seed[..., :3], seed[..., 3] > 0.5
    target, _ = structure(rgb, opaque, 8, False)
    anchors = side_anchors(rgb, opaque, 8, False)
    ex, ey = strong_edges(rgb, opaque)
    assert np.count_nonzero(anchors) == ex.sum() + ey.sum() > 20
    rng = np.random.default_rng(0)
    flat = 0.4 * nearest_up(rgb, 8) + 0.6 * rgb.mean(axis=(0, 1))
    for image, want in ((nearest_up(rgb, 8), 1.0), (target, RAMP_CONTRAST), (flat, 0.4)):
        noisy = image + rng.normal(0, 0.01, image.shape).astype(np.float32)
        got = kept_contrast(noisy, anchors, 8, False)
        assert abs(got - want) < 0.03
        assert abs(got - metrics.edge_keep(noisy, seed, 8)) < 0.03


def test_the_ramps_follow_the_edge_keep_goal_with_headroom():
    """A higher edge_keep goal gets crisper ramps in the structure target itself, not only a heavier weight."""
    seed = read_png(BLOCKS / "stone.png")
    rgb, opaque = seed[..., :3], seed[..., 3] > 0.5
    anchors = side_anchors(rgb, opaque, 8, False)
    for goal in (0.6, 0.75, 0.85):
        target, _ = structure(rgb, opaque, 8, False, ramp_contrast(goal))
        kept = kept_contrast(target, anchors, 8, False)
        assert goal < kept and abs(kept - (goal + 0.05)) < 0.03
    assert ramp_contrast(0.0) == RAMP_CONTRAST  # a fixed edge weight keeps the default ramps
    assert ramp_contrast(0.98) == 1.0


def test_match_grain_softens_colour_speckle_but_not_luminance_grain():
    """Pixel-scale chroma in the detail is blurred (photos carry little); the luminance grain is untouched."""
    rng = np.random.default_rng(1)
    target = np.full((64, 64, 3), 0.5, np.float32)
    result = target + rng.normal(0, 0.05, target.shape).astype(np.float32)  # independent per channel
    out = match_grain(result, target, 0.03, True)

    def hp_chroma(img: np.ndarray) -> float:
        c = img - (img @ LUMA)[..., None]
        return float(_hp_lum(c[..., :1], True).std() + _hp_lum(c[..., 2:], True).std())

    assert abs(_hp_lum(out, True).std() / 0.03 - 1) < 0.05
    assert hp_chroma(out) < 0.3 * hp_chroma(result)


def test_corners_are_ramped_both_ways_and_the_axes_are_treated_alike():
    """Where a vertical and a horizontal edge meet, no step across either is left at the seed's full size."""
    seed = np.zeros((3, 3, 3), np.float32)
    seed[1, 1] = 0.8  # one bright texel: four strong edges and four corners
    f = 8
    out = ramp_edges(nearest_up(seed, f), seed, np.ones((3, 3), bool), f)[..., 0]
    ramp_step = RAMP_CONTRAST * 0.8 / 2
    across_left = np.abs(out[:, f] - out[:, f - 1])  # every row, corners included
    assert across_left.max() < 1.25 * ramp_step  # a square corner would keep a step of about 0.85 x 0.8
    np.testing.assert_allclose(across_left[f + 2 : 2 * f - 2], ramp_step, atol=1e-6)  # straight part: the ramp
    rng = np.random.default_rng(0)
    texels = rng.uniform(0, 1, (6, 6, 3)).astype(np.float32)
    flipped = texels.transpose(1, 0, 2)
    for wrap in (False, True):
        a = ramp_edges(nearest_up(texels, f), texels, np.ones((6, 6), bool), f, wrap)
        b = ramp_edges(nearest_up(flipped, f), flipped, np.ones((6, 6), bool), f, wrap)
        np.testing.assert_array_equal(a.transpose(1, 0, 2), b)
