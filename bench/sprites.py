"""`smooth` against xBRZ and nearest on item sprites: blind sheets, alpha checks and time.

    python bench/sprites.py sheets OUT [--count 40] [--shuffle-seed 0] [--folders particle mob_effect ... | --standing]
    python bench/blind.py tally OUT RANKINGS.txt

The sample: the first `--count` 16x16 item textures of the shared Pixel Perfection pack in sorted order that are not
animated (no .mcmeta); with `--folders`, `--count` textures spread evenly over those folders of textures/ (every Nth
in sorted order of each, not animated, no side over 64 texels); with `--standing`, every Nth block texture an auto rule
redraws as a standing sprite (a flower, a torch, a rail: over 25 % transparent and at least 65 % of its edge; not the
pack's `_e`/`_s`/`_n` layers), each
candidate drawn as the game draws a cutout (alpha binary: `smooth` traced as a cutout, xBRZ's alpha cut at one
half). Each sheet OUT/sheet_NN.png shows the pixel art,
then each candidate, labelled only with a letter in a shuffled order, at 1:1 and at 2x over the inventory slot's
grey (as a pack maker sees items). The key (OUT/key.json) and the empty rankings file follow bench/blind.py's
format, so its `tally` reads them. Printed: per candidate, the partly transparent pixels per sprite whose art's
alpha is binary (an anti-aliased outline has about one per outline pixel), and the seconds per sprite. Needs
../shared beside the repository and `xbrzscale` (apt-get install xbrzscale) for xBRZ.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from blind import sheet_id, shuffled_letters, template  # noqa: E402
from peers import xbrz  # noqa: E402
from shared_data import PACK  # noqa: E402

from texturegen.core.images import nearest_up  # noqa: E402
from texturegen.core.png import read_png  # noqa: E402
from texturegen.pipeline.autopick import stands, transparent_share  # noqa: E402
from texturegen.quality.preview import labelled_row, stacked  # noqa: E402
from texturegen.synthesis.sprite import edge_share, is_binary, smooth_sprite  # noqa: E402

ITEMS = PACK / "assets" / "minecraft" / "textures" / "item"
SCALE = 8
SLOT = (139, 139, 139)
"""The inventory slot's grey, behind every sprite on a sheet."""


def sample(count: int) -> list[Path]:
    """The first `count` 16x16 item textures in sorted order without a .mcmeta (not animated)."""
    found = []
    for path in sorted(ITEMS.glob("*.png")):
        if path.with_name(path.name + ".mcmeta").exists():
            continue
        with Image.open(path) as im:
            if im.size == (16, 16):
                found.append(path)
        if len(found) == count:
            break
    return found


def _still(folder: str) -> list[Path]:
    """The textures of a folder of textures/ in sorted order that are not animated and have no side over 64 texels
    (the sprites `smooth` traces)."""
    found = []
    for path in sorted((ITEMS.parent / folder).glob("*.png")):
        if path.with_name(path.name + ".mcmeta").exists():
            continue
        with Image.open(path) as im:
            if max(im.size) <= 64:
                found.append(path)
    return found


def spread(folders: list[str], count: int) -> list[Path]:
    """About `count` textures, an even share from each folder of textures/: every Nth of its _still ones."""
    found = []
    for i, folder in enumerate(folders):
        share = count // len(folders) + (i < count % len(folders))
        usable = _still(folder)
        found += usable[:: max(1, len(usable) // max(share, 1))][:share]
    return found


LAYERS = ("_e", "_s", "_n")
"""Suffixes of the pack's emissive, specular and normal layers, left out of the standing sample (not seen as drawn)."""


def standing(count: int) -> list[Path]:
    """Every Nth _still block texture that stands in its frame (no emissive, specular or normal layer), `count` of
    them."""
    usable = []
    for path in _still("block"):
        if not path.stem.endswith(LAYERS):
            rgba = read_png(path)
            if stands(transparent_share(rgba), edge_share(rgba)):
                usable.append(path)
    return usable[:: max(1, len(usable) // count)][:count]


def candidates(seed: np.ndarray, smooth: np.ndarray, cutout: bool = False) -> dict[str, np.ndarray]:
    """Each candidate's x8 sprite: `smooth` (smooth_sprite's, timed by the caller), xBRZ (when xbrzscale is found),
    nearest; a `cutout`'s alpha binary."""
    outs = {"smooth": smooth, "nearest": nearest_up(seed, SCALE)}
    big = xbrz(seed, wrap=False)
    if big is not None:
        outs["xbrz"] = big if not cutout else np.dstack([big[..., :3], (big[..., 3] >= 0.5).astype(big.dtype)])
    return outs


def on_slot(img: np.ndarray, zoom: int) -> Image.Image:
    """The sprite composited over the slot grey, enlarged `zoom` x by nearest-neighbour."""
    alpha = img[..., 3:4]
    rgb = img[..., :3] * alpha + np.array(SLOT) / 255 * (1 - alpha)
    out = Image.fromarray((np.clip(rgb, 0, 1) * 255).round().astype(np.uint8)).convert("RGBA")
    return out.resize((out.width * zoom, out.height * zoom), Image.Resampling.NEAREST) if zoom > 1 else out


def draw_sheet(sid: str, name: str, seed: np.ndarray, shown: dict[str, np.ndarray]) -> Image.Image:
    """The pixel art, then each candidate (letter -> image) at 1:1 beside the same at 2x."""
    rows = [labelled_row(f"{sid} {name}: pixel art", [on_slot(seed, SCALE)])]
    rows += [labelled_row(letter, [on_slot(img, 1), on_slot(img, 2)]) for letter, img in shown.items()]
    return stacked(rows)


def write_sheets(
    out: Path, count: int, shuffle_seed: int, folders: list[str] | None = None, cutouts: bool = False
) -> None:
    """Sheets, key and rankings template; print the alpha check and the time per candidate."""
    out.mkdir(parents=True, exist_ok=True)
    key: dict = {"shuffle_seed": shuffle_seed, "sheets": {}}
    binary: dict[str, int] = {}
    seconds: dict[str, float] = {}
    paths = standing(count) if cutouts else spread(folders, count) if folders else sample(count)
    for i, path in enumerate(paths, 1):
        seed = read_png(path)
        start = time.perf_counter()
        smooth = smooth_sprite(seed, SCALE, wrap=cutouts, cutout=cutouts)
        seconds["smooth"] = seconds.get("smooth", 0.0) + time.perf_counter() - start
        outs = candidates(seed, smooth, cutouts)
        if is_binary(seed[..., 3]):
            for method, img in outs.items():
                binary[method] = binary.get(method, 0) + int(((img[..., 3] > 0) & (img[..., 3] < 1)).sum())
            binary["art"] = binary.get("art", 0) + 1
        sid = sheet_id(i)
        letters = shuffled_letters(sorted(outs), i, shuffle_seed)
        name = path.stem if not (folders or cutouts) else f"{path.parent.name}/{path.stem}"
        draw_sheet(sid, name, seed, {k: outs[m] for k, m in letters.items()}).save(out / f"sheet_{sid}.png")
        key["sheets"][sid] = {"texture": name, "letters": letters}
        print(f"{sid} {path.stem}", flush=True)
    (out / "key.json").write_text(json.dumps(key, indent=1, sort_keys=True) + "\n")
    (out / "rankings.txt").write_text(template(sorted(key["sheets"])))
    art = binary.pop("art", 0)
    kept = ", ".join(f"{m} {n / max(art, 1):.0f}" for m, n in sorted(binary.items()))
    print(f"partly transparent pixels per sprite whose art's alpha is binary ({art} sprites): {kept}")
    print(f"smooth: {seconds.get('smooth', 0.0) / max(len(paths), 1):.2f} s per sprite at x{SCALE}")


def main() -> None:
    """Parse the command line and write the sheets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sheets = sub.add_parser("sheets", help="write blind sheets, the key and an empty rankings file")
    sheets.add_argument("out", type=Path)
    sheets.add_argument("--count", type=int, default=40)
    sheets.add_argument("--shuffle-seed", type=int, default=0)
    sheets.add_argument("--folders", nargs="*", help="folders of textures/ to sample instead of the items")
    sheets.add_argument("--standing", action="store_true", help="block textures that stand in their frame, as cutouts")
    args = parser.parse_args()
    write_sheets(args.out, args.count, args.shuffle_seed, args.folders, args.standing)


if __name__ == "__main__":
    main()
