"""Stacked inputs: a pack folder, a .zip pack and a mod jar built into one pack, later files winning."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from tests.badinput import FAST_HEAD, TEX, project, run_doit, texture
from texturegen.core.errors import PackError
from texturegen.core.png import read_png
from texturegen.pack.layers import LayeredPack, is_licence

MOD_TEX = "assets/examplemod/textures/block"
CONFIG = FAST_HEAD.replace("input: pack\n", "input: [pack, zpack.zip, 'mods/*.jar']\n") + (
    'unmatched: nearest\nrules:\n  - match: "examplemod:block/gem"\n    references: ["refs/a.png"]\n'
)


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    """A zip (or jar) holding `files`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _three_inputs(tmp_path: Path) -> Path:
    """pack/ (stone, dirt, LICENSE), zpack.zip (sand, its pack.mcmeta), mods/examplemod.jar (gem, a stone)."""
    root = project(
        tmp_path,
        CONFIG,
        {f"{TEX}/stone.png": texture(seed=1), f"{TEX}/dirt.png": texture(seed=2), "LICENSE": b"pack licence\n"},
    )
    _zip(
        root / "zpack.zip",
        {
            "pack.mcmeta": b'{"pack": {"pack_format": 34, "description": "zip pack"}}',
            f"{TEX}/sand.png": texture(seed=3),
            "LICENCE.txt": b"zip licence\n",
        },
    )
    _zip(
        root / "mods" / "examplemod.jar",
        {
            f"{MOD_TEX}/gem.png": texture(seed=4),
            f"{TEX}/stone.png": texture(seed=5),
            "META-INF/LICENSE": b"mod licence\n",
            "META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n",
            "com/example/Mod.class": b"\xca\xfe\xba\xbe",
            "fabric.mod.json": b"{}",
        },
    )
    return root


@pytest.mark.slow
def test_three_inputs_build_one_pack_with_every_namespace_the_override_and_every_licence(tmp_path: Path) -> None:
    root = _three_inputs(tmp_path)
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    out = root / "build" / "pack"
    assert (out / MOD_TEX / "gem.png").is_file() and (out / TEX / "sand.png").is_file()
    with zipfile.ZipFile(root / "mods" / "examplemod.jar") as jar:
        (tmp_path / "jar_stone.png").write_bytes(jar.read(f"{TEX}/stone.png"))
    jar_stone = read_png(tmp_path / "jar_stone.png")
    built = read_png(out / TEX / "stone.png")
    assert np.array_equal(built, np.repeat(np.repeat(jar_stone, 2, 0), 2, 1)), "the jar's stone overrides the pack's"
    assert (out / "licences" / "pack" / "LICENSE").read_bytes() == b"pack licence\n"
    assert (out / "licences" / "zpack.zip" / "LICENCE.txt").read_bytes() == b"zip licence\n"
    assert (out / "licences" / "examplemod.jar" / "META-INF" / "LICENSE").read_bytes() == b"mod licence\n"
    credits = (out / "credits.txt").read_text()
    assert "1. pack (resource pack" in credits and "3. examplemod.jar (mod" in credits
    assert not (out / "com").exists() and not (out / "fabric.mod.json").exists() and not (out / "LICENSE").exists()
    assert '"description": "zip pack (upscaled x2 by texturegen)"' in (out / "pack.mcmeta").read_text()
    with zipfile.ZipFile(root / "build" / "pack.zip") as archive:
        names = set(archive.namelist())
    assert {"credits.txt", f"{MOD_TEX}/gem.png", "licences/examplemod.jar/META-INF/LICENSE"} <= names
    again = run_doit(root)
    assert again.returncode == 0 and "built" not in again.stdout.replace("0 built", ""), again.stdout


@pytest.mark.slow
def test_a_hostile_entry_in_a_jar_is_refused_by_input_and_entry(tmp_path: Path) -> None:
    root = _three_inputs(tmp_path)
    _zip(root / "mods" / "evil.jar", {"../evil.png": texture(), f"{MOD_TEX}/x.png": texture()})
    run = run_doit(root)
    assert run.returncode != 0
    assert "evil.jar: entry '../evil.png' points outside the pack" in run.stderr
    assert not (root / "build").exists()


@pytest.mark.slow
def test_a_glob_input_finding_nothing_is_a_config_error_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, CONFIG.replace("'mods/*.jar'", "'nomods/*.jar'"), {f"{TEX}/stone.png": texture()})
    run = run_doit(root)
    assert run.returncode != 0 and "pipeline.yaml:1: input: 'nomods/*.jar' matches no pack or jar" in run.stderr


def test_inputs_differing_only_in_case_are_refused_naming_both(tmp_path: Path) -> None:
    a = _zip(tmp_path / "a.zip", {"pack.mcmeta": b"{}", f"{TEX}/stone.png": texture()})
    b = _zip(tmp_path / "b.jar", {f"{TEX}/Stone.png": texture()})
    with pytest.raises(PackError, match=r"b\.jar: '.*Stone\.png' and .*a\.zip: '.*stone\.png' differ only in case"):
        LayeredPack.open([a, b])


def test_a_jar_gives_only_its_assets_and_licences() -> None:
    assert is_licence("LICENSE") and is_licence("META-INF/LICENSE.txt") and is_licence("COPYING")
    assert not is_licence("assets/x/LICENSE") and not is_licence("licenseplate.png")


@pytest.mark.slow
def test_two_identical_seeds_in_two_namespaces_are_synthesized_once(tmp_path: Path) -> None:
    config = FAST_HEAD + 'rules:\n  - match: "*:block/*"\n    references: ["refs/a.png"]\n'
    seed = texture(seed=7)
    root = project(tmp_path, config, {f"{TEX}/stone.png": seed, f"{MOD_TEX}/stone.png": seed})
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("same as texture:") == 1, run.stdout
    out = root / "build" / "pack"
    assert (out / TEX / "stone.png").read_bytes() == (out / MOD_TEX / "stone.png").read_bytes()
