"""Case files: records, notes, reports and status over time, sealed at rest, gone with the person."""

import pytest

from desktop.core.records import record_sha256
from desktop.store.db import StorageError


def _record(n: int = 1) -> dict:
    return {"version": 1, "source": "url", "image_url": f"https://example.org/{n}.jpg", "sha256": "ab" * 32,
            "md5": "cd" * 16, "pdq": "ef" * 32, "captured_at_utc": "2025-03-01T05:00:00Z", "http_headers": {}}


def test_a_case_keeps_its_story(workspace):
    cases = workspace.cases
    case = cases.create("  단체방 합성 사진  ")
    assert case.title == "단체방 합성 사진" and case.status == "open"
    cases.add_evidence(case.id, _record())
    cases.add_note(case.id, "Told the homeroom teacher")
    cases.record_report(case.id, "acosav", reference="D4U-42", when="2025-03-01 14:30+09:00")
    assert cases.get(case.id).status == "reported"
    cases.set_status(case.id, "closed", note="Removed by the platform")
    kinds = [event.kind for event in cases.events(case.id)]
    assert kinds.count("status") == 2 and "note" in kinds and "report" in kinds and "evidence" in kinds
    report = cases.events(case.id, kind="report")[0]
    assert report.detail == {"to": "acosav", "reference": "D4U-42", "note": ""}
    assert report.occurred_at == "2025-03-01T05:30:00+00:00"
    assert [e.detail["to"] for e in cases.events(case.id, kind="status")] == ["reported", "closed"]


def test_personal_content_is_sealed(workspace, app_paths):
    case = workspace.cases.create("Minji fake photo")
    workspace.cases.add_evidence(case.id, _record())
    workspace.cases.add_note(case.id, "secret note text")
    workspace.db.close()
    raw = b"".join(p.read_bytes() for p in app_paths.data_dir.rglob("*") if p.is_file())
    for plain in (b"Minji fake photo", b"secret note text", b"example.org", b"abababab"):
        assert plain not in raw


def test_a_changed_record_is_detected(workspace):
    case = workspace.cases.create("Case")
    stored = workspace.cases.add_evidence(case.id, _record())
    assert stored.record_sha256 == record_sha256(_record()) and stored.intact
    changed = dict(_record(), image_url="https://example.org/other.jpg")
    with workspace.db.transaction() as conn:
        conn.execute("UPDATE evidence SET record_enc = ? WHERE id = ?",
                     (workspace.vault.seal_json(changed, "evidence.record"), stored.id))
    assert workspace.cases.evidence(case.id)[0].intact is False


def test_a_case_survives_deleting_its_person_unless_the_user_deletes_it_too(workspace):
    person = workspace.persons.add("Minji", consent_by=["guardian"])
    mine = workspace.cases.create("About Minji", person_id=person.id)
    other = workspace.cases.create("Unrelated")
    workspace.cases.add_evidence(mine.id, _record(1))
    workspace.cases.record_report(mine.id, "acosav", reference="2026-0001")
    workspace.cases.add_evidence(other.id, _record(2))
    workspace.consents.delete_person(person.id)
    kept = workspace.cases.get(mine.id)
    assert kept.former_person == "Minji" and kept.person_id is None
    assert len(workspace.cases.evidence(mine.id)) == 1 and workspace.cases.evidence(mine.id)[0].intact
    assert workspace.cases.events(mine.id, "report")[0].detail["reference"] == "2026-0001"

    second = workspace.persons.add("Seoyeon", consent_by=["guardian"])
    theirs = workspace.cases.create("About Seoyeon", person_id=second.id)
    workspace.cases.add_evidence(theirs.id, _record(3))
    workspace.consents.delete_person(second.id, delete_cases=True)
    assert sorted(c.id for c in workspace.cases.list()) == sorted([mine.id, other.id])
    for table in ("case_events", "evidence"):
        count = workspace.db.query_one(f"SELECT count(*) AS n FROM {table} WHERE case_id = ?", (theirs.id,))["n"]
        assert count == 0


def test_bad_input_is_explained(workspace):
    with pytest.raises(StorageError) as empty:
        workspace.cases.create("   ")
    assert empty.value.message_id == "cases.title_empty"
    case = workspace.cases.create("Case")
    with pytest.raises(StorageError) as when:
        workspace.cases.record_report(case.id, "police", when="last tuesday")
    assert when.value.message_id == "cases.bad_time"
    with pytest.raises(StorageError) as missing:
        workspace.cases.get(999)
    assert missing.value.message_id == "cases.not_found"


def test_withdrawing_consent_keeps_the_evidence_case(workspace):
    from desktop.store.consent_service import ConsentService

    person = workspace.persons.add("Minji", consent_by=["guardian"])
    case = workspace.cases.create("About Minji", person_id=person.id)
    workspace.cases.add_evidence(case.id, _record(1))
    ConsentService(workspace.db, workspace.vault).withdraw(person.id)
    assert [c.id for c in workspace.cases.list(person.id)] == [case.id]
    assert len(workspace.cases.evidence(case.id)) == 1
    ConsentService(workspace.db, workspace.vault).withdraw(person.id, delete_cases=True)
    assert workspace.cases.list(person.id) == []
