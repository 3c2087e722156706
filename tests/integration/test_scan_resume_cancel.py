"""A scan killed at any point resumes where it stopped without duplicate findings; Cancel leaves consistent
data and the next scan completes."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.engine import FaceEngine
from desktop.resources import asset
from desktop.scan.orchestrator import Scanner
from desktop.store.scans import ScanRepository
from tests.integration.fake_platforms import Platforms, Post, serve

PHOTOS = ["avatar.jpg", "sports-day.jpg", "weekend.jpg", "grandpa.jpg", "birthday.jpg", "class-trip.jpg"]
CHILD_PHOTOS = {"avatar.jpg", "sports-day.jpg", "weekend.jpg", "birthday.jpg", "class-trip.jpg"}


@pytest.fixture
def platforms():
    images = {name: asset("demo", "photos", name).read_bytes() for name in PHOTOS}
    state = Platforms(images=images, bluesky_posts=[Post(name, "학교 가는 길") for name in PHOTOS], page_size=2)
    server, base = serve(state)
    state.base = base
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def child(workspace, platforms):
    from desktop.faces.enrol import enrol

    person = workspace.persons.add("Haneul", role="child", consent_by=["guardian"])
    enrol(workspace, person, sorted(asset("demo", "enrol").glob("*.jpg")))
    workspace.sources.add(person_id=person.id, kind="bluesky", target="child.test", owner="self",
                          base_url=platforms.base, allow_private=True)
    return person


def finding_photos(workspace, person_id):
    repo = ScanRepository(workspace.db, workspace.vault)
    return sorted(f.image_url.rsplit("/", 1)[-1] for f in repo.findings(person_id))


SCAN_SCRIPT = textwrap.dedent("""
    from desktop import paths
    from desktop.faces.engine import FaceEngine
    from desktop.scan.orchestrator import Scanner
    from desktop.store.workspace import open_workspace

    if __name__ == "__main__":
        workspace = open_workspace(paths.resolve())
        Scanner.client_options = {"min_interval": 0.0}
        scanner = Scanner(workspace, engine=FaceEngine(workers=1), fetch_workers=1)  # photos analysed two at a time
        scanner.scan(workspace.persons.require("Haneul"))
""")


def done_photos(database) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM photos WHERE state = 'done'").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_scan_killed_mid_way_resumes_without_duplicates(workspace, child, platforms, tmp_path, monkeypatch):
    monkeypatch.setattr(Scanner, "client_options", {"min_interval": 0.0})
    platforms.hold_images_after = 2  # two photos are analysed, the third waits: the scan cannot finish first
    script = tmp_path / "scan_child.py"
    script.write_text(SCAN_SCRIPT)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    process = subprocess.Popen([sys.executable, str(script)], env=env)
    deadline = time.monotonic() + 60
    while done_photos(workspace.paths.database) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    platforms.hold_images_after = None
    platforms.release.set()
    assert done_photos(workspace.paths.database) >= 2, "the scan did not get far enough to be interrupted"
    assert workspace.db.integrity_ok()
    with Scanner(workspace) as scanner:
        outcome = scanner.scan(child)
    assert outcome.resumed and outcome.state == "done"
    assert finding_photos(workspace, child.id) == sorted(CHILD_PHOTOS)
    assert workspace.db.query_one("SELECT count(*) FROM scans WHERE state = 'running'")[0] == 0
    counts = workspace.db.query("SELECT photo_id, face_number, count(*) AS n FROM findings GROUP BY 1, 2")
    assert all(row["n"] == 1 for row in counts)


def test_cancel_stops_the_scan_and_keeps_the_data_consistent(workspace, child, platforms, monkeypatch):
    monkeypatch.setattr(Scanner, "client_options", {"min_interval": 0.0})
    platforms.hold_images_after = 2  # the scan cannot end before the cancel: the third photo is held
    ctx = TaskContext(on_progress=lambda p: ctx.cancel() if p.detail and p.detail.photos_checked >= 1 else None)
    try:
        with pytest.raises(Cancelled), Scanner(workspace, engine=FaceEngine(workers=1)) as scanner:
            scanner.scan(child, ctx)
    finally:
        platforms.hold_images_after = None
        platforms.release.set()
    assert workspace.db.query_one("SELECT state FROM scans ORDER BY id DESC LIMIT 1")["state"] == "cancelled"
    assert workspace.db.integrity_ok()
    with Scanner(workspace) as scanner:  # a cancelled scan is not resumed: a new one runs to the end
        outcome = scanner.scan(child)
    assert not outcome.resumed and outcome.state == "done"
    assert finding_photos(workspace, child.id) == sorted(CHILD_PHOTOS)


def test_demo_child_photos_are_the_expected_ones(workspace, child, monkeypatch):
    monkeypatch.setattr(Scanner, "client_options", {"min_interval": 0.0})
    with Scanner(workspace) as scanner:
        scanner.scan(child)
    assert finding_photos(workspace, child.id) == sorted(CHILD_PHOTOS)
