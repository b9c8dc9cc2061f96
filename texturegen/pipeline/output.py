"""The output folder: its private state folder, the marker, the lock, leftovers, and what it may not overlap."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from texturegen.core.atomic import TMP_PREFIX, atomic_write
from texturegen.core.errors import OutputError
from texturegen.pack.layers import LayeredPack
from texturegen.pipeline.config import PipelineConfig

STATE = ".texturegen"
"""The output's private folder: doit's state, the marker, the lock, the extracted zip inputs, temporary files."""
MARKER = "OUTPUT"
"""`<output>/.texturegen/OUTPUT` marks a folder texturegen wrote, so it may overwrite it."""
BESIDE = "beside"
"""`<output>/.texturegen/beside/<name>.sha256`: the digest of each file texturegen last wrote beside the output folder
(its zip, its preview), so that it overwrites those and nothing else there."""


def beside_paths(config: PipelineConfig) -> list[Path]:
    """The files a build writes beside the output folder: `<output>.zip`, `<output>-preview.png` and `.html`."""
    return [config.zip_path, config.preview_path, config.preview_path.with_suffix(".html")]


def _digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stamp(path: Path) -> str:
    """A file's size and modification time: when both are as recorded, its bytes need not be read again."""
    info = path.stat()
    return f"{info.st_size} {info.st_mtime_ns}"


def record_beside(output: Path, path: Path) -> None:
    """Remember the digest (and size and time) of a file just written beside the output, so the next build may
    overwrite it."""
    folder = output / STATE / BESIDE
    folder.mkdir(parents=True, exist_ok=True)
    line = f"{_digest(path)} {_stamp(path)}\n"
    atomic_write(folder / f"{path.name}.sha256", line.encode("ascii"), tmp_dir=output / STATE)


def _written_by_us(output: Path, path: Path) -> bool:
    """Whether `path`, beside the output, is the file texturegen last wrote there (unchanged since).

    Every plan asks this, and a whole pack's zip is large: a file whose size and time are as recorded is not read.
    An output written before the digests were kept (the marker, no beside/ folder) owns its beside files: they
    have the names the build gives them, and one that is an input is refused before this is asked."""
    record = output / STATE / BESIDE / f"{path.name}.sha256"
    if record.is_file():
        digest, _, stamp = record.read_text(encoding="ascii").strip().partition(" ")
        return stamp == _stamp(path) or digest == _digest(path)
    return (output / STATE / MARKER).is_file() and not (output / STATE / BESIDE).exists()


def check_paths(config: PipelineConfig) -> None:
    """Refuse a missing input pack, then an output that texturegen may not write (check_output)."""
    for source in config.inputs:
        if not source.exists():
            raise OutputError(f"{config.path}: input pack '{source}' not found")
    check_output(config)


def check_output(config: PipelineConfig) -> None:
    """Refuse an output that is, holds or sits in an input, or that texturegen did not write, or files beside it
    (its zip, its preview) that are an input or that texturegen did not write."""
    out = config.output
    for src in config.inputs:
        if out == src or src in out.parents or out in src.parents:
            raise OutputError(
                f"{config.path}: output '{out}' overlaps the input pack '{src}'; choose a separate folder"
            )
    if out == config.path.parent or out in config.path.parents:
        raise OutputError(f"{config.path}: output '{out}' would contain the config file; choose a separate folder")
    for path in beside_paths(config):
        for src in config.inputs:
            if path == src or src in path.parents:
                raise OutputError(
                    f"{config.path}: the build writes '{path}' beside the output, and that is the input pack '{src}'"
                    f" or inside it; give the output another name"
                )
        if path == config.path:
            raise OutputError(f"{config.path}: the build writes '{path}' beside the output; name the output otherwise")
        if path.is_file() and not _written_by_us(out, path):
            raise OutputError(
                f"{path}: exists beside the output and texturegen did not write it (or it changed since); "
                f"move it away or give the output another name"
            )
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
