"""Long work runs off the GUI thread; progress, results, errors and cancel come back as signals."""

import threading
import time

from desktop.ui.worker import SyncTaskRunner, TaskRunner


def test_work_runs_off_the_gui_thread_and_reports_progress(qtbot):
    runner = TaskRunner()
    seen = {"progress": [], "result": None}

    def work(ctx):
        for step in range(3):
            ctx.progress(step + 1, 3, "step")
        return threading.current_thread() is threading.main_thread()

    runner.run_task(work, on_done=lambda r: seen.update(result=r), on_progress=seen["progress"].append)
    qtbot.waitUntil(lambda: seen["result"] is not None, timeout=5000)
    assert seen["result"] is False
    qtbot.waitUntil(lambda: len(seen["progress"]) == 3)
    assert [p.done for p in seen["progress"]] == [1, 2, 3]


def test_errors_come_back_to_the_caller(qtbot):
    errors = []
    TaskRunner().run_task(lambda ctx: 1 / 0, on_done=lambda r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)


def test_cancel_stops_the_work_and_says_so(qtbot):
    outcome = []
    started = threading.Event()

    def work(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            time.sleep(0.01)

    handle = TaskRunner().run_task(work, on_done=outcome.append, on_cancelled=lambda: outcome.append("cancelled"))
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
