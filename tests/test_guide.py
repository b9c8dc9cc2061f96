"""Guided photo pieces: the photo's guide takes the art's levels, and each piece comes from where the guides agree."""

from __future__ import annotations

import numpy as np

from texturegen.synthesis.grain import Spacing, guided_grain, scattered_grain, window_distance
from texturegen.synthesis.guide import output_guide, photo_guide


def test_photo_guide_takes_the_levels_distribution_and_keeps_the_photos_order() -> None:
    rng = np.random.default_rng(0)
    photo = rng.uniform(size=(40, 40, 3))
    levels = rng.normal(0.3, 0.05, size=(64, 64))
    got = photo_guide(photo, 2.0, levels)
    assert abs(got.mean() - levels.mean()) < 0.005 and abs(got.std() - levels.std()) < 0.005
    low = output_guide(photo, 2.0, wrap=False)
    order = np.argsort(low, axis=None)
    assert np.all(np.diff(got.ravel()[order]) >= -1e-12)


def test_window_distance_is_the_brute_force_windowed_distance() -> None:
    rng = np.random.default_rng(1)
    image, patch, window = rng.uniform(size=(12, 15)), rng.uniform(size=(4, 5)), rng.uniform(size=(4, 5))
    got = window_distance(patch, window, image)
    want = np.array(
        [[(window * (patch - image[y : y + 4, x : x + 5]) ** 2).sum() for x in range(11)] for y in range(9)]
    )
    np.testing.assert_allclose(got, want, atol=1e-9)


def _two_part_photo() -> np.ndarray:
    """A light left half with upright stripes and a dark right half with level stripes, 96 px."""
    y, x = np.mgrid[0:96, 0:96]
    upright = 0.08 * np.sin(2 * np.pi * x / 3.0)
    level = 0.08 * np.sin(2 * np.pi * y / 3.0)
    lum = np.where(x < 48, 0.75 + upright, 0.25 + level)
    return np.repeat(lum[..., None], 3, axis=2)


def _upright_share(grain: np.ndarray) -> float:
    """Share of the grain's step energy that runs across columns (upright stripes) rather than across rows."""
    dx = np.diff(grain[..., 0], axis=1) ** 2
    dy = np.diff(grain[..., 0], axis=0) ** 2
    return float(dx.sum() / (dx.sum() + dy.sum()))


def test_guided_pieces_bring_the_photos_light_structure_to_light_texels_and_dark_to_dark() -> None:
    photo = _two_part_photo()
    art = np.where(np.arange(128)[:, None] < 64, 0.8, 0.2) * np.ones((128, 128))
    out_guide = output_guide(art[..., None], 4.0, wrap=True)
    guides = (out_guide, photo_guide(photo, 4.0, out_guide))
    grain = guided_grain(photo, 2.0, guides, np.random.default_rng(0), Spacing(piece=16, fade=4, choices=3))
    light, dark = grain[8:56], grain[72:120]  # a piece's width off the light-dark boundary
    assert _upright_share(light) > 0.9 and _upright_share(dark) < 0.1
    # pieces drawn anywhere mix both halves' stripes on both halves of the art
    anywhere = scattered_grain(photo, 2.0, (128, 128), np.random.default_rng(0), 4)
    assert 0.2 < _upright_share(anywhere[8:56]) < 0.8


def test_guided_grain_tiles_and_keeps_the_photos_strength() -> None:
    rng = np.random.default_rng(2)
    photo = rng.uniform(size=(64, 64, 3))
    out_guide = output_guide(rng.uniform(size=(96, 96, 1)), 4.0, wrap=True)
    grain = guided_grain(photo, 2.0, (out_guide, photo_guide(photo, 4.0, out_guide)), rng, Spacing(16, 4, 5))
    assert grain.shape == (96, 96, 3)
    ref = photo - np.array([[photo.mean(axis=(0, 1))]])
    band = grain.std() / (ref.std() + 1e-12)
    assert 0.3 < band < 1.1
    wrap_step = np.abs(grain[0] - grain[-1]).mean()
    inner_step = np.abs(np.diff(grain, axis=0)).mean()
    assert wrap_step < 1.3 * inner_step


def _repeated_share(grain: np.ndarray, side: int = 8) -> float:
    """Share of pairs of the grain's non-overlapping side x side cells that hold the same piece of photo."""
    lum = grain[..., 0]
    cells = [
        lum[y : y + side, x : x + side].ravel()
        for y in range(0, lum.shape[0] - side + 1, side)
        for x in range(0, lum.shape[1] - side + 1, side)
    ]
    unit = np.array([(c - c.mean()) / (np.linalg.norm(c - c.mean()) + 1e-12) for c in cells])
    corr = unit @ unit.T
    pairs = np.triu_indices(len(cells), 1)
    return float((corr[pairs] > 0.9).mean())


def test_an_even_stretch_of_art_takes_its_pieces_from_many_places_of_the_photo() -> None:
    # every place fits a flat guide equally well: without a cost on reuse, the same few pieces come back in rows
    photo = np.random.default_rng(3).uniform(size=(96, 96, 3))
    out_guide = np.full((128, 128), 0.5)
    guides = (out_guide, np.full((96, 96), 0.5))
    grain = guided_grain(photo, 2.0, guides, np.random.default_rng(0), Spacing(piece=16, fade=4, choices=3))
    assert _repeated_share(grain) < 0.002
