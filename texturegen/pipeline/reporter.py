"""A doit reporter a person can follow: one line per task with its time, then a summary."""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from doit.exceptions import UnmetDependency
from doit.reporter import ConsoleReporter


class Reporter(ConsoleReporter):
    """Prints `built`/`failed` lines with seconds, counts up-to-date tasks, and sums up at the end."""

    notes: tuple[str, ...] = ()
    """Lines the summary adds about the build (the pack's own LabPBR maps kept under `pbr: labpbr`)."""

    def __init__(self, outstream: Any, options: dict[str, Any]) -> None:
        """Start the counters."""
        super().__init__(outstream, options)
        self.started: dict[str, float] = {}
        self.built: list[str] = []
        self.failed: list[str] = []
        self.skipped: list[str] = []
        self.uptodate = 0
        self.cached = 0
        self.workers: dict[str, int] = {}
        self.t0 = time.monotonic()
        self.total = 0
        self.saved = time.monotonic()
        self.state: Any = None

    def initialize(self, tasks: dict[str, Any], selected_tasks: list[str]) -> None:
        """Count the tasks with actions this run may reach: the selected ones and what they depend on (all of them
        when none is named), so `doit texture:NAME` counts to 1, not to the whole pack."""
        self.total = len(reached(tasks, selected_tasks))
        self.state = json_state()

    def _save_state(self, important: bool) -> None:
        """Write doit's state now (atomically), so a killed build keeps what it finished.

        doit's JSON backend writes its file only when a run ends; without this a build stopped after
        an hour would redo that hour. Saved after each synthesized texture, else at most every 5 s.
        """
        if self.state is None or not (important or time.monotonic() - self.saved > 5.0):
            return
        save_state(self.state)
        self.saved = time.monotonic()

    def _progress(self) -> str:
        """`[done/total]` over tasks with actions."""
        done = len(self.built) + len(self.failed) + len(self.skipped) + self.uptodate
        return f"[{done}/{self.total}]"

    def execute_task(self, task: Any) -> None:
        """Remember when a task started."""
        self.started[task.name] = time.monotonic()

    def add_success(self, task: Any) -> None:
        """Print the built task with its time (copies are only counted)."""
        if not task.actions or task.name.startswith("_"):
            return
        self.built.append(task.name)
        self._save_state(task.name.startswith("texture:"))
        values = getattr(task, "values", None) or {}
        note, source, worker = values.get("note"), values.get("source"), values.get("worker")
        if source == "from cache":
            self.cached += 1
        if isinstance(worker, str):
            self.workers[worker] = self.workers.get(worker, 0) + 1
            note = f"on {worker}" + (f"; {note}" if isinstance(note, str) else "")
        if task.name.split(":", 1)[0] in ("copy", "nearest", "smooth") and not isinstance(note, str):
            return
        note = "".join(f"; {v}" for v in (source, note) if isinstance(v, str) and v != "made")
        took = time.monotonic() - self.started.get(task.name, time.monotonic())
        self.write(f"{self._progress()} built {task.name} ({took:.1f} s{note})\n")
        self.outstream.flush()

    def add_failure(self, task: Any, fail: Any) -> None:
        """Print one line naming the task and the reason (tasks waiting on a failed one are 'skipped')."""
        if not task.actions:
            return
        if isinstance(fail, UnmetDependency):
            self.skipped.append(task.name)
            count = len(str(fail.message).split())
            self.write(f"{self._progress()} skipped {task.name}: {count} of its inputs failed\n")
            self.outstream.flush()
            return
        self.failed.append(task.name)
        message = fail.get_msg().strip().splitlines()
        reason = message[-1] if message else fail.get_name()
        self.write(f"{self._progress()} FAILED {task.name}: {reason}\n")
        self.outstream.flush()

    def skip_uptodate(self, task: Any) -> None:
        """Count a task that had nothing to do."""
        if task.actions and not task.name.startswith("_"):
            self.uptodate += 1

    def skip_ignore(self, task: Any) -> None:
        """Note an ignored task."""
        self.write(f"ignored {task.name}\n")

    def complete_run(self) -> None:
        """Print the summary line (and doit's own errors, if any)."""
        took = time.monotonic() - self.t0
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        skipped += f", {self.cached} from the cache" if self.cached else ""
        self.write(
            f"texturegen: {len(self.built)} built, {self.uptodate} up to date, "
            f"{len(self.failed)} failed{skipped} in {took:.1f} s\n"
        )
        for note in self.notes:
            self.write(note + "\n")
        if self.workers:
            self.write("dask workers: " + ", ".join(f"{w} {n}" for w, n in sorted(self.workers.items())) + "\n")
        if self.failed:
            self.write("failed: " + ", ".join(self.failed[:20]) + (" ..." if len(self.failed) > 20 else "") + "\n")
        if self.runtime_errors:
            self.write("Execution aborted.\n" + "\n".join(self.runtime_errors) + "\n")


def reached(tasks: dict[str, Any], selected: list[str] | None) -> set[str]:
    """The names of the tasks with actions reached from `selected` through their task dependencies (all if none)."""
    seen: set[str] = set()
    todo = list(selected) if selected else list(tasks)
    while todo:
        name = todo.pop()
        if name in seen or name not in tasks:
            continue
        seen.add(name)
        todo.extend(tasks[name].task_dep)
    return {n for n in seen if tasks[n].actions and not n.startswith("_")}


def save_state(state: Any) -> None:
    """Write a doit JSON state backend's content to its file atomically (a temporary file, then a rename)."""
    tmp = f"{state.name}.tmp"
    with open(tmp, "w") as handle:
        handle.write(state.codec.encode(state._db))
    os.replace(tmp, state.name)


def json_state() -> Any:
    """The running doit's JSON state backend (the reporter is not handed it), or None."""
    from doit.dependency import JsonDB

    found = [o for o in gc.get_objects() if isinstance(o, JsonDB)]
    state = found[-1] if len(found) == 1 else None
    return state if state is not None and hasattr(state, "_db") and hasattr(state, "codec") else None
