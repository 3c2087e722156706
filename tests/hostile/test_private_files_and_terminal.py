"""Cases 6, 15 (read-only log) and 18 of issue 19: the log, its rotations and saved PDFs are owner-only;
tracebacks in the log are redacted; JIKIMI_PASSCODE on a new data folder is applied and said; a log that cannot
be opened does not stop a command; hostile text reaches the terminal escaped."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from desktop import log, paths, secrets
from desktop.app import main
from desktop.reports.output import save_bytes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_and_its_rotated_copies_are_owner_only_and_tracebacks_are_redacted(tmp_path, monkeypatch):
    home = tmp_path / "home" / "kim-minji"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    log_file = tmp_path / "logs" / "jikimi.log"
    handler = log.setup_logging(log_file)
    try:
        try:
            open(home / "Pictures" / "minji.jpg", "rb")  # noqa: SIM115 - the traceback names the user's home
        except OSError:
            log.get_logger("test").exception("could not read a photo from https://example.com/minji")
        handler.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "Traceback" in text and "kim-minji" not in text and "example.com" not in text
        assert _mode(log_file) == 0o600
        handler.doRollover()
        log.get_logger("test").info("after rotation")
        handler.flush()
        assert _mode(log_file) == 0o600 and _mode(log_file.with_name("jikimi.log.1")) == 0o600
    finally:
        logging.getLogger("jikimi").removeHandler(handler)
        handler.close()


def test_a_saved_pdf_is_owner_only(tmp_path):
    saved = save_bytes(tmp_path / "report.pdf", b"%PDF-1.4 a child's report")
    assert _mode(saved) == 0o600


def test_jikimi_passcode_on_a_new_data_folder_protects_it_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIKIMI_PASSCODE", "correct horse")
    folder = tmp_path / "new"
    assert main(["--data-dir", str(folder), "person", "list"]) == 0
    assert "protected with the passcode in JIKIMI_PASSCODE" in capsys.readouterr().err
    store = secrets.KeyStore(paths.resolve(folder))
    assert store.needs_passcode() and not (folder / "keys" / "data.key").exists()
    assert len(store.load("correct horse")) == 32


def test_jikimi_passcode_on_a_folder_without_a_passcode_is_said_to_be_unused(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plain"
    assert main(["--data-dir", str(folder), "person", "list"]) == 0
    monkeypatch.setenv("JIKIMI_PASSCODE", "too late")
    assert main(["--data-dir", str(folder), "person", "list"]) == 0
    assert "has no passcode, so it was not used" in capsys.readouterr().err


def test_a_log_that_cannot_be_opened_does_not_stop_a_command(tmp_path, capsys):
    folder = tmp_path / "data"
    (folder / "logs" / "jikimi.log").mkdir(parents=True)  # unopenable as a file, even for root
    assert main(["--data-dir", str(folder), "person", "add", "Minji", "--role", "child", "--consent",
                 "guardian"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_control_characters_in_a_name_reach_the_terminal_escaped(capsys):
    name = "Min\x1b]0;pwned\x07ji\u202e"
    assert main(["person", "add", name, "--role", "child", "--consent", "guardian"]) == 0
    assert main(["person", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Min\\x1b]0;pwned\\x07ji\\u202e" in out


def test_the_window_and_the_command_line_start_without_a_log_they_cannot_open(tmp_path):
    folder = paths.resolve(tmp_path / "data")
    (folder.log_dir / "jikimi.log").mkdir(parents=True)
    assert log.start_logging(folder) is None  # no exception: both callers go on


def test_file_names_with_escape_sequences_reach_the_terminal_escaped_in_match_folder(tmp_path, capsys):
    import shutil

    from tests.unit.faces.conftest import FIXTURES

    known, unknown = tmp_path / "known", tmp_path / "unknown"
    known.mkdir()
    unknown.mkdir()
    shutil.copy(FIXTURES / "obama.jpg", known / "obama.jpg")
    hostile = "x\x1b]0;owned\x07\x1b[2J.jpg"
    shutil.copy(FIXTURES / "biden.jpg", unknown / hostile)
    (unknown / ("broken\x1b[31m.jpg")).write_bytes(b"\xff\xd8 not a photo")
    assert main(["match-folder", str(known), str(unknown), "--cpus", "1"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\x07" not in captured.out
    assert "x\\x1b]0;owned\\x07\\x1b[2J.jpg,unknown_person" in captured.out
    assert "broken\\x1b[31m.jpg" in captured.err


def test_json_output_escapes_terminal_controls_and_stays_valid_json(capsys):
    import json

    from desktop.cli import say_json

    say_json({"caption": "a\x1b]0;x\x07b\x9b\u202e", "n": 1})
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert json.loads(out) == {"caption": "a\x1b]0;x\x07b\x9b\u202e", "n": 1}
