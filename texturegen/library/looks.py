"""What pixels say: the size of an image's elements, its stripes, its fine detail and its colour (NumPy only).

The same measures run on pixel art (lengths in texels, wrapped: a block texture tiles) and on a photo (lengths
in photo pixels, not wrapped), so the ratio of two element sizes is the zoom that makes one like the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from texturegen.core.images import luma, nearest_up

LEVEL = 0.3
"""An element ends where the autocorrelation of the image (its mean taken away) falls below this."""
DETAIL_SIGMAS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""Blurs (px) at which a photo's detail is measured: the std of what is finer than each (luminance 0-1), absolute, as
the synthesis keeps it."""
ELEMENT_SIGMAS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""Blurs (px) after which a photo's element size is measured (the art's is measured at 1/UP texel)."""
OPAQUE = 0.5
UP = 4
"""Pixel art is measured nearest-upscaled by this and blurred by 1 px, as a photo is: lags finer than a texel."""
SMOOTHING = 4
"""Passes of weak-step smoothing before the art's elements are measured (its texel noise is not an element)."""
LIGHTING = 3
"""A photo's lighting is its blur by a third of its short side, taken away before anything is measured."""
PEAK = 0.2
"""A repeat (courses of bricks, boards) is an autocorrelation peak at least this high..."""
PROMINENCE = 0.15
"""...rising at least this far above the lowest value at a shorter lag, and at least half the highest such peak
(so the first course is found, not the second, whose offset joints may match better)."""


@dataclass(frozen=True)
class Look:
    """One image's measures: element size, stripes (coherence 0-1 and angle), detail and mean colour."""

    element: tuple[float, ...]
    """Typical element size. Pixel art: one value, in texels. A photo: in pixels, per ELEMENT_SIGMAS blur."""
    stripes: float
    """0 = no direction, 1 = parallel stripes only (coherence of the gradients' structure tensor)."""
    angle: float
    """Direction of the gradients in degrees, 0-180: 0 = steps along x (upright stripes), 90 = lying stripes."""
    detail: tuple[float, ...]
    """Pixel art: one value, the weak steps' mean over the luminance's std (the grain a photo must bring).
    A photo: per DETAIL_SIGMAS, the std of what is finer than that blur over the std of the whole (lighting off)."""
    colour: tuple[float, float, float]
    period: tuple[float, float] = (0.0, 0.0)
    """The repeat along x and along y (texels for pixel art, pixels for a photo), 0 where nothing repeats."""

    def as_dict(self) -> dict[str, object]:
        """Plain JSON values."""
        return {
            "element": list(self.element),
            "stripes": self.stripes,
            "angle": self.angle,
            "detail": list(self.detail),
            "colour": list(self.colour),
            "period": list(self.period),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> Look:
        """The Look as_dict wrote."""
        element, detail, colour, period = raw["element"], raw["detail"], raw["colour"], raw["period"]
        assert isinstance(element, list) and isinstance(detail, list) and isinstance(colour, list)
        assert isinstance(period, list)
        return cls(
            element=tuple(float(e) for e in element),
            stripes=float(raw["stripes"]),  # type: ignore[arg-type]
            angle=float(raw["angle"]),  # type: ignore[arg-type]
            detail=tuple(float(d) for d in detail),
            colour=(float(colour[0]), float(colour[1]), float(colour[2])),
            period=(float(period[0]), float(period[1])),
        )

    def detail_at(self, sigma: float) -> float:
        """A photo's detail finer than a blur of `sigma` px, interpolated on a log scale."""
        return float(np.interp(np.log(max(sigma, 1e-3)), np.log(DETAIL_SIGMAS), self.detail))

    def element_at(self, sigma: float) -> float:
        """A photo's element size (px) measured after a blur of `sigma` px, interpolated on a log scale."""
        return float(np.interp(np.log(max(sigma, 1e-3)), np.log(ELEMENT_SIGMAS), self.element))


def texel_pixels(art: Look, photo: Look) -> float:
    """How many photo pixels make one of the art's texels.

    Where both repeat across the art's main edges (bricks' courses, boards), the ratio of the repeats: one photo
    course to one art course. Otherwise the ratio of their element sizes, the art measured blurred by 1/UP texel
    and the photo blurred by as much of its own texel.
    """
    across = 1 if 45.0 <= art.angle < 135.0 else 0
    if art.period[across] > 0 and photo.period[across] > 0:
        return photo.period[across] / art.period[across]
    texel = photo.element_at(1.0) / art.element[0]
    for _ in range(4):
        texel = photo.element_at(texel / UP) / art.element[0]
    return texel


def _fast(n: int) -> int:
    """The smallest length >= n whose only prime factors are 2 and 3 (quick FFTs)."""
    best = 1 << max(n - 1, 0).bit_length()
    three = 1
    while three < best:
        two = three
        while two < n:
            two *= 2
        best, three = min(best, two), three * 3
    return best


def _blur(img: np.ndarray, sigma: float, wrap: bool) -> np.ndarray:
    """Gaussian blur by FFT: wrapped, or with the image padded by reflection."""
    if sigma <= 0:
        return img
    pad = 0 if wrap else int(min(3 * sigma, min(img.shape) - 1))
    work = np.pad(img, pad, mode="reflect") if pad else img
    shape = work.shape if wrap else (_fast(work.shape[0]), _fast(work.shape[1]))
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.rfftfreq(shape[1])[None, :]
    kernel = np.exp(-2 * (np.pi * sigma) ** 2 * (fx**2 + fy**2))
    out = np.fft.irfft2(np.fft.rfft2(work, shape) * kernel, shape)
    return out[pad : pad + img.shape[0], pad : pad + img.shape[1]]


def autocorrelation(lum: np.ndarray, wrap: bool) -> np.ndarray:
    """Normalised autocorrelation (1 at lag 0) of an image with its mean taken away; unbiased when not wrapped."""
    x = lum - lum.mean()
    if wrap:
        ac = np.fft.irfft2(np.abs(np.fft.rfft2(x)) ** 2, x.shape)
    else:
        shape = (_fast(2 * x.shape[0]), _fast(2 * x.shape[1]))
        ac = np.fft.irfft2(np.abs(np.fft.rfft2(x, shape)) ** 2, shape)
        overlap = np.fft.irfft2(np.abs(np.fft.rfft2(np.ones_like(x), shape)) ** 2, shape)
        ac = ac / np.maximum(overlap, 1.0)
    return ac / ac[0, 0] if ac[0, 0] > 1e-12 else np.zeros_like(ac)


def _crossing(profile: np.ndarray, limit: int) -> float:
    """First lag (interpolated) where a decreasing profile falls below LEVEL; `limit` if it never does.

    The profile is first divided by its value at lag 0 extrapolated from lags 1 and 2 (between them and 1), so
    grain finer than a pixel (a texel's own noise, a photo's speckle) does not end the elements early.
    """
    if len(profile) > 2:
        start = 2 * profile[1] - profile[2]
        if profile[1] > 0 and start >= LEVEL:
            profile = profile / min(max(start, profile[1]), 1.0)
    for lag in range(1, min(limit, len(profile) - 1) + 1):
        if profile[lag] < LEVEL:
            before = profile[lag - 1]
            return lag - 1 + (before - LEVEL) / max(before - profile[lag], 1e-9)
    return float(limit)


def repeat(profile: np.ndarray, limit: int) -> float:
    """The lag (refined by a parabola) of the first autocorrelation peak that marks a repeat, or 0 if none does."""
    found: list[tuple[int, float]] = []
    lowest = float(profile[0])
    for lag in range(1, min(limit, len(profile) - 2) + 1):
        value = float(profile[lag])
        lowest = min(lowest, value)
        if lag >= 2 and value >= PEAK and value - lowest >= PROMINENCE and profile[lag - 1] < value >= profile[lag + 1]:
            found.append((lag, value))
    if not found:
        return 0.0
    highest = max(v for _, v in found)
    lag = next(lag for lag, v in found if v >= highest / 2)
    before, at, after = (float(profile[lag + d]) for d in (-1, 0, 1))
    bend = before - 2 * at + after
    return lag + (0.5 * (before - after) / bend if bend < -1e-9 else 0.0)


def _profile(means: np.ndarray) -> np.ndarray:
    """Unbiased normalised autocorrelation of a photo's column (or row) means, not wrapped.

    The means of a brick wall's rows repeat once a course although its joints are offset every other course
    (which halves the 2-D autocorrelation's first peak); noise averages away over the photo's width.
    """
    x = means - means.mean()
    n = _fast(2 * len(x))
    ac = np.fft.irfft(np.abs(np.fft.rfft(x, n)) ** 2, n)[: len(x)] / np.arange(len(x), 0, -1)
    return ac / ac[0] if ac[0] > 1e-12 else np.zeros_like(ac)


def element_size(lum: np.ndarray, wrap: bool) -> float:
    """Typical element size in pixels: where the autocorrelation ends along x or along y, whichever is first.

    The shorter way is the one that ends inside the texture: a brick's height, a board's width, a cobble.
    """
    ac = autocorrelation(lum, wrap)
    h, w = lum.shape
    along_x = _crossing(ac[0], w // 2)
    along_y = _crossing(ac[:, 0], h // 2)
    return max(min(along_x, along_y), 0.25)


def stripes(gx: np.ndarray, gy: np.ndarray) -> tuple[float, float]:
    """(coherence 0-1, angle in degrees 0-180) of gradients, from their summed structure tensor."""
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    total = jxx + jyy
    if total < 1e-12:
        return 0.0, 0.0
    coherence = float(np.hypot(jxx - jyy, 2 * jxy) / total)
    angle = float(np.degrees(0.5 * np.arctan2(2 * jxy, jxx - jyy)) % 180.0)
    return coherence, angle


def _mean_colour(rgb: np.ndarray) -> tuple[float, float, float]:
    """Mean RGB of (N, 3) pixels."""
    mean = rgb.reshape(-1, 3).mean(axis=0) if rgb.size else np.zeros(3)
    return float(mean[0]), float(mean[1]), float(mean[2])


def _regions(lum: np.ndarray, strong: float) -> np.ndarray:
    """The art with its weak steps smoothed away (wrapped): each texel averaged with the neighbours it meets by a
    weak step, a few times over, so what is left is the elements the strong steps outline."""
    out = lum
    for _ in range(SMOOTHING):
        total, count = out.copy(), np.ones_like(out)
        for axis in (0, 1):
            for shift in (1, -1):
                other = np.roll(out, shift, axis=axis)
                weak = np.abs(np.roll(lum, shift, axis=axis) - lum) < strong
                total += np.where(weak, other, 0.0)
                count += weak
        out = total / count
    return out


def art_look(rgba: np.ndarray) -> Look:
    """The Look of a pixel-art texture (first square frame of a strip); transparent texels take the mean level."""
    side = rgba.shape[1]
    frame = rgba[:side] if rgba.shape[0] > side else rgba
    opaque = frame[..., 3] >= OPAQUE
    lum = luma(frame[..., :3]).astype(np.float64)
    mean = float(lum[opaque].mean()) if opaque.any() else 0.0
    lum = np.where(opaque, lum, mean)
    gx = np.roll(lum, -1, axis=1) - lum
    gy = np.roll(lum, -1, axis=0) - lum
    coherence, angle = stripes(gx, gy)
    steps = np.abs(np.concatenate([gx.ravel(), gy.ravel()]))
    strong = max(0.08, float(np.quantile(steps, 0.75))) if steps.size else 0.08
    weak = steps[(steps > 0.004) & (steps < strong)]
    grain = float(weak.mean()) if weak.size else 0.0
    ac = autocorrelation(lum, wrap=True)
    half = side // 2
    return Look(
        element=(element_size(_blur(nearest_up(_regions(lum, strong), UP), 1.0, wrap=True), wrap=True) / UP,),
        stripes=coherence,
        angle=angle,
        detail=(grain,),
        colour=_mean_colour(frame[..., :3][opaque]),
        period=(repeat(np.append(ac[0], ac[0, 0]), half), repeat(np.append(ac[:, 0], ac[0, 0]), half)),
    )


def photo_look(rgba: np.ndarray) -> Look:
    """The Look of a photo: lighting (its large-scale shading) taken away first."""
    lum = luma(rgba[..., :3]).astype(np.float64)
    lum = lum - _blur(lum, min(lum.shape) / LIGHTING, wrap=False)
    fine = _blur(lum, 1.0, wrap=False)
    coherence, angle = stripes(np.gradient(fine, axis=1), np.gradient(fine, axis=0))
    elements = tuple(element_size(_blur(lum, s, wrap=False), wrap=False) for s in ELEMENT_SIGMAS)
    h, w = lum.shape
    bands = [float((lum - _blur(lum, s, wrap=False)).std()) for s in DETAIL_SIGMAS]
    return Look(
        element=elements,
        stripes=coherence,
        angle=angle,
        detail=tuple(bands),
        colour=_mean_colour(rgba[..., :3]),
        period=(repeat(_profile(fine.mean(axis=0)), w // 3), repeat(_profile(fine.mean(axis=1)), h // 3)),
    )
