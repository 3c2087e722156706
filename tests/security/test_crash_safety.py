"""Crash safety (fast variant, 3 kill points; tests/slow/test_crash_safety_full.py has 10): a scan killed with
SIGKILL resumes on the next start, the database passes PRAGMA integrity_check after every kill, and the findings
equal those of an uninterrupted scan: none duplicated, none lost."""

from __future__ import annotations

from desktop.demo_server import DemoServer
from tests.security.crash_helpers import findings, kill_and_resume


def test_a_scan_killed_three_times_resumes_with_the_same_findings(scanned_demo, tmp_path):
    server = DemoServer().start()
    try:
        result = kill_and_resume(tmp_path / "data", server.base_url, kills=3, seed=20241)
    finally:
        server.stop()
    assert result["final"].startswith("done")
    assert result["killed_at"], "no kill landed inside the scan"
    assert result["integrity_checks"] >= 1
    interrupted = findings(tmp_path / "data")
    reference = findings(scanned_demo.data_dir)
    assert len(interrupted) == len(set(interrupted))  # no duplicates
    assert sorted((f[2], f[3]) for f in interrupted) == sorted((f[2], f[3]) for f in reference) and len(reference) >= 3
