"""The command line: `texturegen synth`, `compare`, `classify`, `check`, `cache`, `cluster` and `worker`."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable, Sequence

from texturegen.core.errors import TexturegenError
from texturegen.pipeline import cache_command
from texturegen.remote import cluster
from texturegen.synthesis.settings import SynthesisSettings


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
    """Arguments of `texturegen compare`: one seed, each photo on its own, one picture."""
    _file_command(
        sub,
        "compare",
        "synthesize one texture against each of several photos and draw the results side by side",
        ("pixel-art PNG", "a candidate photo; repeat for each"),
        "output PNG: per photo the photo, the result tiled 2x2, a corner at 4x",
    )


def _file_command(sub: argparse._SubParsersAction, name: str, what: str, inputs: tuple[str, str], out: str) -> None:
    """A command that reads a seed and photos and writes one PNG, with every synthesis setting."""
    p = sub.add_parser(name, help=what)
    p.add_argument("seed", help=inputs[0])
    p.add_argument("--reference", action="append", required=True, metavar="REF.png", help=inputs[1])
    p.add_argument("--out", required=True, help=out)
    _settings_arguments(p)


def _settings_arguments(p: argparse.ArgumentParser) -> None:
    """The synthesis settings both `synth` and `compare` take."""
    d = SynthesisSettings()
    p.add_argument("--scale", type=int, default=d.scale, help=f"integer power of two (default {d.scale})")
    p.add_argument("--variety", type=float, default=d.variety, help=f"0-2 (default {d.variety})")
    p.add_argument("--iterations", type=int, default=d.iterations, help=f"default {d.iterations}")
    p.add_argument("--phases", type=int, default=d.phases, help=f"default {d.phases}")
    p.add_argument("--tiling", choices=["wrap", "none"], default=d.tiling, help=f"default {d.tiling}")
    p.add_argument("--network", choices=["random", "vgg19"], default=d.network, help=f"default {d.network}")
    p.add_argument("--weights", help="local Keras VGG19 weights file (network vgg19)")
    p.add_argument("--memory-mb", type=int, default=d.memory_mb, help=f"default {d.memory_mb}")
    p.add_argument("--colour", choices=["seed", "reference"], default=d.colour, help=f"default {d.colour}")
    p.add_argument(
        "--reference-scale",
        type=_ref_scale,
        default=d.reference_scale,
        dest="reference_scale",
        help="auto (a photo larger than the output shrinks to it) or a resize factor (default auto)",
    )
    p.add_argument("--random-seed", type=int, default=d.seed, dest="random_seed", help="random seed (default 0)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _ref_scale(text: str) -> float | str:
    """Parse --reference-scale: `auto` or a number (its range is checked by the settings)."""
    if text == "auto":
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be auto or a number, got {text!r}") from None


def _settings(args: argparse.Namespace) -> SynthesisSettings:
    """The settings the command line asks for."""
    return SynthesisSettings(
        scale=args.scale,
        variety=args.variety,
        iterations=args.iterations,
        phases=args.phases,
        tiling=args.tiling,
        network=args.network,
        weights=args.weights,
        memory_mb=args.memory_mb,
        colour=args.colour,
        reference_scale=args.reference_scale,
        seed=args.random_seed,
    )


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    """Progress lines, or nothing with --quiet."""
    return (lambda m: None) if args.quiet else (lambda m: print(f"  {m}", flush=True))


def _synth(args: argparse.Namespace) -> int:
    """Run one synthesis."""
    from texturegen.api import synthesize_file

    return _write(args, synthesize_file, "")


def _compare(args: argparse.Namespace) -> int:
    """Synthesize one seed against each photo and write the comparison picture."""
    from texturegen.api import compare_file

    return _write(args, compare_file, f"{len(args.reference)} photos, ")


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
            print(f"{e.action:8} {e.rel}  [{e.reason}]{tint}")
    print(", ".join(f"{n} {a}" for a, n in sorted(counts.items())))
    for w in plan.warnings:
        print(f"Warning: {w}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Validate a pipeline.yaml."""
    from texturegen.pipeline.config import load_config

    cfg = load_config(args.config)
    print(f"{args.config}: ok ({len(cfg.rules)} rules, scale x{cfg.scale})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `texturegen` command; known and OS errors print one `Error:` line and exit 2."""
    parser = argparse.ArgumentParser(prog="texturegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _synth_parser(sub)
    _compare_parser(sub)
    for name, helptext in (("classify", "show what happens to each texture"), ("check", "validate a pipeline.yaml")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--config", default="pipeline.yaml")
        if name == "classify":
            p.add_argument("--all", action="store_true", help="list every file, not only synthesized ones")
    cache_command.add_parser(sub)
    cluster.add_parser(sub)
    cluster.add_worker_parser(sub)
    args = parser.parse_args(argv)
    commands = {
        "synth": _synth,
        "compare": _compare,
        "classify": _classify,
        "check": _check,
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
