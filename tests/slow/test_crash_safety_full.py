"""Crash safety, full variant: SIGKILL at 10 random points (`uv run pytest -m slow tests/slow`)."""

from __future__ import annotations

import pytest

from desktop.demo_server import DemoServer
from tests.security.crash_helpers import findings, kill_and_resume

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_scan_killed_ten_times_resumes_with_the_same_findings(tmp_path, seed):
    server = DemoServer().start()
    try:
        reference = kill_and_resume(tmp_path / "reference", server.base_url, kills=0, seed=seed)
        result = kill_and_resume(tmp_path / "data", server.base_url, kills=10, seed=seed)
    finally:
        server.stop()
    assert reference["final"].startswith("done") and result["final"].startswith("done")
    assert len(result["killed_at"]) >= 5 and result["integrity_checks"] >= 5
    interrupted, clean = findings(tmp_path / "data"), findings(tmp_path / "reference")
    assert len(interrupted) == len(set(interrupted))
    assert sorted((f[2], f[3]) for f in interrupted) == sorted((f[2], f[3]) for f in clean) and len(clean) >= 3
