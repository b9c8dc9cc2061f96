"""Where does the synthesized grain differ from the photo's? Its power per frequency band, as a ratio.

Run: python bench/grain_spectrum.py [TEXTURE=PHOTO ...]   (default: bench/quality.py's six; needs ../shared)
For each texture x8, the grain is the output's luminance minus its structure target's (shapes.structure, what
the synthesis starts from and is held to). Each row prints the grain's amplitude (square root of power) in
eight groups of the 24 radial bands of texturegen.synthesis.detail, divided by the photo's as DESIGN.md's
figures see it (resized to the output's size), for the default settings and with the patch term almost off
(style_weight 0.0001), which leaves the start image's photo grain as the content term lets it be. 1.0 = the
photo's own power in that band.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from quality import KINDS, fitting_photo
from shared_data import BLOCKS, PACK, REFS

from texturegen import SynthesisSettings, synthesize
from texturegen.core.images import resize
from texturegen.core.png import read_png
from texturegen.quality.metrics import luminance
from texturegen.synthesis import prepare, shapes
from texturegen.synthesis.detail import BANDS, EDGES, band_power

GROUPS = 8
"""Bands are reported in this many groups."""
PER = BANDS // GROUPS
"""Bands per group."""
CASES = {"default": {}, "patch term off": {"style_weight": 0.0001}}


def grain_ratio(seed: np.ndarray, ref: np.ndarray, s: SynthesisSettings) -> np.ndarray:
    """(GROUPS,) amplitude of the output's grain over the photo's (at the output's size), per band group."""
    out = synthesize(seed, [ref], s)
    rgb = prepare.fill_transparent(seed)
    target = shapes.structure(rgb, seed[..., 3] > 0.5, s.scale, s.tiling == "wrap")
    grain = band_power(luminance(out) - luminance(target))
    photo = band_power(luminance(resize(ref[..., :3], out.shape[:2])))
    return np.sqrt(grain.reshape(GROUPS, PER).sum(axis=1) / photo.reshape(GROUPS, PER).sum(axis=1))


def _seed_path(name: str) -> Path:
    """The pack's block texture NAME.png, else the first NAME.png anywhere in the pack; exits if there is none."""
    path = BLOCKS / f"{name}.png"
    found = path if path.exists() else next(PACK.rglob(f"{name}.png"), None)
    if found is None:
        raise SystemExit(f"grain_spectrum: no texture {name}.png in {PACK}")
    return found


def main() -> None:
    """Print one markdown row per texture and case."""
    pairs = dict(a.split("=", 1) for a in sys.argv[1:]) or {name: fitting_photo(name) for name in KINDS}
    heads = [f"{EDGES[i * PER]:.2f}-{EDGES[(i + 1) * PER]:.2f}" for i in range(GROUPS)]
    print("| texture | photo | case | " + " | ".join(heads) + " |  (cycles/px)")
    print("|---|---|---|" + "---|" * GROUPS)
    for name, photo in pairs.items():
        seed = read_png(_seed_path(name))
        ref = read_png(REFS / f"{photo}.png")
        for case, changes in CASES.items():
            ratio = grain_ratio(seed, ref, SynthesisSettings(scale=8).replace(**changes))
            print(f"| {name} | {photo} | {case} | " + " | ".join(f"{v:.2f}" for v in ratio) + " |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
