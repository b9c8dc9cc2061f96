"""The synthesized detail held to the photos' own: never more power in any frequency band, colour from the grain.

The optimiser's detail (result - structure target) is right in kind but not in every band: through the random
net's first layers it can grow a near-Nyquist chequer photos do not have (over 20x the photo's power at
0.47-0.49 cycles/px, seen on clay and stone), and its own colour detail is a red and green speckle. A fixed
low-pass removed the chequer but also the photo's real fine grain, which left smooth stone and concrete flat.
Here each radial frequency band of the detail's luminance is scaled down to the photos' power in that band
where it has more (never up), and its colour is the photos' colour-with-luminance slope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from texturegen.core.images import luma
from texturegen.synthesis.prepare import detail_layer

BANDS = 24
"""Radial frequency bands from 0 to the corner of the spectrum (0.707 cycles/px)."""
EDGES = np.linspace(0.0, np.sqrt(0.5) + 1e-9, BANDS + 1)
CENTRES = (EDGES[:-1] + EDGES[1:]) / 2
PAD = 16
"""Mirrored margin (px) around a frame that does not tile, so the filter does not wrap its borders together."""


@dataclass(frozen=True)
class DetailModel:
    """What the photos' detail looks like: power per band of luminance, and colour per unit of luminance."""

    power: np.ndarray
    """(BANDS,) mean power spectral density of the photos' luminance in each radial band (per pixel)."""
    tint: np.ndarray
    """(c,) least-squares slope of each channel's fine detail on its luminance detail; luma(tint) = 1."""


def _luminance(img: np.ndarray) -> np.ndarray:
    """(H, W) float64 luminance of an RGB or one-channel image."""
    return luma(img.astype(np.float64)) if img.shape[-1] == 3 else img[..., 0].astype(np.float64)


def _radius(shape: tuple[int, int]) -> np.ndarray:
    """Radial frequency (cycles/px) of each FFT coefficient of an image of `shape`."""
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    return np.sqrt(fy * fy + fx * fx)


def _band_of(shape: tuple[int, int]) -> np.ndarray:
    """Each FFT coefficient's band index."""
    return np.clip(np.digitize(_radius(shape), EDGES) - 1, 0, BANDS - 1)


def band_power(lum: np.ndarray) -> np.ndarray:
    """(BANDS,) mean |FFT|^2 / pixels of a 2-D array (minus its mean) per band: white noise of variance v gives v."""
    spectrum = np.abs(np.fft.fft2(lum - lum.mean())) ** 2 / lum.size
    band = _band_of(lum.shape).ravel()
    total = np.bincount(band, spectrum.ravel(), BANDS)
    count = np.bincount(band, None, BANDS)
    return total / np.maximum(count, 1)


def _tint(refs: list[np.ndarray], sigma: float) -> np.ndarray:
    """Each channel's fine detail as a multiple of the luminance detail (grey photos: all ones)."""
    if refs[0].shape[-1] == 1:
        return np.ones(1)
    rows = np.concatenate([detail_layer(r.astype(np.float64), sigma).reshape(-1, 3) for r in refs])
    lum = luma(rows)
    denom = float(lum @ lum)
    return lum @ rows / denom if denom > 1e-12 else np.ones(3)


def detail_model(refs: list[np.ndarray], sigma: float) -> DetailModel:
    """The photos' detail statistics, the photos as the synthesis sees them (scaled and colour-matched)."""
    power = np.mean([band_power(_luminance(r)) for r in refs], axis=0)
    return DetailModel(power, _tint(refs, sigma))


def clean_detail(result: np.ndarray, target: np.ndarray, wrap: bool, model: DetailModel) -> np.ndarray:
    """The synthesized detail, each band no stronger than the photos', coloured by their tint, on the target."""
    residual = result.astype(np.float64) - target
    lum = _luminance(residual)
    if not wrap:
        lum = np.pad(lum, PAD, mode="symmetric")
    have = band_power(lum)
    gain = np.minimum(1.0, np.sqrt(model.power / np.maximum(have, 1e-12)))
    filtered = np.real(np.fft.ifft2(np.fft.fft2(lum) * np.interp(_radius(lum.shape), CENTRES, gain)))
    if not wrap:
        filtered = filtered[PAD:-PAD, PAD:-PAD]
    return np.clip(target + filtered[..., None] * model.tint, 0, 1).astype(np.float32)
