"""Storage: WAL, schema versions, migrations from every past version, refusing newer data."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.store.crypto import Vault
from desktop.store.db import Database, DatabaseTooNew, StorageError, schema_version
from desktop.store.persons import PersonRepository

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "db"
FIXTURE_KEY = bytes.fromhex((FIXTURES / "fixture.key").read_text().strip())


def fixture_versions() -> list[int]:
    return sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.sqlite"))


def test_there_is_a_fixture_for_every_schema_version():
    assert fixture_versions() == list(range(1, schema_version() + 1))


def test_a_new_database_uses_wal_and_the_current_schema(tmp_path):
    db = Database(tmp_path / "j.db")
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"
    assert db.user_version == schema_version()
    assert db.integrity_ok()


@pytest.mark.parametrize("version", fixture_versions())
def test_every_past_version_opens_and_keeps_its_people(tmp_path, version):
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"v{version}.sqlite", copy)
    db = Database(copy, tmp_path / "backups")
    assert db.user_version == schema_version()
    names = [p.name for p in PersonRepository(db, Vault(FIXTURE_KEY)).list()]
    assert names == ["Fixture Child", "Fixture Teen"]
    if version < schema_version():
        assert list((tmp_path / "backups").glob("*.db")), "a backup is made before migrating"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema_version() + 5}")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as raised:
        Database(path)
    assert raised.value.message_id == "db.too_new"
    assert raised.value.found == schema_version() + 5
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_clear_reason(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError) as raised:
        Database(path)
    assert raised.value.message_id == "db.corrupt"


def test_settings_are_stored_and_updated(tmp_path):
    db = Database(tmp_path / "j.db")
    db.set_setting("x", "1")
    db.set_setting("x", "2")
    assert db.get_setting("x") == "2"
    assert db.get_setting("missing", "d") == "d"


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    db = Database(tmp_path / "j.db")
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO app_settings(key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    assert db.get_setting("a") is None


def test_backups_are_rotated(tmp_path):
    db = Database(tmp_path / "j.db", tmp_path / "backups")
    for index in range(5):
        db.backup(f"manual{index}")
    assert len(list((tmp_path / "backups").glob("*.db"))) == 3
