"""doit actions: each builds one target atomically; TensorFlow loads only when a synthesis runs (remote/work.py)."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from doit.exceptions import TaskFailed

from texturegen.cache import open_store
from texturegen.cache.keys import nearest_key, smooth_key, texture_key
from texturegen.core.atomic import atomic_write
from texturegen.core.errors import ImageError, ReferenceImageError, TexturegenError
from texturegen.core.jsonfile import parse_json
from texturegen.core.limits import Limits
from texturegen.core.png import own_size_check, png_size
from texturegen.core.strips import check_shape
from texturegen.pipeline.jobs import TextureJob
from texturegen.pipeline.maps import write_maps
from texturegen.pipeline.output import STATE, record_beside
from texturegen.remote.work import Made, Work

P = ParamSpec("P")
R = TypeVar("R")

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def one_line(action: Callable[P, R]) -> Callable[P, R | TaskFailed]:
    """A doit action whose known errors and OS errors (disk full, a name too long) end as one FAILED line."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | TaskFailed:
        try:
            return action(*args, **kwargs)
        except TexturegenError as exc:
            return TaskFailed(str(exc))
        except OSError as exc:
            where = exc.filename if exc.filename is not None else action.__name__
            return TaskFailed(f"{where}: {exc.strerror or exc}")

    return run


def stamp(path: str) -> list[int]:
    """Size and mtime of a written target, so a later run notices if something else replaced it."""
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def target_unchanged(task: Any, values: dict[str, Any]) -> bool:
    """doit uptodate check: the target is still the file this task last wrote (no record: trust doit)."""
    recorded = values.get("stamp")
    if recorded is None:
        return True
    try:
        return stamp(task.targets[0]) == recorded
    except OSError:
        return False


@one_line
def synthesize_texture(job: TextureJob) -> dict[str, Any]:
    """Run one texture's job to its target: read, ask the cache or the executor, write; returns values doit stores."""
    data = Path(job.seed).read_bytes()
    w, h = png_size(data, job.seed, job.limits.max_image_pixels)
    if job.sprite:
        check_shape(job.seed, w, h)
    settings = job.settings_for(w, h)
    work = Work(
        seed_name=job.seed,
        seed=data,
        references=tuple((name, _read_reference(name)) for name in job.references),
        settings=settings,
        limits=job.limits,
    )
    key = functools.cache(lambda: texture_key(data, [d for _, d in work.references], settings, job.engine))
    made = cached(job.cache, key, lambda: job.executor.run(work, key()), claim=True)
    atomic_write(job.target, made.png)
    write_maps(job, data, made.png, key)
    return {
        "scale": settings.scale,
        "stamp": stamp(job.target),
        "source": made.source,
        **({"worker": made.worker} if made.worker else {}),
        **job.limits.cap_note(w, h, settings.scale, job.settings.scale),
    }


def _read_reference(path: str) -> bytes:
    """A reference photo's bytes, read once (for the cache key and the synthesis alike)."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ReferenceImageError(f"{path}: reference file not found") from None


def cached(cache: str | None, key: Callable[[], str], make: Callable[[], Made], claim: bool) -> Made:
    """What the cache holds under the key (source "from cache"), else what `make` makes (and it is stored).

    With `claim`, the key is held while making it, so a build running at the same time waits for the
    result instead of making it too (worth it for a synthesis, not for a nearest-neighbour scale).
    """
    if cache is None:
        return make()
    store = open_store(cache)
    name = key()
    with store.claim(name) if claim else contextlib.nullcontext():
        hit = store.get(name)
        if hit is not None:
            return Made(hit, "from cache")
        made = make()
        store.put(name, made.png)
    return made


@one_line
def copy_twin(source: str, target: str, twin: str, job: TextureJob | None = None) -> dict[str, Any]:
    """Copy the output of a texture with the same seed bytes and settings (synthesized once per build).

    With `pbr: labpbr` the job's maps are made from the copy (the twin's own maps may be the pack's).
    """
    png = Path(source).read_bytes()
    atomic_write(target, png)
    if job is not None:
        write_maps(job, Path(job.seed).read_bytes(), png)
    return {"stamp": stamp(target), "source": f"same as {twin}"}


@one_line
def nearest_texture(seed: str, target: str, wanted: int, limits: Limits, cache: str | None = None) -> dict[str, Any]:
    """Scale one texture by integer nearest-neighbour, keeping exact texel values."""
    return _scaled(seed, target, wanted, limits, lambda data, w, h, scale: (_nearest(seed, data, scale, cache), None))


@one_line
def smooth_texture(
    seed: str, target: str, wanted: int, limits: Limits, cache: str | None = None, wrap: bool = False
) -> dict[str, Any]:
    """Redraw one texture at the scale with clean shapes and no photo (nearest-neighbour for frames too large)."""
    from texturegen.synthesis.sprite import MAX_SIDE
    from texturegen.synthesis.version import SPRITE_VERSION

    def made(data: bytes, w: int, h: int, scale: int) -> tuple[Made, str | None]:
        if w > MAX_SIDE or (h > MAX_SIDE and h % w):
            return _nearest(seed, data, scale, cache), f"{w}x{h}: frames over {MAX_SIDE} px scaled by nearest-neighbour"
        key = smooth_key(data, scale, wrap, SPRITE_VERSION)
        return cached(cache, lambda: key, lambda: _smooth(seed, data, scale, wrap), False), None

    return _scaled(seed, target, wanted, limits, made)


def _scaled(
    seed: str, target: str, wanted: int, limits: Limits, make: Callable[[bytes, int, int, int], tuple[Made, str | None]]
) -> dict[str, Any]:
    """Write a texture scaled within the limits by `make(data, width, height, scale)` (a copy at scale 1), and
    what the reporter shows: the scale, a note (make's, else a capped strip's) and whether it came from the cache."""
    data = Path(seed).read_bytes()
    w, h = png_size(data, seed, limits.max_image_pixels)
    scale = limits.scale_for(seed, w, h, wanted, synthesized=False)
    made, note = (Made(data), None) if scale == 1 else make(data, w, h, scale)
    atomic_write(target, made.png)
    values = {"scale": scale, "stamp": stamp(target), **limits.cap_note(w, h, scale, wanted)}
    values |= {"note": note} if note else {}
    return values | ({"source": made.source} if made.source == "from cache" else {})


def _nearest(seed: str, data: bytes, scale: int, cache: str | None) -> Made:
    """A nearest-neighbour scale, from the cache when it holds one."""
    return cached(cache, lambda: nearest_key(data, scale), lambda: Made(_nearest_png(seed, data, scale)), False)


def _smooth(seed: str, data: bytes, scale: int, wrap: bool) -> Made:
    """The PNG of a texture redrawn by texturegen.synthesis.sprite (a block's, which wraps, as a binary cutout)."""
    from texturegen.core.png import decode_png, encode_png
    from texturegen.synthesis.sprite import smooth_sprite

    return Made(encode_png(smooth_sprite(decode_png(data, seed), scale, wrap, cutout=wrap)))


def _nearest_png(seed: str, data: bytes, scale: int) -> bytes:
    """PNG bytes of an image scaled by an integer factor with nearest-neighbour."""
    from PIL import Image

    with own_size_check():  # the caller's decode refused anything over max_image_pixels
        try:
            image = Image.open(io.BytesIO(data))
            big = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
        except OSError as exc:  # Pillow's decoder errors carry no file name
            raise ImageError(f"{seed}: cannot scale ({exc})") from None
    buf = io.BytesIO()
    big.save(buf, format="PNG", compress_level=9)
    return buf.getvalue()


def missing(message: str) -> TaskFailed:
    """Fail with a message (an input the task needs is absent)."""
    return TaskFailed(message)


@one_line
def copy_file(source: str, target: str) -> dict[str, Any] | TaskFailed:
    """Copy a file's bytes unchanged; a `.mcmeta` must be valid JSON (the game would reject it)."""
    data = Path(source).read_bytes()
    if source.endswith(".mcmeta"):
        try:
            parse_json(data)
        except ValueError as exc:  # bad UTF-8, bad JSON, or nested too deep
            return TaskFailed(f"{source}: malformed JSON ({exc})")
    atomic_write(target, data)
    return {"stamp": stamp(target)}


@one_line
def write_json(target: str, data: Any) -> None:
    """Write a JSON report atomically."""
    atomic_write(target, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))


@one_line
def write_pack_mcmeta(source: str, target: str, scale: int, pack_format: int | None) -> TaskFailed | None:
    """Write pack.mcmeta: same format (or the one given), description saying it was upscaled."""
    try:
        meta = parse_json(Path(source).read_bytes())
    except (OSError, ValueError) as exc:
        return TaskFailed(f"{source}: malformed pack.mcmeta ({exc})")
    pack = meta.get("pack") if isinstance(meta, dict) else None
    if not isinstance(pack, dict):
        return TaskFailed(f"{source}: pack.mcmeta has no 'pack' object")
    note = f" (upscaled x{scale} by texturegen)"
    desc = pack.get("description", "")
    pack["description"] = desc + note if isinstance(desc, str) else [desc, note]
    if pack_format is not None:
        pack["pack_format"] = pack_format
    atomic_write(target, (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return None


@one_line
def write_made_mcmeta(target: str, inputs: str, scale: int, pack_format: int) -> None:
    """Write a pack.mcmeta for an output built from inputs none of which had one."""
    meta = {"pack": {"pack_format": pack_format, "description": f"{inputs}, upscaled x{scale} by texturegen"}}
    atomic_write(target, (json.dumps(meta, indent=2) + "\n").encode("utf-8"))


@one_line
def write_text(target: str, text: str) -> dict[str, Any]:
    """Write a UTF-8 text file atomically."""
    atomic_write(target, text.encode("utf-8"))
    return {"stamp": stamp(target)}


@one_line
def write_zip(root: str, files: list[str], target: str) -> None:
    """Zip the listed output files (sorted, fixed timestamps) so equal packs give equal bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(rel, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (Path(root) / rel).read_bytes())
    atomic_write(target, buf.getvalue(), tmp_dir=Path(root) / STATE)
    record_beside(Path(root), Path(target))


def write_preview(
    items: list[tuple[str, str, str]],
    png: str,
    scale: int,
    output: str,
    lit: list[tuple[str, str, str]] | None = None,
) -> None:
    """The before/after sheet and page beside the output (quality/preview.py), their digests kept as ours."""
    from texturegen.quality.preview import html_path
    from texturegen.quality.preview import write_preview as write

    write(items, png, scale, str(Path(output) / STATE), lit)
    for path in (Path(png), html_path(png)):
        record_beside(Path(output), path)
