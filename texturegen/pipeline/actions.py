"""doit actions: each builds one target atomically; TensorFlow loads only in synthesize_texture."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from doit.exceptions import TaskFailed

from texturegen.core.errors import TexturegenError
from texturegen.core.jsonfile import parse_json
from texturegen.core.png import atomic_write, encode_png, own_size_check, read_png
from texturegen.core.strips import cap_note, check_shape, strip_scale
from texturegen.pipeline.jobs import TextureJob

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
STATE = ".texturegen"
"""The output's private folder (doit state, marker, temporary files of targets outside the output)."""


def _fail(exc: TexturegenError) -> TaskFailed:
    """A one-line doit failure from a known error."""
    return TaskFailed(str(exc))


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


def synthesize_texture(job: TextureJob) -> dict[str, Any] | TaskFailed:
    """Run one texture's job to its target; returns plain values doit can store."""
    try:
        from texturegen.api import synthesize

        seed = read_png(job.seed, job.max_pixels)
        h, w = seed.shape[:2]
        if job.sprite:
            check_shape(job.seed, w, h)
        settings = job.settings_for(w, h)
        out = synthesize(seed, list(job.references), settings)
        atomic_write(job.target, encode_png(out))
    except TexturegenError as exc:
        return _fail(exc)
    return {
        "scale": settings.scale,
        "stamp": stamp(job.target),
        **cap_note(w, h, settings.scale, job.settings.scale, job.max_height),
    }


def nearest_texture(params: dict[str, Any]) -> dict[str, Any] | TaskFailed:
    """Scale one texture by integer nearest-neighbour, keeping exact texel values."""
    try:
        seed = read_png(params["seed"], params["max_pixels"])
        h, w = seed.shape[:2]
        scale = strip_scale(w, h, params["scale"], params["max_height"])
        data = Path(params["seed"]).read_bytes()
        if scale == 1:
            atomic_write(params["target"], data)
        else:
            from PIL import Image

            with own_size_check():  # read_png above refused anything over max_pixels
                big = Image.open(io.BytesIO(data)).resize((w * scale, h * scale), Image.Resampling.NEAREST)
            buf = io.BytesIO()
            big.save(buf, format="PNG", compress_level=9)
            atomic_write(params["target"], buf.getvalue())
    except TexturegenError as exc:
        return _fail(exc)
    except OSError as exc:
        return TaskFailed(f"{params['seed']}: cannot scale ({exc})")
    return {
        "scale": scale,
        "stamp": stamp(params["target"]),
        **cap_note(w, h, scale, params["scale"], params["max_height"]),
    }


def missing(message: str) -> TaskFailed:
    """Fail with a message (an input the task needs is absent)."""
    return TaskFailed(message)


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


def write_json(target: str, data: Any) -> None:
    """Write a JSON report atomically."""
    atomic_write(target, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))


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
