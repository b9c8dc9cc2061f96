"""Hostile and broken input, second round: each refused by name at once, without a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from texturegen.core.errors import ConfigError, PackError
from texturegen.core.globs import MAX_ALTERNATIVES, alternatives, matches
from texturegen.pack.resourcepack import ResourcePack
from texturegen.pipeline.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def _pack(tmp: Path) -> Path:
    """A minimal folder pack with one texture."""
    tex = tmp / "pack" / "assets" / "minecraft" / "textures" / "block"
    tex.mkdir(parents=True)
    (tmp / "pack" / "pack.mcmeta").write_text('{"pack": {"pack_format": 12, "description": "x"}}')
    (tex / "stone.png").write_bytes(
        (ROOT / "resourcepacks/sample/assets/minecraft/textures/block/stone.png").read_bytes()
    )
    return tmp / "pack"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_pack_is_refused_by_name_without_opening_it(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    os.mkfifo(pack / "assets" / "minecraft" / "textures" / "block" / "x.png")
    with pytest.raises(PackError, match=r"x\.png: not a regular file"):
        ResourcePack(pack)


def test_a_symlink_loop_is_one_error_naming_the_link(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    loop = pack / "assets" / "minecraft" / "textures" / "loop.png"
    loop.symlink_to(loop)
    with pytest.raises(PackError, match=r"loop\.png: broken or looping symbolic link"):
        ResourcePack(pack)


def test_a_glob_of_many_alternatives_is_refused_at_once(tmp_path: Path) -> None:
    bomb = "minecraft:block/" + "{a,b}" * 26
    start = time.monotonic()
    assert alternatives(bomb) > MAX_ALTERNATIVES
    with pytest.raises(ValueError, match="alternatives"):
        matches("minecraft:block/ab", bomb)
    config = tmp_path / "pipeline.yaml"
    config.write_text(f'input: pack\noutput: out\nscale: 8\nrules:\n  - match: "{bomb}"\n    references: []\n')
    _pack(tmp_path)
    with pytest.raises(ConfigError, match=r"pipeline\.yaml:5: rules\[0\]\.match has more than 4096"):
        load_config(config)
    assert time.monotonic() - start < 2


def test_a_config_that_is_not_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "pipeline.yaml"
    config.write_bytes(b"input: pack\noutput: caf\xe9\nscale: 8\n")
    with pytest.raises(ConfigError, match=r"pipeline\.yaml:2: not UTF-8 text"):
        load_config(config)
    run = subprocess.run(
        [sys.executable, "-m", "texturegen.pipeline.cli", "check", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert run.stderr.strip().count("\n") == 0 and "not UTF-8" in run.stderr and "Traceback" not in run.stderr


def test_a_yaml_alias_bomb_is_refused_at_once_with_its_line(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    config = tmp_path / "pipeline.yaml"
    config.write_text("\n".join(lines) + "\ninput: pack\noutput: out\nscale: 8\nrules: []\ncopy: *a9\n")
    start = time.monotonic()
    with pytest.raises(ConfigError, match=r"pipeline\.yaml:9: more than 64 YAML aliases"):
        load_config(config)
    assert time.monotonic() - start < 2
