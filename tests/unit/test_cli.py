"""The command line: the contracts in PRODUCT.md."""

import os
import subprocess
import sys

import pytest

from desktop.app import main


def test_person_add_records_consent_and_lists_it(capsys, isolated_home):
    assert main(["person", "add", "Minji", "--role", "child", "--consent", "guardian"]) == 0
    assert "Added Minji (my child)." in capsys.readouterr().out
    assert main(["person", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Minji" in listing and "may be enrolled and scanned" in listing


def test_person_without_consent_is_recorded_but_not_scannable(capsys):
    assert main(["person", "add", "Jiho", "--role", "student"]) == 0
    assert "cannot be enrolled or scanned" in capsys.readouterr().out


def test_data_dir_option_puts_the_data_there(tmp_path, capsys):
    target = tmp_path / "elsewhere"
    assert main(["--data-dir", str(target), "person", "add", "Minji", "--consent", "guardian"]) == 0
    assert (target / "jikimi.db").exists()
    assert main(["person", "list", "--data-dir", str(target)]) == 0
    assert "Minji" in capsys.readouterr().out


def test_adding_the_same_person_twice_explains_and_exits_2(capsys):
    main(["person", "add", "Minji"])
    capsys.readouterr()
    assert main(["person", "add", "Minji"]) == 2
    assert "already added" in capsys.readouterr().err


def test_korean_messages(capsys):
    assert main(["--lang", "ko", "person", "add", "민지", "--consent", "guardian"]) == 0
    out = capsys.readouterr().out
    assert "내 아이 민지를 추가했습니다." in out
    assert "동의 기록됨" in out


def test_passcode_protected_data_needs_the_passcode(monkeypatch, app_paths, capsys):
    from desktop.secrets import KeyStore

    KeyStore(app_paths).load("s3cret")
    assert main(["person", "list"]) == 2
    assert "protected by a passcode" in capsys.readouterr().err
    monkeypatch.setenv("JIKIMI_PASSCODE", "wrong")
    assert main(["person", "list"]) == 2
    assert "not right" in capsys.readouterr().err
    monkeypatch.setenv("JIKIMI_PASSCODE", "s3cret")
    assert main(["person", "list"]) == 0


def test_self_test_passes_and_reports_the_key_fallback(capsys):
    assert main(["self-test"]) == 0
    out = capsys.readouterr().out
    for check in ("Database", "Encryption key", "Fonts", "Translations", "Guidance content", "Face models"):
        assert check in out
    assert "[warn] Encryption key: No system keyring" in out
    assert "All checks passed." in out


def test_help_is_translated():
    result = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--lang", "ko", "--help"], capture_output=True, text=True, check=True
    )
    assert "지킴이" in result.stdout and "self-test" in result.stdout


@pytest.mark.parametrize("argv", [["--help"], ["class", "--help"], ["class", "import", "-h"], ["person", "add", "-h"]])
def test_a_korean_teacher_reads_the_help_in_korean_throughout(capsys, argv):
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "ko", *argv])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert out.startswith("사용법: jikimi")
    assert "\n옵션:\n" in out and "  -h, --help" in out and "이 도움말을 보여 주고 끝냅니다" in out
    for english in ("usage:", "positional arguments", "options:", "show this help message and exit"):
        assert english not in out
    assert "입력할 값:" in out and "위치 인자" not in out  # plain words for a teacher, not argparse's jargon


def test_the_english_help_keeps_the_usual_argparse_words(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "class", "reports", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: jikimi class reports [-h]")
    assert "\npositional arguments:\n" in out and "\noptions:\n" in out
    assert "  -h, --help      show this help message and exit" in out


def test_a_mistyped_command_is_explained_in_korean(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "ko", "class", "import", "2-3"])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith("사용법: jikimi class import")
    assert err.splitlines()[-1] == "jikimi class import: 오류: 꼭 써야 하는 값이 빠졌습니다: FILE"


@pytest.mark.parametrize("argv", [["class", "list"], ["--lang", "ko", "--help"], ["--version"]])
def test_output_piped_into_a_reader_that_stops_early_ends_quietly(isolated_home, argv):
    """`jikimi class list | head -1`: head exits after its line; Jikimi stops without a traceback."""
    assert main(["class", "new", "2-3"]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already gone
    try:
        result = subprocess.run([sys.executable, "-m", "desktop.app", *argv], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, env=os.environ.copy(), timeout=120)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode in (0, 1)


def test_version_is_printed_on_stdout():
    result = subprocess.run([sys.executable, "-m", "desktop.app", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("Jikimi ")


def test_a_parent_records_consent_after_adding_the_child_and_the_teen_agrees_later(capsys):
    assert main(["person", "add", "Haneul", "--age-band", "14to17"]) == 0
    out = capsys.readouterr().out
    assert "no consent recorded: cannot be enrolled or scanned" in out
    assert ("To record it: `jikimi person consent Haneul --consent guardian --consent self`"
            " (in the app: Family › Haneul › Record consent…).") in out

    assert main(["enroll", "Haneul", "photo.jpg"]) == 2
    err = capsys.readouterr().err
    assert "no consent recorded" in err and "`jikimi person consent Haneul --consent guardian --consent self`" in err

    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 2
    err = capsys.readouterr().err
    assert "Someone called Haneul is already added." in err
    assert "To record consent for Haneul, use `jikimi person consent Haneul --consent guardian`." in err

    assert main(["person", "consent", "Haneul", "--consent", "guardian"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Consent recorded for Haneul on ") and out[0].endswith(": the guardian agreed.")
    assert out[1] == "the young person (14+) must agree too before enrolling or scanning"
    assert out[2].startswith("To record it: `jikimi person consent Haneul --consent self`")

    assert main(["person", "consent", "Haneul", "--consent", "self"]) == 0  # added to the guardian's
    out = capsys.readouterr().out
    assert ": the guardian and Haneul agreed." in out and "consent recorded: may be enrolled and scanned" in out
    assert main(["person", "list"]) == 0
    assert capsys.readouterr().out == "Haneul\tmy child\tconsent recorded: may be enrolled and scanned\n"


def test_recording_consent_in_korean(capsys):
    assert main(["person", "add", "하늘", "--age-band", "14to17"]) == 0
    capsys.readouterr()
    assert main(["--lang", "ko", "person", "consent", "하늘", "--consent", "guardian"]) == 0
    out = capsys.readouterr().out
    assert "하늘의 동의를 기록했습니다(" in out and "보호자가 동의했습니다." in out
    assert "기록하려면: `jikimi person consent 하늘 --consent self` (앱에서는 가족 › 하늘 › 동의 기록…)" in out


def test_withdrawing_consent_on_the_command_line_deletes_the_data_and_says_what(capsys, tmp_path, workspace):
    from tests.sources_helpers import jpeg

    folder = tmp_path / "to-post"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg())
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    assert main(["source", "add", "Haneul", "folder", str(folder), "--owner", "parent"]) == 0
    capsys.readouterr()

    assert main(["person", "consent", "Haneul", "--withdraw"]) == 0  # no question asked
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Consent withdrawn for Haneul on ")
    assert out[0].endswith("Haneul can no longer be enrolled or scanned.")
    assert out[1] == "Deleted everything Jikimi had learned about Haneul:"
    assert "  - linked sources: 1" in out and "  - face data learned from photos: 0" in out
    assert "Kept: Haneul on the list, and the consent history (who agreed or withdrew, and when)." in out
    assert out[-1] == "To record consent again later: `jikimi person consent Haneul --consent guardian`."
    person = workspace.persons.require("Haneul")
    assert workspace.sources.list_for_person(person.id) == []
    assert [c.status for c in workspace.persons.consent_history(person.id)] == ["given", "withdrawn"]
    assert main(["person", "list"]) == 0
    assert "consent withdrawn: cannot be enrolled or scanned" in capsys.readouterr().out


def test_person_consent_says_what_is_missing_or_wrong(capsys):
    assert main(["person", "add", "Haneul"]) == 0
    capsys.readouterr()
    assert main(["person", "consent", "Haneul"]) == 2
    assert "Say who agreed, e.g. `jikimi person consent Haneul --consent guardian`" in capsys.readouterr().err
    assert main(["person", "consent", "Haneul", "--consent", "guardian", "--withdraw"]) == 2
    assert "either --consent (who agreed) or --withdraw, not both" in capsys.readouterr().err
    assert main(["class", "new", "2-3"]) == 0
    assert main(["class", "add", "2-3", "7", "Minjun", "--age-band", "14to17"]) == 0
    capsys.readouterr()
    assert main(["person", "consent", "Minjun", "--consent", "guardian"]) == 2
    err = capsys.readouterr().err
    assert "Minjun is a student on a class roster" in err
    assert "`jikimi class consent 2-3 7 given --student-agreed`" in err


def test_person_list_shows_the_family_and_students_only_when_asked(capsys):
    """On a computer shared with a teacher, the parent's `person list` is the family, as on the Family page."""
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    assert main(["class", "new", "2-3"]) == 0
    assert main(["class", "add", "2-3", "1", "Minjun", "--age-band", "under14"]) == 0
    capsys.readouterr()
    assert main(["person", "list"]) == 0
    assert capsys.readouterr().out == "Haneul\tmy child\tconsent recorded: may be enrolled and scanned\n"
    assert main(["person", "list", "--class", "2-3"]) == 0
    assert capsys.readouterr().out == "Minjun\tstudent, 2-3 no. 1\tno consent recorded: cannot be enrolled or scanned\n"
    assert main(["--lang", "ko", "person", "list", "--all"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Haneul\t내 아이\t동의 기록됨: 등록과 검사 가능",
                                                    "Minjun\t학생, 2-3 1번\t동의 기록 없음: 등록·검사 불가"]
    with pytest.raises(SystemExit) as exited:  # one or the other
        main(["--lang", "ko", "person", "list", "--class", "2-3", "--all"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "jikimi person list: 오류: --all은 --class와 함께 쓸 수 없습니다")


def test_an_empty_family_says_how_to_add_someone(capsys):
    assert main(["person", "list"]) == 0
    assert capsys.readouterr().out.startswith("No one in the family yet. Add a child with `jikimi person add NAME")
