"""`texturegen cluster` (a scheduler and workers on this machine) and `texturegen worker` (workers for a scheduler)."""

from __future__ import annotations

import argparse
import os
import signal
import threading

# Dask settings for workers that spend seconds in one TensorFlow task: 2.82 s a texture with Dask's defaults,
# 2.57 s with these, 2.29 s in plain processes (docs/benchmarks.md). Dask's profiler samples the busy thread's
# stack every 10 ms; its MALLOC_TRIM_THRESHOLD_ turns off glibc's adaptive mmap threshold, so TensorFlow's large
# temporaries are mapped and unmapped each time; the 20 ms tick only watches the event loop.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen cluster`."""
    p = sub.add_parser("cluster", help="run a local Dask scheduler and workers until Ctrl-C (needs the dask extra)")
    p.add_argument("--workers", type=int, default=2, help="worker processes, one thread each (default 2)")
    p.add_argument("--port", type=int, default=8786, help="scheduler port (default 8786)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--memory-limit", default="4GiB", help="per worker; Dask restarts a worker past it (default 4GiB)")


def add_worker_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen worker`."""
    p = sub.add_parser("worker", help="run Dask workers for a scheduler until Ctrl-C (needs the dask extra)")
    p.add_argument("scheduler", help="the scheduler's address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, default=2, help="worker processes, one thread each (default 2: 2 cores)")
    p.add_argument("--memory-limit", default="4GiB", help="per worker; Dask restarts a worker past it (default 4GiB)")


def _checked(args: argparse.Namespace) -> threading.Event:
    """Check Dask is installed and the worker count; an event set by Ctrl-C or SIGTERM."""
    from texturegen.core.errors import ConfigError

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ConfigError("the Dask executor needs Dask: pip install -e '.[cpu,dask]'") from None
    if args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: must be 1 or more")
    # A Dask nanny takes this variable from its own environment over its settings, and a process that ran a
    # cluster before carries Dask's value (65536); the workers should keep glibc's adaptive threshold.
    os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def run_worker(args: argparse.Namespace) -> int:
    """Start worker processes (one thread each, texturegen's settings) for a scheduler; stop on Ctrl-C."""
    stop = _checked(args)
    import asyncio

    import dask
    from distributed import Nanny

    from texturegen.remote.client import SchedulerError

    async def serve() -> None:
        with dask.config.set(WORKER_CONFIG):
            nannies = [Nanny(args.scheduler, nthreads=1, memory_limit=args.memory_limit) for _ in range(args.workers)]
            try:
                await asyncio.wait_for(asyncio.gather(*(n.start() for n in nannies)), 60)
            except (OSError, TimeoutError) as exc:
                raise SchedulerError(f"dask scheduler {args.scheduler}: unreachable ({exc})") from None
            print(f"texturegen worker: {args.workers} workers for {args.scheduler}", flush=True)
            while not stop.is_set():
                await asyncio.sleep(0.2)
            await asyncio.gather(*(n.close() for n in nannies))

    asyncio.run(serve())
    print("texturegen worker: stopped", flush=True)
    return 0


def run(args: argparse.Namespace) -> int:
    """Start the cluster, print its address, wait for Ctrl-C or SIGTERM, stop it."""
    stop = _checked(args)
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set(WORKER_CONFIG),
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host=args.host,
            scheduler_port=args.port,
            dashboard_address=None,
            memory_limit=args.memory_limit,
        ) as cluster,
    ):
        print(f"texturegen cluster: {args.workers} workers at {cluster.scheduler_address}", flush=True)
        print(f"build with: TEXTUREGEN_DASK_SCHEDULER={cluster.scheduler_address} doit -n 8 -P thread", flush=True)
        stop.wait()
    print("texturegen cluster: stopped", flush=True)
    return 0
