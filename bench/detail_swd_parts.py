"""Where detail_swd's distance lies: near the seed's strong edges or away from them, texturegen against the control.

Run: python bench/detail_swd_parts.py [TEXTURE[=PHOTO] ...]   (needs ../shared beside the repo; 30 s for the six)
Default: bench/quality.py's six with their photos (fitting_photo); PHOTO is a name in ../shared/data/references/color.
detail_swd compares 7x7 high-pass luminance patches of the output with the photo's. Here the output's patches are
split by where their centre lies: within half a texel of one of the seed's strong boundaries ("near") or
further ("away"), and each part is compared with the photo's patches (drawn from a second random stream), for
texturegen at default settings and for DESIGN.md's no-neural control (the photo's own high-pass laid on a
smoothed seed). The "all" columns are detail_swd itself. Away from the edges there are no shapes to keep, so the
gap there is the synthesized grain's own likeness to the photo's.
"""

from __future__ import annotations

import sys

import numpy as np
from peers import control
from quality import KINDS, fitting_photo
from shared_data import BLOCKS, REFS

from texturegen import SynthesisSettings, synthesize
from texturegen.core.png import read_png
from texturegen.quality import metrics


def near_strong_edges(seed: np.ndarray, f: int) -> np.ndarray:
    """(H*f, W*f) bool: pixels within half a texel of one of the seed's strong boundaries."""
    h, w = seed.shape[0] * f, seed.shape[1] * f
    near = np.zeros((h, w), bool)
    reach = f // 2
    strong, _, _ = metrics.split_boundaries(seed)
    for axis, i, j, _step in strong:
        x = ((j if axis == 1 else i) + 1) * f  # the first pixel past the boundary
        across = slice(max(x - reach, 0), x + reach)
        if axis == 1:
            near[i * f : (i + 1) * f, across] = True
        else:
            near[across, j * f : (j + 1) * f] = True
    return near


def parts(out: np.ndarray, ref: np.ndarray, near: np.ndarray) -> tuple[float, float, float]:
    """detail_swd itself, then the same distance for the output's patches near strong edges and away from them."""
    hp = metrics.highpass(metrics.luminance(out))
    photo = metrics.resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    theirs = metrics.patches(metrics.highpass(metrics.luminance(photo)), 7, 4096, np.random.default_rng(1))
    rng = np.random.default_rng(0)
    close, away = (
        metrics.sliced_wasserstein(metrics.patches(hp, 7, 4096, rng, where), theirs) for where in (near, ~near)
    )
    return metrics.detail_swd(out, ref), close, away


def main() -> None:
    """One row per texture: the near share, then all / near / away for texturegen and the control."""
    pairs = [arg.split("=", 1) if "=" in arg else (arg, "") for arg in sys.argv[1:] or KINDS]
    for name, photo in pairs:
        if not (BLOCKS / f"{name}.png").exists() or (photo and not (REFS / f"{photo}.png").exists()):
            sys.exit(f"detail_swd_parts: no such texture or photo: {name}={photo}")
        if not photo and name not in KINDS:
            sys.exit(f"detail_swd_parts: {name} needs a photo (TEXTURE=PHOTO)")
    print("| texture | photo | near share | texturegen all | near | away | control all | near | away |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, photo in pairs:
        photo = photo or fitting_photo(name)
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(REFS / f"{photo}.png")
        near = near_strong_edges(seed, 8)
        ours = parts(synthesize(seed, [ref], SynthesisSettings(scale=8)), ref, near)
        theirs = parts(control(seed, ref, 8), ref, near)
        cells = " | ".join(f"{v:.5f}" for v in (*ours, *theirs))
        print(f"| {name} | {photo} | {near.mean():.2f} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
