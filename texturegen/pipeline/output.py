"""The output folder: its private state folder, the marker, the lock, leftovers, and what it may not overlap."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from texturegen.core.atomic import TMP_PREFIX
from texturegen.core.errors import OutputError
from texturegen.pack.layers import LayeredPack
from texturegen.pipeline.config import PipelineConfig

STATE = ".texturegen"
"""The output's private folder: doit's state, the marker, the lock, the extracted zip inputs, temporary files."""
MARKER = "OUTPUT"
"""`<output>/.texturegen/OUTPUT` marks a folder texturegen wrote, so it may overwrite it."""


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
