"""A teacher's roster file, as Excel and text editors really save it."""

import pytest

from desktop import i18n
from desktop.core import roster


def test_a_korean_excel_file_in_cp949_with_a_header_is_read():
    data = "번호,별명\r\n1,민준\r\n2,똠방\r\n3,서연\r\n".encode("cp949")
    parsed = roster.parse_bytes(data)
    assert parsed.encoding == "cp949" and parsed.had_header
    assert [(e.line, e.number, e.nickname) for e in parsed.entries] == [(2, 1, "민준"), (3, 2, "똠방"), (4, 3, "서연")]
    assert parsed.problems == []


def test_euc_kr_is_read_by_the_cp949_decoder():
    data = "1,민준\n2,서연\n".encode("euc-kr")
    parsed = roster.parse_bytes(data)
    assert [e.nickname for e in parsed.entries] == ["민준", "서연"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom_tabs_and_english_header(bom):
    data = bom + b"Number\tNickname\n1\tMinji\n 02 \t Bo  ra \n"
    parsed = roster.parse_bytes(data)
    assert parsed.encoding == "utf-8" and parsed.had_header
    assert [(e.number, e.nickname) for e in parsed.entries] == [(1, "Minji"), (2, "Bo ra")]


def test_semicolons_header_in_the_other_order_and_extra_columns():
    parsed = roster.parse_bytes("별명;번호;메모\n하늘;7;x\n".encode())
    assert [(e.number, e.nickname) for e in parsed.entries] == [(7, "하늘")]


def test_every_bad_row_is_reported_with_its_line_and_reason():
    text = "1,민준\n\n,빈번호\nabc,글자\n4,\n5," + "가" * 31 + "\n1,중복번호\n6,민준\n0,영\n"
    parsed = roster.parse_text(text)
    reasons = [(p.line, p.reason_id) for p in parsed.problems]
    assert reasons == [
        (3, "class.roster.missing_number"),
        (4, "class.roster.not_a_number"),
        (5, "class.roster.empty_nickname"),
        (6, "class.roster.nickname_too_long"),
        (7, "class.roster.duplicate_number"),
        (8, "class.roster.duplicate_nickname"),
        (9, "class.roster.number_out_of_range"),
    ]
    assert parsed.problems[4].values == {"number": 1, "other_line": 1}
    assert not parsed.ok


def test_a_file_that_is_neither_utf8_nor_korean_is_refused_with_advice():
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_bytes(b"1,\xff\xfe\xff\n")
    assert raised.value.message_id == "class.roster.undecodable"


def test_an_empty_file_is_refused():
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_bytes(b"\n\n")
    assert raised.value.message_id == "class.roster.empty"


def test_a_typed_in_student_uses_the_same_checks():
    entry, problems = roster.check_entry("１２", "  지우 ")
    assert entry.number == 12 and entry.nickname == "지우" and problems == []
    entry, problems = roster.check_entry("twelve", "")
    assert entry is None
    assert [p.reason_id for p in problems] == ["class.roster.not_a_number", "class.roster.empty_nickname"]


def test_the_school_systems_export_with_a_성명_column_in_cp949_is_read():
    """NEIS and most school systems export 학년,반,번호,성명,성별: the names are under 성명, not next to 번호."""
    data = "학년,반,번호,성명,성별\r\n2,3,1,김민준,남\r\n2,3,2,이서연,여\r\n2,3,3,박하늘,여\r\n".encode("cp949")
    parsed = roster.parse_bytes(data)
    assert parsed.encoding == "cp949" and parsed.had_header and parsed.problems == []
    assert [(e.number, e.nickname) for e in parsed.entries] == [(1, "김민준"), (2, "이서연"), (3, "박하늘")]


@pytest.mark.parametrize("heading", ["학생명", "이름(별명)", "이름 (별명)", "학생 성명", "Name", "Student Name",
                                     "student_name", "NICKNAME"])
def test_the_usual_headings_of_the_name_column_are_recognised(heading):
    parsed = roster.parse_text(f"반,번호,{heading}\n3,7,하늘\n3,8,Minji\n")
    assert [(e.number, e.nickname) for e in parsed.entries] == [(7, "하늘"), (8, "Minji")]


def test_a_header_without_a_name_column_is_refused_instead_of_importing_the_class_column():
    """Next to 번호 there is usually 반: its "3"s must not become every student's nickname."""
    data = "학년,반,번호,한글성명,성별\n2,3,1,김민준,남\n2,3,2,이서연,여\n".encode("cp949")
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_bytes(data)
    assert raised.value.message_id == "class.roster.no_nickname_column"
    assert raised.value.values == {"column": "번호"}
    assert i18n.tr(raised.value.message_id, "ko", **raised.value.values).startswith(
        "첫 줄의 열 제목에서 번호 열('번호')은 찾았지만 별명 열은 찾지 못했습니다. "
        "학생 별명이 있는 열의 제목을 별명, 이름 또는 성명으로 바꾼 뒤 다시 가져오세요.")


def test_a_header_without_a_number_column_is_refused_instead_of_guessing():
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_text("School ID,Name\n20240317,Minji\n20240318,Bora\n")
    assert raised.value.message_id == "class.roster.no_number_column"
    assert raised.value.values == {"column": "Name"}


def test_a_first_student_whose_nickname_looks_like_a_heading_is_still_a_student():
    parsed = roster.parse_text("7,No\n8,Name\n")
    assert not parsed.had_header
    assert [(e.number, e.nickname) for e in parsed.entries] == [(7, "No"), (8, "Name")]


def test_a_file_over_1_mb_is_not_a_class_roster(tmp_path):
    big = tmp_path / "export.csv"
    big.write_bytes(b"1,Minji\n" * 400_000)  # 3.2 MB
    with pytest.raises(roster.RosterFileError) as raised:
        roster.read_file(big)
    assert raised.value.message_id == "class.roster.too_large"
    assert i18n.tr(raised.value.message_id, **raised.value.values).startswith(
        "This file is larger than 1 MB, far too large for a class roster.")
    with pytest.raises(roster.RosterFileError):
        roster.parse_bytes(b"1,Minji\n" * 200_000)


def test_a_file_with_more_than_200_students_is_refused_as_a_whole():
    assert len(roster.parse_text("".join(f"{n},s{n}\n" for n in range(1, 201))).entries) == 200
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_text("번호,별명\n" + "".join(f"{n},s{n}\n" for n in range(1, 252)))
    assert raised.value.message_id == "class.roster.too_many_students"
    assert raised.value.values == {"count": 251, "max": 200}


def test_a_roster_file_that_cannot_be_opened_says_why_in_the_teachers_language(tmp_path):
    with pytest.raises(roster.RosterFileError) as missing:
        roster.read_file(tmp_path / "명단.csv")
    assert missing.value.message_id == "class.roster.file_not_found"
    assert i18n.tr(missing.value.message_id, "ko", **missing.value.values) == (
        f"명단 파일 {tmp_path / '명단.csv'}를 찾을 수 없습니다. 파일 이름과 폴더를 확인하세요.")
    with pytest.raises(roster.RosterFileError) as folder:
        roster.read_file(tmp_path)
    assert folder.value.message_id == "class.roster.file_is_folder"
