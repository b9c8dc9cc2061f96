"""The doit side of the Dask executor: one client per process and scheduler, submissions, clear errors."""

from __future__ import annotations

import os
import threading
from concurrent.futures import CancelledError
from typing import Any

from texturegen.core.errors import TexturegenError
from texturegen.remote.work import Made, Work, run_on_worker

CONNECT_SECONDS = 10
RETRIES = 2
"""Extra attempts for a texture whose run raised on a worker; a worker that dies is rescheduled by Dask itself."""
_CLIENTS: dict[tuple[int, str], Any] = {}
_LOCK = threading.Lock()


class SchedulerError(TexturegenError):
    """The Dask scheduler cannot be reached, or was lost during the build."""


def _connect(address: str) -> Any:
    """A new client of a scheduler, or SchedulerError naming the address."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"dask scheduler {address}: unreachable ({exc})") from None


def client_for(address: str) -> Any:
    """This process's client of a scheduler (doit's worker processes each make their own after the fork)."""
    with _LOCK:
        key = (os.getpid(), address)
        known = _CLIENTS.get(key)
        if known is not None and known.status != "running":
            # Reconnecting after a lost scheduler waits without end; fail this build's remaining textures now.
            raise SchedulerError(f"dask scheduler {address}: lost during the build (the client is {known.status})")
        if key not in _CLIENTS:
            _CLIENTS[key] = _connect(address)
        return _CLIENTS[key]


def check_scheduler(address: str) -> int:
    """Connect once, then close, and return the scheduler's worker count; SchedulerError when it is unreachable.

    The client is closed, not kept: doit forks its worker processes after this, and a fork must not copy a
    live client's event-loop thread.
    """
    with _connect(address) as client:
        return len(client.scheduler_info().get("workers", {}))


def synthesize_remote(address: str, key: str, work: Work) -> Made:
    """Run one synthesis on the cluster, its PNG named with the worker's address; a lost scheduler: SchedulerError."""
    from distributed.comm.core import CommClosedError

    client = client_for(address)
    try:
        future = client.submit(run_on_worker, work, key=f"texturegen-{key}", retries=RETRIES)
        result: Made = future.result()
    except (OSError, TimeoutError, CommClosedError, CancelledError) as exc:
        # A lost scheduler cancels the futures it held; the texture is not done, the next doit makes it.
        why = " ".join(str(exc).split())
        raise SchedulerError(f"dask scheduler {address}: lost during the build ({type(exc).__name__}: {why})") from None
    return result
