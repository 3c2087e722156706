"""SIGKILL a scanning process at random points, restart it, and check what the data must be."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO_ROOT


def _start(data_dir: Path, base_url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.Popen([sys.executable, "-m", "tests.security.crash_driver", str(data_dir), base_url],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def findings(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "jikimi.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT person_id, photo_id, face_number, level FROM findings"
                            " WHERE person_id = 1 ORDER BY photo_id, face_number").fetchall()


def _photos_done(data_dir: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data_dir / 'jikimi.db'}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM photos WHERE state != 'pending'").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_and_resume(data_dir: Path, base_url: str, kills: int, seed: int) -> dict:
    """Kill points are drawn as "after N more photos were finished" (N random, 0 = during start-up or the
    listing), so every kill lands inside the scan however fast this machine is."""
    rng = random.Random(seed)
    killed_at, integrity_checks = [], 0
    for _ in range(kills):
        target = _photos_done(data_dir) + rng.randint(0, 4)
        process = _start(data_dir, base_url)
        started = time.monotonic()
        pause = rng.uniform(0.3, 2.0)
        while process.poll() is None and time.monotonic() - started < 120:
            if _photos_done(data_dir) >= target and time.monotonic() - started >= pause:
                break
            time.sleep(0.02)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the scan and its face-engine workers
            process.wait()
            killed_at.append((target, round(time.monotonic() - started, 2)))
        process.stdout.close()
        process.stderr.close()
        if (data_dir / "jikimi.db").exists():
            findings(data_dir)  # integrity after every kill
            integrity_checks += 1
        time.sleep(0.2)
    process = _start(data_dir, base_url)
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err[-2000:]
    return {"killed_at": killed_at, "final": out.strip(), "integrity_checks": integrity_checks}
