"""The store interface tasks use: whole entries by key, claims, stats and pruning."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Stats:
    """What a store holds."""

    entries: int
    bytes: int
    oldest: float | None
    newest: float | None


class Store(Protocol):
    """A content-addressed store of PNG bytes; safe for many processes and machines at once."""

    def get(self, key: str) -> bytes | None:
        """The stored bytes, checked against their hash, or None (a corrupt entry is removed: a miss)."""
        ...

    def put(self, key: str, data: bytes) -> None:
        """Store bytes under a key atomically (readers see the whole entry or none)."""
        ...

    def claim(self, key: str) -> contextlib.AbstractContextManager[None]:
        """Hold a key while making it, so a concurrent build waits and then hits instead of repeating the work."""
        ...

    def stats(self) -> Stats:
        """Entry count, bytes and entry ages."""
        ...

    def prune(self, older_than: float) -> int:
        """Remove entries not used for `older_than` seconds; return how many."""
        ...
