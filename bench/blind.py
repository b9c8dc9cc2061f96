"""Blind comparison sheets for a judge who has not seen the code or the figures, and the tally of their rankings.

Write the sheets (needs ../shared beside the repo):
  python bench/blind.py sheets OUT [--start 18] [--every 25] [--config bench/pixel-perfection.yaml]
      [--textures NAME[=PHOTO] ...] [--methods texturegen overlay_2px overlay_texel xbrz nearest]
      [--candidate NAME=DIR ...] [--set KEY=VALUE ...] [--keep DIR] [--shuffle-seed 0]
Textures are packcheck's sample (every Nth fully opaque 16x16 block texture from the Kth, each with its rule's
photo; `--start 18` is its held-out sample of 31) or the --textures list (PHOTO: a name in
../shared/data/references/color; without it the rule's photo). Each sheet OUT/sheet_NN.png shows the pixel art
(nearest-upscaled), the photo, then the candidates in a shuffled order, each labelled only with a letter, tiled 2x2
at 1:1 beside one tile at 2x. Candidates: texturegen (texturegen.synthesize, default settings at x8, --set to
change them), the 2 px overlay, the texel-band overlay, xBRZ (skipped without xbrzscale), nearest, and for each
--candidate NAME=DIR the precomputed DIR/<texture>.png (another engine's results; --keep DIR writes texturegen's
results there for that). The key (OUT/key.json: per sheet, letter -> method, and `same`: the candidates that are one
picture, whose order a judge gives at random and `tally` leaves out of its pairs) is shuffled with a fixed seed, a
different order per sheet; OUT/rankings.txt is the empty template a judge fills. Give the judge only the sheets and
rankings.txt. --no-photo leaves the photo out, for candidates made with different photos (auto picks against a
pipeline's rules). --auto gives every texture the shipped library's pick (photo and reference scale, as
`references: auto` and `texturegen init` do) in place of the rule's photo: texturegen uses it at the pick's scale and
the overlays take the photo resized as the synthesis uses it; key.json records photo and scale per sheet.

Tally a judge's rankings against the key:
  python bench/blind.py tally OUT RANKINGS.txt
Each line of a rankings file is `NN: letters best first`, optionally followed by `ship: letters` (the candidates
the judge would ship as they are), e.g. `03: C A B D  ship: C,A`. Lines starting with # are comments.

How far the judges of several rounds agree, per texture, on one candidate against another (each round as its
folder of key.json and judge_X.txt files, and the candidate's name in that round's key):
  python bench/blind.py agree engine20 docs/blind/engine24=e24nowarp docs/blind/bridge=e24 ...
Printed: each judge's count, and the median share of textures on which two judges put the two the same way round,
beside what their counts alone would give if each judge's choices were coin flips at their own rate.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from pathlib import Path

import numpy as np
import yaml
from packcheck import as_used, photo_for, rule_for, sample
from peers import peers as peer_outputs
from PIL import Image
from quality import BLOCKS, REFS

from texturegen import SynthesisSettings, synthesize
from texturegen.core.png import read_png, write_png
from texturegen.library.choose import Picker
from texturegen.library.photos import SHIPPED, load_library
from texturegen.pipeline.config import load_config
from texturegen.quality.preview import fit, labelled_row, stacked, to_image

MAIN_METHODS = ("texturegen", "overlay_2px", "overlay_texel", "xbrz", "nearest")
SCALE = 8
SIDE = 2 * 16 * SCALE
"""Panel side on a sheet: a 16 px texture at x8 tiled 2x2."""


def shuffled_letters(methods: list[str], sheet: int, shuffle_seed: int = 0) -> dict[str, str]:
    """Letter -> method for one sheet: a permutation fixed by (shuffle_seed, sheet), different across sheets."""
    order = np.random.default_rng([shuffle_seed, sheet]).permutation(len(methods))
    return {chr(ord("A") + k): methods[int(i)] for k, i in enumerate(order)}


def sheet_id(index: int) -> str:
    """The sheet's number as written on it and in the key: 01, 02, ..."""
    return f"{index:02d}"


def template(ids: list[str]) -> str:
    """The empty rankings file for these sheets."""
    head = (
        "# One line per sheet: the letters best first, then optionally 'ship:' and the letters you would ship\n"
        "# in a realistic pack as they are. Example:  03: C A B D  ship: C,A\n"
    )
    return head + "".join(f"{i}: \n" for i in ids)


def parse_rankings(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """Sheet id -> (letters best first, letters the judge would ship); sheets left blank are left out."""
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"(\d+)\s*:(.*)", line)
        if not m:
            continue
        order, *ship = re.split(r"ship\s*:", m.group(2), maxsplit=1, flags=re.IGNORECASE)
        ranked = re.findall(r"[A-Za-z]", order.upper())
        if len(set(ranked)) != len(ranked):
            raise SystemExit(f"sheet {m.group(1)}: a letter is ranked twice: {line!r}")
        shipped = "".join(ship).strip()
        if shipped.lower() in ("none", "-", "nothing"):  # "ship: none" is no candidate, not N, O, N and E
            shipped = ""
        if ranked:
            out[sheet_id(int(m.group(1)))] = (ranked, re.findall(r"[A-Z]", shipped.upper()))
    return out


def tally(key: dict, rankings: dict[str, tuple[list[str], list[str]]]) -> dict[str, dict[str, float]]:
    """Per method: sheets ranked, times ranked first, mean rank (1 = best), times the judge would ship it."""
    stats: dict[str, dict[str, float]] = {}
    ranks: dict[str, list[int]] = {}
    for sid, (ranked, ship) in rankings.items():
        letters = key["sheets"][sid]["letters"]
        unknown = sorted(set(ranked + ship) - set(letters))
        if unknown:
            raise SystemExit(f"sheet {sid}: no candidate {', '.join(unknown)} (it has {', '.join(letters)})")
        for pos, letter in enumerate(ranked, 1):
            method = letters[letter]
            s = stats.setdefault(method, {"ranked": 0, "first": 0, "ship": 0})
            s["ranked"] += 1
            s["first"] += pos == 1
            s["ship"] += letter in ship
            ranks.setdefault(method, []).append(pos)
    for method, s in stats.items():
        s["mean_rank"] = float(np.mean(ranks[method]))
    return stats


def orders(key: dict, rankings: dict[str, tuple[list[str], list[str]]]) -> dict[str, list[str]]:
    """Per sheet, the methods in the judge's order, best first."""
    return {sid: [key["sheets"][sid]["letters"][c] for c in ranked] for sid, (ranked, _) in rankings.items()}


def alike(key: dict) -> dict[str, list[set[str]]]:
    """Per sheet, the groups of its methods that are the same picture (key.json's `same`, written by `sheets`)."""
    return {sid: [set(group) for group in sheet.get("same", [])] for sid, sheet in key["sheets"].items()}


def differ(same: dict[str, list[set[str]]], sid: str, a: str, b: str) -> bool:
    """Whether methods a and b are different pictures on a sheet (a judge's order between like ones is arbitrary)."""
    return not any({a, b} <= group for group in same.get(sid, []))


def compared(order: dict[str, list[str]], a: str, b: str, same: dict[str, list[set[str]]] | None = None) -> list[str]:
    """The sheets that show methods a and b as different pictures."""
    same = same or {}
    return [sid for sid, o in order.items() if a in o and b in o and differ(same, sid, a, b)]


def above(order: dict[str, list[str]], a: str, b: str, same: dict[str, list[set[str]]] | None = None) -> int:
    """On how many sheets the judge put method a above method b, leaving out the sheets where both are one picture."""
    return sum(order[sid].index(a) < order[sid].index(b) for sid in compared(order, a, b, same))


def first_among(order: dict[str, list[str]], pool: list[str]) -> dict[str, int]:
    """Per method of `pool`, how often it comes first once every other method is left out of the judge's order
    (a ranking of more candidates holds the ranking of any subset of them)."""
    firsts = dict.fromkeys(pool, 0)
    for o in order.values():
        kept = [m for m in o if m in pool]
        if kept:
            firsts[kept[0]] += 1
    return firsts


def pairs_report(order: dict[str, list[str]], among: list[str], same: dict[str, list[set[str]]] | None = None) -> str:
    """The table of how often each method was put above each other where the two are different pictures (of how
    many such sheets), and the firsts within `among`."""
    methods = sorted({m for o in order.values() for m in o})
    lines = ["", "| above -> | " + " | ".join(methods) + " |", "|---" * (len(methods) + 1) + "|"]
    for a in methods:
        cells = [
            "-" if a == b else f"{above(order, a, b, same)} of {len(compared(order, a, b, same))}" for b in methods
        ]
        lines.append(f"| {a} | " + " | ".join(cells) + " |")
    if among:
        unknown = sorted(set(among) - set(methods))
        if unknown:
            raise SystemExit(f"--among: no method {', '.join(unknown)} (there are {', '.join(methods)})")
        firsts = first_among(order, among)
        lines += ["", f"first among {', '.join(among)}: " + ", ".join(f"{m} {n}" for m, n in firsts.items())]
    return "\n".join(lines)


def preferences(rounds: list[tuple[Path, str]], other: str) -> dict[str, dict[str, bool]]:
    """Per judge (judge_X.txt in each round's folder), per texture: was the round's candidate above `other`."""
    found: dict[str, dict[str, bool]] = {}
    for folder, name in rounds:
        key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
        same = alike(key)
        for path in sorted(folder.glob("judge_*.txt")):
            order = orders(key, parse_rankings(path.read_text(encoding="utf-8")))
            found[path.stem.removeprefix("judge_")] = {
                key["sheets"][sid]["texture"]: order[sid].index(name) < order[sid].index(other)
                for sid in compared(order, name, other, same)
            }
    return found


def agreement_report(prefs: dict[str, dict[str, bool]]) -> str:
    """Each judge's count, and how often two judges agree per texture against what their counts alone give."""
    lines = [f"{j}: above on {sum(p.values())} of {len(p)}" for j, p in sorted(prefs.items())]
    seen, chance = [], []
    for a, b in itertools.combinations(sorted(prefs), 2):
        both = sorted(set(prefs[a]) & set(prefs[b]))
        if not both:
            continue
        seen.append(np.mean([prefs[a][t] == prefs[b][t] for t in both]))
        ra, rb = (np.mean([prefs[j][t] for t in both]) for j in (a, b))
        chance.append(ra * rb + (1 - ra) * (1 - rb))
    if seen:
        lines.append(
            f"{len(seen)} pairs of judges agree on a texture's order: median {np.median(seen):.2f} "
            f"(range {min(seen):.2f}-{max(seen):.2f}); their counts alone, as coin flips, give {np.median(chance):.2f}"
        )
    return "\n".join(lines)


def tally_report(key: dict, rankings: dict[str, tuple[list[str], list[str]]]) -> str:
    """The verdict per sheet (methods best first, what the judge would ship) and the table per method."""
    lines = []
    for sid in sorted(rankings):
        ranked, ship = rankings[sid]
        sheet = key["sheets"][sid]
        names = [sheet["letters"][c] for c in ranked]
        shipped = ", ".join(sheet["letters"][c] for c in ship) or "none"
        lines.append(f"{sid} {sheet['texture']}: {' > '.join(names)}; would ship: {shipped}")
    stats = tally(key, rankings)
    lines += ["", f"{len(rankings)} of {len(key['sheets'])} sheets ranked", ""]
    lines += ["| method | ranked | first | mean rank | would ship |", "|---|---|---|---|---|"]
    for method, s in sorted(stats.items(), key=lambda kv: (kv[1]["mean_rank"], kv[0])):
        lines.append(f"| {method} | {s['ranked']:.0f} | {s['first']:.0f} | {s['mean_rank']:.2f} | {s['ship']:.0f} |")
    return "\n".join(lines)


def candidate_images(
    seed: np.ndarray,
    ref: np.ndarray,
    name: str,
    methods: list[str],
    extra: dict[str, Path],
    settings: SynthesisSettings,
) -> dict[str, np.ndarray]:
    """Each named method's x8 result for one texture (xBRZ left out where xbrzscale is missing); the overlays take
    the photo as the synthesis uses it (at the settings' reference_scale)."""
    # at `auto` the overlays keep the photo as it is, as every recorded round's sheets had it (to the byte)
    used = ref if settings.reference_scale == "auto" else as_used(ref, settings)
    outs = {m: o for m, o in peer_outputs(seed, used, SCALE).items() if m in methods}
    if "texturegen" in methods:
        outs["texturegen"] = synthesize(seed, [ref], settings)
    for label, folder in extra.items():
        path = folder / f"{name}.png"
        if not path.is_file():
            raise SystemExit(f"--candidate {label}: no {path}")
        outs[label] = read_png(path)
    return {m: outs[m] for m in [*methods, *extra] if m in outs}


def draw_sheet(
    sid: str, name: str, seed: np.ndarray, ref: np.ndarray | None, shown: dict[str, np.ndarray]
) -> Image.Image:
    """The pixel art and the photo (if any), then each candidate (letter -> image) tiled 2x2 at 1:1 beside a tile
    at 2x."""
    if ref is None:
        rows = [labelled_row(f"{sid} {name}: pixel art", [fit(seed, SIDE, True)])]
    else:
        rows = [labelled_row(f"{sid} {name}: pixel art, photo", [fit(seed, SIDE, True), fit(ref, SIDE, False)])]
    for letter, img in shown.items():
        tiled = to_image(np.tile(img, (2, 2, 1)))
        zoom = to_image(img).resize((2 * img.shape[1], 2 * img.shape[0]), Image.Resampling.NEAREST)
        rows.append(labelled_row(letter, [tiled, zoom]))
    return stacked(rows)


def textures(args: argparse.Namespace) -> list[tuple[str, Path, Path, float | None]]:
    """(name, seed path, photo path, reference scale or None for the settings' own) for each texture: the --textures
    list or packcheck's sample, with the rule's photo, the named one, or (--auto) the library's pick."""
    rules = load_config(args.config).rules
    chosen = [item.partition("=") for item in args.textures] if args.textures else []
    paths = [(BLOCKS / f"{n}.png", p) for n, _, p in chosen] or [(p, "") for p in sample(args.every, args.start)]
    picker = Picker(load_library(SHIPPED)) if args.auto else None
    out: list[tuple[str, Path, Path, float | None]] = []
    for path, photo in paths:
        rule = rule_for(path.stem, rules)
        if picker is not None and rule is not None:
            pick_path, picked = photo_for(path, rule, picker, False)
            out.append((path.stem, path, pick_path, float(picked.reference_scale)))
        elif photo:
            out.append((path.stem, path, REFS / f"{photo}.png", None))
        elif rule is not None:
            out.append((path.stem, path, Path(rule.references[0]), None))
        elif args.textures:
            raise SystemExit(f"{path.stem}: no rule of {args.config} fits it; name a photo (NAME=PHOTO)")
    return out


def same_pictures(outs: dict[str, np.ndarray]) -> list[list[str]]:
    """Groups (two or more) of candidates that are the same picture: no pixel differs by a level of 255 or more."""
    groups: list[list[str]] = []
    for method in sorted(outs):
        for group in groups:
            first = outs[group[0]]
            if first.shape == outs[method].shape and float(np.abs(first - outs[method]).max()) < 1 / 255:
                group.append(method)
                break
        else:
            groups.append([method])
    return [g for g in groups if len(g) > 1]


def write_sheets(args: argparse.Namespace) -> None:
    """Write the sheets, key.json and rankings.txt into args.out."""
    extra = {k: Path(v) for k, _, v in (item.partition("=") for item in args.candidate)}
    methods = [m for m in args.methods if m not in extra]
    settings = SynthesisSettings(scale=SCALE)
    if args.set:
        settings = settings.replace(**{k: yaml.safe_load(v) for k, _, v in (s.partition("=") for s in args.set)})
    args.out.mkdir(parents=True, exist_ok=True)
    key: dict = {"shuffle_seed": args.shuffle_seed, "settings": args.set, "sheets": {}}
    chosen = textures(args)
    for index, (name, seed_path, photo_path, zoom) in enumerate(chosen, 1):
        seed, ref = read_png(seed_path), read_png(photo_path)
        used = settings if zoom is None else settings.replace(reference_scale=zoom)
        outs = candidate_images(seed, ref, name, methods, extra, used)
        if args.keep and "texturegen" in outs:
            args.keep.mkdir(parents=True, exist_ok=True)
            write_png(args.keep / f"{name}.png", outs["texturegen"])
        letters = shuffled_letters(list(outs), index, args.shuffle_seed)
        sid = sheet_id(index)
        shown = {letter: outs[m] for letter, m in letters.items()}
        draw_sheet(sid, name, seed, None if args.no_photo else ref, shown).save(args.out / f"sheet_{sid}.png")
        key["sheets"][sid] = {"texture": name, "photo": photo_path.name, "letters": letters}
        if zoom is not None:
            key["sheets"][sid]["scale"] = zoom
        groups = same_pictures(outs)
        if groups:
            key["sheets"][sid]["same"] = groups
        at = "" if zoom is None else f" x{zoom:g}"
        print(f"sheet {sid}: {name} / {photo_path.name}{at}, {len(letters)} candidates", flush=True)
    (args.out / "key.json").write_text(json.dumps(key, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    rankings = args.out / "rankings.txt"
    rankings.write_text(template([sheet_id(i) for i in range(1, len(chosen) + 1)]), encoding="utf-8")
    print(f"{len(chosen)} sheets in {args.out}; give the judge the sheets and {rankings.name}, not key.json")


def main(argv: list[str] | None = None) -> None:
    """`sheets OUT ...`, `tally OUT RANKINGS.txt [--among METHOD ...]` or `agree OTHER DIR=NAME ...`."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("sheets", help="write unlabeled shuffled sheets, key.json and rankings.txt")
    make.add_argument("out", type=Path)
    make.add_argument("--every", type=int, default=25, help="packcheck's sample: every Nth texture (default 25)")
    make.add_argument("--start", type=int, default=0, help="packcheck's sample: from the Kth (18: held out)")
    make.add_argument("--config", default=str(Path(__file__).with_name("pixel-perfection.yaml")))
    make.add_argument("--textures", nargs="*", default=[], metavar="NAME[=PHOTO]", help="these textures instead")
    make.add_argument("--methods", nargs="*", default=list(MAIN_METHODS), choices=MAIN_METHODS)
    make.add_argument("--candidate", nargs="*", default=[], metavar="NAME=DIR", help="precomputed DIR/<texture>.png")
    make.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="texturegen's settings")
    make.add_argument("--keep", type=Path, help="write texturegen's results here as <texture>.png")
    make.add_argument("--shuffle-seed", type=int, default=0)
    make.add_argument("--no-photo", action="store_true", help="leave the photo out (candidates used different ones)")
    make.add_argument("--auto", action="store_true", help="the shipped library's pick per texture, photo and scale")
    count = sub.add_parser("tally", help="tally a rankings file against OUT/key.json")
    count.add_argument("out", type=Path)
    count.add_argument("rankings", type=Path)
    count.add_argument("--among", nargs="*", default=[], metavar="METHOD", help="firsts within these methods only")
    agree = sub.add_parser("agree", help="how far the judges of several rounds agree on one candidate against another")
    agree.add_argument("other", help="the method it is compared with, e.g. engine20")
    agree.add_argument("rounds", nargs="+", metavar="DIR=NAME", help="a round's folder and its candidate's name there")
    args = parser.parse_args(argv)
    if args.command == "agree":
        pairs = [(Path(r.rsplit("=", 1)[0]), r.rsplit("=", 1)[1]) for r in args.rounds if "=" in r]
        if len(pairs) != len(args.rounds):
            raise SystemExit("agree: give each round as DIR=NAME")
        print(agreement_report(preferences(pairs, args.other)))
    elif args.command == "tally":
        key = json.loads((args.out / "key.json").read_text(encoding="utf-8"))
        rankings = parse_rankings(args.rankings.read_text(encoding="utf-8"))
        print(tally_report(key, rankings))
        print(pairs_report(orders(key, rankings), args.among, alike(key)))
    else:
        write_sheets(args)


if __name__ == "__main__":
    main()
