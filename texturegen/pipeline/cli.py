"""The command line: `synth`, `compare`, `classify`, `check`, `init`, `build`, `cache`, `cluster`, `worker`."""

from __future__ import annotations

import argparse
import ast
import functools
import inspect
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from texturegen.core.atomic import atomic_write
from texturegen.core.errors import ConfigError, TexturegenError
from texturegen.pipeline import cache_command
from texturegen.remote import cluster
from texturegen.synthesis.settings import (
    COLOURS,
    FIELDS,
    NETWORKS,
    SCALES,
    TILINGS,
    SynthesisSettings,
    settings_from_mapping,
)

if TYPE_CHECKING:
    from texturegen.pipeline.plan import Plan


def _synth_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen synth` (the contract in DESIGN.md)."""
    _file_command(
        sub,
        "synth",
        "synthesize one texture from a pixel-art seed and photo references",
        ("pixel-art PNG (a strip of square frames is animated)", "photo reference; repeat to pool several"),
        "output PNG",
    )


def _compare_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen compare`: one seed, each photo on its own (or the library's best), one picture."""
    p = _file_command(
        sub,
        "compare",
        "synthesize one texture against each of several photos and draw the results side by side",
        ("pixel-art PNG", "a candidate photo; repeat for each (or give --auto)"),
        "output PNG: per photo the photo, the result tiled 2x2, a corner at 4x",
    )
    p.add_argument(
        "--auto",
        nargs="?",
        const=3,
        type=int,
        metavar="N",
        help="instead of --reference: the library's N best picks for the seed (default 3), each at its own scale",
    )
    p.add_argument("--library", metavar="DIR", help="with --auto: a folder of photos (default the shipped library)")
    p.add_argument(
        "--texture",
        metavar="NS:PATH",
        help="with --auto: the texture's id, whose words count in the pick (default from the seed's path)",
    )


def _file_command(
    sub: argparse._SubParsersAction, name: str, what: str, inputs: tuple[str, str], out: str
) -> argparse.ArgumentParser:
    """A command that reads a seed and photos and writes one PNG, with every synthesis setting."""
    p = sub.add_parser(name, help=what)
    p.add_argument("seed", help=inputs[0])
    p.add_argument("--reference", action="append", required=name == "synth", metavar="REF.png", help=inputs[1])
    p.add_argument("--out", required=True, help=out)
    _settings_arguments(p)
    return p


FLAGS = {"seed": "--random-seed"}
"""Settings whose option is not `--<name-with-dashes>` (the seed PNG is the command's first argument)."""
CHOICES = {"network": NETWORKS, "tiling": TILINGS, "colour": COLOURS}
PREFIX = "setting_"
"""Where argparse keeps a setting given on the command line (`args.setting_variety`); unset ones are absent."""


def _settings_arguments(p: argparse.ArgumentParser) -> None:
    """One option per synthesis setting, made from SynthesisSettings' own fields and their documented ranges."""
    docs = setting_docs()
    for name, spec in FIELDS.items():
        options: dict[str, Any] = {"dest": PREFIX + name, "default": argparse.SUPPRESS, "help": docs[name]}
        if spec.type == "bool":
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["type"], metavar = PARSERS[str(spec.type)]
            options["choices"] = CHOICES.get(name)
            options["metavar"] = None if name in CHOICES else metavar
        p.add_argument(FLAGS.get(name, "--" + name.replace("_", "-")), **options)
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


@functools.cache
def setting_docs() -> dict[str, str]:
    """Each setting's docstring in settings.py (its effect, range and default), as one line of help."""
    tree = ast.parse(inspect.getsource(SynthesisSettings))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, after in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            docs[getattr(node.target, "id", "")] = " ".join(str(after.value.value).split()).replace("%", "%%")
    return docs


def _ref_scale(text: str) -> float | str:
    """Parse --reference-scale: `auto` or a number (its range is checked by the settings)."""
    if text == "auto":
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be auto or a number, got {text!r}") from None


PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "int": (int, "N"),
    "float": (float, "X"),
    "str": (str, "NAME"),
    "str | None": (str, "FILE"),
    "float | str": (_ref_scale, "auto|X"),
    "tuple[str, ...]": (lambda text: tuple(t.strip() for t in text.split(",")), "A,B"),
}
"""How a command-line word becomes each type of setting, and its placeholder (the settings check the ranges)."""


def _settings(args: argparse.Namespace) -> SynthesisSettings:
    """The settings the command line asks for; the others keep their defaults (SettingError past a range)."""
    given = {name: getattr(args, PREFIX + name) for name in FIELDS if hasattr(args, PREFIX + name)}
    return settings_from_mapping(given, where="command line")


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    """Progress lines, or nothing with --quiet."""
    return (lambda m: None) if args.quiet else (lambda m: print(f"  {m}", flush=True))


def _synth(args: argparse.Namespace) -> int:
    """Run one synthesis."""
    from texturegen.api import synthesize_file

    return _write(args, synthesize_file, "")


def _compare(args: argparse.Namespace) -> int:
    """Synthesize one seed against each photo (given, or the library's best picks) and write the picture."""
    from texturegen.api import compare_file

    if args.auto is None:
        if not args.reference:
            raise ConfigError("compare: give --reference REF.png (one or more) or --auto")
        return _write(args, compare_file, f"{len(args.reference)} photos, ")
    if args.reference:
        raise ConfigError("compare: --auto picks the photos; leave out --reference")
    picks = _auto_picks(args)

    def make(seed: str, _refs: object, out: str, settings: SynthesisSettings, say: Callable[[str], None]) -> None:
        compare_file(seed, [p for p, _, _ in picks], out, settings, say, [(s, label) for _, s, label in picks])

    return _write(args, make, f"{len(picks)} picks, ")


def _auto_picks(args: argparse.Namespace) -> list[tuple[Path, float, str]]:
    """The library's args.auto best photos for the seed: (path, scale, label naming its score), best first."""
    from texturegen.library.choose import Picker
    from texturegen.library.photos import SHIPPED, load_library

    if args.auto < 1:
        raise ConfigError(f"compare: --auto must be at least 1, got {args.auto}")
    library = load_library(Path(args.library) if args.library else SHIPPED)
    seed = Path(args.seed)
    try:
        data = seed.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{seed}: cannot read the seed ({exc.strerror or exc})") from None
    texture = args.texture or _texture_of(seed)
    ranked = Picker(library).candidates(texture, data, _settings(args).scale, str(seed))[: args.auto]
    return [(library.root / c.photo, c.scale, f"{c.photo} x{c.scale:g}  score {c.score:.2f}") for c in ranked]


def _texture_of(seed: Path) -> str:
    """The seed's texture id from its path inside a pack (`.../assets/NS/textures/...`), else its file name."""
    from texturegen.pack.resourcepack import texture_id

    parts = seed.resolve().as_posix().split("/")
    starts = [i for i, part in enumerate(parts) if part == "assets"]
    found = texture_id("/".join(parts[starts[-1] :])) if starts else None
    return found or f"file:{seed.stem}"


def _write(args: argparse.Namespace, make: Callable[..., None], detail: str) -> int:
    """Run `make(seed, references, out, settings, progress)` and say what it wrote and how long it took."""
    start = time.monotonic()
    make(args.seed, args.reference, args.out, _settings(args), _say(args))
    if not args.quiet:
        print(f"wrote {args.out} ({detail}{time.monotonic() - start:.1f} s)")
    return 0


def _classify(args: argparse.Namespace) -> int:
    """Print what the pipeline does with each file of the configured pack."""
    from texturegen.pipeline.plan import load_plan

    plan = load_plan(args.config, prepare_output=False)
    counts: dict[str, int] = {}
    for e in plan.entries:
        counts[e.action] = counts.get(e.action, 0) + 1
        if args.all or e.action == "synth":
            tint = " (tinted)" if e.tinted else ""
            print(f"{e.action:8} {e.rel}  [{e.reason}]{tint}{_pick_note(plan, e.rel)}")
    print(", ".join(f"{n} {a}" for a, n in sorted(counts.items())))
    nameless = sorted(rel for rel, pick in plan.picks.chosen.items() if pick.family is None)
    if nameless:
        shown = ", ".join(Path(r).stem for r in nameless[:6]) + (", ..." if len(nameless) > 6 else "")
        print(
            f"{len(nameless)} of {len(plan.picks.chosen)} auto picks by the pixels alone, no material named in the "
            f"path ({shown}): see each with texturegen compare SEED --auto, or give them a rule"
        )
    for w in plan.warnings:
        print(f"Warning: {w}", file=sys.stderr)
    return 0


def _pick_note(plan: Plan, rel: str) -> str:
    """`  photo: PATH scale S [...] runner-up ...` for a texture of an auto rule, else nothing."""
    picks = plan.picks
    if rel in picks.chosen:
        assert picks.library is not None
        return f"  photo: {picks.chosen[rel].line(picks.library.root)}"
    if rel in picks.failed:
        return f"  photo: none ({picks.failed[rel]})"
    return ""


INIT = """\
# texturegen pipeline for {name}, written by `texturegen init`. Build it with `texturegen build --config {config}`.
# Paths are relative to this file. Every key is described in the README ("pipeline.yaml").
input: {input}
output: {output}
scale: {scale}

synthesis:
  network: random
  iterations: 30
  variety: 0.5
  memory_mb: 512

# Every block texture that is a surface gets a photo and its zoom from the shipped library (`references: auto`);
# sprite-like ones (flowers, torches, rails: mostly transparent) are scaled by nearest-neighbour (`sprites:`).
# Add rules above this one to choose photos yourself; the first rule that matches wins.
rules:
  - match: "*:block/*"
    references: auto

# Items are redrawn with clean shapes and no photo (blind, four judges of six preferred it to the plain pixels);
# everything else follows `unmatched`.
smooth: ["*:item/*"]
nearest: ["*:gui/*"]
unmatched: nearest
pack_format: keep
"""


def _init(args: argparse.Namespace) -> int:
    """Write a pipeline.yaml for a pack: auto photos for its blocks, the rest nearest-neighbour."""
    pack, config = Path(args.pack), Path(args.config)
    if not pack.exists():
        raise ConfigError(f"{pack}: no such pack (a folder, a .zip or a mod .jar)")
    if config.exists() and not args.force:
        raise ConfigError(f"{config}: already exists; give --force to replace it or --config to name another")
    name = pack.name.removesuffix(".zip").removesuffix(".jar") or "pack"
    relative = Path(os.path.relpath(pack.resolve(), config.resolve().parent)).as_posix()
    text = INIT.format(
        name=pack.name,
        config=config.name,
        input=json.dumps(relative),
        output=json.dumps(f"out/{name}"),
        scale=args.scale,
    )
    atomic_write(config, text.encode("utf-8"))
    print(f"wrote {config}: {pack.name} -> out/{name} at x{args.scale}; next: texturegen build --config {config} -n 2")
    return 0


DODO = Path(__file__).resolve().parents[2] / "dodo.py"
"""The build graph, at the top of the repository texturegen is installed from (`pip install -e .`)."""


def _build(args: argparse.Namespace) -> int:
    """Run the build graph (the repository's dodo.py) on a config, from whatever folder the user is in."""
    config = Path(args.config).resolve()
    if not config.is_file():
        raise ConfigError(f"{args.config}: config not found (texturegen init PACK --config {args.config} writes one)")
    if not DODO.is_file():
        raise ConfigError(f"{DODO}: not found; texturegen build runs the dodo.py of a pip install -e")
    # --file= and --dir= (not -f, -d): dodo.py reads the command line, where a bare path would look like a command
    doit = [sys.executable, "-m", "doit", f"--file={DODO}", f"--dir={Path.cwd()}", *args.doit_args, f"config={config}"]
    sys.stdout.flush()
    os.execv(sys.executable, doit)


def _check(args: argparse.Namespace) -> int:
    """Validate a pipeline.yaml, its input packs and its output (nothing is written)."""
    from texturegen.pipeline.config import load_config
    from texturegen.pipeline.output import check_paths

    cfg = load_config(args.config)
    check_paths(cfg)  # what a build would refuse before it starts: a missing input, an output it may not write
    rules = f"{len(cfg.rules)} rule{'' if len(cfg.rules) == 1 else 's'}"
    print(f"{args.config}: ok ({rules}, scale x{cfg.scale})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `texturegen` command; known and OS errors print one `Error:` line and exit 2."""
    from texturegen import __version__
    from texturegen.synthesis.version import ENGINE_VERSION, SPRITE_VERSION

    parser = argparse.ArgumentParser(prog="texturegen", description=__doc__)
    parser.add_argument(
        "--version",
        action="version",
        version=f"texturegen {__version__} (engine {ENGINE_VERSION}, smooth {SPRITE_VERSION})",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _synth_parser(sub)
    _compare_parser(sub)
    for name, helptext in (("classify", "show what happens to each texture"), ("check", "validate a pipeline.yaml")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--config", default="pipeline.yaml", help="the pipeline.yaml (default pipeline.yaml)")
        if name == "classify":
            p.add_argument("--all", action="store_true", help="list every file, not only synthesized ones")
    p = sub.add_parser("build", help="build a config's pack with doit, from any folder (texturegen build -n 2)")
    p.add_argument("--config", default="pipeline.yaml", help="the pipeline.yaml to build (default pipeline.yaml)")
    p.add_argument("doit_args", nargs=argparse.REMAINDER, help="passed to doit: -n 2, list, texture:NAME, clean")
    p = sub.add_parser("init", help="write a pipeline.yaml for a pack (auto photos for its blocks)")
    p.add_argument("pack", help="the resource pack: a folder, a .zip or a mod .jar")
    p.add_argument("--config", default="pipeline.yaml", help="the file to write (default pipeline.yaml)")
    p.add_argument("--scale", type=int, default=8, choices=SCALES, help="the output's scale (default 8)")
    p.add_argument("--force", action="store_true", help="replace an existing config")
    cache_command.add_parser(sub)
    cluster.add_parser(sub)
    cluster.add_worker_parser(sub)
    if not (sys.argv[1:] if argv is None else list(argv)):  # a bare `texturegen`: what it can do, not a usage error
        parser.print_help()
        return 0
    args, extra = parser.parse_known_args(argv)
    if args.command == "build":  # doit's own options (-n 2) go through as they are
        args.doit_args = extra + args.doit_args
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    commands = {
        "synth": _synth,
        "compare": _compare,
        "classify": _classify,
        "check": _check,
        "init": _init,
        "build": _build,
        "cache": cache_command.run,
        "cluster": cluster.run,
        "worker": cluster.run_worker,
    }
    try:
        return commands[args.command](args)
    except TexturegenError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a disk full, a name too long, a folder that cannot be written
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"Error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("texturegen: interrupted (Ctrl-C); nothing half-written is left", file=sys.stderr)
        return 128 + signal.SIGINT


if __name__ == "__main__":
    sys.exit(main())
