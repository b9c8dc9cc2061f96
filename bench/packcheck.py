"""DESIGN.md's goals on a sample of the pack: which textures meet every one, against the photos a pipeline gives them.

Run: python bench/packcheck.py [--every N] [--start K] [--config bench/pixel-perfection.yaml]
[--sheets DIR [--sheet-count 12]] [--seed K] (needs ../shared beside the repo). Takes every Nth fully opaque 16x16 block
texture of the shared pack (sorted by name, from the Kth; --start 12 gives a held-out sample the default does not
take), synthesizes it x8 with its rule's photo and settings, and prints its figures, the goals it misses, the
count meeting every goal, and the median and worst of every figure for texturegen and each peer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from goals import cell, collect, misses, summary, texel_counts, texel_line
from peers import peers as peer_outputs
from peers import shown
from quality import BLOCKS, save_sheet

from texturegen import metrics, synthesize
from texturegen.core.globs import matches
from texturegen.core.png import read_png
from texturegen.pipeline.config import Rule, load_config


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


def main() -> None:
    """Print one line per sampled texture, the count meeting every goal, and medians and worst cases."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=25, help="take every Nth texture (default 25: 31 textures)")
    parser.add_argument("--start", type=int, default=0, help="begin at the Kth texture (default 0)")
    parser.add_argument("--config", default=str(Path(__file__).with_name("pixel-perfection.yaml")))
    parser.add_argument("--sheets", type=Path, help="write a picture for the first --sheet-count textures")
    parser.add_argument("--sheet-count", type=int, default=12)
    parser.add_argument("--seed", type=int, help="another random seed for every texture (how much the figures move)")
    args = parser.parse_args()
    rules = load_config(args.config).rules
    met = total = 0
    table: dict[str, dict[str, list[float]]] = {}
    every: list[dict[str, dict[str, float]]] = []
    for path in sample(args.every, args.start):
        rule = rule_for(path.stem, rules)
        if rule is None:
            continue
        seed, ref = read_png(path), read_png(rule.references[0])
        settings = rule.settings.replace(scale=8)
        out = synthesize(seed, [ref], settings if args.seed is None else settings.replace(seed=args.seed))
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
            f"{path.stem:28s} {rule.references[0].name:16s} ringing {fig['edge_ringing']:.2f} hold "
            f"{fig['edge_hold']:.2f} weak_grid {fig['weak_grid_ratio']:.2f} texel {cell(fig['texel_realism'])}  "
            f"missed: {', '.join(missed) or '-'}"
        )
        sys.stdout.flush()
    print(f"\nevery goal met: {met} of {total}")
    print(texel_line(texel_counts(every)) + "\n")
    print(summary(table))


if __name__ == "__main__":
    main()
