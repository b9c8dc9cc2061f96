"""Real doit runs in a temporary project: outputs, pack metadata, and exactly-what-changed rebuilds."""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.badinput import FAST_HEAD, run_doit
from tests.conftest import REFS, ROOT, SAMPLE

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test

TEX = "assets/minecraft/textures/block"
CONFIG = (
    FAST_HEAD
    + """\
rules:
  - match: "minecraft:block/stone"
    references: ["refs/a.png"]
  - match: "minecraft:block/{dirt,sea_lantern}"
    references: ["refs/b.png"]
    variety: 0.5
    iterations: 3
nearest: ["minecraft:block/glass"]
unmatched: smooth
"""
)
# variety penalises what the previous match used, so it steers the result from the third evaluation on.


def doit(project: Path, *args: str) -> tuple[set[str], str]:
    """Run doit in the project; return the names of the tasks it built, and its output."""
    run = run_doit(project, *args)
    assert run.returncode == 0, run.stdout + run.stderr
    return set(re.findall(r"built (\S+) \(", run.stdout)), run.stdout


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path, set[str], str]:
    """The project after its first build: its folder, a copy of it as built, the tasks built and doit's output."""
    root = tmp_path_factory.mktemp("project")
    pack = root / "pack"
    for rel in (
        "pack.mcmeta",
        "pack.png",
        "LICENSE.txt",
        f"{TEX}/stone.png",
        f"{TEX}/dirt.png",
        f"{TEX}/sea_lantern.png",
        f"{TEX}/sea_lantern.png.mcmeta",
        f"{TEX}/glass.png",
        "assets/minecraft/textures/item/bow.png",
    ):
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / rel, pack / rel)
    (root / "refs").mkdir()
    shutil.copy(REFS / "rock_01.png", root / "refs" / "a.png")
    shutil.copy(REFS / "ground_00.png", root / "refs" / "b.png")
    shutil.copy(ROOT / "dodo.py", root / "dodo.py")
    (root / "pipeline.yaml").write_text(CONFIG)
    built, out = doit(root)
    snapshot = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(root, snapshot, symlinks=True)
    return root, snapshot, built, out


@pytest.fixture
def project(first_build) -> Path:
    """The built project, put back as the first build left it (same path, so doit's state holds): each test alone."""
    root, snapshot, _, _ = first_build
    shutil.rmtree(root)
    shutil.copytree(snapshot, root, symlinks=True)
    return root


def test_full_build_writes_the_pack(first_build, project):
    _, _, built, out = first_build
    assert {
        "texture:minecraft/block/stone",
        "texture:minecraft/block/dirt",
        "texture:minecraft/block/sea_lantern",
        "zip",
        "preview",
        "pack_mcmeta",
    } <= built
    assert "0 failed" in out
    res = project / "build" / "pack"
    assert Image.open(res / TEX / "stone.png").size == (32, 32)
    assert Image.open(res / TEX / "sea_lantern.png").size == (32, 128)
    assert Image.open(res / TEX / "glass.png").size == (32, 32)  # nearest-neighbour
    # unmatched: smooth (counted, not listed: like copies, there may be thousands)
    bow = np.asarray(Image.open(res / "assets/minecraft/textures/item/bow.png").convert("RGBA"))
    bow_seed = np.asarray(Image.open(SAMPLE / "assets/minecraft/textures/item/bow.png").convert("RGBA"))
    assert bow.shape == (32, 32, 4) and 0 < ((bow[..., 3] > 0) & (bow[..., 3] < 255)).sum() < 200  # anti-aliased
    assert (bow[..., 3] != np.kron(bow_seed[..., 3], np.ones((2, 2), np.uint8))).any()  # not the nearest outline
    assert (res / TEX / "sea_lantern.png.mcmeta").read_bytes() == (SAMPLE / TEX / "sea_lantern.png.mcmeta").read_bytes()
    meta = json.loads((res / "pack.mcmeta").read_text())
    assert meta["pack"]["pack_format"] == 12 and "x2" in meta["pack"]["description"]
    names = set(zipfile.ZipFile(project / "build" / "pack.zip").namelist())
    assert {"pack.mcmeta", "LICENSE.txt", f"{TEX}/stone.png"} <= names
    assert not any(n.startswith(".texturegen") for n in names)
    assert (project / "build" / "pack-preview.png").is_file() and (project / "build" / "pack-preview.html").is_file()
    kept = project / "build" / "pack" / ".texturegen" / "beside"  # their digests: the next build may overwrite them
    names = ["pack-preview.html.sha256", "pack-preview.png.sha256", "pack.zip.sha256"]
    assert sorted(p.name for p in kept.iterdir()) == names
    glass = np.asarray(Image.open(res / TEX / "glass.png").convert("RGBA"))
    seed = np.asarray(Image.open(SAMPLE / TEX / "glass.png").convert("RGBA"))
    np.testing.assert_array_equal(glass[::2, ::2], seed)


def test_second_run_builds_nothing(project):
    built, out = doit(project)
    assert built == set()
    assert re.search(r"0 built, \d+ up to date, 0 failed", out)


def test_editing_one_seed_rebuilds_exactly_that_texture(project):
    seed = project / "pack" / TEX / "stone.png"
    im = Image.open(seed).convert("RGB")
    im.putpixel((0, 0), (255, 0, 0))
    im.save(seed)
    built, out = doit(project, "texture:minecraft/block/stone")  # one named task: its progress counts to 1
    assert built == {"texture:minecraft/block/stone"} and "[1/1] built texture:minecraft/block/stone" in out
    built, _ = doit(project)
    assert built == {"zip", "preview"}


def test_editing_one_reference_rebuilds_the_textures_using_it(project):
    ref = project / "refs" / "b.png"
    im = Image.open(ref).convert("RGB").transpose(Image.FLIP_LEFT_RIGHT)
    im.save(ref)
    built, _ = doit(project)
    assert built == {"texture:minecraft/block/dirt", "texture:minecraft/block/sea_lantern", "zip", "preview"}


def test_changing_one_rules_variety_rebuilds_that_rule_only(project):
    cfg = project / "pipeline.yaml"
    cfg.write_text(cfg.read_text().replace("variety: 0.5", "variety: 0.8"))
    built, _ = doit(project)
    assert built == {"texture:minecraft/block/dirt", "texture:minecraft/block/sea_lantern", "zip", "preview"}


def test_texturegen_build_runs_the_graph_from_any_folder(tmp_path):
    work = tmp_path / "my packs"
    (work / "pack" / TEX).mkdir(parents=True)
    for rel in ("pack.mcmeta", f"{TEX}/glass.png"):
        shutil.copy(SAMPLE / rel, work / "pack" / rel)
    (work / "mine.yaml").write_text("input: pack\noutput: out/pack\nscale: 2\n")
    cli = [sys.executable, "-m", "texturegen.pipeline.cli", "build", "--config", "mine.yaml"]
    run = subprocess.run([*cli, "-n", "1"], cwd=work, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert Image.open(work / "out" / "pack" / TEX / "glass.png").size == (32, 32)
    again = subprocess.run(cli, cwd=work, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and re.search(r"0 built, \d+ up to date, 0 failed", again.stdout), again.stdout
