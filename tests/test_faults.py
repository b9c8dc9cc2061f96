"""Faults: a build killed mid-texture loses nothing; builds of two configs run at once; one output, one build."""

import contextlib
import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.badinput import TEX, project, run_doit, texture, tree_hash
from texturegen.pipeline.stopping import INTERRUPTED, STOPPED

CONFIG = """\
input: pack
output: {out}
scale: 2
synthesis:
  iterations: 6
  match_every: 2
rules:
  - match: "minecraft:block/*"
    references: ["refs/a.png"]
"""
FILES = {f"{TEX}/t{i}.png": texture(seed=i) for i in range(4)}


def _pack_files(out: Path) -> list[str]:
    """Relative paths of an output pack's files, without texturegen's private folder."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".texturegen" not in p.parts)


@pytest.mark.slow
def test_sigkill_mid_texture_then_rebuild_equals_uninterrupted(tmp_path):
    clean = project(tmp_path / "clean", CONFIG.format(out="build/pack"), FILES)
    assert run_doit(clean).returncode == 0
    killed = project(tmp_path / "killed", CONFIG.format(out="build/pack"), FILES)
    before = tree_hash(killed / "pack")
    proc = subprocess.Popen(
        [sys.executable, "-m", "doit"], cwd=killed, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    for line in proc.stdout:  # the first texture is done, the second is being synthesized
        if "built texture:" in line:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    out = killed / "build" / "pack"
    done = [p for p in (out / TEX).glob("*.png")]
    assert 1 <= len(done) < len(FILES), "the kill should land between textures"
    for png in out.rglob("*.png"):  # whatever is there is whole
        Image.open(png).load()
    assert not (killed / "build" / "pack.zip").exists()
    run = run_doit(killed)
    assert run.returncode == 0, run.stdout + run.stderr
    redone = [ln for ln in run.stdout.splitlines() if "built texture:" in ln]
    assert len(redone) == len(FILES) - len(done), "textures finished before the kill must not be redone"
    assert not list(killed.rglob(".tmp-*"))
    files = _pack_files(out)
    assert files == _pack_files(clean / "build" / "pack")
    match, mismatch, errors = filecmp.cmpfiles(out, clean / "build" / "pack", files, shallow=False)
    assert mismatch == [] and errors == []
    assert (killed / "build" / "pack.zip").read_bytes() == (clean / "build" / "pack.zip").read_bytes()
    assert tree_hash(killed / "pack") == before


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (from /proc)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "jobs"), [(signal.SIGTERM, "2"), (signal.SIGINT, "2"), (signal.SIGTERM, "1"), (signal.SIGINT, "1")]
)
def test_sigterm_or_ctrl_c_stops_the_build_with_one_line_and_the_next_resumes(tmp_path, signum, jobs):
    """A scheduler's timeout sends SIGTERM to doit alone; Ctrl-C sends SIGINT to the whole process group.

    Before, SIGTERM left doit's workers alive and idle; Ctrl-C gave a traceback, or exit 0 when doit caught it.
    """
    root = project(tmp_path, CONFIG.format(out="build/pack"), FILES)
    proc = subprocess.Popen(
        [sys.executable, "-m", "doit", "-n", jobs],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    for line in proc.stdout:
        if "built texture:" in line:
            break
    workers = _children(proc.pid) if jobs == "2" else []
    assert len(workers) == (2 if jobs == "2" else 0)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    try:
        rest = proc.communicate(timeout=60)[0]
        assert proc.returncode == 128 + signum, rest
        assert (STOPPED if signum == signal.SIGTERM else INTERRUPTED) in rest.splitlines()
        assert "Traceback" not in rest
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers):
            assert time.monotonic() < deadline, "the workers outlived the build"
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    run = run_doit(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "built texture:" in run.stdout, "the rerun builds what the stopped one had not"
    assert not list(root.rglob(".tmp-*"))


def _alive(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_leftover_temporary_files_are_removed(tmp_path):
    root = project(tmp_path, CONFIG.format(out="build/pack"), {})
    stale = root / "build" / "pack" / TEX / ".tmp-abc123.png"
    stale.parent.mkdir(parents=True)
    (root / "build" / "pack" / ".texturegen").mkdir()
    (root / "build" / "pack" / ".texturegen" / "OUTPUT").write_text("x")
    stale.write_bytes(b"half a png")
    assert run_doit(root).returncode == 0
    assert not stale.exists()


@pytest.mark.slow
def test_two_configs_build_at_once_and_one_output_takes_one_build(tmp_path):
    root = project(tmp_path, CONFIG.format(out="build/a"), FILES)
    (root / "b.yaml").write_text(CONFIG.format(out="build/b").replace("scale: 2", "scale: 4"))
    before = tree_hash(root / "pack")
    cmd = [sys.executable, "-m", "doit"]
    first = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(
        cmd + ["config=b.yaml"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen = []
    for line in first.stdout:  # once the first build is writing build/a, a third build of it must stop
        seen.append(line)
        if "built texture:" in line:
            break
    clash = run_doit(root)
    outs = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert clash.returncode != 0 and "another texturegen build is writing this output" in clash.stderr
    for name, side in (("a", 32), ("b", 64)):
        for rel in FILES:
            assert Image.open(root / "build" / name / rel).size == (side, side)
    assert (root / "build" / "a.zip").is_file() and (root / "build" / "b.zip").is_file()
    assert tree_hash(root / "pack") == before


SIGTERM_ON_IMPORT = """
import os, runpy, signal, sys

TRIGGER = sys.argv[1]

class Trap:
    def find_spec(self, name, path=None, target=None):
        if name == TRIGGER:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGTERM)
        return None

sys.meta_path.insert(0, Trap())
sys.argv = ["doit"]
runpy.run_module("doit", run_name="__main__")
"""
"""Run doit, sending itself SIGTERM the moment it first imports the module named by argv[1]."""


@pytest.mark.slow
@pytest.mark.parametrize("module", ["numpy", "texturegen.pipeline.plan"])
def test_sigterm_while_dodo_loads_still_gets_its_line(tmp_path, module):
    """SIGTERM in doit's first second, as dodo.py imports what loads the plan: the handler is already there.

    Before, dodo.py imported the plan's modules (NumPy, Pillow, doit's tools) before installing it: a SIGTERM then
    ended the build silently.
    """
    root = project(tmp_path, "input: pack\noutput: build/pack\nscale: 2\nrules: []\n", {f"{TEX}/a.png": texture()})
    run = subprocess.run(
        [sys.executable, "-c", SIGTERM_ON_IMPORT, module], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 128 + signal.SIGTERM, run.stdout + run.stderr
    assert run.stderr.splitlines() == [STOPPED]
    assert not (root / "build").exists()
