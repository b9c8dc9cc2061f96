"""The build plan: config + pack + classification -> doit task dictionaries."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doit.tools import config_changed

from texturegen.cache.keys import digest
from texturegen.core.errors import OutputError
from texturegen.core.png import TMP_PREFIX
from texturegen.pack.blocks import BlockTextures
from texturegen.pack.layers import CREDITS, LayeredPack
from texturegen.pack.models import ModelIndex
from texturegen.pack.pack_formats import format_for, newest_format
from texturegen.pack.worlds import Usage, read_usage
from texturegen.pipeline import actions
from texturegen.pipeline.classify import COPY, MCMETA, NEAREST, SYNTH, Entry, classify, unmatched_rules
from texturegen.pipeline.config import PipelineConfig, load_config
from texturegen.pipeline.jobs import TextureJob

ENGINE_VERSION = "15"
"""Bump when synthesis output changes for the same settings, so doit rebuilds every texture."""
STATE = actions.STATE
MARKER = "OUTPUT"


@dataclass
class Plan:
    """Everything the doit tasks need, computed once per doit invocation."""

    config: PipelineConfig
    pack: LayeredPack
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)
    usage: Usage | None = None
    used: set[str] | None = None
    pack_format: int | None = None
    """The output's pack_format; None keeps the input's."""

    @property
    def state_dir(self) -> Path:
        """The output's private folder: marker, doit state, extracted zip input."""
        return self.config.output / STATE

    def target(self, rel: str) -> Path:
        """Output path of a pack file."""
        return self.config.output / rel

    def of(self, action: str) -> list[Entry]:
        """Entries with one action."""
        return [e for e in self.entries if e.action == action]


def check_output(config: PipelineConfig) -> None:
    """Refuse an output that is, holds or sits in an input, or that texturegen did not write."""
    out = config.output
    for src in config.inputs:
        if out == src or src in out.parents or out in src.parents:
            raise OutputError(
                f"{config.path}: output '{out}' overlaps the input pack '{src}'; choose a separate folder"
            )
    if out == config.path.parent or out in config.path.parents:
        raise OutputError(f"{config.path}: output '{out}' would contain the config file; choose a separate folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: output exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / STATE / MARKER).is_file():
        raise OutputError(
            f"{out}: output folder exists but was not written by texturegen "
            f"(no {STATE}/{MARKER}); refusing to overwrite it"
        )


_LOCKS: dict[Path, Any] = {}


def lock_output(state: Path) -> None:
    """Hold `<output>/.texturegen/lock` for this process's life; a second build of the same output stops."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        return
    if state.resolve() in _LOCKS:  # this process holds it already (a plan loaded twice)
        return
    handle = open(state / "lock", "a+")  # noqa: SIM115 - kept open on purpose, released at exit
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise OutputError(
            f"{state.parent}: another texturegen build is writing this output; wait for it or choose another output"
        ) from None
    _LOCKS[state.resolve()] = handle


def check_path_lengths(output: Path, pack: LayeredPack) -> None:
    """Refuse a build whose output (or extracted zip input) paths the system cannot hold, naming the longest."""
    limit = _path_max(output) - 1 - len(TMP_PREFIX) - 16  # a temporary file beside each target must fit too
    paths = [output / rel for rel in pack.files()]
    for folder, layer in zip(pack.extract_dirs(output / STATE / "input"), [x for x in pack.layers if x.pack.is_zip]):
        paths.extend(folder / rel for rel in layer.pack.files())
    size, longest = max(((len(os.fsencode(p)), p) for p in paths), default=(0, output))
    if size > limit:
        raise OutputError(
            f"{longest}: path of {size} bytes is longer than this system allows ({limit} with the "
            "temporary name beside it); choose a shorter output folder"
        )


def _path_max(path: Path) -> int:
    """PATH_MAX of the file system holding `path` (or its nearest existing folder)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return os.pathconf(path, "PC_PATH_MAX")
    except (OSError, ValueError):
        return 4096


def remove_leftovers(output: Path) -> None:
    """Delete temporary files a killed build left in the output (finished targets are never partial)."""
    for path in output.rglob(f"{TMP_PREFIX}*"):
        if path.is_file():
            path.unlink()


def load_plan(config_path: str | Path, prepare_output: bool = True) -> Plan:
    """Validate the config and output, read and classify the pack; mark the output as ours if asked."""
    config = load_config(config_path)
    for source in config.inputs:
        if not source.exists():
            raise OutputError(f"{config.path}: input pack '{source}' not found")
    check_output(config)
    pack = LayeredPack.open(list(config.inputs))
    check_path_lengths(config.output, pack)
    if prepare_output and config.dask:
        from texturegen.remote.client import check_scheduler

        if check_scheduler(config.dask) == 0:
            print(f"Warning: dask scheduler {config.dask} has no workers yet; tasks wait for one", file=sys.stderr)
    if prepare_output:
        state = config.output / STATE
        state.mkdir(parents=True, exist_ok=True)
        (state / MARKER).write_text("written by texturegen; this folder may be overwritten by it\n")
        lock_output(state)
        remove_leftovers(config.output)
        pack = pack.materialise(state / "input")
    models = ModelIndex(pack)
    usage, used, notes = _world_usage(config, pack, models, prepare_output)
    entries = classify(pack, config, used, models)
    warnings = list(pack.warnings) + notes + list(dict.fromkeys(models.warnings))
    plan = Plan(config, pack, entries, warnings, usage, used, pack_format(config, usage, warnings))
    for rule in unmatched_rules(entries, config):
        plan.warnings.append(f"{config.path}:{rule.line}: rules[{rule.index}].match '{rule.match}' matches no texture")
    if MCMETA not in {e.action for e in entries}:
        if pack.is_layered:
            made = plan.pack_format or newest_format()
            plan.warnings.append(f"{config.path}: no input has a pack.mcmeta; one is written (pack_format {made})")
        else:
            plan.warnings.append(f"{pack.path}: no pack.mcmeta; the output pack will lack one")
    return plan


def _world_usage(
    config: PipelineConfig, pack: LayeredPack, models: ModelIndex, cache: bool
) -> tuple[Usage | None, set[str] | None, list[str]]:
    """Blocks and textures used by `only_used_by` worlds and structures, with warnings (None: build all)."""
    if not config.only_used_by:
        return None, None, []
    usage = read_usage(config.only_used_by, config.output / STATE / "worlds.json" if cache else None)
    index = BlockTextures(pack, models)
    used = index.used(usage.blocks)
    notes = []
    if index.missing:
        shown = ", ".join(index.missing[:8]) + (", ..." if len(index.missing) > 8 else "")
        notes.append(
            f"{len(index.missing)} block id(s) used by only_used_by have no model or texture in the pack: {shown}"
        )
    return usage, used, notes


def texture_job(plan: Plan, entry: Entry) -> TextureJob:
    """The frozen job of one synthesized texture."""
    assert entry.rule is not None and entry.texture is not None
    return TextureJob.of(
        entry.texture,
        str(plan.pack.local_path(entry.rel)),
        str(plan.target(entry.rel)),
        tuple(str(p) for p in entry.rule.references),
        entry.rule.settings.replace(scale=plan.config.scale),
        entry.rule.overrides,
        entry.tinted,
        plan.config.limits,
        ENGINE_VERSION,
        str(plan.config.cache) if plan.config.cache else None,
        plan.config.dask,
    )


def _deps(plan: Plan, entry: Entry) -> list[str]:
    """The seed and its .mcmeta, when it has one."""
    deps = [str(plan.pack.local_path(entry.rel))]
    if entry.rel + ".mcmeta" in plan.pack:
        deps.append(str(plan.pack.local_path(entry.rel + ".mcmeta")))
    return deps


def texture_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `texture:<namespace>/<path>` task per synthesized texture; a seed met twice is synthesized once."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for entry in plan.of(SYNTH):
        job = texture_job(plan, entry)
        name = str(entry.texture).replace(":", "/", 1)
        deps = _deps(plan, entry) + list(job.references)
        action: tuple[Any, list[Any]] = (actions.synthesize_texture, [job])
        # Mods copy vanilla textures: the same bytes under the same settings make the same output.
        twin = (_content(job.seed), json.dumps(job.key(), sort_keys=True))
        if twin in first:
            source, source_name = first[twin]
            deps = [source, *deps]
            action = (actions.copy_twin, [source, job.target, f"texture:{source_name}"])
        else:
            first[twin] = (job.target, name)
        yield {
            "name": name,
            "file_dep": deps,
            "targets": [job.target],
            "actions": [action],
            "uptodate": [config_changed(job.key()), actions.target_unchanged],
            "clean": True,
            "doc": f"synthesize {entry.texture} ({entry.reason})",
        }


def _content(path: str) -> str:
    """A file's content hash, or its path when it cannot be read (its own task then reports why)."""
    try:
        return digest(Path(path).read_bytes())
    except OSError:
        return path


def nearest_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `nearest:<path>` task per texture scaled by nearest-neighbour only."""
    for entry in plan.of(NEAREST):
        seed, target = str(plan.pack.local_path(entry.rel)), str(plan.target(entry.rel))
        limits, cache = plan.config.limits, str(plan.config.cache) if plan.config.cache else None
        yield {
            "name": entry.rel,
            "file_dep": [seed],
            "targets": [target],
            "actions": [(actions.nearest_texture, [seed, target, plan.config.scale, limits, cache])],
            "uptodate": [
                config_changed({"scale": plan.config.scale, "limits": limits.as_dict()}),
                actions.target_unchanged,
            ],
            "clean": True,
        }


def copy_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `copy:<path>` task per file passed through unchanged."""
    for entry in plan.of(COPY):
        source, target = str(plan.pack.local_path(entry.rel)), str(plan.target(entry.rel))
        yield {
            "name": entry.rel,
            "file_dep": [source],
            "targets": [target],
            "actions": [(actions.copy_file, [source, target])],
            "uptodate": [actions.target_unchanged],
            "clean": True,
        }


def pack_format(config: PipelineConfig, usage: Usage | None, warnings: list[str]) -> int | None:
    """The output pack_format (None keeps the input's), adding to `warnings` why a wish could not be met."""
    wanted = config.pack_format
    if isinstance(wanted, int):
        return wanted
    if wanted != "auto":
        return None
    if usage is None:
        warnings.append(f"{config.path}: pack_format auto needs only_used_by worlds; keeping the input's")
        return None
    found: dict[int, str] = {}
    # Worlds (level.dat has a version name) before structures (DataVersion only).
    for source, name, version in sorted(usage.versions, key=lambda v: v[1] is None):
        fmt, why = format_for(name, version)
        if fmt is None:
            warnings.append(f"{source}: {why}; keeping the input's pack_format")
        else:
            found.setdefault(fmt, f"{source}: {why}")
    if len(found) > 1:
        warnings.append(f"only_used_by mixes versions ({'; '.join(found.values())}); using the newest format")
    return max(found) if found else None


def mcmeta_task(plan: Plan) -> dict[str, Any]:
    """The pack.mcmeta task: the topmost input's, or one written for a stack of inputs none of which has one."""
    target = str(plan.target("pack.mcmeta"))
    fmt = plan.pack_format
    if "pack.mcmeta" not in plan.pack:
        if plan.pack.is_layered:
            made = fmt or newest_format()
            description = f"{len(plan.pack.layers)} inputs"
            return {
                "targets": [target],
                "actions": [(actions.write_made_mcmeta, [target, description, plan.config.scale, made])],
                "uptodate": [config_changed({"scale": plan.config.scale, "format": made, "made": description})],
                "clean": True,
                "doc": "write pack.mcmeta (none of the inputs has one)",
            }
        return {
            "actions": [(actions.missing, [f"{plan.pack.path}: no pack.mcmeta (not a resource pack?)"])],
            "targets": [target],
            "doc": "write pack.mcmeta",
        }
    source = str(plan.pack.local_path("pack.mcmeta"))
    return {
        "file_dep": [source],
        "targets": [target],
        "actions": [(actions.write_pack_mcmeta, [source, target, plan.config.scale, fmt])],
        "uptodate": [config_changed({"scale": plan.config.scale, "format": fmt})],
        "clean": True,
        "doc": "write pack.mcmeta (format kept, description notes the upscale)",
    }


def credits_task(plan: Plan) -> dict[str, Any] | None:
    """`credits.txt` for a stack of inputs: each input, what it gave, and where its licence files went."""
    if not plan.pack.is_layered:
        return None
    target, text = str(plan.target(CREDITS)), plan.pack.credits()
    return {
        "name": CREDITS,
        "targets": [target],
        "actions": [(actions.write_text, [target, text])],
        "uptodate": [config_changed(text), actions.target_unchanged],
        "clean": True,
        "doc": "list the inputs and their licences",
    }


def usage_task(plan: Plan) -> dict[str, Any] | None:
    """`<output>/.texturegen/used.json`: the blocks and textures the worlds use (depends on the world files)."""
    if plan.usage is None or plan.used is None:
        return None
    target = str(plan.state_dir / "used.json")
    report = {
        "blocks": sorted(plan.usage.blocks),
        "textures": sorted(plan.used),
        "versions": [list(v) for v in plan.usage.versions],
    }
    return {
        "name": "worlds",
        "file_dep": [str(p) for p in plan.usage.files],
        "targets": [target],
        "actions": [(actions.write_json, [target, report])],
        "uptodate": [config_changed(report)],
        "clean": True,
        "doc": "list the blocks and textures only_used_by worlds and structures use",
    }


def output_files(plan: Plan) -> list[str]:
    """Relative paths of every file the output pack will hold."""
    return [e.rel for e in plan.entries]


def zip_task(plan: Plan) -> dict[str, Any]:
    """`<output>.zip` from the output files."""
    files = output_files(plan)
    if "pack.mcmeta" not in plan.pack:
        files = files + ["pack.mcmeta"]
    if plan.pack.is_layered:
        files = sorted(files + [CREDITS])
    return {
        "file_dep": [str(plan.target(r)) for r in files],
        "targets": [str(plan.config.zip_path)],
        "actions": [(actions.write_zip, [str(plan.config.output), files, str(plan.config.zip_path)])],
        "clean": True,
        "doc": "zip the output pack",
    }


def preview_task(plan: Plan) -> dict[str, Any]:
    """The before/after contact sheet and HTML page."""
    from texturegen.quality.preview import html_path, write_preview

    items = [(e.texture, str(plan.pack.local_path(e.rel)), str(plan.target(e.rel))) for e in plan.of(SYNTH)]
    png = str(plan.config.preview_path)
    return {
        "file_dep": [p for _, s, t in items for p in (s, t)],
        "targets": [png, str(html_path(plan.config.preview_path))],
        "actions": [(write_preview, [items, png, plan.config.scale, str(plan.state_dir)])],
        "clean": True,
        "doc": "before/after contact sheet of the synthesized textures",
    }


def doit_config(plan: Plan) -> dict[str, Any]:
    """DOIT_CONFIG for a plan: state inside the output, keep going past failures, our reporter."""
    from texturegen.pipeline.reporter import Reporter

    return {
        "dep_file": str(plan.state_dir / "doit.json"),
        "backend": "json",
        "continue": True,
        "reporter": Reporter,
        "verbosity": 0,
    }


DESCRIBING_COMMANDS = frozenset({"list", "info", "help", "dumpdb", "tabcompletion"})
"""doit commands that only describe tasks: their plan must leave the output folder untouched."""


def command_writes(argv: list[str]) -> bool:
    """True unless the doit command line (sys.argv) names a command that only describes tasks."""
    words = [a for a in argv[1:] if not a.startswith("-") and "=" not in a]
    return not (words and words[0] in DESCRIBING_COMMANDS)


def print_warnings(plan: Plan) -> None:
    """Print each plan warning once, on stderr."""
    for warning in plan.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
