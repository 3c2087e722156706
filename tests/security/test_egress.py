"""Egress: during a full demo scan and a full multi-source loopback scan, the only connections are to the hosts
of the linked sources. Recorded at the socket level twice: by an audit hook in the scanning process, and by
strace over the whole process tree (the face-engine workers included)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

INET = re.compile(
    r"sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),.*?(?:inet_addr|inet_pton\(AF_INET6?,)\s*\(?\"([^\"]+)\""
)


@pytest.fixture(scope="module")
def egress(tmp_path_factory):
    out = tmp_path_factory.mktemp("egress")
    report, trace = out / "report.json", out / "trace.txt"
    command = [sys.executable, "-m", "tests.security.egress_driver", str(report)]
    strace = shutil.which("strace")
    if strace and subprocess.run([strace, "-qq", "-e", "trace=none", "true"], capture_output=True).returncode == 0:
        command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command]
    else:
        trace = None
    env = {**os.environ, "JIKIMI_HOME": str(out / "home"), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(report.read_text(encoding="utf-8")), trace


def _expected(report) -> set[tuple[str, int]]:
    return {tuple(h) for scan in ("demo", "multi") for h in report[scan]["hosts"]}


def test_both_scans_really_ran(egress):
    report, _ = egress
    assert report["demo"]["state"] == "done" and report["demo"]["findings"] >= 3
    assert report["multi"]["state"] == "done" and report["multi"]["photos_checked"] >= 6
    assert len(report["multi"]["hosts"]) == 3  # three different loopback hosts


def test_the_scanning_process_connects_only_to_the_linked_sources(egress):
    report, _ = egress
    connected = {(host, port) for event, host, port in report["recorded"]
                 if event in ("socket.connect", "socket.sendto") and host != "unix"}
    assert connected == _expected(report)
    looked_up = {(host, port) for event, host, port in report["recorded"] if event == "socket.getaddrinfo"}
    assert looked_up <= _expected(report)
    assert not [r for r in report["recorded"] if r[0] in ("socket.gethostbyaddr", "socket.gethostbyname")]


def test_no_process_of_the_tree_reaches_any_other_host(egress):
    report, trace = egress
    if trace is None:
        pytest.skip("strace is not available or ptrace is not permitted here; the audit-hook test still ran")
    lines = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    seen: set[tuple[str, int]] = set()
    for line in lines:
        match = INET.search(line)
        if match:
            seen.add((match.group(2), int(match.group(1))))
    assert seen == _expected(report), f"unexpected destinations: {seen - _expected(report)}"
    assert any("AF_UNIX" in line and "pymp-" in line for line in lines)  # the worker pool was traced too
