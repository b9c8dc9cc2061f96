"""Worlds and structures: NBT reading, block -> texture resolution, only_used_by builds, pack_format auto."""

import json
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.badinput import FAST_HEAD
from tests.conftest import PART as SHARED_PACK
from tests.conftest import REFS, ROOT
from tests.nbtfiles import chunk_bytes, write_level, write_region, write_structure, write_world
from tests.test_pipeline import doit
from texturegen.core.errors import WorldError
from texturegen.pack.blocks import BlockTextures
from texturegen.pack.pack_formats import format_for
from texturegen.pack.resourcepack import ResourcePack
from texturegen.pack.worlds import read_usage, region_blocks, structure_blocks

BLOCKS = "assets/minecraft/textures/block"
STONE = {f"minecraft:block/stone{i}" for i in ("", 1, 2, 3, 4, 5)}
PLANKS = {"minecraft:block/oak_planks", "minecraft:block/oak_planks1", "minecraft:block/oak_planks2"}
DIRT = {f"minecraft:block/dirt{i}" for i in ("", 1, 2, 3, 4)}


def test_structure_palette_and_palettes(tmp_path):
    one = write_structure(tmp_path / "a.nbt", ["minecraft:stone", "oak_planks", "minecraft:air"])
    assert structure_blocks(one) == ({"minecraft:stone", "minecraft:oak_planks", "minecraft:air"}, 4189)
    multi = write_structure(tmp_path / "b.nbt", palettes=[["minecraft:glass"], ["minecraft:dirt"]])
    assert structure_blocks(multi)[0] == {"minecraft:glass", "minecraft:dirt"}


def test_region_reads_modern_legacy_and_every_compression(tmp_path):
    chunks = {
        (0, 0): chunk_bytes([["minecraft:stone", "minecraft:air"], ["minecraft:dirt"]]),
        (5, 31): chunk_bytes([["minecraft:glass"]], legacy=True),
    }
    for kind in (1, 2, 3):
        path = write_region(tmp_path / f"r{kind}.mca", chunks, kind)
        assert region_blocks(path) == {"minecraft:stone", "minecraft:air", "minecraft:dirt", "minecraft:glass"}


def test_lz4_and_corrupt_chunks_name_the_file_and_chunk(tmp_path):
    lz4 = write_region(tmp_path / "r.0.0.mca", {(3, 4): chunk_bytes([["minecraft:stone"]])}, kind=4)
    with pytest.raises(WorldError, match=r"r\.0\.0\.mca: chunk \(3, 4\) uses LZ4"):
        region_blocks(lz4)
    bad = write_region(tmp_path / "r.1.0.mca", {(1, 2): b"not nbt at all"}, kind=3)
    with pytest.raises(WorldError, match=r"r\.1\.0\.mca: chunk \(1, 2\)"):
        region_blocks(bad)
    raw = bytearray(write_region(tmp_path / "r.2.0.mca", {(0, 0): chunk_bytes([["minecraft:stone"]])}).read_bytes())
    raw[8192 + 5 : 8192 + 9] = b"\xff\xff\xff\xff"
    (tmp_path / "r.2.0.mca").write_bytes(bytes(raw))
    with pytest.raises(WorldError, match="corrupt zlib"):
        region_blocks(tmp_path / "r.2.0.mca")
    (tmp_path / "short.mca").write_bytes(b"\0" * 100)
    with pytest.raises(WorldError, match="short.mca: region file shorter"):
        region_blocks(tmp_path / "short.mca")


def test_bad_nbt_and_missing_world_are_one_line_errors(tmp_path):
    (tmp_path / "junk.nbt").write_bytes(zlib.compress(b"junk") * 3)
    with pytest.raises(WorldError, match="junk.nbt: not a readable NBT file"):
        read_usage([tmp_path / "junk.nbt"])
    (tmp_path / "empty_world").mkdir()
    with pytest.raises(WorldError, match="empty_world: not a world folder"):
        read_usage([tmp_path / "empty_world"])
    with pytest.raises(WorldError, match="nowhere.nbt: world folder or structure file not found"):
        read_usage([tmp_path / "nowhere.nbt"])


def test_world_usage_versions_and_cache(tmp_path):
    world = write_world(tmp_path / "w", [["minecraft:stone", "minecraft:cave_air"]])
    write_region(world / "DIM-1" / "region" / "r.0.0.mca", {(0, 0): chunk_bytes([["minecraft:netherrack"]])})
    cache = tmp_path / "cache.json"
    usage = read_usage([world], cache)
    assert usage.blocks == {"minecraft:stone", "minecraft:netherrack"}
    assert usage.versions == [(str(world), "1.21.4", 4189)]
    assert len(usage.files) == 3 and cache.is_file()
    assert read_usage([world], cache).blocks == usage.blocks  # answered from the cache
    write_region(world / "region" / "r.0.0.mca", {(0, 0): chunk_bytes([["minecraft:dirt", "minecraft:stone"]])})
    assert read_usage([world], cache).blocks == {"minecraft:stone", "minecraft:dirt", "minecraft:netherrack"}


def test_blocks_resolve_through_blockstates_models_and_fallback():
    index = BlockTextures(ResourcePack(SHARED_PACK))
    assert index.of("minecraft:stone") == STONE  # stone6..10 exist but no model uses them
    assert index.of("minecraft:oak_stairs") == PLANKS  # no blockstate in the pack: naming fallback
    assert index.of("minecraft:glass") == {"minecraft:block/glass"}
    assert {"minecraft:block/grass_block_top", "minecraft:block/dirt"} <= index.of("minecraft:grass_block")
    assert index.used(["minecraft:stone", "mymod:gizmo", "mymod:gizmo"]) == STONE
    assert index.missing == ["mymod:gizmo"]


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [("1.21.4", 4189, 46), ("1.19.3", 3218, 12), (None, 4325, 55), ("26.2", 4903, 88), ("27.1", 9999, None)],
)
def test_pack_format_from_world_version(name, version, expected):
    fmt, why = format_for(name, version)
    assert fmt == expected
    if expected is None:
        assert "newer than texturegen's pack_format table" in why


CONFIG = (
    FAST_HEAD
    + """\
rules:
  - match: "minecraft:block/*"
    references: ["refs/a.png"]
only_used_by: [{sources}]
pack_format: {fmt}
"""
)


def _project(root: Path, sources: str, fmt: str = "keep") -> Path:
    """A project with part of Pixel Perfection (blockstates, models, some block textures)."""
    pack = root / "pack"
    src = SHARED_PACK
    for rel in ["pack.mcmeta", *(f"assets/minecraft/blockstates/{b}.json" for b in ("stone", "oak_planks", "dirt"))]:
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / rel, pack / rel)
    shutil.copytree(src / "assets/minecraft/models", pack / "assets/minecraft/models")
    (pack / BLOCKS).mkdir(parents=True)
    for png in (src / BLOCKS).glob("*.png"):
        if png.stem.rstrip("0123456789") in ("stone", "oak_planks", "dirt", "glass", "cobblestone"):
            shutil.copy(png, pack / BLOCKS / png.name)
    (root / "refs").mkdir()
    shutil.copy(REFS / "rock_01.png", root / "refs" / "a.png")
    shutil.copy(ROOT / "dodo.py", root / "dodo.py")
    (root / "pipeline.yaml").write_text(CONFIG.format(sources=sources, fmt=fmt))
    return root


def _textures(built: set[str]) -> set[str]:
    """Texture ids of the texture tasks that ran."""
    return {t.removeprefix("texture:").replace("/", ":", 1) for t in built if t.startswith("texture:")}


@pytest.mark.slow
def test_structure_builds_only_its_textures_and_new_blocks_rebuild_just_those(tmp_path):
    project = _project(tmp_path, "structure.nbt")
    structure = write_structure(
        project / "structure.nbt", ["minecraft:stone", "minecraft:oak_planks", "minecraft:glass", "minecraft:air"]
    )
    built, out = doit(project)
    assert _textures(built) == STONE | PLANKS | {"minecraft:block/glass"}
    res = project / "build" / "pack" / BLOCKS
    assert all((res / f"{n}.png").is_file() for n in ("stone6", "cobblestone", "dirt"))  # nearest, not synthesized
    used = json.loads((project / "build" / "pack" / ".texturegen" / "used.json").read_text())
    assert "minecraft:glass" in used["blocks"] and "minecraft:block/stone6" not in used["textures"]
    assert doit(project)[0] == set()
    write_structure(structure, ["minecraft:stone", "minecraft:oak_planks", "minecraft:glass", "minecraft:dirt"])
    built, _ = doit(project)
    assert _textures(built) == DIRT
    assert "zip" in built
    write_structure(structure, ["minecraft:stone", "minecraft:oak_planks", "minecraft:glass"])
    built, _ = doit(project)  # dirt is no longer used: its synthesized file goes back to nearest-neighbour
    assert _textures(built) == set()
    seed = np.asarray(Image.open(project / "pack" / BLOCKS / "dirt.png").convert("RGBA"))
    np.testing.assert_array_equal(np.asarray(Image.open(res / "dirt.png").convert("RGBA"))[::2, ::2], seed)


@pytest.mark.slow
def test_world_pack_format_auto_and_unknown_version(tmp_path):
    project = _project(tmp_path, "world", fmt="auto")
    write_world(project / "world", [["minecraft:glass", "minecraft:air"]])
    built, out = doit(project)
    assert _textures(built) == {"minecraft:block/glass"}
    assert json.loads((project / "build" / "pack" / "pack.mcmeta").read_text())["pack"]["pack_format"] == 46
    write_level(project / "world", "27.1", 9999)
    built, out = doit(project)
    assert "pack_mcmeta" in built
    assert json.loads((project / "build" / "pack" / "pack.mcmeta").read_text())["pack"]["pack_format"] == 12
