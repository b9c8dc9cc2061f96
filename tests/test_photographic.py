"""Photographic inside the shapes: a real x8 synthesis has the photo's own texture between clean edges, in colour."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import REFS
from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.core.png import read_png

pytestmark = pytest.mark.slow


def _regions_seed() -> np.ndarray:
    """16x16: light and dark regions (bands and a disc) with weak texel-to-texel steps inside them."""
    rng = np.random.default_rng(4)
    y, x = np.mgrid[0:16, 0:16]
    light = ((x // 4 + y // 8) % 2 == 0) | ((x - 8) ** 2 + (y - 8) ** 2 < 10)
    lum = np.where(light, 0.62, 0.38) + rng.choice([-0.03, 0.0, 0.03], size=(16, 16))
    rgba = np.ones((16, 16, 4), np.float32)
    rgba[..., :3] = (lum[..., None] * np.array([1.0, 0.95, 0.88])).astype(np.float32)
    return rgba


@pytest.fixture(scope="module")
def regions_result() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The regions seed synthesized against rock_00 with default settings, once for both tests: (output, seed,
    photo)."""
    seed, photo = _regions_seed(), read_png(REFS / "rock_00.png")
    return synthesize(seed, [photo], SynthesisSettings()), seed, photo


def test_regions_keep_clean_edges(regions_result: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Engine 24: edge_keep 0.93, edge_hold 0.95, edge_ringing 0.11 here."""
    out, seed, _ = regions_result
    assert metrics.edge_keep(out, seed, 8) >= 0.7
    assert metrics.edge_hold(out, seed, 8) >= 0.8
    assert metrics.edge_ringing(out, seed, 8) <= 0.5


@pytest.mark.xfail(
    strict=True,
    reason="the issue's goal, not met by engines 24 and 25 (one picture here): 2.13 at seed 0 (2.80, 2.48 at "
    "seeds 1, 2). Engine 20 gave 2.36, "
    "engine 23 1.71 at seed 0 but 2.82, 2.10, 1.95 at seeds 1-3. Engine 24 was kept on the blind verdict "
    "(docs/benchmarks.md); when an engine meets this, the marker goes",
)
def test_regions_get_the_photos_texture(regions_result: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """texel_realism <= 2.0 inside the regions (smooth rounded texels under fine grain score higher)."""
    out, seed, photo = regions_result
    assert metrics.texel_realism(out, seed, photo, 8) <= 2.0


def _chroma(rgb: np.ndarray) -> float:
    """Mean distance of the mean colour from grey, 0-255 scale."""
    mean = rgb.reshape(-1, 3).mean(axis=0) * 255
    return float(np.abs(mean - mean.mean()).max())


def test_a_coloured_seed_keeps_its_colour_and_a_grey_one_stays_grey() -> None:
    """A warm beige leaves texture (as Pixel Perfection stores its tinted ones) must not come out grey."""
    rng = np.random.default_rng(1)
    beige = np.ones((16, 16, 4), np.float32)
    beige[..., :3] = np.array([140, 129, 112]) / 255 * rng.uniform(0.8, 1.2, (16, 16, 1))
    photo = read_png(REFS / "grass_00.png")
    settings = SynthesisSettings(scale=4, iterations=6)
    out = synthesize(beige, [photo], settings)
    assert _chroma(out[..., :3]) > 0.7 * _chroma(beige[..., :3])
    grey = beige.copy()
    grey[..., :3] = beige[..., :3].mean(axis=2, keepdims=True)
    out_grey = synthesize(grey, [photo], settings)
    assert (
        np.abs(out_grey[..., 0] - out_grey[..., 1]).max() == 0
        and np.abs(out_grey[..., 1] - out_grey[..., 2]).max() == 0
    )
