"""How a build stops: SIGTERM (a scheduler's timeout, `kill`) or Ctrl-C ends doit and its workers together."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from types import FrameType

from texturegen.pipeline.reporter import json_state, save_state

KEPT = "finished textures are kept, the next doit builds the rest"
STOPPED = f"texturegen: stopped by SIGTERM; {KEPT}"
INTERRUPTED = f"texturegen: interrupted (Ctrl-C); {KEPT}"
LINES = {signal.SIGTERM: STOPPED, signal.SIGINT: INTERRUPTED}


def stop_workers_on_signals() -> None:
    """On SIGTERM or SIGINT, doit's main process kills its workers, saves doit's state and exits 128 + signal.

    With SIGTERM's default action the main process vanished and its `-n` worker processes lived on, idle;
    Ctrl-C raised KeyboardInterrupt wherever each process stood, giving a traceback or, caught by doit
    between tasks, exit 0. The handler does not raise into doit: an exception raised between a lock's
    acquire and its `with` block left multiprocessing's queue lock held, and the exit then hung on it
    (1 run in 4). So it kills the workers (SIGKILL, which a build survives: temporary files are removed by
    the next one), writes the state atomically (over a half-written one, if doit was writing its own),
    prints one line and leaves at once. Workers inherit the handler and die as the signal's default would.
    """
    main = os.getpid()

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != main:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for each in LINES:
            signal.signal(each, signal.SIG_IGN)
        try:
            for child in multiprocessing.active_children():
                child.kill()
            state = json_state()
            if state is not None:
                save_state(state)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                print(LINES[signal.Signals(signum)], file=sys.stderr, flush=True)
            os._exit(128 + signum)

    for each in LINES:
        signal.signal(each, handler)
