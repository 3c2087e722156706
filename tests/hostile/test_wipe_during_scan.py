"""Case 2 of issue 19: deleting a child or withdrawing consent while a scan of them runs in another process.
The wipe stops the scan and waits for it; nothing about the child is written afterwards, and the scan ends
without a crash. (The ``child`` and ``platforms`` fixtures are the resume tests', through conftest.py.)"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from desktop.store.consent_service import ConsentService
from desktop.store.db import StorageError
from desktop.store.locks import person_work, wiping

SCAN_SCRIPT = textwrap.dedent("""
    import sys
    from desktop import paths
    from desktop.core.tasks import Cancelled
    from desktop.faces.engine import FaceEngine
    from desktop.scan.orchestrator import Scanner
    from desktop.store.db import StorageError
    from desktop.store.workspace import open_workspace

    if __name__ == "__main__":
        workspace = open_workspace(paths.resolve())
        Scanner.client_options = {"min_interval": 0.0}
        try:
            with Scanner(workspace, engine=FaceEngine(workers=1), fetch_workers=1) as scanner:
                scanner.scan(workspace.persons.require("Haneul"))
        except (Cancelled, StorageError) as exc:
            print("stopped:", type(exc).__name__)
            sys.exit(0)
        print("finished")
""")


def _scan_state(database) -> str | None:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT state FROM scan_sources ORDER BY updated_at DESC LIMIT 1").fetchone()
            done = conn.execute("SELECT count(*) FROM photos WHERE state = 'done'").fetchone()[0]
            return f"{row[0]}:{done}" if row else None
    except sqlite3.Error:
        return None


def _start_scan(workspace, platforms, tmp_path):
    platforms.hold_images_after = 2  # two photos analysed, the third held: the scan is surely mid-way
    script = tmp_path / "scan_child.py"
    script.write_text(SCAN_SCRIPT)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    process = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = _scan_state(workspace.paths.database)
        if state and state.startswith("analysing:") and int(state.split(":")[1]) >= 1:
            return process
        time.sleep(0.05)
    process.kill()
    pytest.fail("the scan never got going")


def _nothing_left(workspace, person_id):
    for table in ("face_cache", "photos", "findings", "scans", "scan_sources", "face_references", "sources"):
        count = workspace.db.query_one(f"SELECT count(*) FROM {table}")[0]
        assert count == 0, f"{table} still holds {count} rows about the wiped child"


@pytest.mark.parametrize("wipe", ["delete the child", "withdraw consent"])
def test_a_wipe_during_a_running_scan_stops_it_and_nothing_is_written_afterwards(
        workspace, child, platforms, tmp_path, wipe):
    process = _start_scan(workspace, platforms, tmp_path)
    try:
        started = time.monotonic()
        if wipe == "delete the child":
            workspace.consents.delete_person(child.id)
        else:
            ConsentService(workspace.db, workspace.vault).withdraw(child.id)
        assert time.monotonic() - started < 30
        _nothing_left(workspace, child.id)  # right after the wipe …
        out, err = process.communicate(timeout=60)
    finally:
        platforms.release.set()
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in err, err
    assert process.returncode == 0 and "stopped" in out, (out, err)
    _nothing_left(workspace, child.id)  # … and once the scan process is gone
    assert workspace.db.integrity_ok()


def test_a_wipe_that_cannot_stop_the_work_in_time_deletes_nothing_and_says_why(workspace, child):
    with person_work(workspace.paths, child.id, on_stop=lambda: None):  # work that ignores the stop request
        with pytest.raises(StorageError) as refused:
            with wiping(workspace.db, [child.id], timeout=0.3):
                workspace.consents.delete_person(child.id)
    assert refused.value.message_id == "person.wipe_scan_running"
    assert workspace.persons.get(child.id).name == "Haneul"
    assert not workspace.paths.person_stop(child.id).exists()


def test_deleting_a_class_stops_and_waits_for_a_students_running_work(workspace):
    import threading

    school_class = workspace.classes.create("3-2")
    student = workspace.persons.add("Student One", role="student", class_id=school_class.id, student_number=1)
    started, stop_asked, left = threading.Event(), threading.Event(), threading.Event()

    def running_scan():
        with person_work(workspace.paths, student.id, on_stop=stop_asked.set):
            started.set()
            stop_asked.wait(30)  # the scan stops when asked …
        left.set()

    worker = threading.Thread(target=running_scan, daemon=True)
    worker.start()
    assert started.wait(10)
    workspace.classes.delete(school_class.id)
    assert stop_asked.is_set() and left.is_set(), "the class was deleted under a running scan"  # … before the wipe
    assert workspace.db.query_one("SELECT count(*) FROM persons")[0] == 0
    worker.join(5)
