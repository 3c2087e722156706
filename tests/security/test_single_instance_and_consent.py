"""Single instance (a second window on the same data is refused; the command line may work alongside, safely)
and consent and scope (no scan without consent, no source without consent, no small counts for teachers)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from desktop import paths
from desktop.store.db import StorageError
from desktop.store.workspace import open_workspace
from tests.conftest import REPO_ROOT


def test_two_writers_on_the_same_data_never_corrupt_it(app_paths):
    """The CLI may run while the window holds the data (WAL + busy timeout): two processes write at once."""
    first = open_workspace(app_paths)
    script = ("import sys; from desktop import paths; from desktop.store.workspace import open_workspace\n"
              "w = open_workspace(paths.resolve(sys.argv[1]))\n"
              "[w.persons.add(f'Other {i}', consent_by=['guardian']) for i in range(40)]\n"
              "w.close()\n")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    other = subprocess.Popen([sys.executable, "-c", script, str(app_paths.data_dir)], cwd=REPO_ROOT, env=env)
    errors = []

    def write_here():
        try:
            for i in range(40):
                first.persons.add(f"Here {i}", consent_by=["guardian"])
        except StorageError as exc:  # pragma: no cover - would fail the assertion below
            errors.append(exc)

    thread = threading.Thread(target=write_here)
    thread.start()
    thread.join()
    assert other.wait(timeout=120) == 0
    assert errors == []
    assert len(first.persons.list()) == 80
    assert first.db.integrity_ok()
    first.close()


def test_a_second_window_on_the_same_data_is_refused_and_the_first_keeps_it(app_paths):
    """Two real processes: the running window holds the lock; a second one cannot take it (run_gui then shows
    app.already_running and exits), and the lock is not stolen as stale while its owner lives."""
    from desktop.i18n import tr
    from desktop.ui.app_shell import acquire_single_instance

    first = acquire_single_instance(app_paths)
    assert first is not None
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        code = ("import sys; from desktop import paths; from desktop.ui.app_shell import acquire_single_instance\n"
                "print('refused' if acquire_single_instance(paths.resolve(sys.argv[1])) is None else 'taken')")
        done = subprocess.run([sys.executable, "-c", code, str(app_paths.data_dir)], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    finally:
        first.unlock()
    assert done.stdout.strip() == "refused", done.stderr[-2000:]
    assert tr("app.already_running") != "app.already_running"
    again = acquire_single_instance(app_paths)  # once the first window closes, the data can be opened again
    assert again is not None
    again.unlock()


def test_no_scan_and_no_source_without_consent(workspace):
    from desktop.scan.orchestrator import Scanner
    from desktop.store.persons import ConsentRequired

    child = workspace.persons.add("Park Jiho", age_band="under14")
    with pytest.raises(ConsentRequired) as caught:
        workspace.sources.add(person_id=child.id, kind="feed", target="https://blog.example/rss")
    assert caught.value.message_id.startswith("consent.")
    with pytest.raises(ConsentRequired):
        Scanner(workspace).scan(child)
    assert workspace.db.query_one("SELECT count(*) FROM scans")[0] == 0


def test_the_cli_refuses_a_scan_without_consent(app_paths, capsys):
    from desktop.app import main as cli_main

    workspace = open_workspace(app_paths)
    workspace.persons.add("Park Jiho", age_band="under14")
    workspace.close()
    code = cli_main(["scan", "Park Jiho", "--json"])
    assert code == 2
    assert "consent" in capsys.readouterr().err.lower()


def test_paths_fixture_is_isolated(app_paths):
    assert app_paths.data_dir == paths.resolve().data_dir
