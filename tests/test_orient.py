"""A striped photo's grain follows the seed's stripes: turned a quarter for the whole seed, or board by board."""

import numpy as np
import pytest

from tests.conftest import BLOCKS, REFS, photo
from texturegen import SynthesisSettings, synthesize
from texturegen.core.png import read_png
from texturegen.synthesis.grain import oriented_grain
from texturegen.synthesis.orient import CLEAR, anisotropy, photo_turns, stripe_map
from texturegen.synthesis.prepare import nearest_up
from texturegen.synthesis.shapes import structure


def stripes(h: int, w: int, horizontal: bool, seed: int = 0) -> np.ndarray:
    """An RGB image of random bands across rows (horizontal) or columns."""
    rng = np.random.default_rng(seed)
    bands = rng.uniform(0.2, 0.8, size=(h if horizontal else w, 3))
    img = bands[:, None, :] if horizontal else bands[None, :, :]
    return np.broadcast_to(img, (h, w, 3)).astype(np.float32).copy()


def test_anisotropy_signs_and_ignores_transparent_texels():
    ok = np.ones((16, 16), bool)
    assert anisotropy(stripes(16, 16, True), ok, 1, True) == pytest.approx(1.0)
    assert anisotropy(stripes(16, 16, False), ok, 1, True) == pytest.approx(-1.0)
    mixed = stripes(16, 16, True)
    mixed[:, 8:] = stripes(16, 8, False, seed=1)
    only_left = ok.copy()
    only_left[:, 7:] = False
    assert anisotropy(mixed, only_left, 1, True) == pytest.approx(1.0)


def test_anisotropy_of_a_strip_reads_each_frame_on_its_own():
    frame = stripes(8, 8, False)
    frame[0] = 0.0  # a row that wraps against the next frame's top unless frames are kept apart
    strip = np.concatenate([frame, frame[::-1]], axis=0)
    ok = np.ones(strip.shape[:2], bool)
    per_frame = anisotropy(strip, ok, 2, True)
    assert per_frame == pytest.approx(anisotropy(frame, ok[:8], 1, True))


def test_crossing_stripes_turn_the_photo_and_nothing_else_does():
    seed = stripes(16, 16, True)
    ok = np.ones((16, 16), bool)
    across = stripes(40, 60, False, seed=2)
    (turned,) = photo_turns(across, seed, ok, 1, True)
    assert turned.shape == (60, 40, 3)
    assert np.array_equal(turned, np.rot90(across))
    (same,) = photo_turns(stripes(40, 60, True), seed, ok, 1, True)
    assert np.array_equal(same, stripes(40, 60, True))
    noisy = photo(48)[..., :3]
    assert abs(anisotropy(noisy, np.ones((48, 48), bool), 1, False)) < CLEAR
    assert photo_turns(noisy, seed, ok, 1, True)[0] is noisy


def _framed_boards() -> np.ndarray:
    """A 16x16 RGB seed: light boards two texels tall running across, between dark gaps, in a light upright frame."""
    seed = np.full((16, 16, 3), 0.2, np.float32)
    for row in range(16):
        if row % 3 != 2:
            seed[row, 4:12] = (0.7, 0.6, 0.45)
    seed[:, 13:] = seed[:, :3] = (0.65, 0.55, 0.42)
    return seed


BOARDS = (slice(0, 16), slice(5 * 8, 11 * 8))
"""Output pixels of the boards' middle (their gaps included)."""
FRAME = (slice(0, 16 * 8), slice(0, 2 * 8))
"""Output pixels of the frame's middle."""


def test_a_seed_striped_both_ways_keeps_the_photo_both_ways_and_reads_its_local_direction():
    seed, ok = _framed_boards(), np.ones((16, 16), bool)
    assert abs(anisotropy(seed, ok, 1, True)) < CLEAR
    turns = photo_turns(stripes(40, 60, False, seed=3), seed, ok, 1, True)
    assert len(turns) == 2 and np.array_equal(turns[1], np.rot90(turns[0]))
    local = stripe_map(seed, ok, 8, True, 0.1)
    assert local[BOARDS].mean() > 0.4  # the boards run across
    square = np.full((16, 16, 3), 0.2, np.float32)
    square[4:12, 4:12] = 0.7
    assert np.abs(stripe_map(square, ok, 8, True, 0.1)[40:88, 40:88]).max() < 0.1  # a square cell: no direction
    assert local[FRAME].mean() < -0.3  # the frame runs down


def test_oriented_grain_runs_across_where_the_stripes_do_and_keeps_its_strength():
    photo_down = 0.5 + 0.2 * (stripes(96, 96, False, seed=4) - 0.5)
    turns = [photo_down, np.ascontiguousarray(np.rot90(photo_down))]
    local = np.ones((128, 128))
    local[64:] = -1.0  # top half striped across, bottom half down
    grain = oriented_grain(turns, local, 4.0, np.random.default_rng(0), 8)
    ok = np.ones((56, 128), bool)
    assert anisotropy(grain[4:60], ok, 1, False) > 0.8
    assert anisotropy(grain[68:124], ok, 1, False) < -0.8
    assert 0.8 < grain[4:60].std() / grain[68:124].std() < 1.25


def test_oriented_grain_takes_one_direction_where_the_stripes_are_in_doubt():
    """A stretch of the art that runs only a little across lays one grain, not both crossed into a weave."""
    photo_down = 0.5 + 0.2 * (stripes(96, 96, False, seed=5) - 0.5)
    turns = [photo_down, np.ascontiguousarray(np.rot90(photo_down))]
    ok = np.ones((128, 128), bool)
    for lean in (0.25, 0.3, 0.4, 0.45):
        grain = oriented_grain(turns, np.full((128, 128), lean), 4.0, np.random.default_rng(0), 8)
        assert abs(anisotropy(grain, ok, 1, True)) > 0.8, lean


@pytest.mark.slow
def test_planks_grain_follows_the_boards_only_when_the_photo_is_turned():
    """Real seed and photo: oak_planks' boards run across, planks_00's boards run down."""
    seed, ref = read_png(BLOCKS / "oak_planks.png"), read_png(REFS / "planks_00.png")
    ok = np.ones((64, 64), bool)
    grain = {}
    for orient in (True, False):
        out = synthesize(seed, [ref], SynthesisSettings(scale=4, iterations=4, match_every=2, orient=orient))
        grain[orient] = anisotropy(out[..., :3] - nearest_up(seed, 4)[..., :3], ok, 1, True)
    assert grain[True] > 0.5
    assert grain[True] - grain[False] > 0.3


@pytest.mark.slow
def test_boards_get_the_grain_across_and_their_frame_the_grain_down():
    """A real synthesis: the board photo's grain runs down; on the boards it is turned, on the frame it is not."""
    rgb = _framed_boards()
    seed = np.dstack([rgb, np.ones((16, 16), np.float32)])
    target = structure(rgb, np.ones((16, 16), bool), 8, True)
    grain = {}
    for orient in (True, False):
        s = SynthesisSettings(scale=8, iterations=6, match_every=3, orient=orient)
        grain[orient] = synthesize(seed, [read_png(REFS / "planks_00.png")], s)[..., :3] - target
    ok = np.ones((16 * 8, 16), bool)
    boards = {k: anisotropy(g[BOARDS], np.ones((16, 6 * 8), bool), 1, False) for k, g in grain.items()}
    assert boards[True] > 0.2 and boards[False] < 0.0  # across with local orientation, down without
    assert anisotropy(grain[True][FRAME], ok, 1, False) < -0.2
