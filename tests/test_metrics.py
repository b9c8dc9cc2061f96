"""The quality figures behave as DESIGN.md describes on known images."""

import numpy as np
from scipy.ndimage import gaussian_filter

from tests.conftest import checker_seed, photo
from texturegen import metrics
from texturegen.synthesis.prepare import nearest_up


def test_nearest_neighbour_is_all_grid():
    seed = checker_seed(8)
    out = nearest_up(seed, 4)
    assert metrics.fidelity_db(out, seed, 4) == float("inf")
    assert metrics.grid_ratio(out, 4) > 100
    assert metrics.offgrid_detail(out, photo(32), 4) == 0
    assert abs(metrics.edge_keep(out, seed, 4) - 1.0) < 1e-9


def test_seam_ratio_sees_a_broken_wrap():
    rng = np.random.default_rng(0)
    ramp = np.linspace(0.2, 0.8, 32)[None, :, None] + rng.uniform(-0.01, 0.01, size=(32, 32, 3))
    img = np.dstack([np.clip(ramp, 0, 1), np.ones((32, 32))])
    assert metrics.seam_ratio(img, 4) > 2
    tiled = np.dstack([np.clip(rng.uniform(0.4, 0.6, (32, 32, 3)), 0, 1), np.ones((32, 32))])
    assert 0.7 < metrics.seam_ratio(tiled, 4) < 1.3


def test_detail_figures_of_the_reference_itself_are_one_and_zero():
    ref = photo(64)
    assert abs(metrics.detail_ratio(ref, ref) - 1) < 1e-6
    assert metrics.detail_swd(ref, ref) < 1e-9
    assert metrics.structure_swd(ref, ref) < 1e-9


def _two_tone(size: int = 8) -> np.ndarray:
    """A seed whose left half is bright and right half dark: one strong vertical boundary per row."""
    seed = np.ones((size, size, 4), np.float32)
    seed[:, : size // 2, :3] = 0.8
    seed[:, size // 2 :, :3] = 0.2
    return seed


def _with_columns(img: np.ndarray, cols: dict[int, float]) -> np.ndarray:
    """A copy with the given output columns shifted by the given luminance amounts."""
    out = img.copy()
    for x, d in cols.items():
        out[:, x, :3] += d
    return out


def test_a_clean_step_does_not_ring_and_holds_its_texels():
    seed, f = _two_tone(), 8
    out = nearest_up(seed, f)
    assert abs(metrics.edge_ringing(out, seed, f)) < 1e-9
    assert abs(metrics.edge_hold(out, seed, f) - 1.0) < 1e-9
    ramp = out.copy()  # a short monotone ramp over 4 px is still one clean edge
    edge = 4 * f
    ramp[:, edge - 2 : edge + 2, :3] = np.linspace(0.8, 0.2, 6)[1:5][None, :, None]
    assert abs(metrics.edge_ringing(ramp, seed, f)) < 1e-6


def test_a_bright_and_a_dark_line_beside_the_edge_ring():
    """The halo: a bright line 2 px before the edge and a dark line 2 px after it."""
    seed, f = _two_tone(), 8
    edge = 4 * f
    out = _with_columns(nearest_up(seed, f), {edge - 2: 0.35, edge + 1: -0.35})
    assert metrics.edge_ringing(out, seed, f) >= 2.0
    assert metrics.edge_keep(out, seed, f) > 1.0  # edge_keep alone reads the halo as extra crispness


def test_contrast_held_only_next_to_the_edge_gives_a_low_edge_hold():
    seed, f = _two_tone(), 8
    edge = 4 * f
    out = nearest_up(seed, f)
    out[:, : edge - f // 4, :3] = 0.5  # beyond f/4 px of the edge both sides fall to the middle
    out[:, edge + f // 4 :, :3] = 0.5
    assert metrics.edge_keep(out, seed, f) > 0.99
    assert metrics.edge_hold(out, seed, f) < 0.6


def test_weak_grid_ratio_counts_only_weak_boundaries():
    """Crisp strong edges are the art's shape; a grid drawn where the seed's steps are weak is not."""
    rng = np.random.default_rng(3)
    seed, f = _two_tone(), 8
    seed[..., :3] += rng.uniform(-0.03, 0.03, size=(8, 8, 1))  # weak texel steps on each side
    noise = rng.uniform(-0.02, 0.02, size=(64, 64, 1))
    smooth = np.clip(np.dstack([nearest_up(_two_tone(), f)[..., :3] + noise, np.ones((64, 64))]), 0, 1)
    assert metrics.weak_grid_ratio(smooth, seed, f) < 1.2
    assert metrics.grid_ratio(smooth, f) > 1.5  # the strong edge alone makes the old figure read "grid"
    grid = nearest_up(seed, f)
    grid[..., :3] += noise
    assert metrics.weak_grid_ratio(grid, seed, f) > 1.3


def _grain(size: int, seed: int = 5) -> np.ndarray:
    """A grey 'photo' with structure at several scales (1, 3 and 8 px), RGBA."""
    rng = np.random.default_rng(seed)
    lum = sum(gaussian_filter(rng.normal(size=(size, size)), s, mode="wrap") * s for s in (0.7, 3, 8))
    lum = 0.5 + 0.15 * lum / lum.std()
    return np.dstack([np.repeat(np.clip(lum, 0, 1)[..., None], 3, axis=2), np.ones((size, size))])


def _blobs(size: int = 16) -> np.ndarray:
    """A seed of a few flat light and dark regions: strong edges round large insides."""
    seed = np.full((size, size, 4), 1.0)
    seed[..., :3] = 0.3
    seed[2:9, 2:12, :3] = 0.7
    seed[11:15, 5:14, :3] = 0.55
    return seed


def test_texel_realism_of_a_photo_against_another_crop_of_itself_is_near_one():
    big, f = _grain(320), 8
    flat = np.full((16, 16, 4), 1.0)  # no strong boundary: every pixel counts
    near = metrics.texel_realism(big[:128, :128], flat, big[180:308, 150:278], f)
    assert 0.5 < near < 1.8


def test_flat_shapes_score_high_and_the_photos_band_over_them_low():
    seed, f, ref = _blobs(), 8, _grain(128)
    flat = nearest_up(seed, f)
    assert metrics.texel_realism(flat, seed, ref, f) > 5
    band = metrics.texel_band(metrics.luminance(_grain(128, seed=9)), f)
    over = flat.copy()
    over[..., :3] += band[..., None]
    assert metrics.texel_realism(over, seed, ref, f) < 1.8


def test_texel_realism_is_deterministic_and_undefined_on_a_texture_of_edges_only():
    seed, f, ref = _blobs(), 8, _grain(128)
    out = nearest_up(seed, f) + 0.02 * np.random.default_rng(1).normal(size=(128, 128, 4))
    assert metrics.texel_realism(out, seed, ref, f) == metrics.texel_realism(out, seed, ref, f)
    edges = np.ones((8, 8, 4))
    edges[..., :3] = (np.indices((8, 8)).sum(axis=0) % 2)[..., None] * 0.8 + 0.1  # every step strong
    assert np.isnan(metrics.texel_realism(nearest_up(edges, f), edges, ref, f))
    assert np.isnan(metrics.all_figures(nearest_up(edges, f), edges, ref, f)["texel_realism"])


def test_the_insides_keep_a_texel_from_strong_edges_across_the_wrap():
    seed, f = np.full((8, 8, 4), 1.0), 4
    seed[..., :3] = 0.2
    seed[:, 0, :3] = 0.9  # the first column differs from its neighbours, and from the last column across the wrap
    inside = metrics.far_from_strong(seed, f)
    cols = inside.all(axis=0)
    assert not cols[: 2 * f].any() and not cols[-f:].any()  # within a texel of x = 0 (wrap) and of x = f
    assert cols[2 * f : 7 * f].all()
