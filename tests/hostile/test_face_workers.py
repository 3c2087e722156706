"""Cases 11 and 16 of issue 19 (and issue 17): a face worker dying takes only its photo down — the pool is
rebuilt and the other photos are checked — and workers exit when the app that started them is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from desktop.faces.engine import ERROR_WORKER_CRASHED, FaceEngine
from tests.hostile.workers import always_die, double_or_die


def test_a_photo_that_kills_its_worker_fails_alone_and_the_pool_goes_on():
    with FaceEngine(workers=2) as engine:
        results = dict(engine.run_many(double_or_die, ((n, n) for n in range(20)), crashed=lambda: "crashed"))
        assert results == {n: ("crashed" if n == 13 else n * 2) for n in range(20)}
        # the rebuilt pool keeps working for the next source
        assert dict(engine.run_many(double_or_die, [(1, 21)])) == {1: 42}


def test_a_crashed_worker_gives_a_clear_message_in_both_languages():
    from desktop import i18n

    for language in ("en", "ko"):
        i18n.set_language(language)
        assert i18n.tr(ERROR_WORKER_CRASHED) != ERROR_WORKER_CRASHED
    i18n.set_language("en")


APP = textwrap.dedent("""
    import sys, time
    from desktop.faces.engine import FaceEngine
    from tests.hostile.workers import double_or_die

    if __name__ == "__main__":
        engine = FaceEngine(workers=2)
        list(engine.run_many(double_or_die, [(1, 1), (2, 2)]))
        print(" ".join(str(pid) for pid in engine._pool._processes), flush=True)
        time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_face_workers_exit_when_the_app_is_killed(tmp_path):
    script = tmp_path / "app.py"
    script.write_text(APP)
    app = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        workers = [int(pid) for pid in app.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
        app.stdout.close()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, "face workers outlived the app that started them"


def test_workers_that_cannot_run_at_all_stop_the_run_instead_of_retrying_forever():
    with FaceEngine(workers=1) as engine, pytest.raises(BrokenProcessPool):
        list(engine.run_many(always_die, ((n, n) for n in range(50)), crashed=lambda: "crashed"))


def test_ctrl_c_stops_the_face_workers_at_once_instead_of_waiting_for_their_photo():
    """A worker busy on a long photo (here: a sleep) does not hold up Cancel or Ctrl-C: it is stopped, and the
    closing takes no longer than stopping a process."""
    engine = FaceEngine(workers=1)
    busy = engine._executor().submit(time.sleep, 60)
    deadline = time.monotonic() + 60
    while not busy.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = list(engine._executor()._processes.values())
    assert busy.running() and workers
    started = time.monotonic()
    engine.close(stop_now=True)
    assert time.monotonic() - started < 10
    assert all(not worker.is_alive() for worker in workers)
