"""A teacher's roster file, as Excel and text editors really save it."""

import pytest

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
