"""`texturegen cluster --workers N`: a Dask scheduler and workers on this machine, for trying the executor."""

from __future__ import annotations

import argparse
import signal
import threading


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen cluster`."""
    p = sub.add_parser("cluster", help="run a local Dask scheduler and workers until Ctrl-C (needs the dask extra)")
    p.add_argument("--workers", type=int, default=2, help="worker processes, one thread each (default 2)")
    p.add_argument("--port", type=int, default=8786, help="scheduler port (default 8786)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--memory-limit", default="4GiB", help="per worker; Dask restarts a worker past it (default 4GiB)")


def run(args: argparse.Namespace) -> int:
    """Start the cluster, print its address, wait for Ctrl-C or SIGTERM, stop it."""
    from texturegen.core.errors import ConfigError

    try:
        from distributed import LocalCluster
    except ImportError:
        raise ConfigError("texturegen cluster needs Dask: pip install -e '.[cpu,dask]'") from None
    if args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: must be 1 or more")
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        host=args.host,
        scheduler_port=args.port,
        dashboard_address=None,
        memory_limit=args.memory_limit,
    ) as cluster:
        print(f"texturegen cluster: {args.workers} workers at {cluster.scheduler_address}", flush=True)
        print(f"build with: TEXTUREGEN_DASK_SCHEDULER={cluster.scheduler_address} doit -n 8 -P thread", flush=True)
        stop.wait()
    print("texturegen cluster: stopped", flush=True)
    return 0
