"""The photo's grain laid out at output size: pieces of it scattered and cross-faded, periodic, with no axis.

A photo is seldom larger than the output and never tiles, so its grain has to be repeated to cover a texture.
Mirror-tiling it does that without a jump, but the eye finds a mirror axis at once: the grain reflects about a
straight line, and a photo's border (lighter or darker rims from the camera or the crop are common) doubles
into a bright or dark line across the texture. Here the layer is made of square pieces cut from the inside of
the photo at random places, laid on a periodic grid at a random phase, overlapping by a texel and cross-faded
there with windows that keep the grain's strength: no axis, no rim, and it repeats with the output.
"""

from __future__ import annotations

import numpy as np

from texturegen.synthesis.orient import CROSSING, anisotropy
from texturegen.synthesis.prepare import detail_layer

FADE_TEXELS = 1.0
"""Width of the cross-fade where two pieces meet, in texels of the output: the rest of a piece is the photo as it is."""


def margin(sigma: float, side: int) -> int:
    """Pixels left off each border of a photo: the blur's reflected border and the photo's own rim."""
    return min(int(np.ceil(2 * sigma)), side // 8)


def _window(n: int, fade: int) -> np.ndarray:
    """n samples: a raised-cosine rise over `fade`, flat 1, a raised-cosine fall over `fade`."""
    win = np.ones(n)
    ramp = np.sin(0.5 * np.pi * (np.arange(fade) + 0.5) / fade) ** 2
    win[:fade], win[n - fade :] = ramp, ramp[::-1]
    return win


def _layout(total: int, longest: int, fade: int, shift: float) -> tuple[list[int], int]:
    """Starts round a period of `total` and the piece size, as few pieces as fit, overlapping by `fade`.

    `shift` (0-1, a share of the spacing) moves every start, so the joins do not fall on the texel grid.
    """
    count = max(1, int(np.ceil(total / max(longest - fade, 1))))
    starts = [round((k + shift) * total / count) % total for k in range(count)]
    return starts, min(int(np.ceil(total / count)) + fade, longest)


def scattered_grain(
    ref_rgb: np.ndarray, sigma: float, shape: tuple[int, int], rng: np.random.Generator, fade: int
) -> np.ndarray:
    """(H, W, c): the photo's detail finer than `sigma` px, in pieces at random places meeting over `fade` px."""
    layer = detail_layer(ref_rgb.astype(np.float32), sigma)
    m = margin(sigma, min(layer.shape[:2]))
    inner = layer[m : layer.shape[0] - m, m : layer.shape[1] - m]
    h, w = shape
    fade = max(1, min(fade, min(inner.shape[:2]) // 4))
    ys, size_y = _layout(h, min(inner.shape[0], h + fade), fade, float(rng.random()))
    xs, size_x = _layout(w, min(inner.shape[1], w + fade), fade, float(rng.random()))
    window = _window(size_y, fade)[:, None] * _window(size_x, fade)[None, :]
    acc = np.zeros((h, w, layer.shape[2]), np.float64)
    weight = np.zeros((h, w), np.float64)
    for y in ys:
        for x in xs:
            sy = int(rng.integers(0, inner.shape[0] - size_y + 1))
            sx = int(rng.integers(0, inner.shape[1] - size_x + 1))
            rows, cols = np.ix_((y + np.arange(size_y)) % h, (x + np.arange(size_x)) % w)
            # add.at: a single piece round the whole period covers its first `fade` lines twice
            np.add.at(acc, (rows, cols), window[..., None] * inner[sy : sy + size_y, sx : sx + size_x])
            np.add.at(weight, (rows, cols), window**2)
    # Independent pieces add in power, so dividing by the root of the summed squared weights keeps the
    # grain's strength the same where two or four pieces meet as inside a piece.
    return (acc / np.sqrt(np.maximum(weight, 1e-12))[..., None]).astype(np.float32)


def oriented_grain(
    turns: list[np.ndarray], stripes: np.ndarray, sigma: float, rng: np.random.Generator, fade: int
) -> np.ndarray:
    """(H, W, c): a photo's grain, and its grain turned a quarter where the local stripes clearly cross it.

    `stripes` is which way the seed's regions run (orient.stripe_map); the first photo's own direction decides
    which sign crosses it. The two grains are independent, so square-root weights keep the grain's strength.
    """
    shape = stripes.shape
    grains = [scattered_grain(t, sigma, shape, rng, fade) for t in turns]
    own = float(np.sign(anisotropy(turns[0], np.ones(turns[0].shape[:2], bool), 1, False))) or 1.0
    start, full = CROSSING
    turned = np.clip((-own * stripes - start) / (full - start), 0.0, 1.0)[..., None]
    return (np.sqrt(1.0 - turned) * grains[0] + np.sqrt(turned) * grains[1]).astype(np.float32)
