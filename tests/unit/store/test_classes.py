"""A teacher creates a class, imports the roster, records consent; withdrawal leaves nothing behind."""

import os

import pytest

from desktop import i18n
from desktop.core.roster import RosterFileError
from desktop.store.classes import AgeBandNeeded, RosterRejected
from desktop.store.db import StorageError, utc_now
from desktop.store.persons import ConsentRequired
from tests.classroom_rows import add_finished_scan


@pytest.fixture
def class_3(workspace):
    return workspace.classes.create("2학년 3반", school="햇빛중학교")


def roster_of(workspace, class_id):
    return [(m.number, m.nickname, m.consent_status) for m in workspace.classes.roster(class_id)]


def test_class_name_and_school_are_sealed(workspace, class_3):
    assert workspace.classes.require(" 2학년  3반 ").school == "햇빛중학교"
    raw = workspace.db.query_one("SELECT name_enc, school_enc FROM classes")
    assert "햇빛".encode() not in raw["school_enc"] and "3반".encode() not in raw["name_enc"]
    with pytest.raises(StorageError) as raised:
        workspace.classes.create("2학년 3반")
    assert raised.value.message_id == "class.exists"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp949", "euc-kr"])
def test_roster_import_in_every_accepted_encoding(workspace, class_3, encoding):
    nicknames = ["민준", "서연", "하늘"] if encoding == "euc-kr" else ["민준", "똠방", "하늘"]  # 똠 is CP949-only
    text = "번호,별명\n" + "".join(f"{i},{name}\n" for i, name in enumerate(nicknames, 1))
    result = workspace.classes.import_roster(class_3.id, text.encode(encoding), age_band="under14")
    assert len(result.students) == 3
    assert roster_of(workspace, class_3.id) == [(i, n, "none") for i, n in enumerate(nicknames, 1)]
    assert all(s.role == "student" and s.class_id == class_3.id for s in result.students)


def test_one_bad_row_means_nothing_is_imported(workspace, class_3):
    data = "1,민준\n2,똠방\n2,지우\nthree,서연\n".encode("cp949")
    with pytest.raises(RosterRejected) as raised:
        workspace.classes.import_roster(class_3.id, data)
    assert [(p.line, p.reason_id) for p in raised.value.problems] == [
        (3, "class.roster.duplicate_number"), (4, "class.roster.not_a_number")]
    assert workspace.classes.roster(class_3.id) == []
    assert workspace.db.query_one("SELECT count(*) FROM persons")[0] == 0


def test_a_roster_imported_again_adds_only_the_new_students_and_never_renames_or_removes(workspace, class_3):
    workspace.classes.add_student(class_3.id, 1, "민준")
    workspace.classes.add_student(class_3.id, 4, "도윤")
    workspace.persons.add("하늘", role="child")  # a family member elsewhere in this data folder: no clash
    data = "1,지우\n2,하늘\n3,서연\n".encode()
    plan = workspace.classes.plan_import(class_3.id, data)
    assert [(e.number, e.nickname) for e in plan.new] == [(2, "하늘"), (3, "서연")]
    assert [(c.member.nickname, c.entry.nickname) for c in plan.changed] == [("민준", "지우")]
    assert [m.nickname for m in plan.missing] == ["도윤"] and plan.unchanged == []
    assert workspace.classes.roster(class_3.id)[0].nickname == "민준"  # a preview writes nothing
    result = workspace.classes.import_roster(class_3.id, data, age_band="under14")
    assert [s.name for s in result.students] == ["하늘", "서연"]
    assert roster_of(workspace, class_3.id) == [(1, "민준", "none"), (2, "하늘", "none"), (3, "서연", "none"),
                                                (4, "도윤", "none")]
    again = workspace.classes.plan_import(class_3.id, data)
    assert again.new == [] and [m.number for m in again.unchanged] == [2, 3]


def test_students_without_a_birth_date_need_an_age_band_and_nothing_is_added_without_one(workspace, class_3):
    data = "번호,성명,생년월일\n1,민준,2012-03-05\n2,서연,\n".encode()
    with pytest.raises(AgeBandNeeded) as raised:
        workspace.classes.import_roster(class_3.id, data)
    assert [e.number for e in raised.value.entries] == [2]
    assert i18n.tr(raised.value.message_id, "ko", **raised.value.values).startswith("생년월일이 없는 학생 1명")
    assert workspace.classes.roster(class_3.id) == []
    workspace.classes.import_roster(class_3.id, data, age_band="under14")
    bands = {m.number: m.age_band for m in workspace.classes.roster(class_3.id)}
    assert bands[2] == "under14" and bands[1] in ("14to17",)  # born March 2012: 14 from March 2026


def test_two_students_with_the_same_name_are_two_students_found_by_number(workspace, class_3):
    workspace.classes.import_roster(class_3.id, "1,김민준\n6,김민준\n".encode(), age_band="under14")
    assert roster_of(workspace, class_3.id) == [(1, "김민준", "none"), (6, "김민준", "none")]
    workspace.classes.set_consent(class_3.id, 6, "given")
    assert [m.consent_status for m in workspace.classes.roster(class_3.id)] == ["none", "given"]
    with pytest.raises(StorageError) as raised:
        workspace.persons.find("김민준")
    assert raised.value.message_id == "person.ambiguous_student"


def test_a_typo_in_a_name_is_fixed_and_the_consent_stays(workspace, class_3):
    workspace.classes.add_student(class_3.id, 4, "최하은")
    workspace.classes.set_consent(class_3.id, 4, "given")
    member = workspace.classes.rename_student(class_3.id, 4, " 최하윤 ")
    assert (member.nickname, member.consent_status) == ("최하윤", "given")
    with pytest.raises(RosterRejected):
        workspace.classes.rename_student(class_3.id, 4, "   ")


def test_a_student_who_transfers_out_is_removed_with_everything_about_them(workspace, class_3):
    classes = workspace.classes
    classes.add_student(class_3.id, 1, "민준")
    classes.add_student(class_3.id, 2, "서연")
    classes.set_consent(class_3.id, 2, "given")
    preview = classes.removal_preview(class_3.id, 2)
    assert preview["consents"] == 2 and preview["face_references"] == 0
    classes.remove_student(class_3.id, 2)
    assert roster_of(workspace, class_3.id) == [(1, "민준", "none")]
    assert workspace.db.query_one("SELECT count(*) FROM consents")[0] == 1
    classes.add_student(class_3.id, 2, "지우")  # a newcomer takes the number
    assert roster_of(workspace, class_3.id)[1] == (2, "지우", "none")


def test_a_refusal_is_recorded_as_refused_not_withdrawn(workspace, class_3):
    classes = workspace.classes
    classes.add_student(class_3.id, 1, "민준")
    classes.set_consent(class_3.id, 1, "refused")
    member = classes.roster_member(class_3.id, 1)
    assert (member.consent_status, member.consent_state, member.may_be_scanned) == ("refused", "refused", False)
    with pytest.raises(ConsentRequired) as raised:
        workspace.persons.require_consent(member.person)
    assert raised.value.message_id == "consent.refused"


def test_a_file_in_the_wrong_layout_reports_its_first_20_problems_and_how_many_more(workspace, class_3):
    """Names first, numbers second: every one of the 45 lines is wrong, and the teacher needs the first few."""
    data = "".join(f"학생{n},{n}\n" for n in range(1, 46)).encode()
    with pytest.raises(RosterRejected) as raised:
        workspace.classes.import_roster(class_3.id, data)
    rejected = raised.value
    assert [p.line for p in rejected.problems] == list(range(1, 21))
    assert rejected.more == 25 and rejected.total == 45
    assert i18n.tr(rejected.message_id, **rejected.values) == (
        "Nothing was imported: the file has 45 problems; the first 20 are listed. Fix them and import the file again.")
    assert i18n.tr(rejected.message_id, "ko", **rejected.values) == (
        "문제가 45개 있어서 아무것도 가져오지 않았습니다. 처음 20개를 보여 드립니다. 고친 뒤 다시 가져오세요.")
    assert workspace.classes.roster(class_3.id) == []


def test_a_roster_file_is_read_no_further_than_the_size_limit(workspace, class_3, tmp_path):
    export = tmp_path / "whole-school.csv"
    export.write_bytes(b"1,Minji\n" * 200_000)
    with pytest.raises(RosterFileError) as raised:
        workspace.classes.import_roster_file(class_3.id, export)
    assert raised.value.message_id == "class.roster.too_large"
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("번호,성명\n1,민준\n", encoding="utf-8")
    imported = workspace.classes.import_roster_file(class_3.id, roster_file, age_band="under14")
    assert [s.name for s in imported.students] == ["민준"]


def test_unreadable_file_is_refused(workspace, class_3):
    with pytest.raises(RosterFileError):
        workspace.classes.import_roster(class_3.id, b"\x00\xff\xfe\xfa")


def test_typed_in_student_is_checked_like_a_file_row(workspace, class_3):
    student = workspace.classes.add_student(class_3.id, "4", " 지우 ")
    assert (student.student_number, student.name, student.role) == (4, "지우", "student")
    with pytest.raises(RosterRejected) as raised:
        workspace.classes.add_student(class_3.id, "4", "")
    assert [p.reason_id for p in raised.value.problems] == ["class.roster.empty_nickname"]


@pytest.mark.parametrize("status, reason", [
    (None, "consent.missing"), ("requested", "consent.pending"), ("withdrawn", "consent.withdrawn")])
def test_only_students_with_consent_given_may_be_enrolled_or_scanned(workspace, class_3, status, reason):
    student = workspace.classes.add_student(class_3.id, 1, "민준")
    if status:
        workspace.classes.set_consent(class_3.id, 1, status)
    with pytest.raises(ConsentRequired) as raised:
        workspace.persons.require_consent(workspace.persons.get(student.id))
    assert raised.value.message_id == reason
    workspace.classes.set_consent(class_3.id, 1, "given")
    workspace.persons.require_consent(workspace.persons.get(student.id))  # now allowed
    assert [c.status for c in workspace.persons.consent_history(student.id)][-1] == "given"


def test_students_14_or_older_need_their_own_agreement_as_well_as_the_guardians(workspace, class_3):
    classes = workspace.classes
    result = classes.import_roster(class_3.id, "1,민준\n2,서연\n".encode(), age_band="14to17")
    assert [s.age_band for s in result.students] == ["14to17", "14to17"]
    classes.set_consent(class_3.id, 1, "given")  # the guardian's slip came back; the student has not agreed
    classes.set_consent(class_3.id, 2, "given", student_agreed=True)
    minjun, seoyeon = classes.roster(class_3.id)
    assert (minjun.consent_state, minjun.may_be_scanned) == ("awaiting_student", False)
    assert (seoyeon.consent_state, seoyeon.may_be_scanned) == ("given_with_student", True)
    with pytest.raises(ConsentRequired) as raised:
        workspace.persons.require_consent(minjun.person)
    assert raised.value.message_id == "consent.needs_young_person"
    classes.set_consent(class_3.id, 1, "given", student_agreed=True)  # the student agrees a week later
    assert classes.roster_member(class_3.id, 1).may_be_scanned
    history = workspace.persons.consent_history(minjun.person.id)
    assert [(c.status, c.given_by) for c in history] == [("none", None), ("given", "guardian"),
                                                         ("given", "guardian+self")]


def test_a_student_under_14_is_covered_by_the_guardians_consent(workspace, class_3):
    student = workspace.classes.add_student(class_3.id, 1, "민준", age_band="under14")
    workspace.classes.set_consent(class_3.id, 1, "given")
    member = workspace.classes.roster_member(class_3.id, 1)
    assert (student.age_band, member.consent_state, member.may_be_scanned) == ("under14", "given", True)


def test_a_student_found_to_be_14_stops_being_scanned_until_they_agree_too(workspace, class_3):
    classes = workspace.classes
    classes.add_student(class_3.id, 1, "민준", age_band="under14")
    classes.set_consent(class_3.id, 1, "given")
    assert classes.roster_member(class_3.id, 1).may_be_scanned

    member = classes.set_age_band(class_3.id, 1, "14to17")

    assert (member.age_band, member.consent_state, member.may_be_scanned) == ("14to17", "awaiting_student", False)
    with pytest.raises(ConsentRequired):
        workspace.persons.require_consent(workspace.persons.get(member.person.id))
    classes.set_consent(class_3.id, 1, "given", student_agreed=True)
    assert classes.roster_member(class_3.id, 1).consent_state == "given_with_student"
    assert classes.set_age_band(class_3.id, 1, "under14").may_be_scanned  # the agreement stays recorded


def test_student_age_bands_are_under_14_or_14_and_older_only(workspace, class_3):
    with pytest.raises(StorageError) as raised:
        workspace.classes.import_roster(class_3.id, b"1,minjun\n", age_band="adult")
    assert raised.value.message_id == "class.bad_age_band"
    workspace.classes.add_student(class_3.id, 1, "민준")
    with pytest.raises(StorageError):
        workspace.classes.set_age_band(class_3.id, 1, "12")
    with pytest.raises(StorageError) as raised:
        workspace.classes.set_age_band(class_3.id, 9, "14to17")
    assert raised.value.message_id == "class.no_such_student"
    assert [(m.number, m.age_band) for m in workspace.classes.roster(class_3.id)] == [(1, "under14")]


def _files_containing(data_dir, needle: bytes) -> list[str]:
    found = []
    for root, _, files in os.walk(data_dir):
        for name in files:
            path = os.path.join(root, name)
            if "backups" in path:
                continue
            with open(path, "rb") as handle:
                if needle in handle.read():
                    found.append(name)
    return found


def test_withdrawing_consent_deletes_the_students_face_data_and_findings(workspace, class_3):
    classes, vault, now = workspace.classes, workspace.vault, utc_now()
    minjun = classes.add_student(class_3.id, 1, "민준")
    seoyeon = classes.add_student(class_3.id, 2, "서연")
    for number in (1, 2):
        classes.set_consent(class_3.id, number, "given")
    marker = "face-of-minjun-MARKER"
    sealed_face = vault.seal_text(marker, "face_references.encoding")
    with workspace.db.transaction() as conn:
        conn.execute("INSERT INTO face_references(person_id, origin, photo_index, encoding_enc, created_at)"
                     " VALUES (?, 'enrolment', ?, ?, ?)", (minjun.id, b"p1", sealed_face, now))
        conn.execute("INSERT INTO recommendation_progress VALUES (?, 'make_private', 1, ?)", (minjun.id, now))
        conn.execute("INSERT INTO checklist_progress VALUES (?, 'instagram.private', 1, ?)", (minjun.id, now))
    add_finished_scan(workspace, minjun.id, [{"visibility": "public", "exposures": [("match", ["uniform"])]}],
                      ["make_private"])
    add_finished_scan(workspace, seoyeon.id, [{"visibility": "private", "exposures": [("possible", [])]}])
    sealed_finding = workspace.db.query_one("SELECT detail_enc FROM findings WHERE person_id = ?",
                                            (minjun.id,))[0]
    with workspace.db.transaction() as conn:
        conn.execute("INSERT INTO evidence(person_id, record_enc, record_sha256, captured_at) VALUES (?, ?, ?, ?)",
                     (minjun.id, vault.seal_text("record", "evidence.record"), "0" * 64, now))
        photo = conn.execute("SELECT p.content_index FROM photos p JOIN sources s ON s.id = p.source_id"
                             " WHERE s.person_id = ?", (minjun.id,)).fetchone()[0]
        conn.execute("INSERT INTO face_cache VALUES (?, 'v1', ?, ?)",
                     (photo, vault.seal_text("analysis", "face_cache.analysis"), now))
    workspace.db.compact()
    assert _files_containing(workspace.paths.data_dir, sealed_face[:24])  # the test can see it before
    assert _files_containing(workspace.paths.data_dir, sealed_finding[:24])
    size_before = workspace.paths.database.stat().st_size

    classes.set_consent(class_3.id, 1, "withdrawn")

    assert classes.consents.data_left(minjun.id) == dict.fromkeys(classes.consents.data_left(minjun.id), 0)
    assert workspace.db.query_one("SELECT count(*) FROM face_cache")[0] == 0
    assert _files_containing(workspace.paths.data_dir, sealed_face[:24]) == []
    assert _files_containing(workspace.paths.data_dir, sealed_finding[:24]) == []
    assert workspace.paths.database.stat().st_size <= size_before
    # The roster entry and the consent history stay; the other student's data is untouched.
    assert roster_of(workspace, class_3.id) == [(1, "민준", "withdrawn"), (2, "서연", "given")]
    assert [c.status for c in workspace.persons.consent_history(minjun.id)] == ["none", "given", "withdrawn"]
    assert classes.consents.data_left(seoyeon.id)["findings"] == 1
    with pytest.raises(ConsentRequired):
        workspace.persons.require_consent(workspace.persons.get(minjun.id))


def test_deleting_a_class_deletes_its_students(workspace, class_3):
    workspace.classes.add_student(class_3.id, 1, "민준")
    workspace.classes.delete(class_3.id)
    assert workspace.classes.list() == [] and workspace.persons.list() == []
