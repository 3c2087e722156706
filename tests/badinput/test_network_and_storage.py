"""Bad input corpus, part 2: hostile servers (loopback) and hostile storage. Each ends in a clear message;
what was stored before is still there."""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time

import pytest
from werkzeug import Response

from desktop import paths
from desktop.sources.base import SourceError
from desktop.store.db import DatabaseTooNew, StorageError
from desktop.store.workspace import open_workspace
from tests.badinput.helpers import assert_clear_message
from tests.sources_helpers import Recorder, make_client


def _serve(httpserver, behaviour: str):
    if behaviour == "redirect_loop":
        httpserver.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
        httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/a"}))
    elif behaviour == "429_storm":
        httpserver.expect_request("/a").respond_with_response(Response(status=429, headers={"Retry-After": "1"}))
    elif behaviour == "503_storm":
        httpserver.expect_request("/a").respond_with_response(Response(status=503))
    elif behaviour == "429_huge_retry_after":
        httpserver.expect_request("/a").respond_with_response(
            Response(status=429, headers={"Retry-After": "86400"}))
    elif behaviour == "malformed_json":
        httpserver.expect_request("/a").respond_with_data('{"feed": [', content_type="application/json")
    elif behaviour == "html_as_json":
        httpserver.expect_request("/a").respond_with_data("<html>login</html>", content_type="text/html")
    elif behaviour == "html_as_image":
        httpserver.expect_request("/a").respond_with_data("<html>404</html>", content_type="text/html")
    elif behaviour == "huge_body":
        httpserver.expect_request("/a").respond_with_data(b"x" * (6 * 1024 * 1024), content_type="text/html")
    elif behaviour == "server_error":
        httpserver.expect_request("/a").respond_with_data("oops", status=500)
    elif behaviour == "redirect_to_file_scheme":
        httpserver.expect_request("/a").respond_with_response(
            Response(status=302, headers={"Location": "file:///etc/passwd"}))
    return httpserver.url_for("/a")


NETWORK_CASES = ["redirect_loop", "429_storm", "503_storm", "429_huge_retry_after", "malformed_json",
                 "html_as_json", "html_as_image", "huge_body", "server_error", "redirect_to_file_scheme"]


@pytest.mark.parametrize("behaviour", NETWORK_CASES)
def test_a_hostile_server_ends_in_a_clear_message(httpserver, behaviour):
    url = _serve(httpserver, behaviour)
    recorder = Recorder()
    client = make_client(recorder, max_retries=3)
    with pytest.raises(SourceError) as caught:
        if behaviour == "html_as_image":
            client.get_image(url, allow_private=True)
        elif behaviour in ("malformed_json", "html_as_json"):
            client.get_json(url, allow_private=True)
        else:
            client.get_page(url, allow_private=True)
    assert_clear_message(caught.value.message_id, **caught.value.values)
    assert len(recorder.events) <= 12  # bounded: no endless retries or redirects
    assert sum(recorder.sleeps) <= 130


def _raw_server(handler):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def loop():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handler, args=(conn, stop), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/", stop, listener


def _dropped(conn, stop):
    conn.recv(4096)
    conn.close()


def _half_answer(conn, stop):
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\nabc")
    conn.close()


def _silent(conn, stop):
    conn.recv(4096)
    stop.wait(5)
    conn.close()


def _trickle(conn, stop):
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    while not stop.is_set():
        try:
            conn.sendall(b"x")
        except OSError:
            break
        stop.wait(0.3)
    conn.close()


@pytest.mark.parametrize("handler", [_dropped, _half_answer, _silent, _trickle], ids=lambda h: h.__name__[1:])
def test_slow_and_dropped_connections_end_in_a_clear_message(handler):
    url, stop, listener = _raw_server(handler)
    client = make_client(timeout=(0.5, 0.5), max_retries=0)
    try:
        with pytest.raises(SourceError) as caught:
            client.get_page(url, allow_private=True)
        assert caught.value.message_id in ("sources.unreachable", "sources.timeout")
        assert_clear_message(caught.value.message_id, **caught.value.values)
    finally:
        client.close() if hasattr(client, "close") else None
        stop.set()
        listener.close()
        time.sleep(0.4)  # the handler threads close their connections


# --- storage ------------------------------------------------------------------------------------------------
def _stored_child(app_paths):
    workspace = open_workspace(app_paths)
    workspace.persons.add("Kim Minji", consent_by=["guardian"])
    workspace.close()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root ignores file modes; the read-only mount is simulated by the next case")
def test_a_data_dir_on_a_read_only_file_system(app_paths):
    _stored_child(app_paths)
    for path in [app_paths.data_dir, *app_paths.data_dir.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        with pytest.raises(StorageError) as caught:
            workspace = open_workspace(app_paths)
            workspace.persons.add("Lee Seoyeon", consent_by=["guardian"])
        assert_clear_message(caught.value.message_id)
    finally:
        for path in [app_paths.data_dir, *app_paths.data_dir.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_read_only_database_errors_become_a_clear_message_and_keep_the_data(app_paths):
    _stored_child(app_paths)
    workspace = open_workspace(app_paths)
    try:
        # What SQLite says on a read-only mount (root ignores modes, so open the file read-only instead).
        workspace.db.conn.close()
        workspace.db.conn = sqlite3.connect(f"file:{app_paths.database}?mode=ro", uri=True,
                                            check_same_thread=False, isolation_level=None)
        workspace.db.conn.row_factory = sqlite3.Row
        with pytest.raises(StorageError) as caught:
            workspace.persons.add("Lee Seoyeon", consent_by=["guardian"])
        assert caught.value.message_id == "db.read_only"
        assert_clear_message("db.read_only")
    finally:
        workspace.close()
    workspace = open_workspace(app_paths)
    assert [p.name for p in workspace.persons.list()] == ["Kim Minji"]
    workspace.close()


def test_a_full_disk_is_a_clear_message_and_loses_nothing(app_paths):
    _stored_child(app_paths)
    workspace = open_workspace(app_paths)
    try:
        pages = workspace.db.query_one("PRAGMA page_count")[0]
        workspace.db.query_one(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        with pytest.raises(StorageError) as caught:
            for number in range(500):
                workspace.persons.add(f"Student {number} " + "x" * 500, consent_by=["guardian"])
        assert caught.value.message_id == "db.disk_full"
        assert_clear_message("db.disk_full")
        assert "Kim Minji" in [p.name for p in workspace.persons.list()]
        assert workspace.db.integrity_ok()
    finally:
        workspace.close()


def test_a_database_from_a_newer_version_is_refused_untouched(app_paths):
    _stored_child(app_paths)
    with sqlite3.connect(app_paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = app_paths.database.read_bytes()
    with pytest.raises(DatabaseTooNew) as caught:
        open_workspace(app_paths)
    assert_clear_message("db.too_new", **caught.value.values)
    assert app_paths.database.read_bytes() == before


def test_a_corrupt_database_file_is_a_clear_message(app_paths):
    _stored_child(app_paths)
    app_paths.database.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        app_paths.database.with_name(app_paths.database.name + suffix).unlink(missing_ok=True)
    with pytest.raises(StorageError) as caught:
        open_workspace(paths.resolve(app_paths.data_dir))
    assert caught.value.message_id == "db.corrupt"
    assert_clear_message("db.corrupt")


def test_a_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError) as caught:
        open_workspace(paths.resolve(blocker / "data"))
    assert caught.value.message_id == "db.cannot_create_dir"
    assert_clear_message("db.cannot_create_dir")
