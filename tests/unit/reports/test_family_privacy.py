"""The teacher never sees one student: family reports are locked with the family's code, student-level
commands refuse a class member without it, and a withdrawal deletes the reports written about the student."""

from __future__ import annotations

import subprocess

import pytest

from desktop import paths
from desktop.reports.family_code_slips import code_slips
from desktop.reports.student_reports import withdrawal_file_lines, write_class_reports
from desktop.store.db import StorageError
from desktop.store.family_codes import FamilyCodes
from desktop.store.workspace import open_workspace
from tests.classroom_rows import add_finished_scan, finish_audit
from tests.integration.test_class_audit import run_cli


def pdf_text(path, code=None) -> subprocess.CompletedProcess:
    return subprocess.run(["pdftotext", *(["-upw", code] if code else []), str(path), "-"], capture_output=True,
                          text=True)


def make_class(workspace, names=("하늘", "민준", "서연")):
    classes = workspace.classes
    school_class = classes.create("2-3")
    for number, nickname in enumerate(names, 1):
        student = classes.add_student(school_class.id, number, nickname)
        classes.set_consent(school_class.id, number, "given")
        add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    return school_class


def code_of(workspace, school_class, number):
    return FamilyCodes(workspace.db, workspace.vault).code(workspace.classes.member(school_class.id, number).id)


def test_each_family_report_opens_only_with_that_familys_code(workspace, tmp_path):
    school_class = make_class(workspace)
    slips, count = code_slips(workspace, school_class.id, tmp_path / "codes.pdf", lang="en")
    assert count == 3
    codes = [code_of(workspace, school_class, n) for n in (1, 2, 3)]
    slip_text = pdf_text(slips).stdout
    assert all(code in slip_text for code in codes) and "student 2 (민준)" in slip_text
    written = write_class_reports(workspace, school_class.id, tmp_path / "reports")
    assert [r.number for r in written] == [1, 2, 3]
    first = written[0].path
    raw = first.read_bytes()
    assert b"/Encrypt" in raw and b"/AESV3" in raw  # AES-256
    assert pdf_text(first).returncode != 0  # the teacher, without the code, reads nothing
    assert pdf_text(first, codes[1]).returncode != 0  # nor with another family's code
    opened = pdf_text(first, codes[0])
    assert opened.returncode == 0 and "하늘" in opened.stdout and "student1-" in opened.stdout


def test_the_report_files_of_a_class_all_have_one_size_so_it_does_not_tell_who_has_photos(workspace, tmp_path):
    """Student 1 is in twelve public photos, student 2 in none: the teacher who copies the files onto USB sticks
    sees three files of one size, and each family still reads its own report."""
    classes = workspace.classes
    school_class = classes.create("2-4")
    for number, (nickname, exposures) in enumerate((("하늘", 12), ("민준", 0), ("서연", 1)), 1):
        student = classes.add_student(school_class.id, number, nickname)
        classes.set_consent(school_class.id, number, "given")
        add_finished_scan(workspace, student.id, [{"visibility": "public",
                                                   "exposures": [("match", ["phone", "school_name"])] * exposures}])
    code_slips(workspace, school_class.id, tmp_path / "codes.pdf", lang="en")
    written = write_class_reports(workspace, school_class.id, tmp_path / "reports")
    assert len({report.path.stat().st_size for report in written}) == 1
    for report, nickname, photos in zip(written, ("하늘", "민준", "서연"), ("12", "0", "1"), strict=True):
        opened = pdf_text(report.path, code_of(workspace, school_class, report.number))
        assert opened.returncode == 0 and nickname in opened.stdout, opened.stderr
        assert f"({photos})" in opened.stdout or f" {photos} " in opened.stdout, opened.stdout[:2000]
        assert opened.stderr == ""  # the padding is invisible to a reader


def test_a_family_without_a_code_gets_no_report_and_a_reprinted_slip_changes_the_code(workspace, tmp_path):
    school_class = make_class(workspace)
    with pytest.raises(StorageError) as refused:
        write_class_reports(workspace, school_class.id, tmp_path / "none")
    assert refused.value.message_id == "classprivacy.reports_no_codes"
    code_slips(workspace, school_class.id, tmp_path / "codes.pdf", lang="ko")
    before = code_of(workspace, school_class, 2)
    code_slips(workspace, school_class.id, tmp_path / "lost-slip.pdf", numbers=[2], lang="ko")
    assert code_of(workspace, school_class, 2) != before  # a copy kept back opens nothing written from now on
    assert code_of(workspace, school_class, 1) is not None
    written = write_class_reports(workspace, school_class.id, tmp_path / "reports")
    assert pdf_text(written[1].path, before).returncode != 0
    assert pdf_text(written[1].path, code_of(workspace, school_class, 2)).returncode == 0


def test_withdrawal_deletes_the_familys_report_lists_a_moved_one_and_clears_the_dashboard(workspace, tmp_path):
    school_class = make_class(workspace)
    code_slips(workspace, school_class.id, tmp_path / "codes.pdf", lang="en")
    finish_audit(workspace, school_class.id)
    first = write_class_reports(workspace, school_class.id, tmp_path / "term1")
    second = write_class_reports(workspace, school_class.id, tmp_path / "term2")
    moved = tmp_path / "usb-copy.pdf"
    second[0].path.rename(moved)
    classes = workspace.classes
    classes.set_consent(school_class.id, 1, "withdrawn")
    report = classes.consents.last_wipe
    assert report.files_deleted == (first[0].path.resolve(),) and not first[0].path.exists()
    assert report.files_left == (second[0].path.resolve(),)
    assert first[1].path.exists()  # another family's report stays
    assert withdrawal_file_lines(report) == [
        f"Deleted the family report {first[0].path.resolve()}.",
        "These family report files were moved or changed, so Jikimi could not delete them. Delete them yourself "
        "(and any copies):",
        f"  {second[0].path.resolve()}"]
    student = classes.member(school_class.id, 1)
    assert FamilyCodes(workspace.db, workspace.vault).code(student.id) is None
    from desktop.store.class_summary import latest_snapshot

    assert latest_snapshot(workspace.db, workspace.vault, school_class.id) is None  # not recomputed: no difference


def test_student_level_commands_refuse_a_class_member_without_the_family_code(capsys, isolated_home, tmp_path):
    def run(*argv):
        return run_cli(capsys, *argv)

    workspace = open_workspace(paths.resolve(isolated_home))
    school_class = make_class(workspace)
    workspace.close()
    assert run("class", "codes", "2-3", "--pdf", str(tmp_path / "codes.pdf"))[0] == 0
    workspace = open_workspace(paths.resolve(isolated_home))
    code = code_of(workspace, school_class, 1)
    workspace.close()
    target = tmp_path / "report.pdf"
    result, out, err = run("report", "하늘", "--pdf", str(target))
    assert result == 2 and not target.exists() and out == ""
    assert "하늘 is a student of a class: their results are for their family only" in err
    assert run("scan", "하늘")[0] == 2
    assert run("checklist", "--pdf", str(tmp_path / "list.pdf"), "--person", "하늘")[0] == 2  # verified facts
    assert not (tmp_path / "list.pdf").exists()
    result, _, err = run("report", "하늘", "--pdf", str(target), "--family-code", "AAAA-BBBB-CCCC")
    assert result == 2 and "does not match" in err and not target.exists()
    result, _, err = run("--lang", "ko", "report", "하늘", "--pdf", str(target))
    assert result == 2 and "하늘은 학급 학생이라" in err
    assert run("report", "하늘", "--pdf", str(target), "--family-code", code.lower().replace("-", " "))[0] == 0
    assert pdf_text(target).returncode != 0 and "하늘" in pdf_text(target, code).stdout
    assert run("class", "reports", "2-3", "--out", str(tmp_path / "reports"))[0] == 0
    result, out, _ = run("class", "consent", "2-3", "1", "withdrawn", "--yes")
    written = (tmp_path / "reports" / "student-01.pdf").resolve()
    assert result == 0 and f"Deleted the family report {written}." in out and not written.exists()


def test_the_teacher_cannot_list_or_check_one_students_linked_pages(capsys, isolated_home, tmp_path):
    """A student's own accounts and what a stranger sees there are their family's, like their results."""
    def run(*argv):
        return run_cli(capsys, *argv)

    workspace = open_workspace(paths.resolve(isolated_home))
    school_class = make_class(workspace)
    student = workspace.classes.member(school_class.id, 1)
    workspace.sources.add(person_id=student.id, kind="bluesky", target="haneul.bsky.social", owner="self")
    workspace.close()
    for action in (("list", "하늘"), ("check", "하늘"), ("add", "하늘", "bluesky", "other.bsky.social")):
        result, out, err = run("source", *action)
        assert result == 2 and "haneul.bsky.social" not in out
        assert "하늘 is a student of a class: their results are for their family only" in err
    assert run("class", "codes", "2-3", "--pdf", str(tmp_path / "codes.pdf"))[0] == 0
    workspace = open_workspace(paths.resolve(isolated_home))
    code = code_of(workspace, school_class, 1)
    workspace.close()
    result, out, _ = run("source", "list", "하늘", "--family-code", code)
    assert result == 0 and "haneul.bsky.social" in out  # the family, with its code, sees its own
