"""The doit task dictionaries of a plan: one builder per task group; they describe tasks and run nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from doit.tools import config_changed

from texturegen.cache.keys import digest
from texturegen.pack.layers import CREDITS
from texturegen.pack.resourcepack import texture_folder
from texturegen.pbr.materials import material_for
from texturegen.pipeline import actions
from texturegen.pipeline.classify import COPY, NEAREST, SMOOTH, SYNTH, Entry
from texturegen.pipeline.jobs import MapTargets, TextureJob
from texturegen.pipeline.plan import Plan
from texturegen.remote.executor import Executor, executor_for
from texturegen.synthesis.settings import SynthesisSettings
from texturegen.synthesis.version import ENGINE_VERSION, SPRITE_VERSION


def _ends(plan: Plan, entry: Entry) -> tuple[str, str]:
    """An entry's input file and its output file."""
    return str(plan.pack.local_path(entry.rel)), str(plan.target(entry.rel))


def _photos(plan: Plan, entry: Entry) -> tuple[tuple[str, ...], SynthesisSettings]:
    """A texture's photos and settings: its rule's, or for an auto rule the picked photo at the picked scale.

    A number the rule (or `synthesis`) gives as reference_scale wins over the picked one.
    """
    assert entry.rule is not None
    settings = entry.rule.settings.replace(scale=plan.config.scale)
    if not entry.rule.auto:
        return tuple(str(p) for p in entry.rule.references), settings
    if entry.rel not in plan.picks.chosen:
        return (), settings
    if settings.reference_scale == "auto":
        settings = settings.replace(reference_scale=plan.picks.chosen[entry.rel].scale)
    return (plan.picks.photo(entry.rel),), settings


def map_rels(plan: Plan, entry: Entry) -> tuple[str | None, str | None, bool]:
    """(normal, specular, animated) of a texture under `pbr: labpbr`: the maps' pack paths, None where the pack
    has its own map (kept as it is, nearest-scaled), and whether the texture has a .mcmeta its maps copy."""
    base = entry.rel.removesuffix(".png")
    normal, specular = f"{base}_n.png", f"{base}_s.png"
    return (
        None if normal in plan.pack else normal,
        None if specular in plan.pack else specular,
        entry.rel + ".mcmeta" in plan.pack,
    )


def map_files(plan: Plan, entry: Entry) -> list[str]:
    """The pack paths `pbr: labpbr` adds for a synthesized texture: its maps and their .mcmeta copies."""
    if not plan.config.pbr:
        return []
    normal, specular, animated = map_rels(plan, entry)
    made = [r for r in (normal, specular) if r]
    return made + [r + ".mcmeta" for r in made if animated and r + ".mcmeta" not in plan.pack]


def kept_maps(plan: Plan) -> list[str]:
    """Synthesized textures whose pack has its own `_n` or `_s` (never overwritten under `pbr: labpbr`)."""
    if not plan.config.pbr:
        return []
    return [str(e.texture) for e in plan.of(SYNTH) if None in map_rels(plan, e)[:2]]


def _map_targets(plan: Plan, entry: Entry) -> MapTargets | None:
    """The maps a texture's task writes under `pbr: labpbr`, or None."""
    if not plan.config.pbr:
        return None
    assert entry.rule is not None and entry.texture is not None
    normal, specular, animated = map_rels(plan, entry)
    files = map_files(plan, entry)
    return MapTargets(
        material=material_for(entry.texture, entry.rule.material, plan.picks.family(entry.rel)),
        normal=str(plan.target(normal)) if normal else None,
        specular=str(plan.target(specular)) if specular else None,
        mcmeta=tuple(str(plan.target(r)) for r in files if r.endswith(".mcmeta")),
        mcmeta_source=str(plan.pack.local_path(entry.rel + ".mcmeta")) if animated else None,
    )


def texture_job(plan: Plan, entry: Entry, executor: Executor) -> TextureJob:
    """The frozen job of one synthesized texture, run by `executor`."""
    assert entry.rule is not None and entry.texture is not None
    seed, target = _ends(plan, entry)
    references, settings = _photos(plan, entry)
    return TextureJob.of(
        texture=entry.texture,
        seed=seed,
        target=target,
        references=references,
        settings=settings,
        overrides=entry.rule.overrides,
        limits=plan.config.limits,
        engine=ENGINE_VERSION,
        cache=plan.cache,
        executor=executor,
        maps=_map_targets(plan, entry),
    )


def _deps(plan: Plan, entry: Entry) -> list[str]:
    """The seed and its .mcmeta, when it has one."""
    deps = [str(plan.pack.local_path(entry.rel))]
    if entry.rel + ".mcmeta" in plan.pack:
        deps.append(str(plan.pack.local_path(entry.rel + ".mcmeta")))
    return deps


def texture_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `texture:<namespace>/<path>` task per synthesized texture; a seed met twice is synthesized once."""
    executor = executor_for(plan.config.dask)  # chosen once for the build
    jobs = [(entry, texture_job(plan, entry, executor)) for entry in plan.of(SYNTH)]
    twins = _twins([(_task_name(entry), job) for entry, job in jobs])
    for entry, job in jobs:
        deps = _deps(plan, entry) + list(job.references)
        action: tuple[Any, list[Any]] = (actions.synthesize_texture, [job])
        if job.target in twins:
            source, source_name = twins[job.target]
            deps = [source, *deps]
            twin = [source, job.target, f"texture:{source_name}"] + ([job] if job.maps else [])
            action = (actions.copy_twin, twin)
        if entry.rel in plan.picks.failed:
            action = (actions.missing, [f"{entry.rel}: no photo picked ({plan.picks.failed[entry.rel]})"])
        yield {
            "name": _task_name(entry),
            "file_dep": deps,
            "targets": job.targets,
            "actions": [action],
            "uptodate": [config_changed(job.key()), actions.target_unchanged],
            "clean": True,
            "doc": f"synthesize {entry.texture} ({entry.reason})",
        }


def _task_name(entry: Entry) -> str:
    """`<namespace>/<path>` of a texture entry."""
    return str(entry.texture).replace(":", "/", 1)


def _twins(jobs: list[tuple[str, TextureJob]]) -> dict[str, tuple[str, str]]:
    """Target -> (target, task name) of the first job with the same seed bytes and key, for each later one.

    Mods copy vanilla textures: the same bytes under the same settings make the same output. Only seeds that
    share a key and a file size are read, so a build without copies reads no seed while it is planned.
    """
    groups: dict[tuple[str, int], list[tuple[str, TextureJob]]] = {}
    for name, job in jobs:
        # the texture's key, not its maps': copy_twin makes each job's own maps from the copy
        groups.setdefault((json.dumps(job.texture_key(), sort_keys=True), _size(job.seed)), []).append((name, job))
    twins: dict[str, tuple[str, str]] = {}
    for group in (g for g in groups.values() if len(g) > 1):
        first: dict[str, tuple[str, str]] = {}
        for name, job in group:
            source = first.setdefault(_content(job.seed), (job.target, name))
            if source[0] != job.target:
                twins[job.target] = source
    return twins


def _content(path: str) -> str:
    """A file's content hash, or its path when it cannot be read (its own task then reports why)."""
    try:
        return digest(Path(path).read_bytes())
    except OSError:
        return path


def _size(path: str) -> int:
    """A file's size, or -1 when it cannot be read (its own task then reports why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def nearest_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `nearest:<path>` task per texture scaled by nearest-neighbour only."""
    limits, cache, scale = plan.config.limits, plan.cache, plan.config.scale
    for entry in plan.of(NEAREST):
        seed, target = _ends(plan, entry)
        action = (actions.nearest_texture, [seed, target, scale, limits, cache])
        yield _file_task(entry.rel, seed, target, action, config_changed({"scale": scale, "limits": limits.as_dict()}))


def smooth_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `smooth:<path>` task per texture redrawn with clean shapes and no photo (block textures wrap)."""
    limits, cache, scale = plan.config.limits, plan.cache, plan.config.scale
    for entry in plan.of(SMOOTH):
        seed, target = _ends(plan, entry)
        wrap = entry.texture is not None and texture_folder(entry.texture) == "block"
        action = (actions.smooth_texture, [seed, target, scale, limits, cache, wrap])
        yield _file_task(
            entry.rel,
            seed,
            target,
            action,
            config_changed({"scale": scale, "limits": limits.as_dict(), "version": SPRITE_VERSION, "wrap": wrap}),
        )


def copy_tasks(plan: Plan) -> Iterator[dict[str, Any]]:
    """One `copy:<path>` task per file passed through unchanged."""
    for entry in plan.of(COPY):
        source, target = _ends(plan, entry)
        yield _file_task(entry.rel, source, target, (actions.copy_file, [source, target]))


def _file_task(name: str, source: str, target: str, action: tuple[Any, list[Any]], *uptodate: Any) -> dict[str, Any]:
    """A task making one output file from one input file: up to date while both, and `uptodate`, are unchanged."""
    return {
        "name": name,
        "file_dep": [source],
        "targets": [target],
        "actions": [action],
        "uptodate": [*uptodate, actions.target_unchanged],
        "clean": True,
    }


def mcmeta_task(plan: Plan) -> dict[str, Any]:
    """The pack.mcmeta task: the topmost input's, or one written for a stack of inputs none of which has one."""
    target = str(plan.target("pack.mcmeta"))
    fmt = plan.pack_format
    if "pack.mcmeta" not in plan.pack:
        if plan.pack.is_layered:
            made = plan.made_format
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
    """Relative paths of every file the output pack will hold (with `pbr: labpbr`, the maps made too)."""
    return [e.rel for e in plan.entries] + [r for e in plan.of(SYNTH) for r in map_files(plan, e)]


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
    from texturegen.quality.preview import html_path

    items = [
        (_preview_label(plan, e), str(plan.pack.local_path(e.rel)), str(plan.target(e.rel))) for e in plan.of(SYNTH)
    ]
    lit = [
        (str(e.texture), str(plan.target(e.rel)), str(plan.target(normal)))
        for e in plan.of(SYNTH)
        if plan.config.pbr and (normal := map_rels(plan, e)[0])
    ]
    png = str(plan.config.preview_path)
    deps = [p for _, s, t in items for p in (s, t)] + [n for _, _, n in lit]
    return {
        "file_dep": deps,
        "uptodate": [] if deps else [True],  # doit runs a task with no deps every time; an empty sheet is made once
        "targets": [png, str(html_path(plan.config.preview_path))],
        "actions": [(actions.write_preview, [items, png, plan.config.scale, str(plan.config.output), lit])],
        "clean": True,
        "doc": "before/after contact sheet of the synthesized textures",
    }


def _preview_label(plan: Plan, entry: Entry) -> str:
    """A texture's line in the preview: its name and the photo(s) it was made from (an auto rule's pick too)."""
    photos = ", ".join(Path(p).name for p in _photos(plan, entry)[0]) or "no photo"
    return f"{entry.texture}  <- {photos}"


def doit_config(plan: Plan) -> dict[str, Any]:
    """DOIT_CONFIG for a plan: state inside the output, keep going past failures, our reporter."""
    from texturegen.pipeline.reporter import Reporter

    kept = kept_maps(plan)
    if kept:
        shown = ", ".join(kept[:8]) + (", ..." if len(kept) > 8 else "")
        note = f"pbr: {len(kept)} texture(s) keep the pack's own _n/_s maps (nearest-scaled, not overwritten): {shown}"
        reporter: type[Reporter] = type("Reporter", (Reporter,), {"notes": (note,)})
    else:
        reporter = Reporter
    return {
        "dep_file": str(plan.state_dir / "doit.json"),
        "backend": "json",
        "continue": True,
        "reporter": reporter,
        "verbosity": 0,
    }
