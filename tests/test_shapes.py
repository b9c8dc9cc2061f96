"""The structure target: one clean edge where the art has one, smooth where it has only weak steps."""

import numpy as np

from texturegen.core.images import nearest_up
from texturegen.quality.metrics import edge_hold, edge_keep
from texturegen.synthesis.shapes import draw, edge_contrast, guided_weights, structure


def _grey(levels: np.ndarray) -> np.ndarray:
    """An RGB seed from a 2-D array of grey levels."""
    return np.repeat(levels[..., None], 3, axis=2).astype(np.float32)


def _all(seed: np.ndarray) -> np.ndarray:
    return np.ones(seed.shape[:2], bool)


def test_a_strong_step_is_one_clean_edge_on_the_texel_boundary():
    levels = np.full((8, 8), 0.2)
    levels[:, :4] = 0.8
    f = 8
    row = structure(_grey(levels), _all(levels), f, True)[20, :, 0]
    edge = 4 * f
    np.testing.assert_allclose(row[edge - f : edge - 1], 0.8, atol=0.01)  # level held up to the edge
    np.testing.assert_allclose(row[edge + 1 : edge + f], 0.2, atol=0.01)
    assert np.all(np.diff(row[edge - f : edge + f]) <= 1e-6)  # monotone: no rim either side
    assert row[edge - 1] - row[edge] > 0.3  # the step happens within a pixel or two


def test_no_value_leaves_the_seed_range():
    rng = np.random.default_rng(4)
    seed = rng.uniform(0.1, 0.9, size=(8, 8, 3)).astype(np.float32)
    out = structure(seed, _all(seed), 8, True)
    assert out.min() >= seed.min() - 1e-5 and out.max() <= seed.max() + 1e-5


def test_a_single_texel_stays_a_dot_and_a_square_gets_round_corners():
    levels = np.full((8, 8), 0.2)
    levels[2, 2] = 0.9
    levels[4:7, 4:7] = 0.9
    f = 8
    out = structure(_grey(levels), _all(levels), f, True)[..., 0]
    dot = out[2 * f : 3 * f, 2 * f : 3 * f] > 0.55
    assert 0.5 < dot.mean() < 1.0  # a round dot, most of the texel
    assert out[2 * f + f // 2, 2 * f + f // 2] > 0.85
    square = out[4 * f : 7 * f, 4 * f : 7 * f] > 0.55
    assert not square[0, 0] and square[0, f] and square[f, 0]  # corner rounded off, straight sides kept
    assert square[f : 2 * f, f : 2 * f].all()


def test_weak_steps_are_smoothed_away():
    rng = np.random.default_rng(5)
    levels = 0.5 + rng.uniform(-0.02, 0.02, size=(8, 8))
    levels[:, :2] = 0.9  # one strong edge sets the seed's edge contrast
    f = 8
    out = structure(_grey(levels), _all(levels), f, True)[..., 0]
    assert edge_contrast(_grey(levels), _all(levels), True) >= 0.08
    inner = out[:, 3 * f : 7 * f]
    on = np.abs(np.diff(inner, axis=1))[:, f - 1 :: f].mean()
    off = np.abs(np.diff(inner, axis=1)).mean()
    assert on < 1.5 * off  # no step on the texel boundaries
    assert np.abs(np.diff(nearest_up(levels, f)[:, 3 * f : 7 * f], axis=1))[:, f - 1 :: f].mean() > 5 * on


def test_the_target_tiles_and_treats_a_seed_and_its_transpose_alike():
    rng = np.random.default_rng(6)
    seed = rng.choice([0.2, 0.5, 0.9], size=(8, 8))
    f = 4
    out = structure(_grey(seed), _all(seed), f, True)
    rolled = structure(_grey(np.roll(seed, (3, 5), axis=(0, 1))), _all(seed), f, True)
    np.testing.assert_allclose(rolled, np.roll(out, (3 * f, 5 * f), axis=(0, 1)), atol=1e-5)
    flipped = structure(_grey(seed.T), _all(seed), f, True)
    np.testing.assert_allclose(flipped, out.transpose(1, 0, 2), atol=1e-5)


def test_graded_shading_keeps_each_texels_level_and_its_edges():
    rng = np.random.default_rng(7)
    levels = rng.choice([0.30, 0.36, 0.42, 0.48, 0.54], size=(16, 16))  # shading in small steps, no clean cut
    f = 8
    out = structure(_grey(levels), _all(levels), f, True)
    held = out[..., 0].reshape(16, f, 16, f).mean(axis=(1, 3))
    assert np.quantile(np.abs(held - levels), 0.9) < 0.016  # texels keep their level over their area (was 0.021)
    seed = np.dstack([_grey(levels), np.ones((16, 16))])
    assert edge_hold(np.dstack([out, np.ones(out.shape[:2])]), seed, f) >= 0.87  # 0.86 before the correction


def test_the_level_correction_does_not_reach_across_low_contrast_edges():
    f = 8
    errors, keeps = [], []
    for seed_no in range(6):  # many shades in small steps: every strong edge is barely above the rest
        levels = np.random.default_rng(seed_no).choice([0.30, 0.36, 0.42, 0.48, 0.54], size=(16, 16))
        out = structure(_grey(levels), _all(levels), f, True)
        held = out[..., 0].reshape(16, f, 16, f).mean(axis=(1, 3))
        errors.append(np.quantile(np.abs(held - levels), 0.9))
        seed = np.dstack([_grey(levels), np.ones((16, 16))])
        keeps.append(edge_keep(np.dstack([out, np.ones(out.shape[:2])]), seed, f))
    assert max(errors) < 0.02  # each texel's level over its area, on every seed (drawn by a region vote: 0.028)
    assert np.mean(keeps) >= 0.76  # the edges beside them stay crisp (drawn by a region vote: 0.745)


def test_guided_weights_blend_over_like_colour_and_stop_at_the_guides_edges():
    f = 8
    texels = np.zeros((4, 8, 1))
    texels[:, 3] = 1.0  # one column of texels carries a correction
    flat = np.full((4 * f, 8 * f, 3), 0.5)
    smooth = draw(guided_weights(flat, f, True, 0.05), texels, True)[..., 0]
    assert np.abs(np.diff(smooth, axis=1)).max() < 0.2  # over like colour: a smooth rise, not a texel-wide step
    assert smooth[:, 3 * f + f // 2].min() > 0.6 and smooth[:, 6 * f].max() < 0.01
    edged = flat.copy()
    edged[:, 4 * f :] = 0.9  # the guide has an edge on the corrected column's right side
    cut = draw(guided_weights(edged, f, True, 0.05), texels, True)[..., 0]
    assert cut[:, 4 * f :].max() < 1e-3  # nothing crosses the edge
    assert cut[:, 4 * f - 1].min() > 0.6  # and the pixel beside it keeps its own texel's value
