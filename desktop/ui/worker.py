"""The one way to run long work off the GUI thread.

``runner.run_task(func, on_done, on_error=..., on_progress=..., on_cancelled=...)`` calls ``func(ctx)`` on a
``QThreadPool`` thread, where ``ctx`` is a :class:`desktop.core.tasks.TaskContext`. Results, progress,
cancellation and exceptions come back to the GUI thread through queued signals. Tests use
:class:`SyncTaskRunner`, which runs the work at once on the calling thread with the same callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.tasks import Cancelled, Progress, TaskContext
from desktop.log import get_logger

log = get_logger("worker")


class _Signals(QObject):
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class TaskHandle:
    def __init__(self, context: TaskContext, signals: _Signals | None = None):
        self.context = context
        self.signals = signals
        self.running = True

    def cancel(self) -> None:
        self.context.cancel()


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[TaskContext], Any], handle: TaskHandle):
        super().__init__()
        self.func = func
        self.handle = handle
        self.setAutoDelete(True)

    def run(self) -> None:  # runs on a pool thread
        signals = self.handle.signals
        try:
            result = self.func(self.handle.context)
        except Cancelled:
            signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            log.exception("background task failed")
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)


def _default_error(exc: BaseException) -> None:
    raise exc


class TaskRunner:
    def __init__(self, pool: QThreadPool | None = None):
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[TaskHandle] = set()

    def run_task(
        self,
        func: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        signals = _Signals()
        context = TaskContext(on_progress=signals.progressed.emit)
        handle = TaskHandle(context, signals)
        self._live.add(handle)  # keep the signal object alive until the work ends

        def settle() -> None:
            handle.running = False
            self._live.discard(handle)

        if on_progress is not None:
            signals.progressed.connect(on_progress)
        signals.finished.connect(lambda result: (settle(), on_done(result)))
        signals.failed.connect(lambda exc: (settle(), (on_error or _default_error)(exc)))
        signals.cancelled.connect(lambda: (settle(), on_cancelled() if on_cancelled else None))
        self.pool.start(_Runnable(func, handle))
        return handle

    def wait_for_done(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        """Whether any work started here is still running."""
        return bool(self._live)


class SyncTaskRunner:
    """Same interface, no threads: for tests that want deterministic order."""

    busy = False  # work has always finished by the time run_task returns

    def run_task(self, func, on_done, on_error=None, on_progress=None, on_cancelled=None) -> TaskHandle:
        context = TaskContext(on_progress=on_progress)
        handle = TaskHandle(context)
        try:
            result = func(context)
        except Cancelled:
            handle.running = False
            if on_cancelled:
                on_cancelled()
        except Exception as exc:  # noqa: BLE001
            handle.running = False
            (on_error or _default_error)(exc)
        else:
            handle.running = False
            on_done(result)
        return handle

    def wait_for_done(self, msecs: int = 30000) -> bool:
        return True
