"""Checklist ticks are saved per person, and what the scans found is mapped onto checklist items."""

import pytest

from desktop.core import guidance
from desktop.store.checklist import DETAIL, ChecklistRepository, source_facts
from desktop.store.db import StorageError


@pytest.fixture
def person(workspace):
    return workspace.persons.add("Minji", role="child", consent_by=["guardian"])


def add_source(workspace, person_id, kind, target):
    vault = workspace.vault
    with workspace.db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO sources(person_id, kind, target_index, target_enc, owner, created_at)"
            " VALUES (?, ?, ?, ?, 'self', '2026-11-01T00:00:00+00:00')",
            (person_id, kind, vault.index(target, "sources.target"), vault.seal_text(target, "sources.target")),
        )
        return cursor.lastrowid


def add_scan_row(workspace, person_id, source_id, detail, updated_at):
    with workspace.db.transaction() as conn:
        scan_id = conn.execute(
            "INSERT INTO scans(person_id, state, started_at) VALUES (?, 'done', ?)", (person_id, updated_at)
        ).lastrowid
        conn.execute(
            "INSERT INTO scan_sources(scan_id, source_id, state, detail_enc, updated_at) VALUES (?, ?, 'done', ?, ?)",
            (scan_id, source_id, workspace.vault.seal_json(detail, DETAIL), updated_at),
        )


def test_ticks_are_saved_and_counted_per_platform(workspace, person):
    repo = ChecklistRepository(workspace.db)
    platforms = guidance.checklist("en")
    repo.set_done(person.id, "instagram.private_account")
    repo.set_done(person.id, "instagram.tag_approval")
    repo.set_done(person.id, "x.protect_posts")
    repo.set_done(person.id, "x.protect_posts", False)
    progress = repo.progress(person.id, platforms)
    instagram_total = len(next(p for p in platforms if p.id == "instagram").items)
    assert progress.per_platform["instagram"].done == 2
    assert progress.per_platform["instagram"].total == instagram_total
    assert progress.per_platform["x"].done == 0
    assert progress.overall.done == 2
    assert progress.overall.total == len(guidance.checklist_item_ids())
    assert repo.done_items(person.id) == {"instagram.private_account", "instagram.tag_approval"}


def test_ticks_of_one_person_do_not_show_for_another(workspace, person):
    other = workspace.persons.add("Jun", role="self", consent_by=["self"])
    repo = ChecklistRepository(workspace.db)
    repo.set_done(person.id, "general.location_off")
    assert repo.done_items(other.id) == set()


def test_ticking_for_someone_who_is_gone_says_so(workspace):
    with pytest.raises(StorageError) as caught:
        ChecklistRepository(workspace.db).set_done(999, "general.location_off")
    assert caught.value.message_id == "person.not_found"


def test_deleting_a_person_deletes_their_ticks(workspace, person):
    repo = ChecklistRepository(workspace.db)
    repo.set_done(person.id, "general.location_off")
    workspace.consents.delete_person(person.id)
    assert workspace.db.query("SELECT * FROM checklist_progress") == []


def test_source_facts_map_the_newest_scan_onto_checklist_items(workspace, person):
    instagram = add_source(workspace, person.id, "instagram", "minji_insta")
    bluesky = add_source(workspace, person.id, "bluesky", "minji.bsky.social")
    folder = add_source(workspace, person.id, "folder", "/photos")
    # An older scan said public; the newest says private: the newest wins.
    add_scan_row(workspace, person.id, instagram,
                 {"account_visibility": "public", "profile_picture_shows_face": True, "photos_with_location": 0},
                 "2026-11-01T10:00:00+00:00")
    add_scan_row(workspace, person.id, instagram,
                 {"account_visibility": "private", "profile_picture_shows_face": True, "photos_with_location": 0},
                 "2026-11-20T10:00:00+00:00")
    add_scan_row(workspace, person.id, bluesky,
                 {"account_visibility": "public", "profile_picture_shows_face": None, "photos_with_location": 2},
                 "2026-11-19T09:00:00+00:00")
    add_scan_row(workspace, person.id, folder, {"photos_with_location": 3}, "2026-11-18T09:00:00+00:00")

    facts = source_facts(workspace, person.id)

    private = facts["instagram.private_account"]
    assert (private.value, private.ok, private.checked_at) == ("private", True, "2026-11-20T10:00:00+00:00")
    face = facts["instagram.profile_picture"]
    assert face.value is True and face.ok is False
    assert facts["bluesky.logged_out_visibility"].ok is False
    assert "bluesky.profile_picture" not in facts  # null: the scan could not tell
    location = facts["general.location_off"]
    assert location.value == 5 and location.ok is False
    assert location.checked_at == "2026-11-20T10:00:00+00:00"
    assert location.source_kinds == ("bluesky", "folder", "instagram")
    assert "tiktok.private_account" not in facts  # no TikTok source linked


def test_no_scans_means_no_facts(workspace, person):
    add_source(workspace, person.id, "mastodon", "@minji@example.social")
    assert source_facts(workspace, person.id) == {}
