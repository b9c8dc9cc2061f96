"""How a build stops: SIGTERM (a scheduler's timeout, `kill`) ends doit and its workers together."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from types import FrameType

from texturegen.pipeline.reporter import json_state, save_state

STOPPED = "texturegen: stopped by SIGTERM; finished textures are kept, the next doit builds the rest"


def stop_workers_on_sigterm() -> None:
    """On SIGTERM, doit's main process kills its workers, saves doit's state and exits with status 143.

    With SIGTERM's default action the main process vanished and its `-n` worker processes lived on, idle.
    The handler does not raise into doit: an exception raised between a lock's acquire and its `with`
    block left multiprocessing's queue lock held, and the exit then hung on it (1 run in 4). So it kills
    the workers (SIGKILL, which a build survives: temporary files are removed by the next one), writes
    the state atomically (over a half-written one, if doit was writing its own) and leaves at once. Workers
    inherit the handler and die as SIGTERM's default would.
    """
    main = os.getpid()

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            for child in multiprocessing.active_children():
                child.kill()
            state = json_state()
            if state is not None:
                save_state(state)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                print(STOPPED, file=sys.stderr, flush=True)
            os._exit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, handler)
