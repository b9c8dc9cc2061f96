"""The Dask executor on a real LocalCluster: same bytes as local, a killed worker costs a retry, clear errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.badinput import TEX, project, run_doit, texture

distributed = pytest.importorskip("distributed")

CONFIG = """\
input: pack
output: build/pack
scale: 2
synthesis:
  iterations: {iterations}
  match_every: 1
rules:
  - match: "minecraft:block/*"
    references: ["refs/a.png"]
"""
FILES = {f"{TEX}/t{i}.png": texture(seed=i) for i in range(4)}


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two single-thread worker processes and a scheduler on 127.0.0.1, stopped when the module's tests end."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


def _pngs(root: Path) -> dict[str, bytes]:
    """The built textures by name."""
    return {p.name: p.read_bytes() for p in sorted((root / "build" / "pack" / TEX).glob("*.png"))}


def _doit(root: Path, address: str, *args: str) -> subprocess.Popen:
    """doit with the Dask executor, tasks in threads (the documented way), output captured."""
    env = dict(os.environ, TEXTUREGEN_DASK_SCHEDULER=address)
    return subprocess.Popen(
        [sys.executable, "-m", "doit", "-n", "4", "-P", "thread", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def local_bytes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The local executor's outputs, per iteration count."""
    out = {}
    for iterations in (2, 24):
        root = project(tmp_path_factory.mktemp(f"local{iterations}"), CONFIG.format(iterations=iterations), FILES)
        run = run_doit(root, "-n", "2")
        assert run.returncode == 0, run.stdout + run.stderr
        out[str(iterations)] = _pngs(root)
    return out


@pytest.mark.slow
def test_the_dask_executor_gives_the_local_bytes_and_names_its_workers(
    tmp_path: Path, cluster: str, local_bytes: dict[str, dict[str, bytes]]
) -> None:
    root = project(tmp_path, CONFIG.format(iterations=2), FILES)
    proc = _doit(root, cluster)
    log = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, log
    assert _pngs(root) == local_bytes["2"]
    assert log.count("; on tcp://127.0.0.1:") == len(FILES), log
    assert "dask workers: tcp://127.0.0.1:" in log


@pytest.mark.slow
def test_cache_hits_never_go_to_the_cluster(tmp_path: Path, cluster: str) -> None:
    config = CONFIG.format(iterations=2) + "cache: ../cache\n"
    first = project(tmp_path / "a", config, FILES)
    proc = _doit(first, cluster)
    log = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0 and log.count("; on tcp://") == len(FILES), log
    second = project(tmp_path / "b", config, FILES)  # ../cache: the same folder, beside both projects
    proc = _doit(second, cluster)
    log = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, log
    assert "on tcp://" not in log and log.count("; from cache") == len(FILES), log
    assert _pngs(second) == _pngs(first)


@pytest.mark.slow
def test_a_worker_killed_mid_texture_costs_a_retry_and_the_bytes_stay_the_same(
    tmp_path: Path, cluster: str, local_bytes: dict[str, dict[str, bytes]]
) -> None:
    root = project(tmp_path, CONFIG.format(iterations=24), FILES)
    watcher = distributed.Client(cluster, set_as_default=False)
    try:
        proc = _doit(root, cluster)
        killed = None
        deadline = time.monotonic() + 300
        while killed is None and time.monotonic() < deadline and proc.poll() is None:
            busy = {w: keys for w, keys in watcher.processing().items() if any("texturegen-" in k for k in keys)}
            if busy:
                worker = sorted(busy)[0]
                time.sleep(0.5)  # inside the synthesis, not at its first line
                pid = watcher.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                killed = worker
            time.sleep(0.1)
        log = proc.communicate(timeout=600)[0]
    finally:
        watcher.close()
    assert killed is not None, "no texture was seen running on a worker"
    assert proc.returncode == 0, log
    assert _pngs(root) == local_bytes["24"]
    assert not list(root.rglob(".tmp-*"))


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    root = project(tmp_path, CONFIG.format(iterations=2), FILES)
    env = dict(os.environ, TEXTUREGEN_DASK_SCHEDULER="tcp://127.0.0.1:9")
    run = subprocess.run([sys.executable, "-m", "doit"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: dask scheduler tcp://127.0.0.1:9: unreachable"), run.stderr
    assert not (root / "build").exists()


def test_nothing_of_dask_is_imported_by_a_local_plan() -> None:
    code = (
        "import sys; from texturegen.pipeline import plan, actions, cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr


@pytest.mark.slow
def test_a_scheduler_lost_mid_build_fails_the_rest_cleanly_and_the_next_doit_resumes(tmp_path: Path) -> None:
    root = project(tmp_path, CONFIG.format(iterations=24), {**FILES, f"{TEX}/t9.png": texture(seed=9)})
    local = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    )
    try:
        proc = _doit(root, local.scheduler_address, "-n", "1")
        for line in proc.stdout or []:
            if "built texture:" in line:
                break
    finally:
        local.close()
    log = proc.communicate(timeout=300)[0]
    assert proc.returncode != 0, log
    assert "lost during the build" in log or "unreachable" in log, log
    assert "Traceback" not in log
    assert not list(root.rglob(".tmp-*"))
    done = len(_pngs(root))
    assert 1 <= done < 5
    again = run_doit(root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("built texture:") == 5 - done, again.stdout


def test_texturegen_worker_joins_a_scheduler_with_its_settings_and_stops_on_sigterm() -> None:
    with (
        distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0") as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        proc = subprocess.Popen(
            [sys.executable, "-m", "texturegen.pipeline.cli", "worker", local.scheduler_address, "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            client.wait_for_workers(1, timeout=60)
            profile = client.run(lambda: __import__("dask").config.get("distributed.worker.profile.enabled"))
            trim = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
    assert list(profile.values()) == [False] and list(trim.values()) == [None]
    assert proc.returncode == 0, err
    assert "texturegen worker: 1 workers for tcp://127.0.0.1:" in out and "stopped" in out
