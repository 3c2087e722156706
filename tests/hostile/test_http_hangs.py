"""Cases 7 and 13 of issue 19 and the HTTP half of issue 17: one wall-clock deadline per request (connect,
headers and body), cancellation that stops a request in flight and a ``Retry-After`` wait, and header numbers
written in other scripts' digits."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.core.tasks import Cancelled
from desktop.sources.base import SourceError
from desktop.sources.http import HttpClient, parse_retry_after
from tests.hostile.servers import answer, run_bounded
from tests.sources_helpers import Recorder, make_client


def _trickle_headers(conn, request, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.is_set():
        conn.sendall(b"X")  # one byte of a header line, forever
        time.sleep(0.1)


def _silent(conn, request, stop):
    stop.wait(30)


def test_a_server_trickling_its_headers_is_cut_at_the_one_deadline(raw_server):
    server = raw_server(_trickle_headers)
    client = make_client(timeout=(0.3, 0.3))  # deadline 0.3 + 4 × 0.3 = 1.5 s
    finished, result, elapsed = run_bounded(lambda: client.get_page(server.base + "/", allow_private=True), 10)
    assert finished, "the scan hung on a server trickling its headers"
    assert isinstance(result, SourceError) and result.message_id == "sources.timeout"
    assert elapsed < 5


def test_cancel_stops_a_request_waiting_on_a_silent_server_at_once(raw_server):
    arrived = threading.Event()

    def silent(conn, request, stop):
        arrived.set()
        _silent(conn, request, stop)

    server = raw_server(silent)
    client = make_client(timeout=(5, 15))
    client.watch(arrived.is_set)  # cancelled once the server holds the request: the client is waiting on its answer
    finished, result, elapsed = run_bounded(lambda: client.get_page(server.base + "/", allow_private=True), 10)
    assert finished and isinstance(result, Cancelled), result
    assert len(server.requests) == 1  # stopped in flight, not before it was sent
    assert elapsed < 3  # not the 15 s read timeout


def test_cancel_stops_a_long_retry_after_wait(raw_server):
    server = raw_server(answer("429 Too Many Requests", headers={"Retry-After": "100"}))
    client = HttpClient(min_interval=0, timeout=(2, 2))  # the real sleep, as in a scan
    told_to_wait = threading.Event()
    client.add_observer(lambda event: event.status == 429 and told_to_wait.set())
    asked_since = []

    def cancelled() -> bool:  # cancel at the second look after the 429: the 100 s wait has begun
        if told_to_wait.is_set():
            asked_since.append(True)
        return len(asked_since) >= 2

    client.watch(cancelled)
    finished, result, elapsed = run_bounded(lambda: client.get_page(server.base + "/", allow_private=True), 10)
    assert finished and isinstance(result, Cancelled), result
    assert len(server.requests) == 1 and len(asked_since) == 2
    assert elapsed < 3  # not the 100 s the server asked for


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 400])
def test_retry_after_in_other_digits_or_absurdly_long_is_ignored(value):
    assert parse_retry_after(value) is None


def test_retry_after_and_content_length_with_unicode_digits_do_not_crash_the_client(raw_server):
    # "²" as one Latin-1 byte: http.client decodes headers as Latin-1, and "²".isdigit() is True.
    answers = iter([b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: \xb2\r\nContent-Length: 0\r\n\r\n",
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nfine"])
    server = raw_server(lambda conn, request, stop: conn.sendall(next(answers)))
    recorder = Recorder()
    page = make_client(recorder).get_page(server.base + "/", allow_private=True)
    assert page.body == b"fine" and recorder.sleeps == [1.0]  # the default back-off instead of a crash

    def odd_length(conn, request, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\nConnection: close\r\n\r\nabc")

    odd = raw_server(odd_length)
    finished, result, _ = run_bounded(lambda: make_client().get_page(odd.base + "/", allow_private=True), 10)
    assert finished and not isinstance(result, BaseException) and result.body == b"abc", result


CTRL_C_SCAN = """
import sys
from desktop.app import main
sys.exit(main(["scan", "Haneul"]))
"""


def test_ctrl_c_stops_a_scan_waiting_on_a_silent_image_server_at_once(workspace, raw_server, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from desktop.faces.enrol import enrol
    from desktop.resources import asset

    silent = raw_server(_silent)
    page = (f'<html><body><main><img src="{silent.base}/a.jpg" width=400 height=300></main></body></html>').encode()

    def gallery(conn, request, stop):
        if request.startswith(b"GET /robots.txt"):
            answer("404 Not Found")(conn, request, stop)
        else:
            answer(body=page, headers={"Content-Type": "text/html"})(conn, request, stop)

    site = raw_server(gallery)
    person = workspace.persons.add("Haneul", role="child", consent_by=["guardian"])
    enrol(workspace, person, sorted(asset("demo", "enrol").glob("*.jpg")))
    workspace.sources.add(person_id=person.id, kind="web", target=f"{site.base}/", owner="school", allow_private=True)
    workspace.close()
    scan = subprocess.Popen([sys.executable, "-c", CTRL_C_SCAN], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        deadline = time.monotonic() + 60
        while not silent.requests and time.monotonic() < deadline:  # the scan is waiting on the image
            time.sleep(0.05)
        assert silent.requests, "the scan never asked for the image"
        started = time.monotonic()
        scan.send_signal(signal.SIGINT)
        out, err = scan.communicate(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if scan.poll() is None:
            scan.kill()
            scan.communicate()
    assert elapsed < 5, f"Ctrl-C took {elapsed:.0f} s"
    assert "Traceback" not in err and "The scan was cancelled" in err, err


def _answers_once_then_drops_the_kept_alive_connection(dropped):
    def handler(conn, request, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")  # keep-alive: no "Connection: close"
        conn.settimeout(5)
        dropped.append(conn.recv(4096))  # the next request comes on the same connection: hang up unanswered

    return handler


def test_a_server_that_hangs_up_a_kept_alive_connection_is_asked_again_on_a_fresh_one(raw_server):
    # Servers close idle kept-alive connections whenever they like; the next GET on the stale connection
    # fails before any answer. One fresh try is safe for a GET and is what a browser does.
    dropped: list[bytes] = []
    server = raw_server(_answers_once_then_drops_the_kept_alive_connection(dropped))
    client = make_client()
    assert client.get_page(server.base + "/a", allow_private=True).body == b"first"
    assert client.get_page(server.base + "/b", allow_private=True).body == b"first"
    assert [request.split(b" ")[1] for request in server.requests] == [b"/a", b"/b"]  # two connections
    assert dropped[0].startswith(b"GET /b ")  # the first /b went to the stale connection


def test_a_server_that_always_hangs_up_is_reported_unreachable_after_one_fresh_try(raw_server):
    def hang_up(conn, request, stop):
        conn.close()

    server = raw_server(hang_up)
    finished, result, _ = run_bounded(lambda: make_client().get_page(server.base + "/", allow_private=True), 10)
    assert finished and isinstance(result, SourceError) and result.message_id == "sources.unreachable", result
    assert len(server.requests) == 2
