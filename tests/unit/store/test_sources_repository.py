"""Linked sources are stored encrypted, only for people with consent, and can be edited and removed."""

from __future__ import annotations

import pytest

from desktop.i18n import tr
from desktop.store.db import StorageError
from desktop.store.persons import ConsentRequired


@pytest.fixture
def minji(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


def test_a_source_is_stored_with_its_target_encrypted(workspace, minji):
    record = workspace.sources.add(person_id=minji.id, kind="bluesky", target="minji.bsky.social", owner="self")
    assert (record.kind, record.target, record.owner, record.allow_private) == (
        "bluesky",
        "minji.bsky.social",
        "self",
        False,
    )
    assert workspace.sources.list_for_person(minji.id) == [record]
    workspace.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"minji.bsky.social" not in workspace.paths.database.read_bytes()


def test_no_source_without_consent(workspace):
    roster_entry = workspace.persons.add("Jun", role="child", age_band="under14")
    with pytest.raises(ConsentRequired) as caught:
        workspace.sources.add(person_id=roster_entry.id, kind="bluesky", target="jun.bsky.social")
    assert caught.value.message_id == "consent.missing"
    assert workspace.sources.list_for_person(roster_entry.id) == []


def test_bad_targets_and_duplicates_are_explained(workspace, minji, tmp_path):
    with pytest.raises(StorageError) as bad:
        workspace.sources.add(person_id=minji.id, kind="mastodon", target="just-a-name")
    assert bad.value.message_id == "sources.bad_target_mastodon"
    with pytest.raises(StorageError) as unknown:
        workspace.sources.add(person_id=minji.id, kind="myspace", target="x")
    assert "Choose one of: bluesky, mastodon, feed" in tr(unknown.value.message_id, **unknown.value.values)
    with pytest.raises(StorageError) as missing:
        workspace.sources.add(person_id=minji.id, kind="instagram-export", target=str(tmp_path / "none.zip"))
    assert missing.value.message_id == "sources.export_missing"
    workspace.sources.add(person_id=minji.id, kind="web", target="https://school.example.kr/album")
    with pytest.raises(StorageError) as dup:
        workspace.sources.add(person_id=minji.id, kind="web", target="https://school.example.kr/album")
    assert dup.value.message_id == "sources.exists"
    with pytest.raises(StorageError) as base:
        workspace.sources.add(person_id=minji.id, kind="feed", target="https://a.example/rss", base_url="ftp://x")
    assert base.value.message_id == "sources.bad_base_url"


def test_edit_and_remove(workspace, minji, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    record = workspace.sources.add(
        person_id=minji.id,
        kind="mastodon",
        target="@minji@school.example",
        owner="parent",
        base_url="http://127.0.0.1:8080/",
        allow_private=True,
    )
    assert record.base_url == "http://127.0.0.1:8080" and record.allow_private
    changed = workspace.sources.update(record.id, owner="school", clear_base_url=True, allow_private=False)
    assert (changed.owner, changed.base_url, changed.allow_private) == ("school", None, False)
    moved = workspace.sources.update(record.id, kind="folder", target=str(folder))
    assert moved.kind == "folder" and moved.target == str(folder.resolve())
    workspace.sources.remove(record.id)
    assert workspace.sources.list_for_person(minji.id) == []
    with pytest.raises(StorageError):
        workspace.sources.get(record.id)


def test_deleting_a_person_deletes_their_sources(workspace, minji):
    workspace.sources.add(person_id=minji.id, kind="instagram", target="minji_2012")
    workspace.consents.delete_person(minji.id)
    assert workspace.db.query_one("SELECT count(*) FROM sources")[0] == 0
