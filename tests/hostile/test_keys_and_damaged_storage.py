"""Case 1 and the key half of case 15 (issue 19): two commands started at once on a new data folder, and a keys
folder damaged on disk. Concurrency runs in real processes started together at a barrier."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from desktop import paths, secrets
from desktop.store import crypto

PROCESSES = 6


def _open_key(data_dir: str, barrier, results, passcode: str | None) -> None:
    barrier.wait(timeout=20)
    try:
        key = secrets.KeyStore(paths.resolve(data_dir)).load(passcode)
        results.put(("ok", key.hex()))
    except crypto.WrongPasscode:
        results.put(("wrong", ""))
    except Exception as exc:  # noqa: BLE001 - the test reports what went wrong in the child
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _race(data_dir, passcode=None, processes=PROCESSES):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_open_key, args=(str(data_dir), barrier, results, passcode))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return outcomes


def test_six_commands_started_at_once_on_a_new_data_folder_end_with_one_key_they_all_use(tmp_path):
    data_dir = tmp_path / "new-folder"
    outcomes = _race(data_dir)
    assert [state for state, _ in outcomes] == ["ok"] * PROCESSES, outcomes
    keys = {key for _, key in outcomes}
    assert len(keys) == 1, "each process made its own key: the data written by the others is lost"
    assert secrets.KeyStore(paths.resolve(data_dir)).load().hex() == keys.pop()
    assert not list((data_dir / "keys").glob("*.tmp")), "a temp file was left behind"


def test_wrong_passcodes_typed_at_once_in_several_windows_all_count(app_paths):
    secrets.KeyStore(app_paths).load("right one")
    outcomes = _race(app_paths.data_dir, passcode="wrong", processes=4)
    assert [state for state, _ in outcomes] == ["wrong"] * 4, outcomes
    record = json.loads((app_paths.keys_dir / "passcode-attempts.json").read_text())
    assert record["failures"] == 4


@pytest.mark.parametrize(("damage", "message_id"), [
    ("truncated data.key", "key.file_damaged"),
    ("garbage key-mode.json", "key.mode_damaged"),
    ("key-mode.json naming no mode", "key.mode_damaged"),
    ("missing data.key.wrapped.json", "key.wrapped_missing"),
    ("garbage data.key.wrapped.json", "key.wrapped_damaged"),
])
def test_a_damaged_keys_folder_is_named_in_a_clear_message(app_paths, damage, message_id):
    store = secrets.KeyStore(app_paths)
    store.load("pass" if "wrapped" in damage else None)
    keys = app_paths.keys_dir
    if damage == "truncated data.key":
        (keys / "data.key").write_bytes((keys / "data.key").read_bytes()[:7])
    elif damage == "garbage key-mode.json":
        (keys / "key-mode.json").write_bytes(b"\xff\x00{not json")
    elif damage == "key-mode.json naming no mode":
        (keys / "key-mode.json").write_text("[1, 2]")
    elif damage == "missing data.key.wrapped.json":
        (keys / "data.key.wrapped.json").unlink()
    else:
        (keys / "data.key.wrapped.json").write_text('{"salt": 5}')
    with pytest.raises(secrets.KeyUnavailable) as raised:
        secrets.KeyStore(app_paths).load("pass")
    assert raised.value.message_id == message_id


# --- the database and the first run ---------------------------------------------------------------------
def test_one_flipped_bit_in_one_name_shows_everyone_else_and_names_the_damaged_record(capsys):
    import sqlite3

    from desktop.app import main

    for name in ("Minji", "Jiho", "Seoyeon"):
        assert main(["person", "add", name, "--role", "child", "--consent", "guardian"]) == 0
    database = paths.resolve().database
    with sqlite3.connect(database) as conn:
        person_id, sealed = conn.execute("SELECT id, name_enc FROM persons ORDER BY id LIMIT 1 OFFSET 1").fetchone()
        flipped = bytearray(sealed)
        flipped[-5] ^= 0x01
        conn.execute("UPDATE persons SET name_enc = ? WHERE id = ?", (bytes(flipped), person_id))
    capsys.readouterr()
    assert main(["person", "list"]) == 1  # not a clean result: something is damaged
    captured = capsys.readouterr()
    assert "Minji" in captured.out and "Seoyeon" in captured.out and "Jiho" not in captured.out
    assert f"record #{person_id} is damaged" in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("version", [0, -3])
def test_a_database_whose_version_number_is_damaged_is_refused_untouched(version, capsys):
    import sqlite3

    from desktop.app import main

    assert main(["person", "add", "Minji", "--role", "child", "--consent", "guardian"]) == 0
    database = paths.resolve().database
    with sqlite3.connect(database) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    before = database.read_bytes()
    capsys.readouterr()
    assert main(["person", "list"]) == 2
    err = capsys.readouterr().err
    assert "version number is damaged" in err and str(version) in err and "Traceback" not in err
    assert database.read_bytes() == before


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # every write of a byte fails, as on a full disk
from desktop.app import main
sys.exit(main(["--data-dir", sys.argv[1], "person", "list"]))
"""


def test_a_full_disk_on_the_first_run_is_a_clear_message(tmp_path):
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path / "new")], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2 and "The disk is full" in result.stderr
