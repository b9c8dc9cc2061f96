"""A content-addressed store of synthesized textures, shared by builds and machines."""

from __future__ import annotations

from pathlib import Path

from texturegen.cache.store import Store


def open_store(location: str | Path) -> Store:
    """The store at a location: a local or mounted folder (an object-store URL would pick another backend here)."""
    from texturegen.cache.folder import FolderStore

    return FolderStore(Path(location))
