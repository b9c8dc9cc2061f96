"""Quality figures (DESIGN.md) on six real pack textures at x8: texturegen against every peer of bench/peers.py.

Run: python bench/quality.py [--iterations N] [--brute] [--set KEY=VALUE ...]   (needs ../shared beside the repo)
     [--only TEXTURE ...] [--pair TEXTURE=PHOTO ...] [--by-name]   (PHOTO: a name in ../shared/data/references/color)
     [--sheets DIR]   (writes DIR/<texture>.png: nearest, bicubic, xBRZ, both overlays, texturegen, each tiled 2x2
                       at 1:1, the photo, and below them one corner of each zoomed 4x)
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
from goals import KEYS, collect, misses, row, summary, texel_counts, texel_line
from peers import peers as peer_outputs
from peers import shown
from PIL import Image
from shared_data import BLOCKS, REFS

from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.core.images import nearest_up
from texturegen.core.png import read_png

KINDS = {
    "stone": "rock",
    "dirt": "ground",
    "cobblestone": "rock",
    "oak_planks": "planks",
    "gravel": "gravel",
    "bricks": "bricks",
}
BY_NAME = {
    "stone": "rock_01",
    "dirt": "ground_00",
    "cobblestone": "rock_04",
    "oak_planks": "planks_00",
    "gravel": "gravel_00",
    "bricks": "bricks_00",
}
"""The pairing before engine version 5 (`--by-name`): stone, cobblestone and bricks got photos smoother than
their own pixel edges, which no result can meet detail_ratio <= 1.4 against without flattening those edges."""


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


def to_image(rgba: np.ndarray) -> Image.Image:
    """A float RGBA array as an 8-bit PIL image."""
    return Image.fromarray(np.clip(np.rint(rgba * 255), 0, 255).astype(np.uint8), "RGBA")


def save_sheet(path: Path, outputs: list[np.ndarray], photo: np.ndarray) -> None:
    """Write each output tiled 2x2 at 1:1, then the photo; below, each output's corner zoomed 4x."""
    tiles = [to_image(np.tile(out, (2, 2, 1))) for out in outputs] + [to_image(photo)]
    zooms = []
    for out in outputs:
        corner = np.tile(out, (2, 2, 1))[out.shape[0] // 2 : out.shape[0], out.shape[1] // 2 : out.shape[1]]
        zooms.append(to_image(corner).resize((corner.shape[1] * 4, corner.shape[0] * 4), Image.NEAREST))
    gap = 8
    width = max(sum(t.width for t in row) + gap * (len(row) - 1) for row in (tiles, zooms))
    height = max(t.height for t in tiles) + gap + max(z.height for z in zooms)
    sheet = Image.new("RGBA", (width, height), (40, 40, 40, 255))
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + gap
    x, y = 0, max(t.height for t in tiles) + gap
    for zoom in zooms:
        sheet.paste(zoom, (x, y))
        x += zoom.width + gap
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
    print("| texture | method | " + " | ".join(KEYS) + " | s | goals missed |")
    print("|---|---|" + "---|" * (len(KEYS) + 2))
    met = 0
    table: dict[str, dict[str, list[float]]] = {}
    every: list[dict[str, dict[str, float]]] = []
    for name, ref_name in pairs.items():
        if args.only and name not in args.only:
            continue
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(REFS / f"{ref_name}.png")
        start = time.monotonic()
        ours = synthesize(seed, [ref], s)
        took = time.monotonic() - start
        others = peer_outputs(seed, ref, 8)
        figs = {m: metrics.all_figures(o, seed, ref, 8) for m, o in others.items()}
        fig = metrics.all_figures(ours, seed, ref, 8)
        missed = misses(fig, figs)
        every.append({"texturegen": fig, **figs})
        collect(table, every[-1])
        met += not missed
        print(f"| {name} | texturegen | {row(fig)} | {took:.1f} | {', '.join(missed) or '-'} |")
        for method, peer in figs.items():
            print(f"| {name} | {method} | {row(peer)} | | |")
        if args.sheets:
            save_sheet(args.sheets / f"{name}.png", [*shown(others).values(), ours], ref)
        sys.stdout.flush()
    print(f"\nevery goal met: {met} of {len(every)}")
    print(texel_line(texel_counts(every)) + "\n")
    print(summary(table))


if __name__ == "__main__":
    main()
