"""A parent or teacher saves a PDF or a case file where it cannot go: a folder, a place they may not write, a
full disk. Every command says why in words, exits 2, and leaves no half-written file behind."""

from __future__ import annotations

import errno
import os

import pytest

from desktop import paths
from desktop.app import main
from desktop.core.particles import attach
from desktop.reports import output
from desktop.store.workspace import open_workspace
from tests.classroom_rows import add_finished_scan


@pytest.fixture
def scanned_haneul(isolated_home):
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    workspace = open_workspace(paths.resolve(isolated_home))
    add_finished_scan(workspace, workspace.persons.require("Haneul").id,
                      [{"visibility": "public", "exposures": [("match", ["clear_face"])]}])
    workspace.close()


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(fd, data):
        os.write(fd, data[:100])  # part of the file had been written when the disk filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_write_fully", no_space)


@pytest.fixture
def not_allowed(monkeypatch):
    real_open = os.open

    def refuse_new_files(path, flags, *args, **kwargs):
        if str(path).endswith(".part"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(output.os, "open", refuse_new_files)


def saving(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_the_family_report_saved_to_a_folder_says_to_add_a_file_name(capsys, scanned_haneul, out):
    capsys.readouterr()
    code, stdout, err = saving(capsys, "report", "Haneul", "--pdf", str(out))
    assert (code, stdout) == (2, "")
    assert err == f"{out} is a folder. Add a file name, for example {out / 'jikimi-report.pdf'}.\n"
    assert list(out.iterdir()) == []
    code, _, err = saving(capsys, "--lang", "ko", "report", "Haneul", "--pdf", str(out))
    folder_is = attach(out, "은")
    assert code == 2 and err == f"{folder_is} 폴더입니다. 파일 이름까지 적으세요. 예: {out / 'jikimi-report.pdf'}\n"


def test_the_family_report_on_a_full_disk_leaves_nothing_half_written(capsys, scanned_haneul, out, disk_full):
    capsys.readouterr()
    target = out / "haneul.pdf"
    code, _, err = saving(capsys, "report", "Haneul", "--pdf", str(target))
    assert code == 2
    assert err == (f"The disk is full, so {target} was not saved. Free some space or choose another disk,"
                   " then try again.\n")
    assert list(out.iterdir()) == []


def test_the_family_report_where_writing_is_not_allowed(capsys, scanned_haneul, out, not_allowed):
    capsys.readouterr()
    code, _, err = saving(capsys, "report", "Haneul", "--pdf", str(out / "haneul.pdf"))
    assert code == 2 and err.startswith(f"Jikimi is not allowed to write to {out / 'haneul.pdf'}.")
    assert list(out.iterdir()) == []


def test_the_checklist_and_the_consent_letters_to_a_folder(capsys, out):
    code, _, err = saving(capsys, "checklist", "--pdf", str(out))
    assert code == 2 and err == f"{out} is a folder. Add a file name, for example {out / 'checklist.pdf'}.\n"
    assert main(["class", "new", "2-3"]) == 0
    assert main(["class", "add", "2-3", "1", "민준", "--age-band", "under14"]) == 0
    capsys.readouterr()
    code, _, err = saving(capsys, "--lang", "ko", "class", "letters", "2-3", "--pdf", str(out))
    assert code == 2 and err.startswith(f"{attach(out, '은')} 폴더입니다.")
    assert list(out.iterdir()) == []


def test_the_case_file_export_on_a_full_disk(capsys, tmp_path, out, disk_full):
    photo = tmp_path / "screenshot.png"
    from PIL import Image

    Image.new("RGB", (32, 32), (120, 40, 40)).save(photo)
    assert main(["case", "new", "Fake photo"]) == 0
    assert main(["case", "add-file", "1", str(photo)]) == 0
    capsys.readouterr()
    code, _, err = saving(capsys, "case", "export", "1", "--zip", str(out / "case.zip"))
    assert code == 2 and err.startswith(f"The disk is full, so {out / 'case.zip'} was not saved.")
    assert list(out.iterdir()) == []


def test_the_class_reports_on_a_full_disk(capsys, isolated_home, tmp_path, disk_full):
    assert main(["class", "new", "2-3"]) == 0
    workspace = open_workspace(paths.resolve(isolated_home))
    school_class = workspace.classes.require("2-3")
    student = workspace.classes.add_student(school_class.id, 1, "s1")
    workspace.classes.set_consent(school_class.id, 1, "given")
    add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    from desktop.store.family_codes import FamilyCodes, new_code

    FamilyCodes(workspace.db, workspace.vault).issue({student.id: new_code()})  # the slip went home
    workspace.close()
    capsys.readouterr()
    folder = tmp_path / "reports"
    code, _, err = saving(capsys, "class", "reports", "2-3", "--out", str(folder))
    assert code == 2
    assert err.splitlines()[-1] == (f"The disk is full, so {folder / 'student-01.pdf'} was not saved. Free some"
                                    " space or choose another disk, then try again.")
    assert list(folder.iterdir()) == []
