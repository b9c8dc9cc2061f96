"""DESIGN.md's goals on a sample of the pack: which textures meet every one, against the photos a pipeline gives them.

Run: python bench/packcheck.py [--every N] [--config bench/pixel-perfection.yaml]   (needs ../shared beside the repo)
Takes every Nth fully opaque 16x16 block texture of the shared pack (sorted by name), synthesizes it x8 with
its rule's photo and settings, and prints its figures, the goals it misses and the count meeting every goal.
The peers (nearest, bicubic) are scored on the same pair; SWD goals are "below every peer's".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from quality import BLOCKS, bicubic

from texturegen import metrics, synthesize
from texturegen.config import Rule, load_config
from texturegen.globs import matches
from texturegen.imageio import read_png
from texturegen.synthesis.prepare import nearest_up

RANGES = {"grid_ratio": (0.0, 1.3), "seam_ratio": (0.0, 1.2), "detail_ratio": (0.7, 1.4),
          "offgrid_detail": (0.7, 1.4), "edge_keep": (0.7, np.inf), "fidelity_db": (26.0, np.inf)}
"""Goals with fixed bounds (DESIGN.md)."""
BELOW_PEERS = ("detail_swd", "structure_swd")
"""Goals met by scoring below every peer."""


def misses(fig: dict[str, float], peers: list[dict[str, float]]) -> list[str]:
    """Each goal the figures miss, as 'name value' (for the SWDs: 'name value/best peer')."""
    out = [f"{k} {fig[k]:.3g}" for k, (lo, hi) in RANGES.items() if not lo <= fig[k] <= hi]
    for k in BELOW_PEERS:
        best = min(p[k] for p in peers)
        if fig[k] >= best:
            out.append(f"{k} {fig[k]:.3g}/{best:.3g}")
    return out


def sample(every: int) -> list[Path]:
    """Every Nth fully opaque 16x16 block texture of the shared pack."""
    chosen = []
    for path in sorted(BLOCKS.glob("*.png")):
        img = read_png(path)
        if img.shape[:2] == (16, 16) and bool((img[..., 3] > 0.5).all()):
            chosen.append(path)
    return chosen[::every]


def rule_for(name: str, rules: tuple[Rule, ...]) -> Rule | None:
    """The first rule whose glob fits minecraft:block/NAME."""
    return next((r for r in rules if matches(f"minecraft:block/{name}", r.match)), None)


def main() -> None:
    """Print one line per sampled texture and the count meeting every goal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=25, help="take every Nth texture (default 25: 31 textures)")
    parser.add_argument("--config", default=str(Path(__file__).with_name("pixel-perfection.yaml")))
    args = parser.parse_args()
    rules = load_config(args.config).rules
    met = total = 0
    for path in sample(args.every):
        rule = rule_for(path.stem, rules)
        if rule is None:
            continue
        seed, ref = read_png(path), read_png(rule.references[0])
        out = synthesize(seed, [ref], rule.settings.replace(scale=8))
        fig = metrics.all_figures(out, seed, ref, 8)
        peers = [metrics.all_figures(p, seed, ref, 8) for p in (nearest_up(seed, 8), bicubic(seed, 8))]
        missed = misses(fig, peers)
        met, total = met + (not missed), total + 1
        print(f"{path.stem:28s} {rule.references[0].name:16s} fidelity {fig['fidelity_db']:.1f} "
              f"grid {fig['grid_ratio']:.2f} structure_swd {fig['structure_swd']:.4f} edge_keep "
              f"{fig['edge_keep']:.2f}  missed: {', '.join(missed) or '-'}")
        sys.stdout.flush()
    print(f"\nevery goal met: {met} of {total}")


if __name__ == "__main__":
    main()
