"""`jikimi class …`: the teacher's commands."""

import json
import re

import pytest

from desktop import paths
from desktop.app import main
from desktop.store.workspace import open_workspace
from tests.classroom_rows import add_finished_scan, finish_audit


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_import_and_list_a_class(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_bytes("번호,별명\r\n1,민준\r\n2,똠방\r\n3,하늘\r\n".encode("cp949"))
    assert run(capsys, "class", "new", "2-3", "--school", "Maple Middle")[1] == "Created the class 2-3.\n"
    code, out, _ = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "under14")
    assert code == 0 and out.splitlines() == ["New 3 · unchanged 0 · different name 0 · not in the file 0",
                                              "To add: 1 민준, 2 똠방, 3 하늘",
                                              "Imported 3 students (file encoding: cp949)."]
    assert "2-3\tMaple Middle\t3 students, 0 with consent" in run(capsys, "class", "list")[1]
    code, out, _ = run(capsys, "--lang", "ko", "class", "roster", "2-3")
    assert [line.split("\t")[:3] + line.split("\t")[4:] for line in out.splitlines()[1:]] == [
        ["1", "민준", "요청 전", "14세 미만"], ["2", "똠방", "요청 전", "14세 미만"],
        ["3", "하늘", "요청 전", "14세 미만"]]


def test_the_roster_names_its_columns_once_above_the_students(capsys):
    """`jikimi class roster` prints tab-separated columns: a heading line says which is which (in the --lang
    language), and an empty class gets only the hint, no heading over nothing."""
    run(capsys, "class", "new", "2-3")
    code, out, _ = run(capsys, "class", "roster", "2-3")
    assert code == 0 and out.startswith("No students in this class yet") and "Number" not in out
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    run(capsys, "class", "consent", "2-3", "1", "given")
    code, out, _ = run(capsys, "class", "roster", "2-3")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Number\tName\tConsent\tRecorded on\tAge"
    assert len(lines) == 2 and lines[1].split("\t")[:3] == ["1", "민준", "given"]
    assert len(lines[0].split("\t")) == len(lines[1].split("\t"))  # one heading per column
    code, out, _ = run(capsys, "--lang", "ko", "class", "roster", "2-3")
    assert code == 0 and out.splitlines()[0] == "번호\t이름\t동의\t동의 기록일\t나이"
    assert out.count("번호") == 1


def test_at_a_terminal_the_roster_lines_up_in_columns_whatever_the_names_length(capsys, monkeypatch):
    """A teacher reading 30 students down a column: at a terminal the roster is padded by display width (a
    Hangul letter takes two columns), so a long name or a long consent state does not push the next column over;
    a student never asked shows "—", not a date. Piped into a program it stays tab-separated."""
    import sys

    from desktop.cli.output import display_width

    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "가온", "--age-band", "under14")
    run(capsys, "class", "add", "2-3", "2", "김다온별", "--age-band", "14to17")
    run(capsys, "class", "consent", "2-3", "2", "given")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = run(capsys, "--lang", "ko", "class", "roster", "2-3")
    lines = out.splitlines()
    assert code == 0 and "\t" not in out and len(lines) == 3
    consent_column = [display_width(line[:line.index(word)]) for line, word in
                      zip(lines, ("동의", "요청 전", "보호자 동의함"), strict=True)]
    assert len(set(consent_column)) == 1, lines  # the consent column starts at the same place on every line
    assert re.search(r"\s—\s+14세 미만$", lines[1]) and re.search(r"\d{4}-\d\d-\d\d\s+14세 이상$", lines[2])

def test_a_preview_says_the_import_would_need_ages_instead_of_looking_fine(capsys, tmp_path):
    """A roster without birth dates, previewed without --age-band: the import itself would stop and ask for the
    students' ages, so the preview says so (exit 2) rather than ending as if all were well."""
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("번호,이름\n1,가온\n2,나래\n", encoding="utf-8")
    run(capsys, "class", "new", "2-3")
    code, out, err = run(capsys, "--lang", "ko", "class", "import", "2-3", str(roster_file), "--preview")
    assert code == 2 and "1, 2" in err and "--age-band" in err
    assert run(capsys, "class", "import", "2-3", str(roster_file), "--preview", "--age-band", "under14")[0] == 0


def test_a_bad_roster_prints_each_bad_line_exits_2_and_imports_nothing(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("1,민준\n2,\nx,서연\n1,민준\n", encoding="utf-8")
    run(capsys, "class", "new", "2-3")
    code, out, err = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "under14")
    assert code == 2
    assert err.splitlines() == [
        "Line 2: the name is empty",
        'Line 3: the student number "x" is not a number',
        "Line 4: number 1 is already used on line 1",
        "Nothing was imported: the file has 3 problems. Fix them and import the file again.",
    ]
    assert "No students in this class yet" in run(capsys, "class", "roster", "2-3")[1]


def test_consent_and_withdrawal_from_the_command_line(capsys, isolated_home):
    run(capsys, "class", "new", "2-3")
    assert run(capsys, "class", "add", "2-3", "7", "지우", "--age-band", "under14")[0] == 0
    code, out, _ = run(capsys, "class", "consent", "2-3", "7", "given")
    assert code == 0 and out.startswith("Student 7 (지우): consent given, ")
    workspace = open_workspace(paths.resolve(isolated_home))
    student = workspace.persons.find("지우")
    add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    workspace.close()
    # Without --yes and without a terminal to ask on, nothing is deleted: a mistyped number is another child.
    code, out, err = run(capsys, "class", "consent", "2-3", "7", "withdrawn")
    assert code == 2 and out.startswith("Student 7 (지우): recording this deletes what Jikimi holds about them now:")
    # The student stays on the roster: the list says what goes and what stays, never "the entry itself".
    assert "entry" not in out and "Kept: the roster line (number, name) and the consent history." in out
    assert "\tgiven\t" in run(capsys, "class", "roster", "2-3")[1]
    code, out, _ = run(capsys, "class", "consent", "2-3", "7", "withdrawn", "--yes")
    assert code == 0 and "this student's face data, linked pages and findings are deleted" in out
    assert "\twithdrawn\t" in run(capsys, "class", "roster", "2-3")[1]
    code, _, err = run(capsys, "class", "consent", "2-3", "8", "given")
    assert code == 2 and "No student in this class has number 8." in err


def test_dashboard_json_shows_fewer_than_3_as_a_string(capsys, isolated_home):
    run(capsys, "class", "new", "2-3")
    workspace = open_workspace(paths.resolve(isolated_home))
    school_class = workspace.classes.require("2-3")
    for number in range(1, 6):
        student = workspace.classes.add_student(school_class.id, number, f"s{number}")
        workspace.classes.set_consent(school_class.id, number, "given")
        add_finished_scan(workspace, student.id, [{"visibility": "public" if number <= 2 else "friends"}],
                          ["make_private"])
    finish_audit(workspace, school_class.id)
    workspace.close()
    code, out, _ = run(capsys, "class", "dashboard", "2-3", "--json")
    data = json.loads(out)
    assert code == 0 and data["students_scanned"] == 5
    assert data["public_account"] == {"students": "<3", "share_percent": "<3"}
    assert data["top_recommendations"] == [{"id": "make_private", "students": 5,
                                            "title": "Make the account private"}]
    assert not any(f"s{n}" in out for n in range(1, 6))  # no student names
    code, out, _ = run(capsys, "class", "dashboard", "2-3")
    assert out.startswith("Class overview (totals only): 2-3\n")
    assert "Have a public account: fewer than 3" in out and "Students checked: 5 students" in out
    assert not any(f"s{n}" in out for n in range(1, 6))
    code, out, _ = run(capsys, "--lang", "ko", "class", "dashboard", "2-3")
    assert "3 미만" in out and not any(f"s{n}" in out for n in range(1, 6))


def test_letters_write_a_letter_and_a_form_per_student(capsys, tmp_path):
    run(capsys, "class", "new", "2-3")
    for number, nickname in ((1, "민준"), (2, "똠방")):
        run(capsys, "class", "add", "2-3", str(number), nickname, "--age-band", "under14")
    target = tmp_path / "letters.pdf"
    code, out, _ = run(capsys, "--lang", "ko", "class", "letters", "2-3", "--pdf", str(target))
    assert code == 0 and "동의서 2부" in out
    assert len(re.findall(rb"/Type\s*/Page(?!s)", target.read_bytes())) == 4


def test_a_high_school_roster_waits_for_each_students_own_agreement(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("1,Minjun\n2,Seoyeon\n", encoding="utf-8")
    run(capsys, "class", "new", "2-3")
    code, out, _ = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "14to17")
    assert code == 0 and out.splitlines()[2:] == [
        "Imported 2 students (file encoding: utf-8).",
        "These students are 14 or older: each needs their guardian's consent and their own agreement before "
        "enrolling or scanning."]
    code, out, _ = run(capsys, "class", "consent", "2-3", "1", "given")
    assert code == 0 and out.splitlines()[1:] == [
        "When the student agrees, record it with `jikimi class consent 2-3 1 given --student-agreed`."]
    assert out.startswith("Student 1 (Minjun): the guardian's consent is recorded, ")
    assert "The student is 14 or older, so they must agree too before enrolling or scanning." in out
    code, out, _ = run(capsys, "class", "consent", "2-3", "2", "given", "--student-agreed")
    assert code == 0 and out.startswith("Student 2 (Seoyeon): consent given by the guardian and the student, ")
    roster = run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]
    assert [line.split("\t")[:3] + line.split("\t")[4:] for line in roster] == [
        ["1", "Minjun", "guardian agreed — waiting for the student's own agreement", "14 or older"],
        ["2", "Seoyeon", "given (guardian and student)", "14 or older"]]
    assert "2 students, 1 with consent" in run(capsys, "class", "list")[1]
    code, out, _ = run(capsys, "--lang", "ko", "class", "roster", "2-3")
    assert "보호자 동의함 — 학생 본인 동의 대기\t" in out and "\t14세 이상" in out


def test_a_student_found_to_be_14_needs_their_own_agreement_from_then_on(capsys, isolated_home):
    run(capsys, "class", "new", "2학년 3반")
    run(capsys, "class", "add", "2학년 3반", "7", "지우", "--age-band", "under14")
    run(capsys, "class", "consent", "2학년 3반", "7", "given")
    assert "1 student, 1 with consent" in run(capsys, "class", "list")[1]
    code, out, _ = run(capsys, "class", "age-band", "2학년 3반", "7", "14to17")
    assert code == 0 and out.splitlines() == [
        "Student 7 (지우): age recorded as 14 or older.",
        "The guardian's consent alone is no longer enough: the student must agree too before enrolling or scanning.",
        'When the student agrees, record it with `jikimi class consent "2학년 3반" 7 given --student-agreed`.']
    assert "1 student, 0 with consent" in run(capsys, "class", "list")[1]
    workspace = open_workspace(paths.resolve(isolated_home))
    assert workspace.classes.roster(workspace.classes.require("2학년 3반").id)[0].may_be_scanned is False
    workspace.close()
    code, out, _ = run(capsys, "--lang", "ko", "class", "age-band", "2학년 3반", "7", "under14")
    assert code == 0 and out == "7번(지우): 나이를 14세 미만으로 기록했습니다.\n"


def test_age_band_and_student_agreement_mistakes_exit_2(capsys):
    run(capsys, "class", "new", "2-3")
    with pytest.raises(SystemExit) as exited:  # the teacher must say how old the students are
        run(capsys, "class", "add", "2-3", "1", "민준")
    assert exited.value.code == 2 and "required: --age-band" in capsys.readouterr().err
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "14to17")
    code, out, err = run(capsys, "class", "consent", "2-3", "1", "requested", "--student-agreed")
    assert code == 2 and out == "" and err.startswith("--student-agreed goes with given")
    code, _, err = run(capsys, "class", "age-band", "2-3", "9", "14to17")
    assert code == 2 and "No student in this class has number 9." in err
    with pytest.raises(SystemExit) as exited:
        run(capsys, "class", "age-band", "2-3", "1", "adult")
    assert exited.value.code == 2 and "invalid choice: 'adult'" in capsys.readouterr().err


def test_students_added_before_age_bands_read_age_not_recorded(capsys, isolated_home):
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "14to17")
    workspace = open_workspace(paths.resolve(isolated_home))
    with workspace.db.transaction() as conn:  # as an older version of Jikimi left it
        conn.execute("UPDATE persons SET age_band = NULL")
    workspace.close()
    assert run(capsys, "class", "roster", "2-3")[1].split("\t")[-1] == "age not recorded\n"


def test_letters_ask_a_student_of_14_or_older_to_sign_too(capsys, qapp, tmp_path):
    from tests.unit.reports.test_consent_letter import pdf_pages

    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    run(capsys, "class", "add", "2-3", "2", "서연", "--age-band", "14to17")
    target = tmp_path / "letters.pdf"
    assert run(capsys, "--lang", "ko", "class", "letters", "2-3", "--pdf", str(target))[0] == 0
    _, minjun_form, _, seoyeon_form = pdf_pages(target)
    assert "학생 서명" in seoyeon_form and "학생 서명" not in minjun_form


def test_family_reports_refuse_a_folder_that_already_has_reports(capsys, isolated_home, tmp_path):
    """Last term's reports are still in the folder: this term's must not replace another family's file."""
    run(capsys, "class", "new", "2-3")
    workspace = open_workspace(paths.resolve(isolated_home))
    school_class = workspace.classes.require("2-3")
    for number in (1, 2):
        student = workspace.classes.add_student(school_class.id, number, f"s{number}")
        workspace.classes.set_consent(school_class.id, number, "given")
        add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    workspace.close()
    assert run(capsys, "class", "codes", "2-3", "--pdf", str(tmp_path / "codes.pdf"))[0] == 0
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "student-02.pdf").write_bytes(b"last term's report")
    code, out, err = run(capsys, "class", "reports", "2-3", "--out", str(folder))
    assert code == 2 and out == ""
    assert err == (f"The output folder {folder} already has files. Choose an empty or new folder, so no family's "
                   "report is overwritten. Nothing was written.\n")
    assert [p.name for p in folder.iterdir()] == ["student-02.pdf"]
    assert (folder / "student-02.pdf").read_bytes() == b"last term's report"
    code, _, err = run(capsys, "--lang", "ko", "class", "reports", "2-3", "--out", str(folder))
    assert code == 2 and err.startswith(f"저장 폴더 {folder}에 이미 파일이 있습니다.")
    code, out, _ = run(capsys, "class", "reports", "2-3", "--out", str(tmp_path / "this-term"))
    assert code == 0 and out.splitlines()[-2].startswith("2 family reports written to ")
    assert out.splitlines()[-1].startswith("Each report opens only with its family's code")
    assert sorted(p.name for p in (tmp_path / "this-term").iterdir()) == ["student-01.pdf", "student-02.pdf"]


def test_a_long_list_of_bad_lines_stops_after_20_with_how_many_more(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("".join(f"학생{n},{n}\n" for n in range(1, 31)), encoding="utf-8")  # columns swapped
    run(capsys, "class", "new", "2-3")
    code, _, err = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "under14")
    lines = err.splitlines()
    assert code == 2 and len(lines) == 22
    assert lines[0] == 'Line 1: the student number "학생1" is not a number'
    assert lines[19].startswith("Line 20: ")
    assert lines[20:] == ["…and 10 more problems",
                          "Nothing was imported: the file has 30 problems; the first 20 are listed. Fix them and "
                          "import the file again."]
    roster_file.write_text("".join(f"학생{n},{n}\n" for n in range(1, 22)), encoding="utf-8")
    assert run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "under14")[2].splitlines()[20] == (
        "…and 1 more problem")


def test_the_korean_school_export_imports_from_the_command_line(capsys, tmp_path):
    roster_file = tmp_path / "2학년3반.csv"
    roster_file.write_bytes("학년,반,번호,성명,성별\r\n2,3,1,김민준,남\r\n2,3,2,이서연,여\r\n".encode("cp949"))
    code, out, _ = run(capsys, "--lang", "ko", "class", "new", "2학년 3반")
    assert code == 0 and out == "'2학년 3반' 학급을 만들었습니다.\n"
    code, out, _ = run(capsys, "--lang", "ko", "class", "import", "2학년 3반", str(roster_file), "--age-band",
                       "under14")
    assert code == 0 and out.splitlines()[-1] == "학생 2명을 가져왔습니다(파일 인코딩: cp949)."
    roster = run(capsys, "class", "roster", "2학년 3반")[1].splitlines()[1:]
    assert [line.split("\t")[:2] for line in roster] == [["1", "김민준"], ["2", "이서연"]]


def test_a_missing_roster_file_is_explained_in_korean_without_the_systems_english(capsys, tmp_path):
    run(capsys, "class", "new", "2-3")
    missing = tmp_path / "명단.csv"
    code, out, err = run(capsys, "--lang", "ko", "class", "import", "2-3", str(missing), "--age-band", "under14")
    assert code == 2 and out == ""
    assert err == f"명단 파일 {missing}를 찾을 수 없습니다. 파일 이름과 폴더를 확인하세요.\n"
    assert "No such file" not in err


def test_korean_class_messages_say_학급_and_quote_names(capsys):
    run(capsys, "class", "new", "2-3")
    code, _, err = run(capsys, "--lang", "ko", "class", "new", "2-3")
    assert code == 2 and err == "'2-3' 학급이 이미 있습니다.\n"
    code, _, err = run(capsys, "--lang", "ko", "class", "roster", "3-1")
    assert code == 2 and err.startswith("'3-1' 학급이 없습니다.")
    run(capsys, "class", "add", "2-3", "1", "하늘", "--age-band", "under14")
    code, _, err = run(capsys, "--lang", "ko", "class", "add", "2-3", "1", "바다", "--age-band", "under14")
    assert code == 2 and err == "1번은 이미 이 학급에 있습니다\n"
    with pytest.raises(SystemExit):
        main(["--lang", "ko", "class", "--help"])
    help_text = capsys.readouterr().out
    assert "학급: 명단, 보호자 동의, 동의서, 학급 전체 현황" in help_text and "학급 만들기" in help_text
    assert "반" not in help_text.replace("학급", "")  # one word for "class" throughout


def test_the_letter_carries_the_date_deadline_retention_and_contact_the_teacher_gives(capsys, qapp, tmp_path):
    from tests.unit.reports.test_consent_letter import pdf_pages

    run(capsys, "class", "new", "2-3", "--school", "햇빛중학교")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    target = tmp_path / "letters.pdf"
    code, _, _ = run(capsys, "--lang", "ko", "class", "letters", "2-3", "--pdf", str(target), "--date", "2026-03-04",
                     "--return-by", "2026.3.11", "--contact", "담임 김하늘 02-123-4567")
    assert code == 0
    notice = " ".join(pdf_pages(target)[0].split())
    for phrase in ("2026년 3월 4일", "2026년 3월 11일까지", "2027년 2월 28일까지", "문의: 담임 김하늘 02-123-4567"):
        assert phrase in notice
    code, _, err = run(capsys, "class", "letters", "2-3", "--pdf", str(target), "--return-by", "next friday")
    assert code == 2 and err == "Cannot read the date next friday; write it like 2026-03-15.\n"


def neis_roster():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "fixtures" / "rosters"


def test_a_neis_export_imports_with_ages_from_birth_dates_and_again_adds_only_the_newcomers(capsys):
    run(capsys, "class", "new", "2-3")
    code, out, _ = run(capsys, "--lang", "ko", "class", "import", "2-3", str(neis_roster() / "neis_2-3_cp949.csv"))
    assert code == 0
    assert out.splitlines()[0] == "새 학생 25명 · 그대로 0명 · 이름이 다름 0명 · 파일에 없음 0명"
    assert "학생 25명을 가져왔습니다(파일 인코딩: cp949)." in out
    assert "나이는 생년월일로 정했습니다" in out
    roster = run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]
    assert [line.split("\t")[1] for line in roster].count("김민준") == 2
    again = str(neis_roster() / "neis_2-3_again_utf8bom.csv")
    code, out, err = run(capsys, "--lang", "ko", "class", "import", "2-3", again, "--preview")
    assert code == 2 and out.splitlines()[0] == "새 학생 2명 · 그대로 23명 · 이름이 다름 1명 · 파일에 없음 1명"
    assert err.startswith("생년월일이 없는 학생 1명(27번)의 나이를 골라 주세요")  # what the import would stop on
    assert "4번: 학급에는 '최하은', 파일에는 '최하윤'. 바꾸지 않았습니다." in out
    assert "25번 양소율: 파일에 없습니다. 그대로 둡니다." in out
    assert len(run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]) == 25  # a preview adds nobody
    code, _, err = run(capsys, "--lang", "ko", "class", "import", "2-3", again)
    assert code == 2 and err.startswith("생년월일이 없는 학생 1명(27번)의 나이를 골라 주세요")
    assert len(run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]) == 25
    code, out, _ = run(capsys, "class", "import", "2-3", again, "--age-band", "14to17")
    assert code == 0 and "Imported 2 students" in out
    roster = run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]
    assert [line.split("\t")[:2] for line in roster][-2:] == [["26", "배지우"], ["27", "노현우"]]
    assert roster[3].split("\t")[1] == "최하은" and roster[24].split("\t")[1] == "양소율"


def test_a_korean_teacher_records_consent_in_korean_words(capsys):
    """동의 / 요청 / 거부 are the roster's own words: typed instead of given / requested / refused, they record the
    same answer; a word that is neither is refused with the choices."""
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "가온", "--age-band", "under14")
    run(capsys, "class", "add", "2-3", "2", "나래", "--age-band", "under14")
    assert run(capsys, "--lang", "ko", "class", "consent", "2-3", "1", "동의")[0] == 0
    assert run(capsys, "--lang", "ko", "class", "consent", "2-3", "2", "요청 함")[0] == 0
    roster = run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]
    assert [line.split("\t")[2] for line in roster] == ["given", "requested"]
    with pytest.raises(SystemExit) as refused:
        run(capsys, "--lang", "ko", "class", "consent", "2-3", "1", "아마도")
    assert refused.value.code == 2 and "given" in capsys.readouterr().err


def test_a_typo_is_fixed_with_rename_or_edit_and_the_consent_stays(capsys):
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "4", "최하은", "--age-band", "under14")
    run(capsys, "class", "consent", "2-3", "4", "given")
    code, out, _ = run(capsys, "--lang", "ko", "class", "rename", "2-3", "4", "최하윤")
    assert code == 0 and out == "4번 이름을 최하은에서 최하윤으로 고쳤습니다. 동의와 결과는 그대로입니다.\n"
    code, out, _ = run(capsys, "class", "edit", "2-3", "4", "--name", "Choi Hayun", "--age-band", "14to17")
    assert code == 0 and out.splitlines() == [
        "Number 4 renamed from '최하윤' to 'Choi Hayun'. Consent and results stay as they were.",
        "Student 4 (Choi Hayun): age recorded as 14 or older."]
    code, _, err = run(capsys, "class", "edit", "2-3", "4")
    assert code == 2 and err.startswith("Say what to change")
    code, _, err = run(capsys, "class", "rename", "2-3", "4", "  ")
    assert code == 2 and err == "the name is empty\n"


def test_a_refusal_is_recorded_as_refused(capsys):
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    code, out, _ = run(capsys, "class", "consent", "2-3", "1", "refused")
    assert code == 0 and out.startswith("Student 1 (민준): consent refused, ")
    assert "\trefused\t" in run(capsys, "class", "roster", "2-3")[1]
    assert "동의 안 함" in run(capsys, "--lang", "ko", "class", "roster", "2-3")[1]


def test_removing_a_student_lists_what_goes_and_a_script_must_say_yes(capsys, isolated_home, monkeypatch):
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    run(capsys, "class", "add", "2-3", "2", "서연", "--age-band", "under14")
    run(capsys, "class", "consent", "2-3", "2", "given")
    workspace = open_workspace(paths.resolve(isolated_home))
    seoyeon = workspace.classes.member(workspace.classes.require("2-3").id, 2)
    add_finished_scan(workspace, seoyeon.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    workspace.close()
    code, out, err = run(capsys, "class", "remove", "2-3", "2")  # stdin is not a terminal under pytest
    assert code == 2 and "Nothing was deleted" in err
    assert out.splitlines()[0] == "Remove number 2, 서연, from 2-3, deleting all of this (it cannot be undone):"
    assert "  - 1 photo found (with its small copy)" in out.splitlines()
    assert "  - 2 consent records" in out.splitlines()
    assert len(run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]) == 2
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "")  # Enter: the default is No
    code, out, _ = run(capsys, "class", "remove", "2-3", "2")
    assert code == 2 and out.splitlines()[-1] == "Nothing was deleted."
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, _ = run(capsys, "class", "remove", "2-3", "2")
    assert code == 0 and out.splitlines()[-1] == "Removed number 2, 서연, from 2-3, with everything about them."
    assert [line.split("\t")[1] for line in run(capsys, "class", "roster", "2-3")[1].splitlines()[1:]] == ["민준"]


def test_person_remove_asks_first_and_yes_answers_for_a_script(capsys):
    run(capsys, "person", "add", "민지", "--consent", "guardian")
    code, out, err = run(capsys, "person", "remove", "민지")
    assert code == 2 and err.startswith("Nothing is deleted without a confirmation")
    assert out.splitlines()[0] == "This deletes everything about 민지, and cannot be undone:"
    assert "민지" in run(capsys, "person", "list")[1]
    code, out, _ = run(capsys, "person", "remove", "민지", "--yes")
    assert code == 0 and "민지" not in run(capsys, "person", "list")[1]


def test_faces_from_a_folder_named_by_number_preview_then_enrol(capsys, tmp_path):
    import shutil

    from tests.unit.faces.conftest import FIXTURES

    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "3", "민준", "--age-band", "under14")
    run(capsys, "class", "consent", "2-3", "3", "given")
    folder = tmp_path / "photos"
    (folder / "3번").mkdir(parents=True)
    shutil.copy(FIXTURES / "obama.jpg", folder / "03.jpg")
    shutil.copy(FIXTURES / "obama3.jpg", folder / "3번" / "b.jpg")
    shutil.copy(FIXTURES / "biden.jpg", folder / "07.jpg")
    code, out, _ = run(capsys, "class", "enrol", "2-3", str(folder), "--preview")
    assert code == 0 and out.splitlines() == [
        "Photos to use: 2, for 1 student(s). Files left out: 1.",
        "  3 민준: 03.jpg, 3번/b.jpg",
        "  07.jpg: there is no student 7 in this class"]
    code, out, err = run(capsys, "class", "enrol", "2-3", str(folder))
    assert code == 0 and "Faces enrolled for 1 student(s): 2 photo(s) learnt, 0 could not be used." in out
    assert "Student 3, 민준: photo" in err
    code, _, err = run(capsys, "class", "enrol", "2-3", str(tmp_path / "nowhere"))
    assert code == 2 and err.startswith("Cannot read the folder")


def test_the_letters_record_the_retention_and_class_list_reminds_once_it_is_over(capsys, isolated_home, tmp_path):
    run(capsys, "class", "new", "2-3")
    run(capsys, "class", "add", "2-3", "1", "민준", "--age-band", "under14")
    code, out, _ = run(capsys, "class", "letters", "2-3", "--pdf", str(tmp_path / "l.pdf"),
                       "--keep-until", "2027-02-28")
    assert code == 0 and out.splitlines()[-1].startswith("Recorded the retention period the letter gives (until 2027")
    assert run(capsys, "class", "list")[2] == ""
    workspace = open_workspace(paths.resolve(isolated_home))
    workspace.classes.set_keep_until(workspace.classes.require("2-3").id, "2020-02-29")
    workspace.close()
    assert run(capsys, "class", "list")[2] == ("2-3: the retention period promised in the letter (until 2020-02-29) "
                                               "is over. Delete the class with `jikimi class delete 2-3`.\n")
    code, out, err = run(capsys, "class", "delete", "2-3")
    assert code == 2 and out.splitlines()[:2] == [
        "This deletes the class 2-3, its 1 student and all of this, and cannot be undone:",
        "  - the person's entry (name; for a student, number and age)"]
    code, out, _ = run(capsys, "class", "delete", "2-3", "--yes")
    assert code == 0 and out.splitlines()[-1] == "Deleted the class 2-3 and everything about it."
    assert "No classes yet" in run(capsys, "class", "list")[1]


def test_a_class_scan_that_checked_nobody_is_not_finished_and_exits_3(capsys):
    """No student enrolled yet: the teacher must not read "finished" and exit 0 as if the class were clear."""
    assert run(capsys, "class", "new", "2-3")[0] == 0
    assert run(capsys, "class", "add", "2-3", "1", "하늘", "--age-band", "under14")[0] == 0
    assert run(capsys, "class", "consent", "2-3", "1", "given")[0] == 0
    code, _, err = run(capsys, "class", "audit", "2-3")
    assert code == 3
    assert "Class scan: no student was checked (1 skipped, 0 failed)." in err
    assert "Class scan finished" not in err


def test_an_under_14_student_cannot_be_recorded_as_agreeing_themselves(capsys):
    """Under 14 the guardian consents; "guardian and student" would be a false record."""
    assert run(capsys, "class", "new", "2-3")[0] == 0
    assert run(capsys, "class", "add", "2-3", "1", "하늘", "--age-band", "under14")[0] == 0
    code, _, err = run(capsys, "class", "consent", "2-3", "1", "given", "--student-agreed")
    assert code == 2 and "Student 1 is under 14" in err
    assert "\tnot asked yet\t" in run(capsys, "class", "roster", "2-3")[1]  # nothing recorded
