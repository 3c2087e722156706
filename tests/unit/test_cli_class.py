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
    assert code == 0 and out == "Imported 3 students (file encoding: cp949).\n"
    assert "2-3\tMaple Middle\t3 students, 0 with consent" in run(capsys, "class", "list")[1]
    code, out, _ = run(capsys, "--lang", "ko", "class", "roster", "2-3")
    assert [line.split("\t")[:3] + line.split("\t")[4:] for line in out.splitlines()] == [
        ["1", "민준", "요청 전", "14세 미만"], ["2", "똠방", "요청 전", "14세 미만"],
        ["3", "하늘", "요청 전", "14세 미만"]]


def test_a_bad_roster_prints_each_bad_line_exits_2_and_imports_nothing(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("1,민준\n2,\nx,서연\n4,민준\n", encoding="utf-8")
    run(capsys, "class", "new", "2-3")
    code, out, err = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "under14")
    assert code == 2
    assert err.splitlines() == [
        "Line 2: the nickname is empty",
        'Line 3: the student number "x" is not a number',
        'Line 4: the nickname "민준" is already used on line 1',
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
    code, out, _ = run(capsys, "class", "consent", "2-3", "7", "withdrawn")
    assert code == 0 and "deleted this student's face data, findings and linked sources (4 records)" in out
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


def test_letters_write_one_page_per_student(capsys, tmp_path):
    run(capsys, "class", "new", "2-3")
    for number, nickname in ((1, "민준"), (2, "똠방")):
        run(capsys, "class", "add", "2-3", str(number), nickname, "--age-band", "under14")
    target = tmp_path / "letters.pdf"
    code, out, _ = run(capsys, "--lang", "ko", "class", "letters", "2-3", "--pdf", str(target))
    assert code == 0 and "동의서 2장" in out
    assert len(re.findall(rb"/Type\s*/Page(?!s)", target.read_bytes())) == 2


def test_a_high_school_roster_waits_for_each_students_own_agreement(capsys, tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("1,Minjun\n2,Seoyeon\n", encoding="utf-8")
    run(capsys, "class", "new", "2-3")
    code, out, _ = run(capsys, "class", "import", "2-3", str(roster_file), "--age-band", "14to17")
    assert code == 0 and out.splitlines() == [
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
    roster = run(capsys, "class", "roster", "2-3")[1].splitlines()
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
    minjun, seoyeon = pdf_pages(target)
    assert "학생 서명" in seoyeon and "학생 서명" not in minjun


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
    assert code == 0 and out == "학생 2명을 가져왔습니다(파일 인코딩: cp949).\n"
    roster = run(capsys, "class", "roster", "2학년 3반")[1].splitlines()
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
    code, _, err = run(capsys, "--lang", "ko", "class", "add", "2-3", "2", "하늘", "--age-band", "under14")
    assert code == 2 and err.startswith('"하늘"(이)라는 사람이 이미 있습니다.')
    with pytest.raises(SystemExit):
        main(["--lang", "ko", "class", "--help"])
    help_text = capsys.readouterr().out
    assert "학급: 명단, 보호자 동의, 동의서, 학급 전체 현황" in help_text and "학급 만들기" in help_text
    assert "반" not in help_text.replace("학급", "")  # one word for "class" throughout
