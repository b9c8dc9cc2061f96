"""A photo whose stripes cross the seed's is turned a quarter; the result's grain follows the seed."""

import numpy as np
import pytest

from tests.conftest import BLOCKS, REFS, photo
from texturegen import SynthesisSettings, synthesize
from texturegen.core.png import read_png
from texturegen.synthesis.orient import CLEAR, anisotropy, turned_to_seed
from texturegen.synthesis.prepare import nearest_up


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
    turned = turned_to_seed(across, seed, ok, 1, True)
    assert turned.shape == (60, 40, 3)
    assert np.array_equal(turned, np.rot90(across))
    assert np.array_equal(turned_to_seed(stripes(40, 60, True), seed, ok, 1, True), stripes(40, 60, True))
    noisy = photo(48)[..., :3]
    assert abs(anisotropy(noisy, np.ones((48, 48), bool), 1, False)) < CLEAR
    assert turned_to_seed(noisy, seed, ok, 1, True) is noisy


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
