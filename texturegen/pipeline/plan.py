"""The build plan: the config, the inputs and what happens to each of their files, computed once per doit run."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from texturegen.pack.blocks import BlockTextures
from texturegen.pack.layers import LayeredPack
from texturegen.pack.models import ModelIndex
from texturegen.pack.pack_formats import format_for, newest_format
from texturegen.pack.worlds import Usage, read_usage
from texturegen.pipeline.autopick import Picks, pick_all
from texturegen.pipeline.classify import MCMETA, Entry, classify, safe_action, unmatched_rules
from texturegen.pipeline.config import PipelineConfig, load_config
from texturegen.pipeline.output import MARKER, STATE, check_path_lengths, check_paths, lock_output, remove_leftovers


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
    picks: Picks = field(default_factory=Picks)
    """The photo and scale `references: auto` picked for each of its textures."""

    @property
    def state_dir(self) -> Path:
        """The output's private folder: marker, doit state, extracted zip input."""
        return self.config.output / STATE

    def target(self, rel: str) -> Path:
        """Output path of a pack file."""
        return self.config.output / rel

    @property
    def cache(self) -> str | None:
        """The shared cache folder as the actions take it, or None."""
        return str(self.config.cache) if self.config.cache else None

    @property
    def made_format(self) -> int:
        """The pack_format of a pack.mcmeta written for inputs none of which has one."""
        return self.pack_format or newest_format()

    def of(self, action: str) -> list[Entry]:
        """Entries with one action."""
        return [e for e in self.entries if e.action == action]


def load_plan(config_path: str | Path, prepare_output: bool = True) -> Plan:
    """Validate the config and output, read and classify the pack; mark the output as ours if asked."""
    config = load_config(config_path)
    check_paths(config)
    pack = LayeredPack.open(list(config.inputs))
    check_path_lengths(config.output, pack)
    notes = []
    if prepare_output and config.dask:
        from texturegen.remote.client import check_scheduler

        if check_scheduler(config.dask) == 0:
            notes.append(f"dask scheduler {config.dask} has no workers yet; tasks wait for one")
    if prepare_output:
        state = config.output / STATE
        state.mkdir(parents=True, exist_ok=True)
        (state / MARKER).write_text("written by texturegen; this folder may be overwritten by it\n")
        lock_output(state)
        remove_leftovers(config.output)
        pack = pack.materialise(state / "input")
    models = ModelIndex(pack)
    usage, used, world_notes = _world_usage(config, pack, models, prepare_output)
    notes += world_notes
    entries = classify(pack, config, used, models)
    warnings = list(pack.warnings) + notes + list(dict.fromkeys(models.warnings))
    plan = Plan(
        config, pack, entries, warnings, usage=usage, used=used, pack_format=pack_format(config, usage, warnings)
    )
    plan.picks = pick_all(config, pack, entries, config.output / STATE, write=prepare_output)
    plan.entries = [_left(e, config, plan.picks) if e.rel in plan.picks.left else e for e in entries]
    for rule in unmatched_rules(entries, config):
        plan.warnings.append(f"{config.path}:{rule.line}: rules[{rule.index}].match '{rule.match}' matches no texture")
    if MCMETA not in {e.action for e in entries}:
        if pack.is_layered:
            plan.warnings.append(
                f"{config.path}: no input has a pack.mcmeta; one is written (pack_format {plan.made_format})"
            )
        else:
            plan.warnings.append(f"{pack.path}: no pack.mcmeta; the output pack will lack one")
    return plan


def _left(entry: Entry, config: PipelineConfig, picks: Picks) -> Entry:
    """An auto rule's texture that gets no photo: one standing in its frame as `sprites:` says, the rest (a liquid,
    glass) like `unmatched` (nearest where smooth is unsafe)."""
    assert entry.texture is not None
    standing = entry.rel in picks.standing and config.sprites != "unmatched"
    wanted = config.sprites if standing else config.unmatched
    action, reason, _ = safe_action(wanted, entry.texture, f"{entry.reason}: {picks.left[entry.rel]}")
    return replace(entry, action=action, reason=reason, rule=None)


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


DESCRIBING_COMMANDS = frozenset({"list", "info", "help", "dumpdb", "tabcompletion"})
"""doit commands that only describe tasks: their plan must leave the output folder untouched."""


def command_writes(argv: list[str]) -> bool:
    """True unless the doit command line (sys.argv) names a command that only describes tasks."""
    words = [a for a in argv[1:] if not a.startswith("-") and "=" not in a]
    return not (words and words[0] in DESCRIBING_COMMANDS)


VARIABLES = ("config",)
"""The `NAME=VALUE` variables dodo.py reads from doit's command line."""


def unknown_variables(argv: list[str]) -> list[str]:
    """The `NAME=VALUE` words of a doit command line (sys.argv) whose NAME dodo.py does not read (a typo of config=
    would otherwise build ./pipeline.yaml without a word)."""
    return [a for a in argv[1:] if not a.startswith("-") and "=" in a and a.split("=", 1)[0] not in VARIABLES]


def print_warnings(plan: Plan) -> None:
    """Print each plan warning once, on stderr."""
    for warning in plan.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
