"""Hostile servers on loopback only: each answers with a handler the test gives, records what it was asked,
and stops (its threads bounded) when closed. Used through the ``raw_server`` fixture in conftest.py."""

from __future__ import annotations

import socket
import threading
import time


class RawServer:
    def __init__(self, host: str, handler):
        self.host = host
        self.handler = handler  # handler(conn, request_bytes, stop_event)
        self.requests: list[bytes] = []
        self.stop = threading.Event()
        self.sock = socket.create_server((host, 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn) -> None:
        conn.settimeout(5)
        try:
            data = b""
            while b"\r\n\r\n" not in data and not self.stop.is_set():
                piece = conn.recv(4096)
                if not piece:
                    return
                data += piece
            self.requests.append(data)
            self.handler(conn, data, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(timeout=2)


def answer(status: str = "200 OK", body: bytes = b"", headers: dict[str, str] | None = None):
    """A handler that sends one whole answer."""

    def handler(conn, request, stop):
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body)

    return handler


def run_bounded(function, seconds: float):
    """Run ``function`` in a thread; returns (finished, result or exception, elapsed)."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = function()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["result"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    return not thread.is_alive(), outcome.get("result"), time.monotonic() - started
