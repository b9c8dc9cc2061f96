"""Large photos at x8: quality and seconds with reference_scale 1 (photo as it is) against auto (shrunk to a block).

Run: python bench/refscale.py   (needs ../shared beside the repo; the three 512 px CC0 photos of the shared set)
"""

from __future__ import annotations

import time

from goals import KEYS, row
from shared_data import BLOCKS, SHARED

from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.core.png import read_png

GREY = SHARED / "references" / "gray"
PAIRS = {"gravel": "gravel", "bricks": "brick", "grass_block_top": "grass"}


def main() -> None:
    """Print a markdown table of every figure and the seconds per texture and reference_scale."""
    print("| texture | reference_scale | " + " | ".join(KEYS) + " | s |")
    print("|---|---|" + "---|" * (len(KEYS) + 1))
    for name, ref_name in PAIRS.items():
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(GREY / f"{ref_name}.png")
        for mode in (1.0, "auto"):
            start = time.monotonic()
            out = synthesize(seed, [ref], SynthesisSettings(scale=8, reference_scale=mode))
            took = time.monotonic() - start
            fig = metrics.all_figures(out, seed, ref, 8)
            print(f"| {name} | {mode} | {row(fig)} | {took:.1f} |", flush=True)


if __name__ == "__main__":
    main()
