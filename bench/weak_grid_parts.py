"""Where weak_grid_ratio's numerator comes from: the structure target's steps on weak boundaries, by kind.

Run: python bench/weak_grid_parts.py [TEXTURE ...]   (needs ../shared beside the repo; no synthesis, 10 s)
The figure counts a boundary as weak when the seed's luminance step there is under the strong cut, so a colour
edge of nearly equal luminance (blue ore against grey rock) counts as weak, though it is the art's outline. For
each texture (default: both packcheck samples, `--start 0` and `--start 12`) this prints the share of the
target's step summed over weak boundaries that lies on such colour edges (the seed's mean |RGB| step at least
the strong cut), on steps just under the cut (0.5-1x it) and on the rest, and the colour edges' share of the
weak boundaries themselves. The grain synthesized on top has no grid (its own weak_grid_ratio is about 0.9),
so the target's steps are what lifts the output's figure.
"""

from __future__ import annotations

import sys

import numpy as np
from packcheck import sample
from quality import BLOCKS

from texturegen.core.png import read_png
from texturegen.quality import metrics
from texturegen.synthesis import prepare, shapes


def parts(seed: np.ndarray, f: int = 8) -> tuple[float, float, float, float]:
    """Shares of the target's weak-boundary step (colour edges, just under the cut, the rest), colour edges' count."""
    rgb, opaque = prepare.fill_transparent(seed), seed[..., 3] > 0.5
    target = shapes.structure(rgb, opaque, f, True)
    _, weak, cut = metrics.split_boundaries(seed)
    sums, colour = np.zeros(3), 0
    for (axis, i, j, step), across in zip(weak, metrics.steps_across(target, weak, f)):
        other = seed[i, j + 1, :3] if axis == 1 else seed[i + 1, j, :3]
        rgb_step = float(np.abs(other - seed[i, j, :3]).mean())
        kind = 0 if rgb_step >= cut else 1 if abs(step) >= 0.5 * cut else 2
        sums[kind] += float(across.mean())
        colour += kind == 0
    total = max(sums.sum(), 1e-12)
    return sums[0] / total, sums[1] / total, sums[2] / total, colour / max(len(weak), 1)


def main() -> None:
    """One row per texture, most colour-edge step first."""
    names = sys.argv[1:]
    paths = [BLOCKS / f"{n}.png" for n in names] if names else [*sample(25, 0), *sample(25, 12)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        sys.exit(f"weak_grid_parts: no such texture: {missing[0]}")
    rows = [(p.stem, *parts(read_png(p))) for p in paths]
    print("| texture | colour edges | just under the cut | the rest | colour edges among weak boundaries |")
    print("|---|---|---|---|---|")
    for name, colour, under, rest, share in sorted(rows, key=lambda r: -r[1]):
        print(f"| {name} | {colour:.2f} | {under:.2f} | {rest:.2f} | {share:.2f} |")


if __name__ == "__main__":
    main()
