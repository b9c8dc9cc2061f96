"""texturegen build graph: `doit` upscales the pack described by pipeline.yaml (`doit config=other.yaml`)."""

import sys

from doit import get_var

from texturegen.core.errors import TexturegenError
from texturegen.pipeline import plan as build
from texturegen.pipeline.stopping import stop_workers_on_signals

stop_workers_on_signals()

try:
    PLAN = build.load_plan(get_var("config", "pipeline.yaml"), prepare_output=build.command_writes(sys.argv))
except TexturegenError as exc:
    sys.exit(f"Error: {exc}")
except OSError as exc:  # the output cannot be made or locked: a read-only disk, a name too long
    sys.exit(f"Error: {f'{exc.filename}: ' if exc.filename else ''}{exc.strerror or exc}")
build.print_warnings(PLAN)
DOIT_CONFIG = build.doit_config(PLAN)


def task_texture():
    """Synthesize each texture matched by a rule (texture:<namespace>/<path>)."""
    yield from build.texture_tasks(PLAN)


def task_nearest():
    """Scale textures by integer nearest-neighbour (fonts, PBR maps, unmatched)."""
    yield from build.nearest_tasks(PLAN)


def task_copy():
    """Copy files unchanged (colormaps, palettes, models, sounds, licences)."""
    yield from build.copy_tasks(PLAN)


def task_pack_mcmeta():
    """Write pack.mcmeta with the pack format and an upscaled description."""
    return build.mcmeta_task(PLAN)


def task_usage():
    """List the blocks and textures the only_used_by worlds and structures use."""
    task = build.usage_task(PLAN)
    if task:
        yield task


def task_zip():
    """Zip the output pack to <output>.zip."""
    return build.zip_task(PLAN)


def task_preview():
    """Write <output>-preview.png and .html: seed, result, result tiled 2x2."""
    return build.preview_task(PLAN)


def task_credits():
    """Write credits.txt: the inputs of a stacked build and their licences."""
    task = build.credits_task(PLAN)
    if task:
        yield task
