"""The startup probe the benchmarks and the frozen-app test use: the app reports its first painted window."""

import os
import subprocess
import sys
import time

from desktop.ui.app_shell import STARTUP_PROBE_MARK


def test_startup_probe_reports_the_first_painted_window_then_quits(tmp_path):
    env = dict(os.environ, JIKIMI_STARTUP_PROBE="1", JIKIMI_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "desktop.app", "--demo"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines().count(STARTUP_PROBE_MARK) == 1
    assert time.perf_counter() - started < 30


def test_without_the_probe_nothing_is_printed_at_start(tmp_path):
    env = dict(os.environ, JIKIMI_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    env.pop("JIKIMI_STARTUP_PROBE", None)
    result = subprocess.run([sys.executable, "-m", "desktop.app", "--demo", "--screenshot",
                             str(tmp_path / "shot.png")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert STARTUP_PROBE_MARK not in result.stdout
