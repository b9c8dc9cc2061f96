"""Seconds per texture and peak memory: 16->128 against 124 px and 512 px references, default vs brute force.

Run: python bench/speed.py [--textures N] [--brute] [--only 0 2 3]   (one process per case, so peak RSS is per case)
"""

from __future__ import annotations

import argparse
import ctypes
import json
import resource
import signal
import subprocess
import sys
import time

from shared_data import BLOCKS, REFS, SHARED

REF124 = REFS / "rock_01.png"
REF512 = SHARED / "references" / "gray" / "gravel.png"
NAMES = ["stone", "dirt", "cobblestone", "oak_planks", "gravel", "bricks", "sand", "andesite"]


def _die_with_parent() -> None:
    """Ask Linux to end this child when the bench's parent process dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def case(args: list[str]) -> None:
    """Child: synthesize textures, print per-texture seconds and peak RSS as JSON."""
    _die_with_parent()
    from texturegen import SynthesisSettings, synthesize
    from texturegen.core.png import read_png

    scale, ref, brute, count = int(args[0]), args[1], args[2] == "1", int(args[3])
    s = SynthesisSettings(scale=scale)
    if brute:
        s = s.replace(iterations=100, match_every=1)
    times = []
    for name in NAMES[:count]:
        start = time.monotonic()
        synthesize(read_png(BLOCKS / f"{name}.png"), [read_png(ref)], s)
        times.append(time.monotonic() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "peak_mb": peak}))


def main() -> None:
    """Run each case in its own process and print a markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--textures", type=int, default=6)
    parser.add_argument("--brute", action="store_true", help="also run brute-force settings (slow)")
    parser.add_argument("--only", type=int, nargs="*", help="run only these cases (0-based, in table order)")
    args = parser.parse_args()
    cases = [
        ("16->128, 124 px ref, default", 8, REF124, 0),
        ("16->128, 512 px ref, default", 8, REF512, 0),
        ("16->256, 512 px ref, default", 16, REF512, 0),
    ]
    if args.brute:
        cases += [("16->128, 124 px ref, brute force", 8, REF124, 1)]
    print("| case | textures | first (s, includes tracing) | median of the rest (s) | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    for index, (label, scale, ref, brute) in enumerate(cases):
        if args.only is not None and index not in args.only:
            continue
        n = args.textures if not brute else 2
        out = (
            subprocess.run(
                [sys.executable, __file__, "--case", str(scale), str(ref), str(brute), str(n)],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        res = json.loads(out)
        rest = sorted(res["times"][1:]) or res["times"]
        print(
            f"| {label} | {n} | {res['times'][0]:.1f} | {rest[len(rest) // 2]:.1f} | {res['peak_mb']:.0f} |", flush=True
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--case":
        case(sys.argv[2:])
    else:
        main()
