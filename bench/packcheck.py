"""DESIGN.md's goals on a sample of the pack: which textures meet every one, against the photos a pipeline gives them.

Run: python bench/packcheck.py [--every N] [--start K] [--config bench/pixel-perfection.yaml]
[--sheets DIR [--sheet-count 12]] [--seed K] [--auto [--hide-names]] [--keep DIR] (needs ../shared beside the repo).
Takes every Nth fully opaque 16x16 block texture of the shared pack (sorted by name, from the Kth; --start 12 gives
a held-out sample the default does not take), synthesizes it x8 with its rule's photo and settings, and prints its
figures, the goals it misses, the count meeting every goal, and the median and worst of every figure for texturegen
and each peer. Every figure is measured against the photo as the synthesis used it, at its scale.
--auto: each texture's photo and scale are `references: auto`'s pick from the shipped library (the rule's other
settings kept); --hide-names: picked by pixels alone, as for a mod whose files say nothing. --keep DIR writes each
result as DIR/<texture>.png and the photos used in DIR/photos.json (for bench/blind.py --candidate).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from goals import cell, collect, misses, summary, texel_counts, texel_line
from peers import peers as peer_outputs
from peers import shown
from PIL import Image
from quality import BLOCKS, save_sheet

from texturegen import metrics, synthesize
from texturegen.core.globs import matches
from texturegen.core.png import read_png, write_png
from texturegen.library.choose import Picker
from texturegen.library.photos import SHIPPED, load_library
from texturegen.pipeline.config import Rule, load_config
from texturegen.synthesis.settings import SynthesisSettings

BLOCK = 16 * 8
"""The output frame's side, which reference_scale `auto` shrinks a larger photo to (synthesis/neural/engine.py)."""


def sample(every: int, start: int = 0) -> list[Path]:
    """Every Nth fully opaque 16x16 block texture of the shared pack, from the Kth (0-based)."""
    chosen = []
    for path in sorted(BLOCKS.glob("*.png")):
        img = read_png(path)
        if img.shape[:2] == (16, 16) and bool((img[..., 3] > 0.5).all()):
            chosen.append(path)
    return chosen[start::every]


def rule_for(name: str, rules: tuple[Rule, ...]) -> Rule | None:
    """The first rule whose glob fits minecraft:block/NAME."""
    return next((r for r in rules if matches(f"minecraft:block/{name}", r.match)), None)


def as_used(ref: np.ndarray, settings: SynthesisSettings) -> np.ndarray:
    """The photo resized as the synthesis resizes it (reference_scale, or `auto`: shrunk to the output frame)."""
    scale = settings.reference_scale
    factor = min(1.0, BLOCK / min(ref.shape[:2])) if scale == "auto" else float(scale)
    if abs(factor - 1.0) < 1e-6:
        return ref
    h, w = max(1, round(ref.shape[0] * factor)), max(1, round(ref.shape[1] * factor))
    img = Image.fromarray((np.clip(ref, 0, 1) * 255).round().astype(np.uint8))
    return np.asarray(img.resize((w, h), Image.Resampling.BICUBIC), np.float32) / 255


def photo_for(
    path: Path, rule: Rule, picker: Picker | None, hide: bool, max_zoom: float = 8.0
) -> tuple[Path, SynthesisSettings]:
    """The photo and settings one texture is synthesized with: its rule's, or the auto pick's photo and scale
    (at most `max_zoom`)."""
    settings = rule.settings.replace(scale=8)
    if picker is None:
        return Path(rule.references[0]), settings
    hidden = hashlib.sha256(path.stem.encode()).hexdigest()[:8]
    texture = f"unnamed:block/t{hidden}" if hide else f"minecraft:block/{path.stem}"
    pick = picker.pick(texture, path.read_bytes(), 8, str(path))
    return picker.library.root / pick.photo, settings.replace(reference_scale=min(pick.scale, max_zoom))


def main() -> None:
    """Print one line per sampled texture, the count meeting every goal, and medians and worst cases."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=25, help="take every Nth texture (default 25: 31 textures)")
    parser.add_argument("--start", type=int, default=0, help="begin at the Kth texture (default 0)")
    parser.add_argument("--config", default=str(Path(__file__).with_name("pixel-perfection.yaml")))
    parser.add_argument("--sheets", type=Path, help="write a picture for the first --sheet-count textures")
    parser.add_argument("--sheet-count", type=int, default=12)
    parser.add_argument("--seed", type=int, help="another random seed for every texture (how much the figures move)")
    parser.add_argument("--auto", action="store_true", help="photos and scales picked from the shipped library")
    parser.add_argument("--hide-names", action="store_true", help="with --auto: pick by pixels alone")
    parser.add_argument("--keep", type=Path, help="write each result as DIR/<texture>.png")
    parser.add_argument("--max-zoom", type=float, default=8.0, help="with --auto: enlarge no photo more than this")
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME", help="only these textures of the sample")
    args = parser.parse_args()
    rules = load_config(args.config).rules
    picker = Picker(load_library(SHIPPED)) if args.auto else None
    used: dict[str, str] = {}
    met = total = 0
    table: dict[str, dict[str, list[float]]] = {}
    every: list[dict[str, dict[str, float]]] = []
    for path in sample(args.every, args.start):
        if args.only and path.stem not in args.only:
            continue
        rule = rule_for(path.stem, rules)
        if rule is None:
            continue
        photo, settings = photo_for(path, rule, picker, args.hide_names, args.max_zoom)
        seed, ref = read_png(path), read_png(photo)
        out = synthesize(seed, [ref], settings if args.seed is None else settings.replace(seed=args.seed))
        ref = as_used(ref, settings)
        used[path.stem] = f"{photo.name} x{settings.reference_scale}"
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            write_png(args.keep / f"{path.stem}.png", out)
        others = peer_outputs(seed, ref, 8)
        figs = {
            "texturegen": metrics.all_figures(out, seed, ref, 8),
            **{m: metrics.all_figures(o, seed, ref, 8) for m, o in others.items()},
        }
        missed = misses(figs["texturegen"], {m: f for m, f in figs.items() if m != "texturegen"})
        every.append(figs)
        collect(table, figs)
        if args.sheets and total < args.sheet_count:
            save_sheet(args.sheets / f"{path.stem}.png", [*shown(others).values(), out], ref)
        met, total = met + (not missed), total + 1
        fig = figs["texturegen"]
        print(
            f"{path.stem:28s} {used[path.stem]:22s} ringing {fig['edge_ringing']:.2f} hold "
            f"{fig['edge_hold']:.2f} weak_grid {fig['weak_grid_ratio']:.2f} texel {cell(fig['texel_realism'])}  "
            f"missed: {', '.join(missed) or '-'}"
        )
        sys.stdout.flush()
    if args.keep:
        (args.keep / "photos.json").write_text(json.dumps(used, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nevery goal met: {met} of {total}")
    print(texel_line(texel_counts(every)) + "\n")
    print(summary(table))


if __name__ == "__main__":
    main()
