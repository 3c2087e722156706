"""`jikimi hash` and `jikimi case`: the command-line contracts of the evidence kit."""

import hashlib
import re

from desktop.app import main
from desktop.reports.pdq import pdq_hash
from tests.unit.reports.test_evidence import IMAGE


def test_hash_prints_sha256_md5_and_pdq_per_file_and_continues_past_bad_ones(tmp_path, capsys):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(IMAGE)
    video = tmp_path / "clip.mov"
    video.write_bytes(b"\x00\x00\x00\x14ftypqt  " + b"\x01" * 500)
    missing = tmp_path / "gone.jpg"
    code = main(["hash", str(photo), str(missing), str(video)])
    out, err = capsys.readouterr()
    assert code == 1  # one file could not be hashed
    pdq, quality = pdq_hash(IMAGE)
    assert out.splitlines()[:4] == [
        str(photo),
        f"  sha256: {hashlib.sha256(IMAGE).hexdigest()}",
        f"  md5:    {hashlib.md5(IMAGE).hexdigest()}",
        f"  pdq:    {pdq}  (quality {quality}/100)",
    ]
    assert f"  md5:    {hashlib.md5(video.read_bytes()).hexdigest()}" in out
    assert "StopNCII and Take It Down use the MD5 for videos" in out
    assert "gone.jpg: no such file" in err and "1 of 3 files could not be hashed" in err
    assert main(["hash", str(photo)]) == 0


def test_hash_in_korean_and_as_json(tmp_path, capsys):
    photo = tmp_path / "사진.jpg"
    photo.write_bytes(IMAGE)
    assert main(["--lang", "ko", "hash", str(photo)]) == 0
    assert re.search(r"pdq:    [0-9a-f]{64}  \(품질 \d+/100\)", capsys.readouterr().out)
    assert main(["hash", "--json", str(photo)]) == 0
    assert '"sha256": "' + hashlib.sha256(IMAGE).hexdigest() + '"' in capsys.readouterr().out


def test_case_commands_from_opening_to_a_verified_export(tmp_path, capsys):
    photo = tmp_path / "screenshot.jpg"
    photo.write_bytes(IMAGE)
    assert main(["person", "add", "Minji", "--consent", "guardian"]) == 0
    assert main(["case", "new", "Fake photo in a group chat", "--person", "Minji"]) == 0
    assert "Opened case 1: Fake photo in a group chat" in capsys.readouterr().out
    assert main(["case", "add-file", "1", str(photo)]) == 0
    out = capsys.readouterr().out
    assert "Added evidence record 1 to case 1." in out and "was not kept" in out
    assert main(["case", "report", "1", "--to", "police", "--ref", "ECRM-77", "--when", "2025-03-02"]) == 0
    assert "reference ECRM-77" in capsys.readouterr().out
    assert main(["case", "list"]) == 0
    assert "1\tReported\trecords: 1" in capsys.readouterr().out
    pdf, archive = tmp_path / "out" / "case.pdf", tmp_path / "out" / "case.zip"
    assert main(["case", "export", "1", "--pdf", str(pdf), "--zip", str(archive)]) == 0
    assert pdf.exists() and archive.exists()
    assert main(["case", "verify", str(archive)]) == 0
    assert "matches its SHA-256" in capsys.readouterr().out


def test_case_errors_are_explained(tmp_path, capsys):
    assert main(["case", "add-file", "5", str(tmp_path / "x.jpg")]) == 2
    assert "There is no case number 5" in capsys.readouterr().err
    assert main(["case", "new", "Case"]) == 0
    assert main(["case", "add-file", "1", str(tmp_path / "x.jpg")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["case", "export", "1"]) == 2
    assert "--pdf" in capsys.readouterr().err


def test_removing_a_person_keeps_their_case_unless_asked(capsys):
    main(["person", "add", "Minji", "--consent", "guardian"])
    main(["case", "new", "Fake photo in a group chat", "--person", "Minji"])
    capsys.readouterr()
    assert main(["person", "remove", "Minji", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 evidence cases about Minji were kept" in out
    assert main(["case", "list"]) == 0
    assert "Fake photo in a group chat" in capsys.readouterr().out

    main(["person", "add", "Jiho", "--consent", "guardian"])
    main(["case", "new", "Jiho's case", "--person", "Jiho"])
    capsys.readouterr()
    assert main(["person", "remove", "Jiho", "--delete-cases", "--yes"]) == 0
    assert "were kept" not in capsys.readouterr().out
    main(["case", "list"])
    assert "Jiho's case" not in capsys.readouterr().out


def test_a_case_kept_after_its_person_was_removed_can_be_deleted_explicitly_after_saying_what_goes(
        tmp_path, capsys, monkeypatch):
    """Cases outlive a person's removal (they are crisis records); the family can still delete one on purpose: the
    command lists what goes, refuses without a typed yes, and only then deletes."""
    main(["person", "add", "Minji", "--consent", "guardian"])
    main(["case", "new", "Fake photo in a group chat", "--person", "Minji"])
    main(["case", "note", "1", "Seen on 3 March"])
    main(["person", "remove", "Minji", "--yes"])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", None)
    assert main(["case", "delete", "1"]) == 2
    out, err = capsys.readouterr()
    assert "Delete case 1? This cannot be undone. It deletes: 0 evidence records" in out and "--yes" in err
    main(["case", "list"])
    assert "Fake photo in a group chat" in capsys.readouterr().out  # still there
    assert main(["case", "delete", "1", "--yes"]) == 0
    assert "Deleted case 1: Fake photo in a group chat" in capsys.readouterr().out
    main(["case", "list"])
    assert "Fake photo in a group chat" not in capsys.readouterr().out


def test_case_list_shows_when_a_case_changed_in_local_time(capsys, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        main(["case", "new", "Reposted photo"])
        capsys.readouterr()
        main(["case", "list"])
        line = capsys.readouterr().out.splitlines()[0]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "T" not in line.split("\t")[3] and "+00:00" not in line  # 2026-12-03 21:04, not an ISO UTC stamp
