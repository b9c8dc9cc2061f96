"""Compression bombs in zip packs and NBT files: a named error, with memory bounded by the stated sizes."""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.nbtfiles import write_region
from texturegen.core.errors import PackError, WorldError
from texturegen.pack.resourcepack import ResourcePack
from texturegen.pack.worlds import MAX_NBT_BYTES, read_usage

STONE = "assets/minecraft/textures/block/stone.png"
GIB = 1 << 30


def _zeros_deflated(size: int, wbits: int) -> bytes:
    """`size` zero bytes compressed (raw deflate, zlib or gzip by wbits), built a MiB at a time."""
    engine = zlib.compressobj(1, zlib.DEFLATED, wbits)
    block = bytes(1 << 20)
    return b"".join(engine.compress(block) for _ in range(size >> 20)) + engine.flush()


def lying_zip(path: Path, inflated: int, stated: int = 1000) -> Path:
    """A zip pack whose texture entry's headers state `stated` bytes but whose deflate stream holds `inflated`."""
    meta = b'{"pack": {"pack_format": 15, "description": "x"}}'
    body = _zeros_deflated(inflated, -15)
    entries = [(b"pack.mcmeta", 0, meta, len(meta), zlib.crc32(meta)), (STONE.encode(), 8, body, stated, 0)]
    local, central = b"", b""
    for name, method, data, size, crc in entries:
        offset = len(local)
        head = struct.pack("<4s5H3I2H", b"PK\3\4", 20, 0, method, 0, 0, crc, len(data), size, len(name), 0)
        local += head + name + data
        central += struct.pack(
            "<4s6H3I5H2I", b"PK\1\2", 20, 20, 0, method, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset
        )
        central += name
    end = struct.pack("<4s4H2IH", b"PK\5\6", 0, 0, len(entries), len(entries), len(central), len(local), 0)
    path.write_bytes(local + central + end)
    return path


def test_a_zip_entry_inflating_past_its_stated_size_is_a_named_error(tmp_path: Path) -> None:
    pack = ResourcePack(lying_zip(tmp_path / "lie.zip", 64 << 20))
    with pytest.raises(PackError, match=r"lie\.zip: cannot read 'assets/minecraft/textures/block/stone\.png'"):
        pack.read(STONE)
    with pytest.raises(PackError, match="stone.png"):
        pack.materialise(tmp_path / "out")
    assert not (tmp_path / "out" / STONE).exists()


def test_an_nbt_structure_inflating_past_the_limit_is_a_named_error(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.nbt"
    bomb.write_bytes(_zeros_deflated(MAX_NBT_BYTES + (1 << 20), 31))
    with pytest.raises(WorldError, match=rf"bomb\.nbt: NBT file inflates to more than {MAX_NBT_BYTES} bytes"):
        read_usage([bomb])


def test_a_region_chunk_inflating_past_the_limit_is_a_named_error(tmp_path: Path) -> None:
    world = tmp_path / "world"
    from tests.nbtfiles import write_level

    write_level(world, "1.21.4", 4189)
    write_region(world / "region" / "r.0.0.mca", {(0, 0): bytes(MAX_NBT_BYTES + 1)}, kind=2)
    with pytest.raises(WorldError, match=r"r\.0\.0\.mca: chunk \(0, 0\): chunk inflates to more than"):
        read_usage([world])


def _nested_compounds(depth: int) -> bytes:
    """An uncompressed NBT file of `depth` compounds, each the only child of the one before."""
    open_tag = b"\x0a\x00\x01c"
    return b"\x0a\x00\x00" + open_tag * depth + b"\x00" * (depth + 1)


def test_nbt_nested_100000_deep_is_a_named_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.nbt"
    deep.write_bytes(gzip.compress(_nested_compounds(100_000)))
    with pytest.raises(WorldError, match=r"deep\.nbt: NBT nested too deep to read"):
        read_usage([deep])


PEAK = """
import json, sys
from pathlib import Path
from texturegen.core.errors import TexturegenError
from texturegen.pack.resourcepack import ResourcePack
from texturegen.pack.worlds import read_usage
kind, path = sys.argv[1], Path(sys.argv[2])
try:
    if kind == "zip":
        ResourcePack(path).read("{stone}")
    else:
        read_usage([path])
    message = ""
except TexturegenError as exc:
    message = str(exc)
# VmHWM is this program's own peak; ru_maxrss would include the forking test process's size
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps([message, peak / 1024]))
""".replace("{stone}", STONE)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zip", "nbt"])
def test_a_one_gib_bomb_stays_under_500_mb(tmp_path: Path, kind: str) -> None:
    if kind == "zip":
        bomb = lying_zip(tmp_path / "bomb.zip", GIB)
    else:
        bomb = tmp_path / "bomb.nbt"
        bomb.write_bytes(_zeros_deflated(GIB, 31))
    run = subprocess.run([sys.executable, "-c", PEAK, kind, str(bomb)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    message, peak_mb = json.loads(run.stdout)
    assert bomb.name in message
    assert peak_mb < 500, f"peak {peak_mb:.0f} MB"
