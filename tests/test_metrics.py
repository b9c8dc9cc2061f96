"""The quality figures behave as DESIGN.md describes on known images."""

import numpy as np

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
