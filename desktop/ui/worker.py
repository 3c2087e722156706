"""The one way to run long work off the GUI thread.

``runner.run_task(func, on_done, owner=widget, on_error=..., on_progress=..., on_cancelled=...)`` calls
``func(ctx)`` on a ``QThreadPool`` thread, where ``ctx`` is a :class:`desktop.core.tasks.TaskContext`. Results,
progress, cancellation and exceptions come back to the GUI thread through queued signals, relayed by a small
QObject that is a child of ``owner``: when the widget that asked for the work is deleted (a language switch
rebuilds every page, a dialog closes), the relay goes with it and the callbacks are never called on a dead
widget. The runner counts its running tasks, so the window can cancel and wait for them before it closes.
Tests use :class:`SyncTaskRunner`, which runs the work at once on the calling thread with the same callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.core.tasks import Cancelled, Progress, TaskContext
from desktop.log import get_logger

log = get_logger("worker")


class _Signals(QObject):
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Relay(QObject):
    """Delivers one task's signals to its callbacks; a child of the owner, so it dies with it."""

    def __init__(self, owner: QObject, on_done, on_error, on_progress, on_cancelled, settle):
        super().__init__(owner)
        self._on_done, self._on_error = on_done, on_error
        self._on_progress, self._on_cancelled = on_progress, on_cancelled
        self._settle = settle

    @Slot(object)
    def progressed(self, progress) -> None:
        if self._on_progress is not None:
            self._on_progress(progress)

    @Slot(object)
    def finished(self, result) -> None:
        self._settle()
        self._on_done(result)
        self.deleteLater()

    @Slot(object)
    def failed(self, exc) -> None:
        self._settle()
        self.deleteLater()
        (self._on_error or _default_error)(exc)

    @Slot()
    def cancelled(self) -> None:
        self._settle()
        self.deleteLater()
        if self._on_cancelled is not None:
            self._on_cancelled()


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
        assert signals is not None  # TaskRunner always gives its handles a signal object
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
        *,
        owner: QObject,
    ) -> TaskHandle:
        signals = _Signals()
        context = TaskContext(on_progress=signals.progressed.emit)
        handle = TaskHandle(context, signals)
        self._live.add(handle)  # keep the signal object alive until the work ends

        def settle() -> None:
            handle.running = False
            self._live.discard(handle)

        relay = _Relay(owner, on_done, on_error, on_progress, on_cancelled, settle)
        signals.progressed.connect(relay.progressed)
        signals.finished.connect(relay.finished)
        signals.failed.connect(relay.failed)
        signals.cancelled.connect(relay.cancelled)
        # The task still ends for the runner when its owner is gone (nobody hears the result then).
        for signal in (signals.finished, signals.failed, signals.cancelled):
            signal.connect(self._forget_when_orphaned(handle, relay))
        self.pool.start(_Runnable(func, handle))
        return handle

    def _forget_when_orphaned(self, handle: TaskHandle, relay: _Relay):
        import shiboken6

        def forget(*_args) -> None:
            if not shiboken6.isValid(relay):
                handle.running = False
                self._live.discard(handle)

        return forget

    def cancel_all(self) -> None:
        for handle in list(self._live):
            handle.cancel()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @property
    def running_count(self) -> int:
        return len(self._live)

    @property
    def busy(self) -> bool:
        """Whether any work started here is still running."""
        return bool(self._live)


class SyncTaskRunner:
    """Same interface, no threads: for tests that want deterministic order."""

    busy = False  # work has always finished by the time run_task returns

    running_count = 0

    def cancel_all(self) -> None:
        pass

    def run_task(self, func, on_done, on_error=None, on_progress=None, on_cancelled=None, *, owner=None) -> TaskHandle:
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
