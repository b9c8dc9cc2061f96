"""Write real structure, level.dat and region files with nbtlib for the world tests."""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

import nbtlib
from nbtlib.tag import Compound, Int, List, String


def palette(names: list[str]) -> List[Compound]:
    """A block palette list."""
    return List[Compound]([Compound({"Name": String(n)}) for n in names])


def write_structure(
    path: Path, names: list[str] | None = None, palettes: list[list[str]] | None = None, data_version: int = 4189
) -> Path:
    """A gzip structure file with `palette` (or multi-palette `palettes`)."""
    root = Compound({"DataVersion": Int(data_version), "size": List[Int]([Int(1), Int(1), Int(1)])})
    if names is not None:
        root["palette"] = palette(names)
    if palettes is not None:
        root["palettes"] = List[List[Compound]]([palette(p) for p in palettes])
    nbtlib.File(root, gzipped=True).save(path)
    return path


def write_level(world: Path, name: str, data_version: int) -> None:
    """world/level.dat with Data.Version.Name and Data.DataVersion."""
    world.mkdir(parents=True, exist_ok=True)
    data = Compound(
        {"DataVersion": Int(data_version), "Version": Compound({"Name": String(name), "Id": Int(data_version)})}
    )
    nbtlib.File(Compound({"Data": data}), gzipped=True).save(world / "level.dat")


def chunk_bytes(sections: list[list[str]], legacy: bool = False) -> bytes:
    """Uncompressed NBT of one chunk whose sections have these palettes (1.18+ or 1.13-1.17 layout)."""
    if legacy:
        secs = List[Compound]([Compound({"Palette": palette(p)}) for p in sections])
        root = Compound({"Level": Compound({"Sections": secs})})
    else:
        secs = List[Compound]([Compound({"block_states": Compound({"palette": palette(p)})}) for p in sections])
        root = Compound({"DataVersion": Int(4189), "sections": secs})
    buf = io.BytesIO()
    nbtlib.File(root).write(buf)
    return buf.getvalue()


def write_region(path: Path, chunks: dict[tuple[int, int], bytes], kind: int = 2) -> Path:
    """A region file holding raw chunk NBT at (x, z), compressed as `kind` (1 gzip, 2 zlib, 3 none, 4 LZ4)."""
    header, body = bytearray(8192), bytearray()
    for (x, z), data in sorted(chunks.items()):
        packed = {1: gzip.compress(data, mtime=0), 2: zlib.compress(data), 3: data}.get(kind, data)
        record = struct.pack(">IB", len(packed) + 1, kind) + packed
        record += b"\0" * (-len(record) % 4096)
        offset = 2 + len(body) // 4096
        struct.pack_into(">I", header, 4 * (x + 32 * z), (offset << 8) | (len(record) // 4096))
        body += record
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(header) + bytes(body))
    return path


def write_world(world: Path, sections: list[list[str]], name: str = "1.21.4", data_version: int = 4189) -> Path:
    """A minimal world folder: level.dat and region/r.0.0.mca with one chunk."""
    write_level(world, name, data_version)
    write_region(world / "region" / "r.0.0.mca", {(0, 0): chunk_bytes(sections)})
    return world
