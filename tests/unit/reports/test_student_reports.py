"""A teacher writes each scanned student's family report into a folder: never over a file already there."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.core.tasks import TaskContext
from desktop.reports.student_reports import write_class_reports
from desktop.store.db import StorageError
from desktop.store.family_codes import FamilyCodes, new_code
from tests.classroom_rows import add_finished_scan


@pytest.fixture
def scanned_class(workspace):
    """Class 2-3 with students 1 and 2, both with consent and a finished scan."""
    classes = workspace.classes
    school_class = classes.create("2-3")
    for number, nickname in ((1, "하늘"), (2, "민준")):
        student = classes.add_student(school_class.id, number, nickname)
        classes.set_consent(school_class.id, number, "given")
        add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
        FamilyCodes(workspace.db, workspace.vault).issue({student.id: new_code()})  # the slip went home
    return school_class


def test_reports_go_into_a_new_folder_one_file_per_student(workspace, scanned_class, tmp_path):
    written = write_class_reports(workspace, scanned_class.id, tmp_path / "reports")
    assert [(r.number, r.path.name) for r in written] == [(1, "student-01.pdf"), (2, "student-02.pdf")]
    assert all(r.path.read_bytes().startswith(b"%PDF") for r in written)


def test_last_terms_reports_in_the_chosen_folder_are_never_overwritten(workspace, scanned_class, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "student-02.pdf").write_bytes(b"last term's report for another family")
    with pytest.raises(StorageError) as raised:
        write_class_reports(workspace, scanned_class.id, folder)
    assert raised.value.message_id == "classaudit.reports_out_not_empty"
    assert [p.name for p in folder.iterdir()] == ["student-02.pdf"]  # nothing written, not even student-01
    assert (folder / "student-02.pdf").read_bytes() == b"last term's report for another family"
    assert i18n.tr(raised.value.message_id, **raised.value.values) == (
        f"The output folder {folder} already has files. Choose an empty or new folder, so no family's report is "
        "overwritten. Nothing was written.")
    assert i18n.tr(raised.value.message_id, "ko", **raised.value.values).startswith(
        f"저장 폴더 {folder}에 이미 파일이 있습니다. 어떤 가정의 보고서도 덮어쓰지 않도록 "
        "빈 폴더나 새 폴더를 고르세요.")


def test_a_folder_only_the_file_manager_has_opened_counts_as_empty(workspace, scanned_class, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    written = write_class_reports(workspace, scanned_class.id, folder)
    assert sorted(p.name for p in folder.iterdir()) == [".DS_Store", "student-01.pdf", "student-02.pdf"]
    assert len(written) == 2


def test_a_file_given_as_the_folder_is_refused(workspace, scanned_class, tmp_path):
    not_a_folder = tmp_path / "reports.pdf"
    not_a_folder.write_bytes(b"%PDF- somebody's document")
    with pytest.raises(StorageError) as raised:
        write_class_reports(workspace, scanned_class.id, not_a_folder)
    assert raised.value.message_id == "classaudit.reports_out_not_folder"
    assert not_a_folder.read_bytes() == b"%PDF- somebody's document"


def test_a_report_appearing_in_the_folder_meanwhile_is_kept_not_replaced(workspace, scanned_class, tmp_path):
    """Another window writing the same folder at the same time: its file stays, and the teacher is told."""
    folder = tmp_path / "reports"

    def other_window_writes(progress) -> None:
        if progress.done == 1 and not (folder / "student-02.pdf").exists():
            (folder / "student-02.pdf").write_bytes(b"written by the other window")

    with pytest.raises(StorageError) as raised:
        write_class_reports(workspace, scanned_class.id, folder, TaskContext(on_progress=other_window_writes))
    assert raised.value.message_id == "classaudit.reports_exists"
    assert (folder / "student-02.pdf").read_bytes() == b"written by the other window"
    assert "was left as it is" in i18n.tr(raised.value.message_id, **raised.value.values)
