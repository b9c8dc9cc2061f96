"""Where a synthesis runs, chosen once per build: in this process, or on a Dask cluster."""

from __future__ import annotations

from dataclasses import dataclass

from texturegen.remote.work import Made, Work


@dataclass(frozen=True)
class Local:
    """Runs each synthesis in the doit process (or its worker process) that asks."""

    def run(self, work: Work, key: str) -> Made:
        """The work's PNG, made here; `key` (the cache key) is not needed."""
        return Made(work.run())


@dataclass(frozen=True)
class Dask:
    """Sends each synthesis to the workers of a Dask scheduler; the doit process keeps the graph and the files."""

    scheduler: str

    def run(self, work: Work, key: str) -> Made:
        """The work's PNG, made on a worker (its task named by `key`, so a twin submission is run once)."""
        from texturegen.remote.client import synthesize_remote

        return synthesize_remote(self.scheduler, key, work)


Executor = Local | Dask


def executor_for(scheduler: str | None) -> Executor:
    """Dask for a scheduler address, else this process."""
    return Local() if scheduler is None else Dask(scheduler)
