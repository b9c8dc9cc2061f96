"""How a build stops: SIGTERM (a scheduler's timeout, `kill`) ends doit and its workers together."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

STOPPED = "texturegen: stopped by SIGTERM; finished textures are kept, the next doit builds the rest"


def stop_workers_on_sigterm() -> None:
    """Make SIGTERM exit doit's main process through Python (status 143) so it terminates its workers.

    With SIGTERM's default action doit's main process vanished and its `-n` worker processes lived on,
    idle. doit terminates its workers when SystemExit passes through its runner; they inherit this
    handler and, not being the main process, die as SIGTERM's default would (a half-written temporary
    file is removed by the next build).
    """
    main = os.getpid()

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print(STOPPED, file=sys.stderr, flush=True)
        raise SystemExit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, handler)
