"""Quality figures (DESIGN.md) on six real pack textures at x8: texturegen vs nearest and bicubic.

Run: python bench/quality.py [--iterations N] [--brute] [--set KEY=VALUE ...]   (needs ../shared beside the repo)
     [--only TEXTURE ...] [--pair TEXTURE=PHOTO ...] [--by-name]   (PHOTO: a name in ../shared/data/references/color)
     [--sheets DIR]   (writes DIR/<texture>.png: nearest, bicubic, texturegen, each tiled 2x2, and the photo)
Each texture gets the lowest-numbered photo of its kind at least as detailed as its own pixel edges
(fitting_photo); --pair overrides it.
--brute uses the brute-force yardstick settings (100 evaluations, re-matching at every one).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from PIL import Image

from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.imageio import read_png
from texturegen.synthesis.prepare import nearest_up

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BLOCKS = SHARED / "packs" / "pixel-perfection-1.19.3" / "assets" / "minecraft" / "textures" / "block"
REFS = SHARED / "references" / "color"
KINDS = {"stone": "rock", "dirt": "ground", "cobblestone": "rock", "oak_planks": "planks", "gravel": "gravel",
         "bricks": "bricks"}
BY_NAME = {"stone": "rock_01", "dirt": "ground_00", "cobblestone": "rock_04", "oak_planks": "planks_00",
           "gravel": "gravel_00", "bricks": "bricks_00"}
"""The pairing before engine version 5 (`--by-name`): stone, cobblestone and bricks got photos smoother than
their own pixel edges, which no result can meet detail_ratio <= 1.4 against without flattening those edges."""
KEYS = ("fidelity_db", "grid_ratio", "seam_ratio", "detail_ratio", "offgrid_detail", "detail_swd",
        "structure_swd", "edge_keep")


def figures_row(fig: dict[str, float]) -> str:
    """The KEYS figures as markdown table cells."""
    return " | ".join(f"{fig[k]:.3g}" for k in KEYS)


def seed_detail(seed: np.ndarray, ref: np.ndarray) -> float:
    """detail_ratio of the nearest-neighbour x8 seed against a photo: the seed's own edges' detail."""
    return metrics.detail_ratio(nearest_up(seed, 8), ref)


def fitting_photo(name: str) -> str:
    """The lowest-numbered photo of the texture's kind with at least the seed's own fine detail."""
    seed = read_png(BLOCKS / f"{name}.png")
    for path in sorted(REFS.glob(f"{KINDS[name]}_*.png")):
        if seed_detail(seed, read_png(path)) <= 1.0:
            return path.stem
    raise SystemExit(f"no {KINDS[name]}_*.png photo in {REFS} is as detailed as {name}.png")


def bicubic(seed: np.ndarray, f: int) -> np.ndarray:
    """Bicubic upscale peer."""
    im = to_image(seed)
    return np.asarray(im.resize((im.width * f, im.height * f), Image.BICUBIC), np.float32) / 255


def to_image(rgba: np.ndarray) -> Image.Image:
    """A float RGBA array as an 8-bit PIL image."""
    return Image.fromarray(np.clip(np.rint(rgba * 255), 0, 255).astype(np.uint8), "RGBA")


def save_sheet(path: Path, outputs: list[np.ndarray], photo: np.ndarray) -> None:
    """Write the outputs side by side, each tiled 2x2 so seams and repeats show, then the photo."""
    tiles = [to_image(np.tile(out, (2, 2, 1))) for out in outputs] + [to_image(photo)]
    gap = 8
    sheet = Image.new("RGBA", (sum(t.width for t in tiles) + gap * (len(tiles) - 1), max(t.height for t in tiles)))
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + gap
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def main() -> None:
    """Print a markdown table of every figure per texture and method."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=SynthesisSettings().iterations)
    parser.add_argument("--brute", action="store_true", help="brute-force settings: 100 evaluations, re-match each")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="other synthesis settings")
    parser.add_argument("--only", nargs="*", help="only these textures")
    parser.add_argument("--pair", nargs="*", default=[], metavar="TEXTURE=PHOTO", help="other photos (color/NAME)")
    parser.add_argument("--by-name", action="store_true", help="the pairing before engine version 5")
    parser.add_argument("--sheets", type=Path, help="write a picture per texture into this folder")
    args = parser.parse_args()
    s = SynthesisSettings(scale=8, iterations=args.iterations)
    if args.brute:
        s = s.replace(iterations=100, match_every=1)
    if args.set:
        s = s.replace(**{k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in args.set)})
    chosen = BY_NAME if args.by_name else {name: fitting_photo(name) for name in KINDS}
    pairs = {**chosen, **dict(item.split("=", 1) for item in args.pair)}
    print("photos: " + ", ".join(f"{name}/{photo}" for name, photo in pairs.items()) + "\n")
    print("| texture | method | " + " | ".join(KEYS) + " | s |")
    print("|---|---|" + "---|" * (len(KEYS) + 1))
    for name, ref_name in pairs.items():
        if args.only and name not in args.only:
            continue
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(REFS / f"{ref_name}.png")
        start = time.monotonic()
        ours = synthesize(seed, [ref], s)
        took = time.monotonic() - start
        peers = {"nearest": nearest_up(seed, 8), "bicubic": bicubic(seed, 8)}
        for method, out, secs in (("texturegen", ours, f"{took:.1f}"), *((m, o, "") for m, o in peers.items())):
            fig = metrics.all_figures(out, seed, ref, 8)
            print(f"| {name} | {method} | {figures_row(fig)} | {secs} |")
        if args.sheets:
            save_sheet(args.sheets / f"{name}.png", [*peers.values(), ours], ref)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
