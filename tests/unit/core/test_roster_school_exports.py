"""Rosters as Korean schools really export them: NEIS title lines, .xlsx, 생년월일, students who share a name."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.core import roster

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rosters"
IMPORT_DAY = dt.date(2026, 12, 3)


def test_a_neis_export_with_a_title_line_above_the_header_reads_all_25_students():
    parsed = roster.parse_bytes((FIXTURES / "neis_2-3_cp949.csv").read_bytes(), today=IMPORT_DAY)
    assert parsed.problems == []
    assert parsed.encoding == "cp949" and parsed.had_header and parsed.has_birth_dates
    assert len(parsed.entries) == 25
    assert (parsed.entries[0].line, parsed.entries[0].number, parsed.entries[0].nickname) == (4, 1, "김민준")


def test_two_students_with_the_same_name_are_two_students():
    parsed = roster.parse_bytes((FIXTURES / "neis_2-3_cp949.csv").read_bytes(), today=IMPORT_DAY)
    assert [(e.number, e.nickname) for e in parsed.entries if e.nickname == "김민준"] == [(1, "김민준"), (6, "김민준")]


def test_the_birth_date_gives_each_student_their_own_age_band():
    parsed = roster.parse_bytes((FIXTURES / "neis_2-3_cp949.csv").read_bytes(), today=IMPORT_DAY)
    bands = {e.number: e.age_band for e in parsed.entries}
    assert bands[1] == "14to17"  # born 2012-03-05: 14 since March
    assert bands[3] == "under14"  # born 2013-01-09: still 13
    assert bands[9] == "under14"  # born 2012-12-31: still 13 on 3 December, though born in 2012
    assert sorted(set(bands.values())) == ["14to17", "under14"]  # one 중2 class, both bands


def test_born_on_the_day_of_import_counts_as_14_that_day():
    assert roster.age_band_of(dt.date(2012, 12, 3), IMPORT_DAY) == "14to17"
    assert roster.age_band_of(dt.date(2012, 12, 4), IMPORT_DAY) == "under14"


@pytest.mark.parametrize("text", ["2012-03-05", "2012.3.5", "2012/03/05", "20120305", "2012년 3월 5일",
                                  "2012. 03. 05.", "2012-03-05 00:00:00", "12.03.05", "120305", "40973"])
def test_birth_dates_as_schools_write_them(text):
    assert roster.parse_date(text) == dt.date(2012, 3, 5)


def test_a_bad_birth_date_is_a_problem_on_its_line_and_an_empty_one_is_asked_later():
    text = "번호,이름,생년월일\n1,하늘,2012-02-30\n2,바다,1980-01-01\n3,구름,\n"
    parsed = roster.parse_text(text, today=IMPORT_DAY)
    assert [(p.line, p.reason_id) for p in parsed.problems] == [
        (2, "class.roster.bad_birth_date"), (3, "class.roster.birth_date_not_a_student")]
    assert [(e.number, e.age_band) for e in parsed.entries] == [(3, None)]


def test_an_xlsx_roster_made_in_excel_is_read_with_title_rows_and_real_dates():
    book = Workbook()
    sheet = book.active
    sheet.append(["2026학년도 2학년 3반 학생 명렬표"])
    sheet.append([])
    sheet.append(["학년", "반", "번호", "성명", "성별", "생년월일"])
    sheet.append([2, 3, 1, "김민준", "남", dt.datetime(2012, 3, 5)])
    sheet.append([2, 3, 2.0, "이서연", "여", dt.date(2013, 1, 9)])
    sheet.append([2, 3, 3, "김민준", "남", None])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = roster.parse_bytes(buffer.getvalue(), today=IMPORT_DAY)
    assert parsed.problems == [] and parsed.encoding == "xlsx"
    assert [(e.line, e.number, e.nickname, e.age_band) for e in parsed.entries] == [
        (4, 1, "김민준", "14to17"), (5, 2, "이서연", "under14"), (6, 3, "김민준", None)]


def test_an_old_xls_or_a_broken_xlsx_says_what_to_do():
    with pytest.raises(roster.RosterFileError) as old:
        roster.parse_bytes(roster.OLD_XLS_MAGIC + b"\x00" * 100)
    assert old.value.message_id == "class.roster.old_xls"
    with pytest.raises(roster.RosterFileError) as broken:
        roster.parse_bytes(roster.XLSX_MAGIC + b"not really a workbook")
    assert broken.value.message_id == "class.roster.bad_xlsx"


def test_a_tab_separated_roster_with_a_title_line_is_read():
    parsed = roster.parse_text("2학년 3반 명렬표\n번호\t성명\n1\t하늘\n2\t바다\n")
    assert [(e.number, e.nickname) for e in parsed.entries] == [(1, "하늘"), (2, "바다")]


def test_a_small_xlsx_that_unpacks_to_something_huge_is_refused_before_it_is_read():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (roster.MAX_XLSX_UNPACKED + 1))
    data = buffer.getvalue()
    assert len(data) < roster.MAX_FILE_BYTES
    with pytest.raises(roster.RosterFileError) as raised:
        roster.parse_bytes(data)
    assert raised.value.message_id == "class.roster.too_large"


def test_a_학번_column_beside_번호_does_not_become_the_number_and_a_total_line_is_not_a_student():
    text = ("2026학년도 2학년 3반\n학번,번호,성명,생년월일\n20301,1,김민준,2012-03-05\n20302,2,이서연,2013-01-09\n"
            ",,,\n계,,,\n")
    parsed = roster.parse_text(text, today=IMPORT_DAY)
    assert [(e.number, e.nickname) for e in parsed.entries] == [(1, "김민준"), (2, "이서연")]
    assert parsed.problems == []  # "계" stands in the 학번 column: not a student, not a problem
    only_학번 = roster.parse_text("학번,성명\n1,김민준\n", today=IMPORT_DAY)
    assert [(e.number, e.nickname) for e in only_학번.entries] == [(1, "김민준")]
    note = roster.parse_text("번호,성명,비고\n1,김민준,\n,,전학 예정\n", today=IMPORT_DAY)
    assert note.problems == [] and len(note.entries) == 1


def test_a_hand_typed_roster_without_birth_dates_leaves_every_age_to_the_teacher():
    parsed = roster.parse_bytes((FIXTURES / "typed_no_birthdates.tsv").read_bytes(), today=IMPORT_DAY)
    assert parsed.problems == [] and not parsed.has_birth_dates
    assert [(e.number, e.nickname, e.age_band) for e in parsed.entries] == [
        (1, "하늘", None), (2, "바다", None), (3, "하늘", None)]
