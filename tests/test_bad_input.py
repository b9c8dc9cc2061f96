"""Broken input through the real doit pipeline: one line per bad file, the rest still builds, input untouched."""

import json
import re

import numpy as np
import pytest
from PIL import Image

from tests.badinput import FAST_HEAD, TEX, bomb_png, project, run_doit, texture, tree_hash

CONFIG = (
    FAST_HEAD
    + """\
rules:
  - match: "minecraft:block/small_ref"
    references: ["refs/tiny.png"]
  - match: "minecraft:block/broken_ref"
    references: ["refs/broken.png"]
  - match: "minecraft:block/*"
    references: ["refs/a.png"]
"""
)
SIMPLE = CONFIG.split("rules:")[0] + 'rules:\n  - match: "minecraft:block/*"\n    references: ["refs/a.png"]\n'
REFS = {"tiny.png": texture(size=(4, 4)), "broken.png": b"junk"}
GOOD = texture()
# file -> the reason its one-line error must give (None: valid, must build)
CASES = {
    "stone": None,
    "rgb16": None,
    "paletted": None,
    "grey": None,
    "greyalpha": None,
    "badmeta": None,
    "truncated": "not a readable PNG (image file is truncated)",
    "corrupt": "not a PNG (unrecognised image data)",
    "empty": "empty file, not a PNG",
    "bomb": "100000x100000 is more than the limit of",
    "wide": "32x16 is neither square nor a strip of square frames",
    "strip": "16x40 is neither square nor a strip of square frames",
    "small_ref": "is smaller than the 12x12 px needed for a 3x3 patch",
    "broken_ref": "broken.png: not a PNG (unrecognised image data)",
}


def _bad_files() -> dict[str, bytes]:
    """The pack's textures: valid ones in every PNG mode, and each kind of broken one."""
    files = {
        f"{TEX}/stone.png": GOOD,
        f"{TEX}/rgb16.png": texture("I;16"),
        f"{TEX}/paletted.png": texture("P"),
        f"{TEX}/grey.png": texture("L"),
        f"{TEX}/greyalpha.png": texture("LA"),
        f"{TEX}/truncated.png": GOOD[: len(GOOD) // 2],
        f"{TEX}/corrupt.png": b"\x89PNG\r\n\x1a\njunk" * 5,
        f"{TEX}/empty.png": b"",
        f"{TEX}/bomb.png": bomb_png(),
        f"{TEX}/wide.png": texture(size=(32, 16)),
        f"{TEX}/strip.png": texture(size=(16, 40)),
        f"{TEX}/strip.png.mcmeta": b'{"animation": {}}',
        f"{TEX}/badmeta.png": GOOD,
        f"{TEX}/badmeta.png.mcmeta": b'{"animation": {',
        f"{TEX}/small_ref.png": GOOD,
        f"{TEX}/broken_ref.png": GOOD,
        "assets/minecraft/textures/item/junk_item.png": b"junk",
    }
    return files


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("bad"), CONFIG, _bad_files(), REFS)
    before = tree_hash(root / "pack")
    run = run_doit(root)
    return root, run, before


def test_each_bad_file_fails_alone_with_one_line(bad_run):
    root, run, _ = bad_run
    assert run.returncode != 0
    lines = run.stdout.splitlines()
    for name, reason in CASES.items():
        task = f"texture:minecraft/block/{name}"
        failed = [ln for ln in lines if f"FAILED {task}:" in ln]
        if reason is None:
            assert not failed, failed
            continue
        assert len(failed) == 1 and reason in failed[0], (name, failed)
    assert any(
        "FAILED nearest:assets/minecraft/textures/item/junk_item.png:" in ln and "junk_item.png: not a PNG" in ln
        for ln in lines
    )
    assert any("FAILED copy:" in ln and "badmeta.png.mcmeta: malformed JSON" in ln for ln in lines)
    summary = [ln for ln in lines if ln.startswith("texturegen:")]
    assert summary and re.search(r"\b10 failed, 2 skipped\b", summary[0]), summary
    assert "Traceback" not in run.stdout + run.stderr


def test_valid_modes_build_and_nothing_is_half_written(bad_run):
    root, _, before = bad_run
    out = root / "build" / "pack" / TEX
    for name in ("stone", "rgb16", "paletted", "grey", "greyalpha", "badmeta"):
        assert Image.open(out / f"{name}.png").size == (32, 32)
    grey = np.asarray(Image.open(out / "grey.png").convert("RGB"), dtype=int)
    assert np.abs(grey - grey[..., :1]).max() == 0
    for name, reason in CASES.items():
        assert (reason is None) == (out / f"{name}.png").exists(), name
    assert not (root / "build" / "pack.zip").exists()  # an incomplete pack is not zipped
    assert not [p for p in root.rglob(".tmp-*")]
    assert tree_hash(root / "pack") == before


@pytest.mark.parametrize(
    ("mcmeta", "reason"),
    [
        (b"<none>", "no pack.mcmeta (not a resource pack?)"),
        (b'{"pack": {"pack_format": 12,', "malformed pack.mcmeta"),
        (b'{"textures": 1}', "pack.mcmeta has no 'pack' object"),
    ],
)
@pytest.mark.slow
def test_missing_or_malformed_pack_mcmeta(tmp_path, mcmeta, reason):
    root = project(tmp_path, SIMPLE, {f"{TEX}/stone.png": GOOD}, mcmeta=mcmeta)
    before = tree_hash(root / "pack")
    run = run_doit(root)
    assert run.returncode != 0
    failed = [ln for ln in run.stdout.splitlines() if "FAILED pack_mcmeta:" in ln]
    assert len(failed) == 1 and reason in failed[0], run.stdout
    assert Image.open(root / "build" / "pack" / TEX / "stone.png").size == (32, 32)
    assert tree_hash(root / "pack") == before


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda c: "input: [unclosed\n", "pipeline.yaml:2: not valid YAML"),
        (lambda c: c + "colour_mode: fancy\n", "pipeline.yaml:14: unknown key 'colour_mode'"),
        (lambda c: c.replace("scale: 2", "scale: two"), "pipeline.yaml:3: 'scale'"),
        (lambda c: c.replace("scale: 2", "scale: 3"), "pipeline.yaml:3: 'scale' = 3"),
        (lambda c: c.replace("refs/tiny.png", "refs/nothing*.png"), "pipeline.yaml:9: "),
    ],
)
@pytest.mark.slow
def test_bad_pipeline_yaml_stops_before_building(tmp_path, edit, needle):
    root = project(tmp_path, edit(CONFIG), {f"{TEX}/stone.png": GOOD}, REFS)
    run = run_doit(root)
    assert run.returncode != 0
    errors = [ln for ln in run.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and needle in errors[0], run.stderr
    assert not (root / "build").exists()


@pytest.mark.slow
def test_rule_matching_nothing_is_a_warning(tmp_path):
    config = CONFIG.replace("minecraft:block/small_ref", "minecraft:block/no_such_texture")
    root = project(tmp_path, config, {f"{TEX}/stone.png": GOOD}, REFS)
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(
        r"Warning: .*pipeline.yaml:8: rules\[0\].match 'minecraft:block/no_such_texture' matches "
        r"no texture",
        run.stderr,
    ), run.stderr
    assert json.loads((root / "build" / "pack" / "pack.mcmeta").read_text())["pack"]["pack_format"] == 12


@pytest.mark.slow
def test_tall_strips_are_scaled_down_to_the_height_cap_and_reported(tmp_path):
    config = SIMPLE.replace("scale: 2", "scale: 4") + "max_strip_height: 128\n"
    meta = b'{"animation": {"frametime": 2}}'
    files = {
        f"{TEX}/stone.png": GOOD,
        f"{TEX}/lava.png": texture(size=(16, 64)),
        f"{TEX}/lava.png.mcmeta": meta,
        "assets/minecraft/textures/item/flag.png": texture(size=(16, 64)),
    }
    root = project(tmp_path, config, files)
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    out = root / "build" / "pack" / "assets" / "minecraft" / "textures"
    assert Image.open(out / "block" / "stone.png").size == (64, 64)
    assert Image.open(out / "block" / "lava.png").size == (32, 128)
    assert Image.open(out / "item" / "flag.png").size == (32, 128)
    assert (out / "block" / "lava.png.mcmeta").read_bytes() == meta
    notes = [
        ln
        for ln in run.stdout.splitlines()
        if "16x64 strip scaled x2, not x4, to stay within max_strip_height 128 px" in ln
    ]
    assert len(notes) == 2, run.stdout
