"""The shared cache of synthesized textures: keys, entries checked on read, hits across fresh builds, upkeep."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.badinput import FAST_HEAD, TEX, project, run_doit, texture
from texturegen.cache.folder import FolderStore
from texturegen.cache.keys import texture_key
from texturegen.synthesis.settings import SynthesisSettings

CONFIG = FAST_HEAD + 'cache: ../cache\nrules:\n  - match: "minecraft:block/*"\n    references: ["refs/a.png"]\n'
FILES = {f"{TEX}/t{i}.png": texture(seed=i) for i in range(3)}


def _outputs(root: Path) -> dict[str, bytes]:
    """Every file of the built pack and its zip, by relative path."""
    out = root / "build"
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".texturegen" not in p.parts
    }


def test_the_key_follows_bytes_settings_and_engine_but_not_names() -> None:
    base = texture_key(b"seed", [b"ref"], SynthesisSettings(), "15")
    assert texture_key(b"seed", [b"ref"], SynthesisSettings(), "15") == base
    assert texture_key(b"seed2", [b"ref"], SynthesisSettings(), "15") != base
    assert texture_key(b"seed", [b"ref2"], SynthesisSettings(), "15") != base
    assert texture_key(b"seed", [b"ref", b"ref"], SynthesisSettings(), "15") != base
    assert texture_key(b"seed", [b"ref"], SynthesisSettings(variety=1.5), "15") != base
    assert texture_key(b"seed", [b"ref"], SynthesisSettings(), "16") != base


def test_an_entry_round_trips_and_a_truncated_one_is_a_miss_and_removed(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "c")
    store.put("ab" * 32, b"png bytes")
    assert store.get("ab" * 32) == b"png bytes"
    assert store.get("cd" * 32) is None
    (entry,) = (tmp_path / "c").rglob("abab*.png")
    entry.write_bytes(b"png")
    assert store.get("ab" * 32) is None
    assert not entry.exists()
    assert store.stats().entries == 0


def test_prune_removes_entries_unused_for_the_age_given(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "c")
    store.put("aa" * 32, b"old")
    store.put("bb" * 32, b"new")
    (old,) = (tmp_path / "c").rglob("aaaa*.png")
    month = time.time() - 31 * 86400
    os.utime(old, (month, month))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "texturegen.pipeline.cli",
            "cache",
            "prune",
            "--older-than",
            "30d",
            "--cache",
            str(tmp_path / "c"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "removed 1 entries" in run.stdout and "1 textures" in run.stdout
    assert store.get("aa" * 32) is None and store.get("bb" * 32) == b"new"


@pytest.mark.slow
def test_a_fresh_build_with_the_same_cache_is_all_hits_and_the_same_bytes(tmp_path: Path) -> None:
    first = project(tmp_path / "one" / "p", CONFIG, FILES)
    run = run_doit(first)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "from the cache" not in run.stdout
    fresh = project(tmp_path / "one" / "q", CONFIG, FILES)  # a new checkout, same cache folder beside it
    again = run_doit(fresh)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("; from cache") == 3 and "3 from the cache" in again.stdout, again.stdout
    assert _outputs(fresh) == _outputs(first)
    (fresh / "pack" / TEX / "t1.png").write_bytes(texture(seed=9))
    changed = run_doit(fresh)
    assert changed.returncode == 0
    built = [ln for ln in changed.stdout.splitlines() if "built texture:" in ln]
    assert len(built) == 1 and "from cache" not in built[0], changed.stdout


@pytest.mark.slow
def test_a_corrupt_entry_is_rebuilt(tmp_path: Path) -> None:
    root = project(tmp_path / "p", CONFIG, {f"{TEX}/t0.png": FILES[f"{TEX}/t0.png"]})
    assert run_doit(root).returncode == 0
    good = (root / "build" / "pack" / TEX / "t0.png").read_bytes()
    (entry,) = (tmp_path / "cache").rglob("*.png")
    entry.write_bytes(entry.read_bytes()[:100])
    shutil.rmtree(root / "build")
    run = run_doit(root)
    assert run.returncode == 0 and "from cache" not in run.stdout, run.stdout
    assert (root / "build" / "pack" / TEX / "t0.png").read_bytes() == good
    (entry,) = (tmp_path / "cache").rglob("*.png")
    assert entry.read_bytes() == good


@pytest.mark.slow
def test_two_builds_sharing_one_cache_at_once_agree_and_leave_it_consistent(tmp_path: Path) -> None:
    overlap = {**FILES, f"{TEX}/u.png": texture(seed=11)}
    roots = [project(tmp_path / n, CONFIG, overlap if n == "b" else FILES) for n in ("a", "b")]
    for root in roots:
        (root / "pipeline.yaml").write_text(CONFIG.replace("../cache", str(tmp_path / "cache")))
    procs = [
        subprocess.Popen([sys.executable, "-m", "doit", "-n", "2"], cwd=r, stdout=subprocess.PIPE, text=True)
        for r in roots
    ]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    a, b = (_outputs(r) for r in roots)
    assert all(a[k] == b[k] for k in a if k.endswith(".png") and "/t" in k)
    store = FolderStore(tmp_path / "cache")
    assert store.stats().entries == 4
    assert not list((tmp_path / "cache").rglob(".tmp-*"))
    entries = list((tmp_path / "cache").rglob("*.png"))
    assert all(store.get(e.name.split("-")[0]) is not None for e in entries)
    made = sum(o.count("built texture:") - o.count("from cache") for o in outs)
    assert made == 4, outs
