"""Encryption at rest, no personal data in logs, and wiping: proven by searching every byte of every file in the
data directory (database, WAL, SHM, backups, logs, keys, preferences) after a real demo scan."""

from __future__ import annotations

import os
import sqlite3
import stat

from desktop import paths
from desktop.store.workspace import open_workspace
from tests.security.conftest import files_containing


def _all(markers: dict[str, list[bytes]]) -> list[bytes]:
    return [needle for kind in sorted(markers) for needle in markers[kind]]


def test_nothing_personal_is_on_disk_in_plain_text_after_enrolment_and_a_scan(scanned_demo):
    needles = _all(scanned_demo.plain)
    assert len(needles) >= 30  # name (2 encodings), 3 targets, every image and post URL, encodings, thumbnails
    assert files_containing(scanned_demo.data_dir, needles) == {}
    # The search itself works: the same markers are found where they are in the clear.
    probe = scanned_demo.data_dir.parent / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "leak.bin").write_bytes(b"..." + scanned_demo.plain["encodings"][0] + b"...")
    assert list(files_containing(probe, needles)) == ["leak.bin"]


def test_the_log_of_a_scan_holds_events_and_counts_but_no_personal_data(scanned_demo):
    log_text = (scanned_demo.data_dir / "logs" / "jikimi.log").read_text(encoding="utf-8")
    assert "scan" in log_text  # the scan did log
    for needle in _all(scanned_demo.plain):
        assert needle not in log_text.encode("utf-8")
    assert "127.0.0.1" not in log_text or "<url>" in log_text
    assert "http://" not in log_text


def test_data_files_are_readable_by_their_owner_only(scanned_demo):
    data_dir = scanned_demo.data_dir
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    for name in ("jikimi.db", "keys/data.key"):
        assert stat.S_IMODE(os.stat(data_dir / name).st_mode) == 0o600, name


def test_deleting_a_person_removes_every_trace_even_from_free_pages(scanned_demo, tmp_path):
    data_dir = scanned_demo.copy_to(tmp_path / "data")
    sealed = _all(scanned_demo.sealed)
    assert set(files_containing(data_dir, sealed)) == {"jikimi.db"}  # the sealed values are there before

    workspace = open_workspace(paths.resolve(data_dir))
    try:
        counts = workspace.consents.delete_person(scanned_demo.child_id, delete_cases=True)  # the user ticked it too
        left = {table: workspace.db.query_one(f"SELECT count(*) FROM {table}")[0] for table in (
            "face_cache", "http_cache")}
        by_person = workspace.db.query_one(
            "SELECT (SELECT count(*) FROM face_references WHERE person_id = :p)"
            " + (SELECT count(*) FROM findings WHERE person_id = :p)"
            " + (SELECT count(*) FROM evidence WHERE person_id = :p)"
            " + (SELECT count(*) FROM checklist_progress WHERE person_id = :p)"
            " + (SELECT count(*) FROM sources WHERE person_id = :p)"
            " + (SELECT count(*) FROM cases WHERE person_id = :p)", {"p": scanned_demo.child_id})[0]
        assert workspace.db.integrity_ok()
        others = len(workspace.persons.list())
    finally:
        workspace.close()
    assert counts["findings"] > 0 and counts["face_references"] > 0 and counts["evidence"] == 1
    assert counts["checklist_progress"] == 1 and counts["face_cache"] > 0 and counts["http_cache"] > 0
    assert by_person == 0 and left == {"face_cache": 0, "http_cache": 0}
    assert others == 24  # the demo class is untouched
    assert files_containing(data_dir, sealed) == {}
    assert files_containing(data_dir, _all(scanned_demo.plain)) == {}
    # No WAL left holding old pages.
    wal = data_dir / "jikimi.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_withdrawing_consent_uses_the_same_wipe(scanned_demo, tmp_path):
    from desktop.store.consent_service import ConsentService

    data_dir = scanned_demo.copy_to(tmp_path / "data")
    workspace = open_workspace(paths.resolve(data_dir))
    try:
        report = ConsentService(workspace.db, workspace.vault).withdraw(scanned_demo.child_id,
                                                                        delete_cases=True)  # ticked too
        still_named = workspace.persons.get(scanned_demo.child_id).name
    finally:
        workspace.close()
    assert report.counts["face_cache"] > 0 and report.counts["evidence"] == 1
    sealed = {k: v for k, v in scanned_demo.sealed.items() if k != "name"}  # the roster entry stays
    assert files_containing(data_dir, _all(sealed)) == {}
    assert still_named


def test_delete_all_data_leaves_an_empty_directory_and_no_key_anywhere(scanned_demo, tmp_path, memory_keyring):
    data_dir = tmp_path / "data"
    app_paths = paths.resolve(data_dir).ensure()
    workspace = open_workspace(app_paths, keyring_backend=memory_keyring)
    workspace.persons.add("Kim Minji", consent_by=["guardian"])
    assert memory_keyring.store  # the key went to the keyring
    workspace.delete_all_data()
    assert list(data_dir.iterdir()) == []
    assert memory_keyring.store == {}

    copy = scanned_demo.copy_to(tmp_path / "scanned")
    workspace = open_workspace(paths.resolve(copy))
    workspace.delete_all_data()
    assert list(copy.iterdir()) == []


def test_sqlite_is_configured_so_deleted_rows_are_overwritten(workspace):
    assert workspace.db.query_one("PRAGMA secure_delete")[0] == 1
    assert workspace.db.query_one("PRAGMA journal_mode")[0] == "wal"
    with sqlite3.connect(workspace.paths.database) as other:
        assert other.execute("PRAGMA user_version").fetchone()[0] >= 1
