"""The synthesized detail held to the photo's: band power never above the photo's, colour from the photo's grain."""

from __future__ import annotations

import numpy as np

from texturegen.core.images import luma
from texturegen.synthesis.detail import band_power, clean_detail, detail_model


def _noise(shape: tuple[int, ...], sd: float, seed: int = 0) -> np.ndarray:
    """Gaussian white noise."""
    return np.random.default_rng(seed).normal(0, sd, shape)


def test_white_noise_has_its_variance_in_every_band():
    power = band_power(_noise((256, 256), 0.1))
    assert np.all(np.abs(power[1:] / 0.01 - 1) < 0.25), power / 0.01


def test_a_chequer_stronger_than_the_photo_is_cut_to_the_photo_power():
    photo = 0.5 + _noise((128, 128, 3), 0.02, seed=1)
    model = detail_model([photo], 4.0)
    target = np.full((64, 64, 3), 0.5)
    chequer = 0.2 * (np.indices((64, 64)).sum(axis=0) % 2 - 0.5)
    out = clean_detail(target + chequer[..., None], target, True, model)
    lum = luma(out.astype(np.float64) - target)
    top = band_power(lum)[-1]
    assert band_power(chequer)[-1] > 100 * model.power[-1]
    assert top <= model.power[-1] * 1.05


def test_detail_weaker_than_the_photo_passes_unchanged():
    photo = 0.5 + np.repeat(_noise((128, 128, 1), 0.1, seed=2), 3, axis=2)
    model = detail_model([photo], 4.0)
    target = np.full((64, 64, 3), 0.5)
    grain = _noise((64, 64), 0.02, seed=3)
    out = clean_detail(target + grain[..., None], target, True, model)
    assert np.abs(out - (target + grain[..., None])).max() < 1e-5


def test_colour_detail_of_its_own_is_dropped_and_the_photo_tint_kept():
    base = np.random.default_rng(4).normal(0, 0.05, (128, 128))
    slope = np.array([1.3, 0.9, 0.8])
    slope = slope / luma(slope[None])[0]
    photo = 0.5 + base[..., None] * slope
    model = detail_model([photo], 4.0)
    assert np.allclose(model.tint, slope, atol=0.02)
    target = np.full((32, 32, 3), 0.5)
    speckle = _noise((32, 32, 3), 0.03, seed=5)
    speckle -= luma(speckle)[..., None]  # colour only: no luminance at all
    out = clean_detail(target + speckle, target, True, model)
    assert np.abs(out - target).max() < 1e-6


def test_grey_photos_give_a_neutral_tint_and_a_frame_that_does_not_tile_keeps_its_size():
    photo = 0.5 + np.repeat(_noise((64, 64, 1), 0.05, seed=6), 3, axis=2)
    model = detail_model([photo], 2.0)
    assert np.allclose(model.tint, 1.0, atol=1e-6)
    target = np.full((40, 24, 3), 0.5)
    out = clean_detail(target + _noise((40, 24, 1), 0.01, seed=7), target, False, model)
    assert out.shape == (40, 24, 3)
    assert np.isfinite(out).all()
    assert np.ptp(out - out[..., :1]) < 1e-6  # grey detail stays grey
