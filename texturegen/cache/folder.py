"""The store in a folder (local disk, network drive, CI cache): one file per entry, named by key and content."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from texturegen.cache.keys import digest
from texturegen.cache.store import Stats
from texturegen.core.atomic import TMP_PREFIX, atomic_write
from texturegen.core.errors import OutputError

LAYOUT = "v1"
"""Subfolder of the store's layout version."""
STALE_TMP = 3600.0
"""Seconds after which a temporary file is a leftover of a killed writer, not one being written."""


class FolderStore:
    """Entries at `<root>/v1/<key[:2]>/<key>-<content hash>.png`, whole and checkable."""

    # Whole: written to a temporary name, then renamed. Checkable: the name carries the hash of the bytes, so
    # an entry truncated or altered on a shared drive is a miss, and one file is the whole entry (no sidecar).

    def __init__(self, root: Path) -> None:
        """Use (and create) the folder."""
        self.root = root / LAYOUT
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{root}: cannot use as the cache folder ({exc.strerror or exc})") from None

    def _folder(self, key: str) -> Path:
        """The shard folder of a key."""
        return self.root / key[:2]

    def _entries(self, key: str) -> list[Path]:
        """Files stored under a key (normally one)."""
        folder = self._folder(key)
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        return sorted(folder / n for n in names if n.startswith(f"{key}-") and n.endswith(".png"))

    def get(self, key: str) -> bytes | None:
        """The stored bytes when their hash matches the entry's name; a corrupt entry is removed."""
        for entry in self._entries(key):
            try:
                data = entry.read_bytes()
            except FileNotFoundError:  # pruned or replaced meanwhile
                continue
            if digest(data)[:32] == entry.name[len(key) + 1 : -4]:
                with contextlib.suppress(OSError):
                    os.utime(entry)  # prune goes by last use
                return data
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        return None

    def put(self, key: str, data: bytes) -> None:
        """Write to a temporary name in the shard folder, then rename: readers never see half an entry."""
        atomic_write(self._folder(key) / f"{key}-{digest(data)[:32]}.png", data)

    @contextlib.contextmanager
    def claim(self, key: str) -> Iterator[None]:
        """An exclusive lock on `<root>/locks/<key>` while the caller makes the entry (none without flock)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        locks = self.root / "locks"
        locks.mkdir(exist_ok=True)
        with open(locks / key, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
            except OSError:  # a file system without locks: two builds may both make it, and the rename keeps one
                yield
                return
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _all(self) -> Iterator[Path]:
        """Every stored entry."""
        for shard in sorted(self.root.iterdir()):
            if shard.is_dir() and len(shard.name) == 2:
                entries = sorted(shard.iterdir())
                yield from (p for p in entries if p.suffix == ".png" and not p.name.startswith(TMP_PREFIX))

    def stats(self) -> Stats:
        """Entries, bytes and the oldest and newest use."""
        count, size, times = 0, 0, []
        for entry in self._all():
            with contextlib.suppress(FileNotFoundError):
                st = entry.stat()
                count, size = count + 1, size + st.st_size
                times.append(st.st_mtime)
        return Stats(count, size, min(times, default=None), max(times, default=None))

    def prune(self, older_than: float) -> int:
        """Remove entries unused for `older_than` seconds, and leftovers of killed writers and old locks."""
        now = time.time()
        removed = 0
        for entry in list(self._all()):
            with contextlib.suppress(FileNotFoundError):
                if now - entry.stat().st_mtime > older_than:
                    entry.unlink()
                    removed += 1
        for shard in self.root.iterdir():
            for leftover in shard.glob(f"{TMP_PREFIX}*") if shard.is_dir() else []:
                with contextlib.suppress(FileNotFoundError):
                    if now - leftover.stat().st_mtime > STALE_TMP:
                        leftover.unlink()
        return removed
