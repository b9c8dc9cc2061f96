"""The start image of a phase: the structure target loosened where the art's small marks are, bent along the photo,
and the photo's own grain placed by the guides.

What the eye took for "smooth rounded blobs", "round dots that read as stamps" and "pills with hard outlines like
stickers" were the art's lone texels and short runs drawn as perfect rounded shapes. Here they give way to the
photo: a lone texel's weak step is smoothed into its region (the guided grain puts one of the photo's light or dark
structures there instead), and above variety 0.5 its outline wanders with the photo's grain. Drawn lines and shapes
(runs of four texels and more: rails, spines, glyphs, borders) keep their clean, straight outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from texturegen.synthesis import shapes, warp
from texturegen.synthesis.grain import Spacing, along_stripes, guided_grain
from texturegen.synthesis.orient import run_lengths

START_GRAIN = 1.5
"""The photo's detail in the start image, per unit of `detail`: the content terms pull part of it back."""
GRAIN_TEXELS = 0.5
"""The start image's photo detail is what is finer than this many texels (a Gaussian's sigma)."""
PIECE_TEXELS = 2.0
"""Side of each guided piece of the photo, in texels: large enough to keep a pebble or a crack whole, small enough
to follow the art's layout texel by texel."""
FADE_TEXELS = 0.5
"""Where two guided pieces meet they are cross-faded over this many texels."""
CHOICES = 4.0
"""At variety 1 each piece is drawn from the 1 + CHOICES places whose guide fits best (the best one at variety 0)."""
FLATTEN_TEXELS = 0.75
"""Reach (Gaussian sigma, texels) of the in-region smoothing that loosens the art's weak steps."""
WARP_TEXELS = 0.35
"""How far (95th percentile, texels) a small mark's outline wanders along the photo's grain at variety 1; none at 0.5
and below, where the marks keep their drawn shapes (blind, the bent outlines read as "lopsided", "melted",
"notched": docs/benchmarks.md)."""


@dataclass(frozen=True)
class Art:
    """The seed as the start image reads it, the same for every phase: whether it tiles, the colour distance within
    which its texels are one region (shapes.LIKENESS times its edge contrast), and its texels' runs of like colour
    at that distance (`runs`: its regions) and at a quarter of it (`speck_runs`: a weak speck ends a run)."""

    wrap: bool
    likeness: float
    runs: tuple[np.ndarray, np.ndarray]
    speck_runs: tuple[np.ndarray, np.ndarray]

    @classmethod
    def of(cls, rgb: np.ndarray, opaque: np.ndarray, wrap: bool, likeness: float) -> Art:
        """The seed's runs at both distances, measured once."""
        runs = run_lengths(rgb, opaque, wrap, likeness)
        return cls(wrap, likeness, runs, run_lengths(rgb, opaque, wrap, warp.MARK_STEP * likeness))


def shaped(rounded: np.ndarray, grain: np.ndarray, art: Art, f: int, variety: float) -> np.ndarray:
    """The structure target with the art's weak specks loosened and its small marks bent along the photo's grain."""
    specks = warp.smallness(art.speck_runs, f, art.wrap, 0.25)
    target = loosened(rounded, specks, f, art.wrap, (art.likeness, variety))
    if warp_reach(f, variety) == 0:  # the default: no marks to measure, the outlines stay as drawn
        return target
    return bent(target, grain, warp.smallness(art.runs, f, art.wrap, 0.5), f, (variety, art.wrap))


def loosened(rounded: np.ndarray, small: np.ndarray, f: int, wrap: bool, tols: tuple[float, float]) -> np.ndarray:
    """The structure target with weak in-region steps smoothed: on small marks from variety 0 to 0.5, then everywhere.

    `tols` is (the likeness range of the seed's regions, variety). At variety 0 every texel keeps its level (the
    pixels stay visible); at 0.5 the lone texels' and short runs' weak steps are gone; at 1 half of every weak step.
    """
    likeness, variety = tols
    amount = min(1.0, 2 * variety) * small + (1.0 - small) * max(0.0, variety - 0.5)
    if not np.any(amount > 0):
        return rounded
    flat = shapes.edge_preserving_smooth(rounded.astype(np.float32), FLATTEN_TEXELS * f, likeness, wrap)
    return (rounded + np.clip(amount, 0.0, 1.0)[..., None] * (flat - rounded)).astype(np.float32)


def warp_reach(f: int, variety: float) -> float:
    """How far (95th percentile, px) small marks' outlines are bent at texel side f: none up to variety 0.5."""
    return WARP_TEXELS * f * min(1.0, max(0.0, 2 * variety - 1))


def bent(
    target: np.ndarray, grain: np.ndarray, small: np.ndarray, f: int, variety_wrap: tuple[float, bool]
) -> np.ndarray:
    """The target with its small marks' outlines moved along the slope of the grain's low-pass (warp.py)."""
    variety, wrap = variety_wrap
    reach = warp_reach(f, variety)
    if reach == 0:
        return target
    return warp.warped(target, warp.displacement(grain, f / 4, reach, wrap) * small[None], wrap)


def photo_grain(
    turns: list[np.ndarray],
    guides: tuple[np.ndarray, list[np.ndarray]],
    stripes: np.ndarray | None,
    scales: tuple[float, int],
    rng_variety: tuple[np.random.Generator, float],
) -> np.ndarray:
    """The photo's grain finer than `scales[0]` px in pieces placed by the guides (the output's, each turn's) at
    texel side `scales[1]`, from the photo's quarter turn where the local stripes cross it."""
    rng, variety = rng_variety
    sigma, f = scales
    out_guide, photo_guides = guides
    spacing = Spacing(round(PIECE_TEXELS * f), max(1, round(FADE_TEXELS * f)), 1 + round(CHOICES * variety))
    grains = [guided_grain(t, sigma, (out_guide, g), rng, spacing) for t, g in zip(turns, photo_guides)]
    return grains[0] if stripes is None else along_stripes(turns, grains, stripes, FADE_TEXELS * f / 2)
