"""Real TensorFlow synthesis at tiny sizes: shape, alpha, greyscale, tiling, strips, determinism, errors."""

import numpy as np
import pytest

from tests.conftest import BLOCKS, REFS, checker_seed, photo
from texturegen import metrics, synthesize, synthesize_file
from texturegen.core.errors import ImageError, ReferenceImageError, TexturegenError
from texturegen.core.png import read_png, write_png
from texturegen.synthesis.prepare import nearest_up
from texturegen.synthesis.tiles import tile_side, window_starts


@pytest.mark.slow
def test_output_shape_and_opaque_alpha(fast):
    out = synthesize(checker_seed(8), [photo(48)], fast)
    assert out.shape == (32, 32, 4)
    assert np.all(out[..., 3] == 1.0)


@pytest.mark.slow
def test_alpha_is_the_seeds_nearest_neighbour_and_binary(fast):
    seed = checker_seed(8, alpha=True)
    out = synthesize(seed, [photo(48)], fast)
    np.testing.assert_array_equal(out[..., 3], nearest_up(seed[..., 3], 4))
    assert set(np.unique(out[..., 3])) <= {0.0, 1.0}


@pytest.mark.slow
def test_transparent_texels_do_not_darken_edges(fast):
    seed = checker_seed(8, alpha=True)
    seed[seed[..., 3] == 0, :3] = 0.0
    out = synthesize(seed, [photo(48)], fast)
    opaque = out[..., 3] == 1
    assert out[..., :3][opaque].mean() > 0.8 * seed[..., :3][seed[..., 3] == 1].mean()
    assert out[..., :3][~opaque].mean() > 0.1  # transparent texels carry nearby colour, not black


@pytest.mark.slow
def test_greyscale_seed_gives_greyscale_output_with_colour_reference(fast):
    seed = checker_seed(8)
    seed[..., :3] = seed[..., :3].mean(axis=2, keepdims=True)
    out = synthesize(seed, [photo(48)], fast)
    assert np.ptp(out[..., :3], axis=2).max() == 0.0
    assert abs(out[..., :3].mean() - seed[..., :3].mean()) < 0.01


@pytest.mark.slow
def test_same_inputs_give_identical_bytes(tmp_path, fast):
    write_png(tmp_path / "seed.png", checker_seed(8, seed=4))
    write_png(tmp_path / "ref.png", photo(48, seed=9))
    for name in ("a.png", "b.png"):
        synthesize_file(tmp_path / "seed.png", [tmp_path / "ref.png"], tmp_path / name, fast)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.slow
def test_wrap_output_tiles_seamlessly(fast):
    seed = read_png(BLOCKS / "stone.png")
    ref = read_png(REFS / "rock_01.png")
    s = fast.replace(scale=4, iterations=6)
    wrapped = synthesize(seed, [ref], s)
    own = metrics.seam_ratio(nearest_up(seed, 4), 4)  # how strong the art's own wrap edge is
    assert metrics.seam_ratio(wrapped, 4) <= max(1.2, 1.1 * own)
    plain = synthesize(seed, [ref], s.replace(tiling="none"))
    assert metrics.seam_ratio(plain, 4) > metrics.seam_ratio(wrapped, 4)


@pytest.mark.slow
def test_animated_strip_keeps_frames_and_does_not_flicker(fast):
    frame = checker_seed(8, seed=2)
    strip = np.concatenate([frame, frame, np.clip(frame + 0.05, 0, 1)], axis=0)
    out = synthesize(strip, [photo(48)], fast)
    assert out.shape == (96, 32, 4)
    np.testing.assert_array_equal(out[:32], out[32:64])
    assert np.abs(out[64:, :, :3] - out[:32, :, :3]).mean() < 0.1


@pytest.mark.slow
def test_large_output_in_tiles_has_no_tile_borders(fast):
    seed = read_png(BLOCKS / "dirt.png")
    ref = read_png(REFS / "ground_00.png")
    out = synthesize(seed, [ref], fast.replace(scale=8, iterations=3, memory_mb=16))
    assert out.shape == (128, 128, 4)
    # Windows are 64 px and overlap: no extra step at their edges compared with other pixel boundaries.
    side = tile_side(16)
    starts = window_starts(128, side, wrap=True)
    assert side == 64 and len(starts) == 3
    edges = sorted({(x - 1) % 128 for s in starts for x in (s, s + side)})
    dx = np.abs(np.diff(out[..., :3], axis=1, append=out[:, :1, :3])).mean(axis=(0, 2))
    boundaries = dx[7::8]
    assert len(edges) == 6
    assert dx[edges].max() < 2.0 * np.median(boundaries)


@pytest.mark.slow
def test_several_references_pool_their_patches(fast):
    """The pooled result is neither photo's own: it would equal the first's if the second were ignored."""
    first, second = photo(48, seed=1), photo(40, seed=2)
    pooled = synthesize(checker_seed(8), [first, second], fast)
    assert pooled.shape == (32, 32, 4)
    for alone in (synthesize(checker_seed(8), [first], fast), synthesize(checker_seed(8), [second], fast)):
        assert np.abs(pooled - alone).mean() > 1e-3


@pytest.mark.slow
def test_missing_and_small_references_name_the_file(tmp_path, fast):
    with pytest.raises(ReferenceImageError, match="nope.png"):
        synthesize(checker_seed(8), [tmp_path / "nope.png"], fast)
    write_png(tmp_path / "tiny.png", photo(8))
    with pytest.raises(ReferenceImageError, match="tiny.png.*smaller"):
        synthesize(checker_seed(8), [tmp_path / "tiny.png"], fast)


def test_bad_seed_is_an_error(tmp_path, fast):
    (tmp_path / "bad.png").write_bytes(b"\x89PNG broken")
    with pytest.raises(ImageError, match="bad.png"):
        synthesize(tmp_path / "bad.png", [photo(48)], fast)
    with pytest.raises(TexturegenError):
        synthesize(np.zeros((4, 4, 2), np.float32), [photo(48)], fast)


@pytest.mark.slow
def test_auto_reference_scale_shrinks_large_photos_to_the_block(fast):
    """A 64 px photo for a 32 px output is used at half size; a 24 px one as it is (never enlarged)."""
    seed = checker_seed(8, seed=2)
    big, small = photo(64, seed=3), photo(24, seed=3)
    auto = synthesize(seed, [big], fast)
    np.testing.assert_array_equal(auto, synthesize(seed, [big], fast.replace(reference_scale=0.5)))
    assert np.abs(auto - synthesize(seed, [big], fast.replace(reference_scale=1.0))).max() > 0.01
    np.testing.assert_array_equal(
        synthesize(seed, [small], fast), synthesize(seed, [small], fast.replace(reference_scale=1.0))
    )
