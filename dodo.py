"""texturegen build graph: `doit` upscales the pack described by pipeline.yaml (`doit config=other.yaml`)."""

# ruff: noqa: E402 - the SIGTERM handler goes in before anything else is imported
from texturegen.pipeline.stopping import stop_workers_on_signals

stop_workers_on_signals()  # first: a SIGTERM while the plan loads gets its line like any other

import sys

from doit import get_var

from texturegen.core.errors import TexturegenError
from texturegen.pipeline import plan, tasks

if unknown := plan.unknown_variables(sys.argv):
    sys.exit(f"Error: {unknown[0]}: unknown variable; texturegen's doit takes config=FILE (default pipeline.yaml)")
try:
    PLAN = plan.load_plan(get_var("config", "pipeline.yaml"), prepare_output=plan.command_writes(sys.argv))
except TexturegenError as exc:
    sys.exit(f"Error: {exc}")
except OSError as exc:  # the output cannot be made or locked: a read-only disk, a name too long
    sys.exit(f"Error: {f'{exc.filename}: ' if exc.filename else ''}{exc.strerror or exc}")
plan.print_warnings(PLAN)
DOIT_CONFIG = tasks.doit_config(PLAN)


def task_texture():
    """Synthesize each texture matched by a rule (texture:<namespace>/<path>)."""
    yield from tasks.texture_tasks(PLAN)


def task_nearest():
    """Scale textures by integer nearest-neighbour (fonts, GUI, PBR maps, `unmatched: nearest`)."""
    yield from tasks.nearest_tasks(PLAN)


def task_smooth():
    """Redraw textures with clean shapes and no photo (items, entities, particles, unmatched blocks)."""
    yield from tasks.smooth_tasks(PLAN)


def task_copy():
    """Copy files unchanged (colormaps, palettes, models, sounds, licences)."""
    yield from tasks.copy_tasks(PLAN)


def task_pack_mcmeta():
    """Write pack.mcmeta with the pack format and an upscaled description."""
    return tasks.mcmeta_task(PLAN)


def task_usage():
    """List the blocks and textures the only_used_by worlds and structures use."""
    task = tasks.usage_task(PLAN)
    if task:
        yield task


def task_zip():
    """Zip the output pack to <output>.zip."""
    return tasks.zip_task(PLAN)


def task_preview():
    """Write <output>-preview.png and .html: seed, result, result tiled 2x2."""
    return tasks.preview_task(PLAN)


def task_credits():
    """Write credits.txt: the inputs of a stacked build and their licences."""
    task = tasks.credits_task(PLAN)
    if task:
        yield task
