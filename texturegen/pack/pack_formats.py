"""The output pack_format for a world's version, from the shipped release table."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], dict[int, str]]:
    """(release -> pack_format, DataVersion -> release) from data/pack_formats.json."""
    text = resources.files("texturegen.pack.data").joinpath("pack_formats.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return dict(data["pack_format"]), {v: k for k, v in data["data_version"].items()}


def newest_data_version() -> int:
    """The highest DataVersion the table knows."""
    return max(_table()[1])


def newest_format() -> int:
    """The highest resource pack_format the table knows."""
    return max(_table()[0].values())


def format_for(name: str | None, data_version: int | None) -> tuple[int | None, str]:
    """(pack_format or None, explanation) for a world saved by release `name` with `data_version`."""
    formats, releases = _table()
    if name in formats:
        return formats[name], f"Minecraft {name}"
    if data_version in releases:
        release = releases[data_version]
        return formats[release], f"Minecraft {release} (DataVersion {data_version})"
    label = f"version {name!r} (DataVersion {data_version})"
    if data_version is not None and data_version > newest_data_version():
        return None, f"{label} is newer than texturegen's pack_format table; update texturegen"
    return None, f"{label} is not in texturegen's pack_format table"
