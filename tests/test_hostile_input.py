"""Hostile and broken input, second round: each refused by name at once, without a hang or a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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


def test_synth_out_naming_a_folder_is_one_line(tmp_path: Path) -> None:
    seed = ROOT / "resourcepacks/sample/assets/minecraft/textures/block/stone.png"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "texturegen.pipeline.cli",
            "synth",
            str(seed),
            "--reference",
            str(ROOT / "references/rock_00.png"),
            "--scale",
            "2",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "is a folder" in run.stderr and "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_seed_too_small_for_the_network_is_a_named_error() -> None:
    import numpy as np

    from texturegen import SynthesisSettings, synthesize
    from texturegen.core.errors import ImageError

    with pytest.raises(ImageError, match=r"seed 1x1: at scale 2 a frame is 2 px, smaller than"):
        synthesize(np.ones((1, 1, 4), np.float32), [np.ones((32, 32, 4), np.float32)], SynthesisSettings(scale=2))


@pytest.mark.slow
def test_a_parallel_build_leaves_nothing_in_tmpdir(tmp_path: Path) -> None:
    """doit -n 2 workers end without Python's exit hooks, so nothing may count on them to clean TMPDIR."""
    from tests.badinput import FAST_HEAD, project, texture

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    config = FAST_HEAD + 'rules:\n  - match: "minecraft:block/*"\n    references: ["refs/a.png"]\n'
    files = {f"assets/minecraft/textures/block/t{i}.png": texture(seed=i) for i in range(3)}
    root = project(tmp_path / "p", config, files, {"a.png": (ROOT / "references/rock_00.png").read_bytes()})
    env = dict(os.environ, TMPDIR=str(tmp))
    run = subprocess.run(
        [sys.executable, "-m", "doit", "-n", "2"], cwd=root, capture_output=True, text=True, timeout=600, env=env
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (root / "build/pack/assets/minecraft/textures/block/t2.png").is_file()
    assert sorted(p.name for p in tmp.iterdir()) == []


def test_json_nested_100000_deep_is_a_named_error_for_that_file(tmp_path: Path) -> None:
    from texturegen.pipeline.actions import copy_file

    pack = _pack(tmp_path)
    deep = b"[" * 100_000 + b"]" * 100_000
    model = pack / "assets" / "minecraft" / "models" / "block" / "deep.json"
    model.parent.mkdir(parents=True)
    model.write_bytes(b'{"parent": ' + deep + b"}")
    with pytest.raises(PackError, match=r"models/block/deep\.json: malformed JSON \(nested 100001 deep"):
        ResourcePack(pack).read_json("assets/minecraft/models/block/deep.json")
    meta = pack / "assets" / "minecraft" / "textures" / "block" / "stone.png.mcmeta"
    meta.write_bytes(deep)
    failed = copy_file(str(meta), str(tmp_path / "out.mcmeta"))
    assert "nested 100000 deep" in str(failed) and not (tmp_path / "out.mcmeta").exists()


@pytest.mark.parametrize("kind", ["symlink", "under_file"])
def test_an_output_that_is_a_link_or_under_a_file_is_refused_by_name(tmp_path: Path, kind: str) -> None:
    _pack(tmp_path)
    if kind == "symlink":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
        output, message = "out", "is a symbolic link"
    else:
        (tmp_path / "afile").write_text("x")
        output, message = "afile/out", "is a file, not a folder"
    config = tmp_path / "pipeline.yaml"
    config.write_text(f"input: pack\noutput: {output}\nscale: 8\nrules: []\n")
    with pytest.raises(ConfigError, match=rf"pipeline\.yaml:2: output .*{message}"):
        load_config(config)


def _unreadable_folder(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A pack whose `item` folder (holding one texture) has mode 000; as root, listing it raises as it would
    for an ordinary user (root's DAC override would list it)."""
    pack = _pack(tmp)
    hidden = pack / "assets" / "minecraft" / "textures" / "item"
    hidden.mkdir()
    (hidden / "stick.png").write_bytes((pack / "assets/minecraft/textures/block/stone.png").read_bytes())
    hidden.chmod(0)
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.geteuid() == 0 and Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return pack, hidden


def test_a_folder_that_cannot_be_read_is_one_warning_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack, hidden = _unreadable_folder(tmp_path, monkeypatch)
    try:
        opened = ResourcePack(pack)
    finally:
        hidden.chmod(0o755)
    assert opened.warnings == [f"{hidden}: folder cannot be read (Permission denied); its files are skipped"]
    assert opened.files() == ["assets/minecraft/textures/block/stone.png", "pack.mcmeta"]


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root needs setpriv to drop DAC")
def test_classify_of_a_pack_with_an_unreadable_folder_warns_once_by_name(tmp_path: Path) -> None:
    """The real thing, no monkeypatch: mode 000, read by an ordinary user or by root without its DAC override."""
    pack = _pack(tmp_path)
    hidden = pack / "assets" / "minecraft" / "textures" / "item"
    hidden.mkdir()
    (hidden / "stick.png").write_bytes((pack / "assets/minecraft/textures/block/stone.png").read_bytes())
    (tmp_path / "pipeline.yaml").write_text("input: pack\noutput: build/pack\nscale: 2\nrules: []\n")
    hidden.chmod(0)
    drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]
    command = [sys.executable, "-m", "texturegen.pipeline.cli", "classify", "--all"]
    try:
        run = subprocess.run(
            (drop if os.geteuid() == 0 else []) + command, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
    finally:
        hidden.chmod(0o755)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [f"Warning: {hidden}: folder cannot be read (Permission denied); its files are skipped"]
    assert "stick.png" not in run.stdout and "stone.png" in run.stdout
