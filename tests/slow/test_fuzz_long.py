"""The parser fuzz tests with a 1 000-example budget each (`uv run pytest -m slow tests/slow`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def test_parsers_survive_a_thousand_examples_each():
    env = {**os.environ, "JIKIMI_FUZZ_EXAMPLES": "1000"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/security/test_fuzz_parsers.py"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "6 passed" in done.stdout
