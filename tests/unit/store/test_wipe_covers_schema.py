"""Deleting a person leaves nothing behind: every table that can hold something about them is on the wipe list."""

from desktop.store.db import Database
from desktop.store.wipe import KEPT_ON_WIPE, WIPE_STATEMENTS, uncovered_tables


def test_every_table_about_a_person_is_wiped_or_kept_for_a_stated_reason(tmp_path):
    db = Database(tmp_path / "jikimi.db", tmp_path / "backups")
    assert uncovered_tables(db.conn) == []


def test_a_new_table_about_a_person_that_nobody_added_to_the_wipe_list_is_caught(tmp_path):
    db = Database(tmp_path / "jikimi.db", tmp_path / "backups")
    db.conn.execute("CREATE TABLE voice_notes (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES persons(id))")
    db.conn.execute("CREATE TABLE photo_tags (photo_id INTEGER, tag TEXT)")
    db.conn.execute("CREATE TABLE app_colours (name TEXT)")  # nothing personal: not listed
    assert uncovered_tables(db.conn) == ["photo_tags", "voice_notes"]


def test_the_wipe_list_names_only_real_tables(tmp_path):
    db = Database(tmp_path / "jikimi.db", tmp_path / "backups")
    tables = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {label for label, _ in WIPE_STATEMENTS} <= tables
    assert set(KEPT_ON_WIPE) <= tables
