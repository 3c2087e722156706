"""What long-running work sees of its caller: progress reporting and cancellation, with no Qt in sight.

The GUI runs such work through ``desktop.ui.worker``; the command line calls it directly with a context
that prints progress to stderr.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Raised inside work when the user pressed Cancel; the work leaves its data consistent first."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    message: str = ""
    detail: object = None  # richer, task-specific state (e.g. per-source scan progress)


class TaskContext:
    def __init__(self, on_progress: Callable[[Progress], None] | None = None):
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def child(self, offset: int, total: int | None, detail: object = None) -> TaskContext:
        """A context for one part of this work: it shares the cancel, and its progress is reported here as
        ``offset`` + its own count out of ``total`` (the whole work), with ``detail`` saying which part."""
        part = TaskContext(lambda p: self.progress(offset + p.done, total, p.message, detail))
        part._cancel = self._cancel
        return part

    def progress(self, done: int, total: int | None = None, message: str = "", detail: object = None) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(done, total, message, detail))


def eta_text(seconds: float | None) -> str:
    """How long is left, in words a person reads at a glance: seconds under a minute and a half, else minutes
    ("about 24 min left", never "about 1455 s left"); "" when unknown."""
    from desktop.i18n import tr

    if not seconds:
        return ""
    if seconds < 90:
        return tr("scan.eta", seconds=int(seconds))
    return tr("scan.eta_minutes", minutes=round(seconds / 60))
