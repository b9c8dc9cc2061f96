"""`smooth`: sprites redrawn with clean shapes and no photo: outlines, lines, fringes, alpha, frames (fast)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import label

from texturegen.synthesis.sprite import fill_hidden, smooth_sprite

F = 8


def sprite(alpha: np.ndarray, rgb: tuple[float, float, float] = (0.8, 0.2, 0.2), hidden: float = 0.0) -> np.ndarray:
    """An RGBA sprite of one colour where `alpha` > 0 and `hidden` grey under its transparent texels."""
    out = np.zeros((*alpha.shape, 4), np.float32)
    out[..., :3] = np.where(alpha[..., None] > 0, np.array(rgb, np.float32), hidden)
    out[..., 3] = alpha
    return out


def test_a_staircase_outline_becomes_a_straight_diagonal() -> None:
    alpha = np.fromfunction(lambda y, x: (x > y + 1) & (x < 14) & (y > 0), (16, 16)).astype(np.float32)
    out = smooth_sprite(sprite(alpha), F)[..., 3]
    nearest = np.kron(alpha, np.ones((F, F)))
    # Per row, the first opaque column against the line x = y + 1.5 texels through the steps' middles.
    rows = np.arange(3 * F, 11 * F)
    ideal = (rows + 0.5) + 1.5 * F
    ours = np.array([np.argmax(out[r] > 0.5) for r in rows])
    steps = np.array([np.argmax(nearest[r] > 0.5) for r in rows])
    assert np.abs(ours - ideal).max() <= 0.2 * F  # nearest-neighbour is off by up to half a texel
    assert np.abs(steps - ideal).max() >= 0.4 * F


def test_no_hidden_colour_bleeds_into_the_edge_and_a_cutouts_alpha_stays_binary() -> None:
    yy, xx = np.mgrid[0:16, 0:16]
    alpha = (((yy - 7.5) ** 2 + (xx - 7.5) ** 2) < 36).astype(np.float32)
    for hidden in (0.0, 1.0):  # black or white under alpha 0: neither may show
        cutout = smooth_sprite(sprite(alpha, hidden=hidden), F, cutout=True)
        assert set(np.unique(cutout[..., 3])) == {0.0, 1.0}
        item = smooth_sprite(sprite(alpha, hidden=hidden), F)
        for out in (cutout, item):
            seen = out[..., 3] > 0
            np.testing.assert_allclose(out[seen][:, :3], np.tile([0.8, 0.2, 0.2], (int(seen.sum()), 1)), atol=1e-5)
        # An item's outline is anti-aliased: partly covered pixels only along the edge, one pixel deep.
        partial = (item[..., 3] > 0) & (item[..., 3] < 1)
        edge = np.abs(np.diff(cutout[..., 3], axis=1)).sum()
        assert 0.5 * edge < partial.sum() < 2.5 * edge


def test_a_one_texel_diagonal_line_stays_one_piece_and_a_lone_texel_stays() -> None:
    alpha = np.zeros((16, 16), np.float32)
    for i in range(2, 13):
        alpha[i, i + 1] = 1  # a string: texels touching at their corners only
    alpha[13, 3] = 1  # and a lone dot
    out = smooth_sprite(sprite(alpha, rgb=(0.9, 0.9, 0.8)), F)[..., 3] > 0.5
    pieces, count = label(out)  # joined through shared edges, not corners
    assert count == 2
    dot = pieces[13 * F + F // 2, 3 * F + F // 2]
    assert dot > 0 and 0.3 * F * F < (pieces == dot).sum() < 1.3 * F * F


def test_soft_alpha_stays_soft_within_range() -> None:
    alpha = np.zeros((16, 16), np.float32)
    alpha[4:12, 4:12] = 0.5
    alpha[6:10, 6:10] = 1.0
    out = smooth_sprite(sprite(alpha), F)[..., 3]
    assert out.min() >= 0 and out.max() <= 1
    assert ((out > 0.2) & (out < 0.8)).mean() > 0.1


def test_frames_of_a_strip_are_redrawn_apart() -> None:
    alpha = np.zeros((16, 16), np.float32)
    alpha[3:13, 3:13] = 1
    first, second = sprite(alpha, rgb=(0.2, 0.3, 0.9)), sprite(alpha, rgb=(0.9, 0.8, 0.1))
    strip = smooth_sprite(np.concatenate([first, second]), F)
    assert strip.shape == (32 * F, 16 * F, 4)
    np.testing.assert_array_equal(strip[: 16 * F], smooth_sprite(first, F))
    np.testing.assert_array_equal(strip[16 * F :], smooth_sprite(second, F))


def test_hidden_texels_take_the_nearest_shown_colour() -> None:
    rgb = np.zeros((3, 3, 3))
    rgb[0, 0] = [1, 0, 0]
    rgb[2, 2] = [0, 0, 1]
    shown = np.zeros((3, 3), bool)
    shown[0, 0] = shown[2, 2] = True
    filled = fill_hidden(rgb, shown)
    assert filled[0, 1].tolist() == [1, 0, 0] and filled[2, 1].tolist() == [0, 0, 1]


@pytest.mark.parametrize("side", [16, 32])
def test_an_opaque_block_texture_redrawn_with_wrap_tiles(side: int) -> None:
    rng = np.random.default_rng(side)
    seed = np.ones((side, side, 4), np.float32)
    seed[..., :3] = rng.choice([0.2, 0.5, 0.8], size=(side, side, 1))
    out = smooth_sprite(seed, F, wrap=True, cutout=True)
    assert np.all(out[..., 3] == 1)
    # Across the tile's seam the steps are like those across any other row of texel boundaries.
    seam = np.abs(out[0] - out[-1])[..., :3].mean()
    rows = np.abs(out[F::F] - out[F - 1 : -1 : F])[..., :3].mean(axis=(1, 2))
    assert rows.min() * 0.5 < seam < rows.max() * 1.5


def test_a_thin_shaded_line_inside_a_sprite_stays_joined() -> None:
    seed = np.ones((16, 16, 4), np.float32)
    seed[..., :3] = 0.3
    for i in range(2, 14):
        seed[i, i, :3] = 0.85 if i % 2 else 0.95  # a rod with shading along it, texels touching at corners
    seed[..., :3] += 0.02 * np.random.default_rng(0).random((16, 16, 1))  # the field's own weak texture
    out = smooth_sprite(seed, F)
    pieces, count = label(out[..., 0] > 0.6)
    assert count == 1


def test_a_boards_square_corners_stay_square_and_a_staircase_does_not() -> None:
    alpha = np.zeros((16, 16), np.float32)
    alpha[2:8, 2:14] = 1  # a sign's board
    out = smooth_sprite(sprite(alpha), F, cutout=True)[..., 3]
    np.testing.assert_array_equal(out[2 * F : 8 * F, 2 * F : 14 * F], 1)  # corners included
    assert out[: 2 * F].sum() == 0 and out[:, : 2 * F].sum() == 0
    soft = smooth_sprite(sprite(alpha), F)[..., 3]
    assert soft[2 * F : 8 * F, 2 * F : 14 * F].min() > 0.85 and soft[: 2 * F].max() < 0.25  # soft one pixel deep
    stairs = np.fromfunction(lambda y, x: (x > y + 1) & (x < 14) & (y > 0), (16, 16)).astype(np.float32)
    drawn = smooth_sprite(sprite(stairs), F)[..., 3]
    assert (drawn != np.kron(stairs, np.ones((F, F)))).sum() > 10 * F  # its corners are not kept square


def test_a_two_to_one_staircase_becomes_a_straight_line_at_its_slope() -> None:
    alpha = np.fromfunction(lambda y, x: (y >= x // 2 + 3) & (y < 14) & (x > 0) & (x < 15), (16, 16))
    cols = np.arange(3 * F, 13 * F)

    def outline(a: np.ndarray) -> tuple[float, float]:
        """The RMS distance (texels) of the top edge from its least-squares line, and the line's slope."""
        tops = np.array([np.argmax(a[:, c] >= 0.5) for c in cols], np.float64)
        fit = np.polyfit(cols, tops, 1)
        return float(np.sqrt(np.mean((tops - np.polyval(fit, cols)) ** 2)) / F), float(fit[0])

    ours, slope = outline(smooth_sprite(sprite(alpha.astype(np.float32)), F)[..., 3])
    steps, _ = outline(np.kron(alpha, np.ones((F, F))))
    assert ours < 0.12 and abs(slope - 0.5) < 0.03  # nearest-neighbour's steps are about 0.29 texel off
    assert steps > 0.25


def test_a_string_of_unlike_colours_is_one_outline_and_the_redraw_repeats_exactly() -> None:
    seed = np.zeros((16, 16, 4), np.float32)
    for i in range(2, 14):
        seed[i, i, :3] = (0.9, 0.85, 0.7) if i % 2 else (0.55, 0.5, 0.4)  # a bow's string: two unlike colours
        seed[i, i, 3] = 1
    out = smooth_sprite(seed, F)
    pieces, count = label(out[..., 3] > 0.5)
    assert count == 1
    np.testing.assert_array_equal(out, smooth_sprite(seed, F))


def test_a_flower_cutout_standing_in_its_frame_is_traced_with_a_binary_alpha() -> None:
    alpha = np.fromfunction(lambda y, x: (y >= x // 2 + 3) & (y < 14) & (x > 0) & (x < 15), (16, 16))
    out = smooth_sprite(sprite(alpha.astype(np.float32)), F, wrap=True, cutout=True)[..., 3]
    assert set(np.unique(out)) == {0.0, 1.0}
    cols = np.arange(3 * F, 13 * F)
    tops = np.array([np.argmax(out[:, c] >= 0.5) for c in cols], np.float64)
    fit = np.polyfit(cols, tops, 1)
    assert np.sqrt(np.mean((tops - np.polyval(fit, cols)) ** 2)) / F < 0.12  # straight, as an item's outline
