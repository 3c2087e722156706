"""Long work runs off the GUI thread; progress, results, errors and cancel come back as signals."""

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from desktop.ui.worker import SyncTaskRunner, TaskRunner


@pytest.fixture
def owner(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_work_runs_off_the_gui_thread_and_reports_progress(qtbot, owner):
    runner = TaskRunner()
    seen = {"progress": [], "result": None}

    def work(ctx):
        for step in range(3):
            ctx.progress(step + 1, 3, "step")
        return threading.current_thread() is threading.main_thread()

    runner.run_task(work, on_done=lambda r: seen.update(result=r), on_progress=seen["progress"].append, owner=owner)
    qtbot.waitUntil(lambda: seen["result"] is not None, timeout=5000)
    assert seen["result"] is False
    qtbot.waitUntil(lambda: len(seen["progress"]) == 3)
    assert [p.done for p in seen["progress"]] == [1, 2, 3]


def test_errors_come_back_to_the_caller(qtbot, owner):
    errors = []
    TaskRunner().run_task(lambda ctx: 1 / 0, on_done=lambda r: None, on_error=errors.append, owner=owner)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)


def test_cancel_stops_the_work_and_says_so(qtbot, owner):
    outcome = []
    started = threading.Event()

    def work(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            time.sleep(0.01)

    handle = TaskRunner().run_task(work, on_done=outcome.append, on_cancelled=lambda: outcome.append("cancelled"),
                                   owner=owner)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert not handle.running


def test_sync_runner_gives_the_same_callbacks_in_order():
    events = []
    SyncTaskRunner().run_task(
        lambda ctx: (ctx.progress(1, 1), "done")[1], on_done=events.append, on_progress=lambda p: events.append(p.done)
    )
    assert events == [1, "done"]


def test_a_result_never_reaches_a_widget_that_was_closed_meanwhile(qtbot):
    """A dialog closed (or a page rebuilt) while its work runs: the work ends quietly, nobody is called."""
    import shiboken6

    runner = TaskRunner()
    release = threading.Event()
    calls = []
    widget = QWidget()
    runner.run_task(lambda ctx: release.wait(5) and "result", on_done=calls.append, owner=widget)
    assert runner.busy
    shiboken6.delete(widget)  # the C++ widget is gone, as after deleteLater on a rebuilt page
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert calls == []


def test_cancel_all_stops_every_running_task(qtbot, owner):
    runner = TaskRunner()
    stopped = []

    def endless(ctx):
        while True:
            ctx.check_cancelled()
            time.sleep(0.01)

    for _ in range(2):
        runner.run_task(endless, on_done=lambda r: None, on_cancelled=lambda: stopped.append(1), owner=owner)
    assert runner.running_count == 2
    runner.cancel_all()
    qtbot.waitUntil(lambda: len(stopped) == 2, timeout=5000)
    assert runner.running_count == 0
