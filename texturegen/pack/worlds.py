"""Read block ids and versions from worlds and structure files (nbtlib; no TensorFlow)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbtlib

from texturegen.core.errors import WorldError
from texturegen.core.inflate import GZIP, ZLIB, TooLarge, inflate, is_gzip

SECTOR = 4096
COMPRESSION = {1: "gzip", 2: "zlib", 3: "none", 4: "LZ4", 127: "custom"}
DIMENSION_REGIONS = ("region", "DIM-1/region", "DIM1/region")
NBT_ERRORS = (
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    struct.error,
    zlib.error,
    nbtlib.tag.EndInstantiation,
    nbtlib.tag.StructError,
    nbtlib.tag.CastError,
)
MAX_NBT_BYTES = 64 * 1024 * 1024
"""Inflated size limit of one NBT file or chunk (real chunks are tens of KiB, large structures a few MiB)."""
AIR = frozenset({"minecraft:air", "minecraft:cave_air", "minecraft:void_air"})


@dataclass
class Usage:
    """Block ids found in worlds and structures, and the versions they were saved with."""

    blocks: set[str] = field(default_factory=set)
    versions: list[tuple[str, str | None, int | None]] = field(default_factory=list)
    """(file, version name, DataVersion) per world or structure."""
    files: list[Path] = field(default_factory=list)
    """Every file read, for doit dependencies."""


def _load(path: Path) -> nbtlib.File:
    """An NBT file (gzip or raw), inflated within MAX_NBT_BYTES, or WorldError naming it."""
    try:
        data = path.read_bytes()
        if is_gzip(data):
            data = inflate(data, GZIP, MAX_NBT_BYTES)
    except TooLarge as exc:
        raise WorldError(f"{path}: NBT file {exc}") from None
    except (OSError, zlib.error) as exc:
        raise WorldError(f"{path}: not a readable NBT file ({type(exc).__name__}: {exc})") from exc
    return _parse(str(path), data)


def _parse(where: str, data: bytes) -> nbtlib.File:
    """Parse NBT bytes, naming `where` for damaged data or nesting too deep to read."""
    try:
        return nbtlib.File.parse(io.BytesIO(data))
    except RecursionError:
        # Minecraft itself refuses NBT nested deeper than 512; Python's stack ends near 300 compounds.
        raise WorldError(f"{where}: NBT nested too deep to read (compounds or lists inside each other)") from None
    except NBT_ERRORS as exc:
        raise WorldError(f"{where}: not a readable NBT file ({type(exc).__name__}: {exc})") from exc


def _name(entry: Any) -> str | None:
    """A palette entry's namespaced block id."""
    name = entry.get("Name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name:
        return None
    return name if ":" in name else f"minecraft:{name}"


def _data_version(root: Any) -> int | None:
    """`DataVersion` of a compound, if present."""
    value = root.get("DataVersion") if isinstance(root, dict) else None
    return int(value) if value is not None else None


def structure_blocks(path: Path) -> tuple[set[str], int | None]:
    """Block ids of a structure file's `palette` (or every `palettes` entry) and its DataVersion."""
    root = _load(path)
    palettes: list[Any] = []
    if "palette" in root:
        palettes.append(root["palette"])
    palettes.extend(root.get("palettes", []))
    if not palettes:
        raise WorldError(f"{path}: structure file has no 'palette' or 'palettes' list")
    blocks = {n for pal in palettes for n in (_name(e) for e in pal) if n}
    return blocks, _data_version(root)


def level_version(path: Path) -> tuple[str | None, int | None]:
    """`Data.Version.Name` and `Data.DataVersion` of a level.dat."""
    data = _load(path).get("Data")
    if not isinstance(data, dict):
        raise WorldError(f"{path}: level.dat has no 'Data' compound")
    version = data.get("Version")
    name = version.get("Name") if isinstance(version, dict) else None
    return (str(name) if name is not None else None), _data_version(data)


def region_chunks(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(x, z, uncompressed NBT bytes) of every chunk stored in a region (.mca) file."""
    raw = path.read_bytes()
    if len(raw) < 2 * SECTOR:
        if not raw:
            return
        raise WorldError(f"{path}: region file shorter than its 8 KiB header ({len(raw)} bytes)")
    for index in range(1024):
        entry = struct.unpack_from(">I", raw, 4 * index)[0]
        offset, sectors = entry >> 8, entry & 0xFF
        if offset == 0 and sectors == 0:
            continue
        x, z = index % 32, index // 32
        where = f"{path}: chunk ({x}, {z})"
        start = offset * SECTOR
        if offset < 2 or start + 5 > len(raw):
            raise WorldError(f"{where} points outside the file (sector {offset})")
        length, kind = struct.unpack_from(">IB", raw, start)
        body = raw[start + 5 : start + 4 + length]
        if length < 1 or len(body) != length - 1:
            raise WorldError(f"{where} is truncated ({length} bytes declared)")
        if kind & 0x80:
            raise WorldError(f"{where} is stored in an external .mcc file, which texturegen does not read")
        yield x, z, _decompress(where, kind, body)


def _decompress(where: str, kind: int, body: bytes) -> bytes:
    """A chunk's NBT bytes from its compression type."""
    if kind == 4:
        raise WorldError(
            f"{where} uses LZ4 compression, which texturegen does not read; set "
            "region-file-compression=deflate in server.properties and re-save the world"
        )
    try:
        if kind in (1, 2):
            return inflate(body, GZIP if kind == 1 else ZLIB, MAX_NBT_BYTES)
    except TooLarge as exc:
        raise WorldError(f"{where}: chunk {exc}") from None
    except zlib.error as exc:
        raise WorldError(f"{where}: corrupt {COMPRESSION[kind]} data ({exc})") from exc
    if kind == 3:
        return body
    raise WorldError(f"{where}: unknown compression type {kind}")


def chunk_blocks(where: str, data: bytes) -> set[str]:
    """Block ids in one chunk's section palettes (1.18+ `sections`, or 1.13-1.17 `Level.Sections`)."""
    root = _parse(where, data)
    sections = root.get("sections")
    if sections is None and isinstance(root.get("Level"), dict):
        sections = root["Level"].get("Sections")
    out: set[str] = set()
    for section in sections or []:
        states = section.get("block_states")
        palette = states.get("palette") if isinstance(states, dict) else section.get("Palette")
        if palette is None and "Blocks" in section:
            raise WorldError(
                f"{where}: pre-1.13 numeric block ids are not supported; open the world "
                "in Minecraft 1.13 or newer once to convert it"
            )
        out.update(n for n in (_name(e) for e in palette or []) if n)
    return out


def region_blocks(path: Path) -> set[str]:
    """Block ids used anywhere in one region file."""
    out: set[str] = set()
    for x, z, data in region_chunks(path):
        out |= chunk_blocks(f"{path}: chunk ({x}, {z})", data)
    return out


def world_regions(world: Path) -> list[Path]:
    """Region files of every dimension of a world folder."""
    folders = [world / d for d in DIMENSION_REGIONS] + sorted(world.glob("dimensions/*/*/region"))
    return sorted(p for f in folders if f.is_dir() for p in f.glob("*.mca"))


class _Cache:
    """Block ids per file, keyed by size and mtime, kept in a JSON file so no-op builds stay fast."""

    def __init__(self, path: Path | None) -> None:
        """Load the cache file if there is one."""
        self.path, self.data, self.dirty = path, {}, False
        if path is not None and path.is_file():
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.data = {}

    def get(self, path: Path, read: Any) -> Any:
        """`read(path)`, or its cached result when the file has not changed."""
        stat = path.stat()
        key, stamp = str(path), [stat.st_size, stat.st_mtime_ns]
        hit = self.data.get(key)
        if isinstance(hit, dict) and hit.get("stamp") == stamp:
            return hit["value"]
        value = read(path)
        self.data[key], self.dirty = {"stamp": stamp, "value": value}, True
        return value

    def save(self) -> None:
        """Write the cache atomically when it changed."""
        if self.path is None or not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def read_usage(sources: Iterable[Path], cache_file: Path | None = None) -> Usage:
    """Every block id used by the given world folders and structure files."""
    usage, cache = Usage(), _Cache(cache_file)
    for src in sources:
        if src.is_dir():
            _read_world(src, usage, cache)
        elif src.is_file():
            blocks, version = cache.get(src, lambda p: _jsonable(structure_blocks(p)))
            usage.blocks.update(blocks)
            usage.versions.append((str(src), None, version))
            usage.files.append(src)
        else:
            raise WorldError(f"{src}: world folder or structure file not found")
    cache.save()
    usage.blocks -= AIR
    return usage


def _jsonable(found: tuple[set[str], int | None]) -> list[Any]:
    """A (blocks, version) pair as JSON-friendly sorted lists."""
    return [sorted(found[0]), found[1]]


def _read_world(world: Path, usage: Usage, cache: _Cache) -> None:
    """Add a world folder's blocks and level.dat version to `usage`."""
    level = world / "level.dat"
    if not level.is_file():
        raise WorldError(f"{world}: not a world folder (no level.dat)")
    name, version = cache.get(level, lambda p: list(level_version(p)))
    usage.versions.append((str(world), name, version))
    usage.files.append(level)
    regions = world_regions(world)
    if not regions:
        raise WorldError(f"{world}: world has no region/*.mca files")
    for region in regions:
        usage.blocks.update(cache.get(region, lambda p: sorted(region_blocks(p))))
        usage.files.append(region)
