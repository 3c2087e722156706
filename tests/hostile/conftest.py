"""Fixtures of the hostile suite: servers on loopback only, stopped when each test ends."""

from __future__ import annotations

import pytest

from tests.hostile.servers import RawServer
from tests.integration.test_scan_resume_cancel import child, platforms  # noqa: F401 - an enrolled child, a server


@pytest.fixture
def raw_server():
    started: list[RawServer] = []

    def start(handler, host: str = "127.0.0.1") -> RawServer:
        server = RawServer(host, handler)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
