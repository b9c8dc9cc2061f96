"""The Dask executor against the local one on the same 2 cores: throughput, worker memory, per-task overhead.

Run: python bench/dask_executor.py [--textures 64] [--work /tmp/texturegen-dask]   (needs ../shared and the dask extra)

With --tuned the cluster uses `texturegen cluster`'s worker settings (remote/cluster.WORKER_CONFIG).
Builds the same pack of real 16x16 block textures of the shared pack (x8, the whole-pack benchmark's settings)
twice, each from an empty output and without a cache: `doit -n 2` with the local executor, then
`doit -n 4 -P thread` with a LocalCluster of two single-thread worker processes. Prints both times, their
ratio, each worker's peak memory (VmHWM), and the round trip of 200 empty Dask tasks, one after another.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image
from shared_data import BLOCKS, PACK, REFS, REPO, whole_pack_synthesis

CONFIG = """\
input: pack
output: build/pack
scale: 8
{synthesis}rules:
  - match: "minecraft:block/*"
    references: ["{ref}"]
"""


def peak_kib() -> int:
    """This process's peak resident memory (runs on a worker)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def nothing() -> None:
    """An empty task, for the round trip."""


def make_project(root: Path, count: int) -> None:
    """A pack of the first `count` opaque 16x16 block textures, a config and dodo.py."""
    shutil.rmtree(root, ignore_errors=True)
    tex = root / "pack" / "assets" / "minecraft" / "textures" / "block"
    tex.mkdir(parents=True)
    shutil.copy(PACK / "pack.mcmeta", root / "pack" / "pack.mcmeta")
    chosen = 0
    for path in sorted(BLOCKS.glob("*.png")):
        image = Image.open(path)
        if image.size == (16, 16) and image.convert("RGBA").getextrema()[3][0] == 255:
            shutil.copy(path, tex / path.name)
            chosen += 1
            if chosen == count:
                break
    (root / "pipeline.yaml").write_text(CONFIG.format(ref=REFS / "rock_01.png", synthesis=whole_pack_synthesis()))
    shutil.copy(REPO / "dodo.py", root / "dodo.py")


def build(root: Path, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run doit from an empty output; (seconds, the summary line)."""
    shutil.rmtree(root / "build", ignore_errors=True)
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "doit", *args], cwd=root, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(run.stdout[-3000:] + run.stderr[-3000:])
    return took, [ln for ln in run.stdout.splitlines() if ln.startswith("texturegen:")][-1]


def tree_hash(folder: Path) -> str:
    """A hash of the built textures."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.png")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    """Run both builds and print the comparison."""
    import dask
    from distributed import Client, LocalCluster

    from texturegen.remote.cluster import WORKER_CONFIG

    parser = argparse.ArgumentParser()
    parser.add_argument("--textures", type=int, default=64)
    parser.add_argument("--work", type=Path, default=Path("/tmp/texturegen-dask"))
    parser.add_argument("--tuned", action="store_true", help="workers with texturegen cluster's Dask settings")
    args = parser.parse_args()
    root = args.work / "project"
    make_project(root, args.textures)
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="1")
    env.pop("TEXTUREGEN_DASK_SCHEDULER", None)
    local, local_line = build(root, ["-n", "2"], env)
    local_hash = tree_hash(root / "build" / "pack")
    print(f"local  doit -n 2: {local:.0f} s ({local / args.textures:.2f} s a texture); {local_line}")

    with (
        dask.config.set(WORKER_CONFIG if args.tuned else {}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        remote, remote_line = build(
            root, ["-n", "4", "-P", "thread"], dict(env, TEXTUREGEN_DASK_SCHEDULER=cluster.scheduler_address)
        )
        peaks = client.run(peak_kib)
        trips = []
        for _ in range(200):
            start = time.perf_counter()
            client.submit(nothing, pure=False).result()
            trips.append(time.perf_counter() - start)
    same = tree_hash(root / "build" / "pack") == local_hash
    per = remote / args.textures
    print(f"dask   doit -n 4 -P thread, 2 workers x 1 thread: {remote:.0f} s ({per:.2f} s a texture)")
    print(f"       {remote_line}; same bytes as local: {same}")
    print(f"throughput dask/local: {local / remote:.2f}")
    print("peak memory per worker: " + ", ".join(f"{kib / 1024:.0f} MB" for kib in sorted(peaks.values())))
    print(f"empty task round trip: median {1000 * statistics.median(trips):.1f} ms, max {1000 * max(trips):.1f} ms")


if __name__ == "__main__":
    main()
