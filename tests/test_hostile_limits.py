"""Hostile input, third round: names a zip cannot hold, paths past PATH_MAX, textures past the size limits."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.badinput import FAST_HEAD, TEX, project, run_doit, texture
from texturegen.core.errors import ImageError
from texturegen.core.limits import Limits
from texturegen.pipeline.actions import nearest_texture

RULES = 'rules:\n  - match: "minecraft:block/*"\n    references: ["refs/a.png"]\n'


@pytest.mark.slow
def test_a_name_that_is_not_utf8_is_skipped_with_a_warning_and_the_rest_is_built(tmp_path: Path) -> None:
    root = project(tmp_path, FAST_HEAD + "unmatched: nearest\nrules: []\n", {f"{TEX}/stone.png": texture()})
    bad = os.fsencode(root / "pack" / TEX) + b"/caf\xe9.png"
    with open(bad, "wb") as handle:
        handle.write(texture(seed=2))
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "caf\\xe9.png: name is not UTF-8; skipped" in run.stderr
    with zipfile.ZipFile(root / "build" / "pack.zip") as archive:
        assert f"{TEX}/stone.png" in archive.namelist()
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.slow
def test_an_output_path_past_path_max_is_one_line_before_anything_is_written(tmp_path: Path) -> None:
    deep = "/".join(["d" * 200] * 9)  # 1,809 bytes below the texture folder: the input fits, a deeper output not
    output = "/".join(["o" * 250] * 9)
    config = FAST_HEAD.replace("output: build/pack", f"output: {output}") + "unmatched: nearest\nrules: []\n"
    root = project(tmp_path, config, {f"{TEX}/{deep}/stone.png": texture()})
    run = run_doit(root)
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "bytes is longer than this system allows" in lines[0], run.stderr
    assert lines[0].startswith("Error: ") and "stone.png" in lines[0]
    assert not (root / ("o" * 250)).exists()


def test_a_zip_entry_with_a_name_part_past_255_bytes_is_refused_by_name(tmp_path: Path) -> None:
    from texturegen.core.errors import PackError
    from texturegen.pack.resourcepack import ResourcePack

    pack = tmp_path / "long.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("pack.mcmeta", b'{"pack": {"pack_format": 15, "description": "x"}}')
        archive.writestr(f"{TEX}/{'x' * 300}.png", texture())
    with pytest.raises(PackError, match=r"long\.zip: entry .* has a name part longer than 255 bytes"):
        ResourcePack(pack)


@pytest.mark.slow
def test_a_synthesized_output_past_max_output_pixels_fails_that_texture_by_name(tmp_path: Path) -> None:
    config = FAST_HEAD + "max_output_pixels: 4096\n" + RULES
    files = {f"{TEX}/big.png": texture(size=(64, 64)), f"{TEX}/small.png": texture(size=(16, 16))}
    root = project(tmp_path, config, files)
    run = run_doit(root)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "big.png: 64x64 at x2 is 128x128 = 16384 pixels, more than max_output_pixels 4096" in out
    assert (root / "build" / "pack" / TEX / "small.png").is_file()
    assert not (root / "build" / "pack" / TEX / "big.png").exists()
    assert "Traceback" not in out


def test_a_strip_taller_than_max_strip_height_unscaled_is_refused_not_built(tmp_path: Path) -> None:
    strip = tmp_path / "tall.png"
    strip.write_bytes(texture(size=(16, 65536)))
    failed = nearest_texture(str(strip), str(tmp_path / "out.png"), 8, Limits())
    assert "tall.png: 16x65536 is taller than max_strip_height 16384 px before any scaling" in str(failed)
    assert not (tmp_path / "out.png").exists()
    with pytest.raises(ImageError, match="taller than max_strip_height"):
        Limits().scale_for("tall.png", 16, 65536, 8, synthesized=True)


def test_a_strip_is_capped_below_max_strip_height_and_the_note_says_so() -> None:
    limits = Limits(max_strip_height=16384)
    assert limits.scale_for("s.png", 16, 4096, 8, synthesized=False) == 4
    assert 4096 * 4 <= 16384
    assert "scaled x4, not x8" in limits.cap_note(16, 4096, 4, 8)["note"]
    assert limits.scale_for("s.png", 16, 16384, 8, synthesized=False) == 1
