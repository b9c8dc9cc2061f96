"""How plausible `references: auto`'s picks are on the shared pack: the family a texture's name says against the
family of the photo picked for it, with names and with every name hidden (pixels alone).

    python bench/autopick.py [--count 60] [--library DIR] [--scale 8] [--table]

The sample: the opaque, non-animated 16x16 textures of textures/block whose name names a family, every Nth in
sorted order so that `--count` of them are taken. A pick is plausible when the photo's family is the name's or
a related one (texturegen.library.words.KIN). No synthesis: about 10 s (the library's photos are measured once).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.shared_data import BLOCKS  # noqa: E402
from texturegen.core.png import read_png  # noqa: E402
from texturegen.library.choose import Picker  # noqa: E402
from texturegen.library.photos import SHIPPED, load_library  # noqa: E402
from texturegen.library.words import KIN, family_of  # noqa: E402


def sample(count: int) -> list[Path]:
    """Every Nth opaque 16x16 block texture whose name names a family, `count` of them."""
    found = []
    for path in sorted(BLOCKS.glob("*.png")):
        if family_of(f"minecraft:block/{path.stem}") is None:
            continue
        rgba = read_png(path)
        if rgba.shape[:2] == (16, 16) and bool(np.all(rgba[..., 3] > 0.99)):
            found.append(path)
    step = max(1, len(found) // count)
    return found[::step][:count]


def plausible(said: str | None, picked: tuple[str, ...]) -> bool:
    """One of the picked photo's families (its own, or one it stands for as well) is the name's, or related to it."""
    return said is not None and any(f == said or f in KIN.get(said, ()) for f in picked)


def main() -> int:
    """Pick for the sample with names and without; print counts per family and, with --table, every row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--library", type=Path, default=SHIPPED)
    parser.add_argument("--scale", type=int, default=8)
    parser.add_argument("--table", action="store_true", help="print every texture's row")
    args = parser.parse_args()
    start = time.perf_counter()
    library = load_library(args.library)
    families = {p.name: p.families for p in library.photos}
    picker = Picker(library)
    rows = []
    for i, path in enumerate(sample(args.count)):
        said = family_of(f"minecraft:block/{path.stem}")
        named = picker.pick(f"minecraft:block/{path.stem}", path.read_bytes(), args.scale)
        hidden = picker.pick(f"mod:block/t{i:04d}", path.read_bytes(), args.scale)
        rows.append((path.stem, said, named, families[named.photo], hidden, families[hidden.photo]))
    if args.table:
        print("| texture | name says | picked | family | scale | names hidden: picked | family |")
        print("|---|---|---|---|---|---|---|")
        for stem, said, named, fam, hidden, hfam in rows:
            shown, hshown = "/".join(fam), "/".join(hfam)
            print(f"| {stem} | {said} | {named.photo} | {shown} | {named.scale:g} | {hidden.photo} | {hshown} |")
    total = len(rows)
    same = sum(said in fam for _, said, _, fam, _, _ in rows)
    near = sum(plausible(said, fam) for _, said, _, fam, _, _ in rows)
    hidden_same = sum(said in hfam for _, said, _, _, _, hfam in rows)
    hidden_near = sum(plausible(said, hfam) for _, said, _, _, _, hfam in rows)
    scales = [named.scale for _, _, named, _, _, _ in rows]
    print(f"{total} textures; with names: {same} the name's family, {near} plausible (same or related)")
    print(f"names hidden (pixels alone): {hidden_same} the name's family, {hidden_near} plausible")
    print(f"scale: median {float(np.median(scales)):.2f}, range {min(scales):g}-{max(scales):g}")
    print("by family (name says: sample, names hidden plausible):")
    for said, n in sorted(Counter(said for _, said, *_ in rows).items(), key=lambda kv: str(kv[0])):
        ok = sum(plausible(s, hfam) for _, s, _, _, _, hfam in rows if s == said)
        print(f"  {said}: {n}, {ok}")
    print(f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
