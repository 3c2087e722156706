"""A parent adds a child with consent; names never reach the disk in plain text."""

import pytest

from desktop.store.db import StorageError
from desktop.store.persons import ConsentRequired


def test_a_child_added_with_guardian_consent_may_be_scanned(workspace):
    persons = workspace.persons
    child = persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    assert persons.find("  minji ") == child
    persons.require_consent(child)  # does not raise


def test_without_consent_the_child_is_recorded_but_cannot_be_scanned(workspace):
    persons = workspace.persons
    child = persons.add("Jiho", role="student")
    with pytest.raises(ConsentRequired) as raised:
        persons.require_consent(child)
    assert raised.value.message_id == "consent.missing"


def test_a_teen_needs_their_own_agreement_as_well(workspace):
    persons = workspace.persons
    teen = persons.add("Seoyeon", age_band="14to17", consent_by=["guardian"])
    with pytest.raises(ConsentRequired) as raised:
        persons.require_consent(teen)
    assert raised.value.message_id == "consent.needs_young_person"
    persons.record_consent(teen.id, "given", "guardian+self")
    persons.require_consent(teen)


def test_withdrawn_consent_is_in_force_and_history_is_kept(workspace):
    persons = workspace.persons
    child = persons.add("Minji", consent_by=["guardian"])
    persons.record_consent(child.id, "withdrawn", note="asked by parent")
    with pytest.raises(ConsentRequired):
        persons.require_consent(child)
    assert [c.status for c in persons.consent_history(child.id)] == ["given", "withdrawn"]
    assert persons.consent(child.id).note == "asked by parent"


def test_duplicate_names_are_refused_with_a_reason(workspace):
    workspace.persons.add("Minji")
    with pytest.raises(StorageError) as raised:
        workspace.persons.add("MINJI")
    assert raised.value.message_id == "person.exists"


def test_names_are_not_stored_in_plain_text(workspace):
    workspace.persons.add("김민지 Kim Minji", consent_by=["guardian"])
    workspace.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in workspace.paths.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "김민지".encode() not in data, path
            assert b"Kim Minji" not in data, path


def test_deleting_a_person_removes_them_and_their_consent(workspace):
    child = workspace.persons.add("Minji", consent_by=["guardian"])
    workspace.consents.delete_person(child.id)
    assert workspace.persons.find("Minji") is None
    assert workspace.db.query("SELECT * FROM consents") == []


def test_data_opened_with_another_key_is_refused(app_paths, workspace):
    from desktop.store.workspace import open_workspace

    workspace.close()
    (app_paths.keys_dir / "data.key").write_bytes(b"\x01" * 32)
    with pytest.raises(StorageError) as raised:
        open_workspace(app_paths)
    assert raised.value.message_id == "key.does_not_match"
