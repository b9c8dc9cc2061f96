"""The photo's grain laid out at output size: pieces of it scattered and cross-faded, periodic, with no axis.

A photo is seldom larger than the output and never tiles, so its grain has to be repeated to cover a texture.
Mirror-tiling it does that without a jump, but the eye finds a mirror axis at once: the grain reflects about a
straight line, and a photo's border (lighter or darker rims from the camera or the crop are common) doubles
into a bright or dark line across the texture. Here the layer is made of square pieces cut from the inside of
the photo at random places, laid on a periodic grid at a random phase, overlapping by a texel and cross-faded
there with windows that keep the grain's strength: no axis, no rim, and it repeats with the output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter
from scipy.signal import fftconvolve

from texturegen.synthesis.orient import CROSSING, anisotropy
from texturegen.synthesis.prepare import detail_layer

FADE_TEXELS = 1.0
"""Width of the cross-fade where two pieces meet, in texels of the output: the rest of a piece is the photo as it is."""
REUSE_GUIDE = 0.03
"""What taking a piece again from where an earlier piece came from costs, as a guide mismatch of this much in every
pixel: over an even stretch of the art every place of like tone fits about as well, and without a cost the same few
pieces come back in a row ("a regular grid of small tick marks", "a row of evenly spaced dark dots")."""


@dataclass(frozen=True)
class Spacing:
    """How a guided grain is cut: pieces of `piece` px meeting over `fade` px, each one of `choices` best places."""

    piece: int
    fade: int
    choices: int


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


Chooser = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[int, int]]
"""Where a piece comes from: given its output rows, columns and window, a (row, column) in the photo's inside."""


def _assemble(
    inner: np.ndarray, shape: tuple[int, int], rng: np.random.Generator, fade: int, longest: int, choose: Chooser
) -> np.ndarray:
    """(H, W, c): pieces of `inner` laid in periodic rows at random phases, meeting over `fade` px.

    Each row of pieces has its own phase, as courses of bricks are offset, so the joins make no straight lines
    down the texture.
    """
    h, w = shape
    fade = max(1, min(fade, min(inner.shape[:2]) // 4))
    ys, size_y = _layout(h, min(inner.shape[0], h + fade, longest), fade, float(rng.random()))
    longest_x = min(inner.shape[1], w + fade, longest)
    size_x = _layout(w, longest_x, fade, 0.0)[1]
    window = _window(size_y, fade)[:, None] * _window(size_x, fade)[None, :]
    acc = np.zeros((h, w, inner.shape[2]), np.float64)
    weight = np.zeros((h, w), np.float64)
    for y in ys:
        xs = _layout(w, longest_x, fade, float(rng.random()))[0]
        for x in xs:
            rows, cols = np.ix_((y + np.arange(size_y)) % h, (x + np.arange(size_x)) % w)
            sy, sx = choose(rows, cols, window)
            # add.at: a single piece round the whole period covers its first `fade` lines twice
            np.add.at(acc, (rows, cols), window[..., None] * inner[sy : sy + size_y, sx : sx + size_x])
            np.add.at(weight, (rows, cols), window**2)
    # Independent pieces add in power, so dividing by the root of the summed squared weights keeps the
    # grain's strength the same where two or four pieces meet as inside a piece.
    return (acc / np.sqrt(np.maximum(weight, 1e-12))[..., None]).astype(np.float32)


def _inside(img: np.ndarray, m: int) -> np.ndarray:
    """`img` without `m` px on each border."""
    return img[m : img.shape[0] - m, m : img.shape[1] - m]


def scattered_grain(
    ref_rgb: np.ndarray, sigma: float, shape: tuple[int, int], rng: np.random.Generator, fade: int
) -> np.ndarray:
    """(H, W, c): the photo's detail finer than `sigma` px, in pieces at random places meeting over `fade` px."""
    layer = detail_layer(ref_rgb.astype(np.float32), sigma)
    inner = _inside(layer, margin(sigma, min(layer.shape[:2])))

    def anywhere(rows: np.ndarray, cols: np.ndarray, window: np.ndarray) -> tuple[int, int]:
        return (
            int(rng.integers(0, inner.shape[0] - window.shape[0] + 1)),
            int(rng.integers(0, inner.shape[1] - window.shape[1] + 1)),
        )

    return _assemble(inner, shape, rng, fade, longest=max(shape) + fade, choose=anywhere)


def guided_grain(
    ref_rgb: np.ndarray, sigma: float, guides: tuple[np.ndarray, np.ndarray], rng: np.random.Generator, spacing: Spacing
) -> np.ndarray:
    """(H, W, c): the photo's detail finer than `sigma` px, each piece from where the photo's guide fits the output's.

    `guides` are the output's guide (H, W) and the photo's (its own size; guide.py); each piece is taken from one
    of the `spacing.choices` places whose guide is closest to the output's under the piece's window, so the
    photo's light structures land on the art's light texels and its cracks and shadows on the dark ones.
    """
    out_guide, ref_guide = guides
    layer = detail_layer(ref_rgb.astype(np.float32), sigma)
    m = margin(sigma, min(layer.shape[:2]))
    inner, ref_inner = _inside(layer, m), _inside(ref_guide, m)

    # per window shape: the photo's windowed energy at every place, and how often each place was taken
    places: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def closest(rows: np.ndarray, cols: np.ndarray, window: np.ndarray) -> tuple[int, int]:
        if window.shape not in places:
            energy = window_energy(window, ref_inner)
            places[window.shape] = energy, np.zeros(energy.shape)
        energy, taken = places[window.shape]
        cost = window_distance(out_guide[rows, cols], window, ref_inner, energy)
        cost = cost + REUSE_GUIDE**2 * float(window.sum()) * taken
        best = np.argpartition(cost.ravel(), min(spacing.choices, cost.size) - 1)[: spacing.choices]
        pick = int(best[rng.integers(0, len(best))])
        py, px = pick // cost.shape[1], pick % cost.shape[1]
        # a place overlapping the piece just taken by more than half its side counts as the same piece
        ry, rx = window.shape[0] // 2, window.shape[1] // 2
        taken[max(0, py - ry) : py + ry + 1, max(0, px - rx) : px + rx + 1] += 1.0
        return py, px

    return _assemble(inner, out_guide.shape, rng, spacing.fade, longest=spacing.piece + spacing.fade, choose=closest)


def window_distance(
    patch: np.ndarray, window: np.ndarray, image: np.ndarray, energy: np.ndarray | None = None
) -> np.ndarray:
    """Windowed squared distance of `patch` to every place of `image` it fits in (by FFT correlation).

    `energy`, the windowed sum of image^2 at every place (window_energy), depends only on the window: pass it to
    reuse it for every patch of one window.
    """
    flip = (slice(None, None, -1), slice(None, None, -1))
    cross = fftconvolve(image, (window * patch)[flip], mode="valid")
    if energy is None:
        energy = window_energy(window, image)
    return energy - 2.0 * cross + float((window * patch * patch).sum())


def window_energy(window: np.ndarray, image: np.ndarray) -> np.ndarray:
    """The windowed sum of image^2 at every place the window fits in `image`."""
    return fftconvolve(image * image, window[::-1, ::-1], mode="valid")


def oriented_grain(
    turns: list[np.ndarray], stripes: np.ndarray, sigma: float, rng: np.random.Generator, fade: int
) -> np.ndarray:
    """(H, W, c): a photo's grain, and its grain turned a quarter where the local stripes clearly cross it."""
    grains = [scattered_grain(t, sigma, stripes.shape, rng, fade) for t in turns]
    return along_stripes(turns, grains, stripes, fade / 4)


def along_stripes(turns: list[np.ndarray], grains: list[np.ndarray], stripes: np.ndarray, fade: float) -> np.ndarray:
    """The grain of a photo (`grains[0]`) where the local stripes follow it, of its quarter turn where they cross it.

    `stripes` is which way the seed's regions run (orient.stripe_map); the first photo's own direction decides
    which sign crosses it. Each place takes one of the two, cross-faded over `fade` px (a Gaussian's sigma) where
    the direction changes: a wood grain runs one way, and the two laid over each other where the art's direction
    is in doubt read as a woven crosshatch. The two grains are independent, so square-root weights keep the
    grain's strength across the fade.
    """
    own = float(np.sign(anisotropy(turns[0], np.ones(turns[0].shape[:2], bool), 1, False))) or 1.0
    crossing = (-own * stripes > CROSSING).astype(np.float64)
    turned = np.clip(gaussian_filter(crossing, fade, mode="wrap"), 0.0, 1.0)[..., None]
    return (np.sqrt(1.0 - turned) * grains[0] + np.sqrt(turned) * grains[1]).astype(np.float32)
