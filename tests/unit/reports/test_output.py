"""Saving a report: all or nothing, so a full disk never leaves half a PDF or spoils the older copy."""

from __future__ import annotations

import errno

import pytest

from desktop.reports import output


def test_a_full_disk_leaves_the_older_report_intact_and_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"last week's report")

    def disk_fills_up(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_write_fully", disk_fills_up)
    with pytest.raises(OSError) as raised:
        output.save_bytes(target, b"%PDF-1.7 this week's report")
    assert output.problem_message_id(raised.value) == "save.disk_full"
    assert target.read_bytes() == b"last week's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_folder_is_not_a_file_name_and_nothing_is_written_into_it(tmp_path):
    with pytest.raises(IsADirectoryError) as raised:
        output.save_bytes(tmp_path, b"%PDF")
    assert output.problem_message_id(raised.value) == "save.is_folder"
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_complete_and_an_exclusive_one_never_replaces(tmp_path):
    target = output.save_bytes(tmp_path / "sub" / "letters.pdf", b"%PDF complete")
    assert target.read_bytes() == b"%PDF complete"
    with pytest.raises(FileExistsError):
        output.save_bytes(target, b"%PDF other", exclusive=True)
    assert target.read_bytes() == b"%PDF complete"
    assert [p.name for p in target.parent.iterdir()] == ["letters.pdf"]


@pytest.mark.parametrize(("error", "message_id"), [
    (PermissionError(errno.EACCES, "Permission denied"), "save.no_permission"),
    (OSError(errno.EROFS, "Read-only file system"), "save.no_permission"),
    (OSError(errno.ENOSPC, "No space left on device"), "save.disk_full"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "save.failed"),
])
def test_each_reason_has_its_message(error, message_id):
    assert output.problem_message_id(error) == message_id
