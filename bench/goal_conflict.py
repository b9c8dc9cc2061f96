"""Can any structure meet edge_hold >= 0.8 and beat bicubic's structure_swd? The six textures, no synthesis.

Run: python bench/goal_conflict.py   (needs ../shared beside the repo)
For each of bench/quality.py's six textures and photos, the engine's structure target (shapes.structure: crisp
contour-following edges, weak steps smoothed) is built with its regions and its smoothing widened step by step:
`likeness` scales the colour distance at which texels count as one region, `smooth` the range of the
edge-preserving smoothing, both as multiples of the engine's defaults. Each row prints structure_swd against
bicubic's and the edge figures: where softening brings structure_swd under bicubic's, edge_keep/edge_hold fall
under their goals. The target carries no photo grain, so its weak_grid_ratio is not meaningful and not printed.
The last row per texture ("flat") removes every weak step instead: the seed's texels are first replaced by a
hard-kneed edge-preserving average of their like neighbours (shapes.edge_preserving_smooth over the texels,
0.7 texel, half the edge contrast), so only the strong shapes are left, held crisp. The row after it ("at goal")
is that flat target with its contrast about its mean lowered as far as edge_keep >= 0.7 and edge_hold >= 0.8
allow: the least mid-scale structure an output can have whose shapes still meet both edge goals.
"""

from __future__ import annotations

import numpy as np
from peers import bicubic
from quality import KINDS, fitting_photo
from shared_data import BLOCKS, REFS

from texturegen import metrics
from texturegen.core.png import read_png
from texturegen.synthesis import prepare, shapes

STEPS = ((1.0, 1.0), (1.0, 1.67), (1.6, 1.0), (1.6, 1.67), (2.4, 1.0), (2.4, 1.67))
"""(likeness, smooth) multiples of the engine's LIKENESS and SMOOTH_RANGE."""


def _seed_parts(seed: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The seed's filled RGB, its opaque mask and its edge contrast, as the engine reads them (tiling)."""
    rgb, opaque = prepare.fill_transparent(seed), seed[..., 3] > 0.5
    return rgb, opaque, shapes.edge_contrast(rgb, opaque, True)


def _rgba(rgb: np.ndarray) -> np.ndarray:
    """An opaque RGBA image of an RGB one."""
    return np.dstack([rgb, np.ones(rgb.shape[:2])])


def softened(seed: np.ndarray, likeness: float, smooth: float, f: int = 8) -> np.ndarray:
    """The structure target (RGBA) with its region likeness and smoothing range widened."""
    rgb, opaque, contrast = _seed_parts(seed)
    widened = {"likeness": shapes.LIKENESS * likeness, "smooth_range": shapes.SMOOTH_RANGE * smooth}
    return _rgba(shapes.structure(rgb, opaque, f, True, contrast, **widened))


def flattened(seed: np.ndarray, f: int = 8) -> np.ndarray:
    """The structure target (RGBA) of the seed with its weak steps averaged away at the texel level."""
    rgb, opaque, contrast = _seed_parts(seed)
    flat = shapes.edge_preserving_smooth(rgb.astype(np.float64), 0.7, 0.5 * contrast, True).astype(np.float32)
    return _rgba(shapes.structure(flat, opaque, f, True, contrast))


def at_goal(seed: np.ndarray, flat: np.ndarray, f: int = 8) -> np.ndarray:
    """The flat target (RGBA) with its contrast lowered until edge_keep is 0.7 or edge_hold 0.8, whichever first."""
    keep, hold = metrics.edge_keep(flat, seed, f), metrics.edge_hold(flat, seed, f)
    share = max(0.7 / keep, 0.8 / hold)
    rgb = flat[..., :3]
    return _rgba(rgb.mean(axis=(0, 1)) + share * (rgb - rgb.mean(axis=(0, 1))))


def variants(seed: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """(likeness, smooth, target) for every softening step, then the flattened seed, then it at the edge goals."""
    rows = [(str(likeness), str(smooth), softened(seed, likeness, smooth)) for likeness, smooth in STEPS]
    flat = flattened(seed)
    return [*rows, ("flat", "flat", flat), ("at goal", "at goal", at_goal(seed, flat))]


def main() -> None:
    """Print one table row per texture and softening step."""
    print("| texture | likeness | smooth | structure_swd | bicubic's | edge_keep | edge_hold | fidelity_db |")
    print("|---|---|---|---|---|---|---|---|")
    for name in KINDS:
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(REFS / f"{fitting_photo(name)}.png")
        bar = metrics.structure_swd(bicubic(seed, 8), ref)
        for likeness, smooth, out in variants(seed):
            swd = metrics.structure_swd(out, ref)
            mark = " (below)" if swd < bar else ""
            keep, hold = metrics.edge_keep(out, seed, 8), metrics.edge_hold(out, seed, 8)
            print(
                f"| {name} | {likeness} | {smooth} | {swd:.4f}{mark} | {bar:.4f} | {keep:.2f} | {hold:.2f} "
                f"| {metrics.fidelity_db(out, seed, 8):.1f} |"
            )


if __name__ == "__main__":
    main()
