"""Reading a class roster (student number, name, optional birth date) from a CSV or .xlsx file, or one typed-in line.

Qt-free and free of storage: this module turns bytes into checked rows and a list of problems, each with the
line it was found on. The repository (``desktop/store/classes.py``) adds the checks that need the database
(a number already in the class, a nickname already used) and imports all rows or none.

Accepted files:

- Encodings: UTF-8 with or without a byte-order mark, and the Korean Excel encodings CP949 / EUC-KR
  (EUC-KR is a subset of CP949, so one CP949 decoder reads both). UTF-8 is tried first and strictly; Korean
  text in CP949 is practically never valid UTF-8, so the first decoder that succeeds is the right one.
- Delimiters: comma, tab or semicolon (whichever the first non-empty line uses most).
- Excel workbooks (``.xlsx``, read with openpyxl; the first sheet). The old binary ``.xls`` is refused with
  advice to save as ``.xlsx`` or CSV.
- An optional header row naming the columns in Korean or English (번호/number, 별명/이름/성명/nickname/name,
  …), as a school information system exports it (``학년,반,번호,성명,성별,생년월일``); a header may put the columns
  in any order, and may come after title lines (NEIS puts "2026학년도 2학년 3반 학생 명렬표" above it): the first
  of the first ``HEADER_SEARCH_ROWS`` non-empty rows that names a column is the header, rows above it are
  skipped.
- A birth-date column (생년월일/birth date, ``2012-03-05``, ``2012.3.5``, ``20120305``, an Excel date) gives each
  student's age band (under 14 / 14 or older, in full years on the day of import); the date itself is not kept.
- Two students may share a name: a student is their class and number.
- A header naming only one of the two columns is refused with a message saying which is missing (the other
  column is never guessed: next to 번호 there is usually 반, not a name). Without a header the first column is
  the number and the second the name. Other columns are ignored: the roster keeps only numbers and names (and
  the age band a birth date gives).
- Blank lines are skipped.
- Size: a class roster is small. A file over ``MAX_FILE_BYTES`` or with more than ``MAX_STUDENTS`` rows is
  refused as a whole (it is not a class roster, or several classes in one file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_NICKNAME = 30
MAX_NUMBER = 9999
MAX_FILE_BYTES = 1024 * 1024  # 1 MB: a roster of a few hundred students is a few kilobytes
MAX_STUDENTS = 200  # per file: one class's roster (a year group is imported class by class)
DELIMITERS = (",", "\t", ";")
HEADER_SEARCH_ROWS = 10  # title lines a school export may put above the header
TEEN_AGE = 14  # from 14 the student's own agreement is needed too (desktop.core.consent)
XLSX_MAGIC = b"PK\x03\x04"
OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_XLSX_UNPACKED = 30 * 1024 * 1024  # an .xlsx is a zip: what it unpacks to is limited too


def _label(cell: str) -> str:
    """A header cell as compared: NFKC, case-folded, without spaces or underscores ("Student_No" -> "studentno")."""
    folded = unicodedata.normalize("NFKC", cell).strip().casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "_")


NUMBER_HEADERS = frozenset(_label(h) for h in (
    "번호", "출석번호", "학생번호", "학번", "number", "no", "no.", "num", "#", "student number", "student no",
    "student no.",
))
# 학번 (e.g. 20301: year, class, number) is the number only when there is no 번호 column beside it.
SCHOOL_ID_HEADERS = frozenset(_label(h) for h in ("학번", "학생번호"))
NICKNAME_HEADERS = frozenset(_label(h) for h in (
    "별명", "이름", "성명", "학생명", "학생 성명", "학생 이름", "이름(별명)", "별명(이름)", "닉네임", "학생",
    "nickname", "name", "nick", "student", "student name", "full name",
))
BIRTH_HEADERS = frozenset(_label(h) for h in (
    "생년월일", "생일", "출생일", "출생년월일", "birth date", "birthdate", "date of birth", "dob", "birthday",
))


class RosterFileError(Exception):
    """The file as a whole cannot be read as a roster; ``message_id`` says why."""

    def __init__(self, message_id: str, **values: object):
        super().__init__(message_id)
        self.message_id = message_id
        self.values = values


@dataclass(frozen=True)
class RosterEntry:
    line: int
    number: int
    nickname: str
    age_band: str | None = None  # from the birth-date column, when the file has one and the cell is filled in


@dataclass(frozen=True)
class RosterProblem:
    """One bad row: the line it is on, a message id for the reason, and the values the message needs."""

    line: int
    reason_id: str
    values: dict = field(default_factory=dict)


def read_file(path: str | Path) -> bytes:
    """The bytes of a roster file, read no further than the size limit. Raises :class:`RosterFileError` with a
    translated reason (not found, not allowed, a folder, too large, other) instead of the system's own words."""
    path = Path(path).expanduser()
    if path.is_dir():  # checked first: Windows says "permission denied" for a folder
        raise RosterFileError("class.roster.file_is_folder", path=str(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise RosterFileError("class.roster.file_not_found", path=str(path)) from exc
    except PermissionError as exc:
        raise RosterFileError("class.roster.file_not_allowed", path=str(path)) from exc
    except OSError as exc:
        raise RosterFileError("class.roster.file_unreadable", path=str(path)) from exc
    check_size(data)
    return data


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError("class.roster.too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))


@dataclass
class RosterParse:
    entries: list[RosterEntry]
    problems: list[RosterProblem]
    encoding: str
    had_header: bool
    has_birth_dates: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a roster file and the encoding it was in ("utf-8", "utf-16" or "cp949")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise RosterFileError("class.roster.undecodable") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            raise RosterFileError("class.roster.undecodable") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise RosterFileError("class.roster.undecodable") from exc


def clean_nickname(text: str) -> str:
    """Whitespace collapsed, NFC, and no control characters (a stray NUL or escape would reach PDFs and screens)."""
    visible = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return unicodedata.normalize("NFC", " ".join(visible.split()))


def parse_number(text: str) -> int | None:
    """``" 07 "`` -> 7; full-width digits are accepted; anything else -> None."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.endswith(".0") and cleaned[:-2].isdigit():  # Excel sometimes writes 7.0
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        return None
    return int(cleaned)


def check_entry(number_text: str, nickname_text: str, line: int = 0) -> tuple[RosterEntry | None, list[RosterProblem]]:
    """Validate one row on its own (used for files and for a student typed in)."""
    problems: list[RosterProblem] = []
    number_raw = number_text.strip()
    nickname = clean_nickname(nickname_text)
    number = None
    if not number_raw:
        problems.append(RosterProblem(line, "class.roster.missing_number"))
    else:
        number = parse_number(number_raw)
        if number is None:
            problems.append(RosterProblem(line, "class.roster.not_a_number", {"value": number_raw[:20]}))
        elif not 1 <= number <= MAX_NUMBER:
            problems.append(RosterProblem(line, "class.roster.number_out_of_range", {"value": number,
                                                                                   "max": MAX_NUMBER}))
            number = None
    if not nickname:
        problems.append(RosterProblem(line, "class.roster.empty_nickname"))
    elif len(nickname) > MAX_NICKNAME:
        problems.append(RosterProblem(line, "class.roster.nickname_too_long", {"length": len(nickname),
                                                                              "max": MAX_NICKNAME}))
    if problems or number is None:
        return None, problems
    return RosterEntry(line, number, nickname), []


def _delimiter(text: str) -> str:
    """The delimiter used most on the first lines (a title line above the header may have none)."""
    lines = [raw for raw in text.splitlines() if raw.strip()][:HEADER_SEARCH_ROWS + 2]
    counts = {d: sum(raw.count(d) for raw in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Columns:
    number: int
    nickname: int
    birth: int | None = None


def _header_columns(cells: list[str]) -> tuple[int | None, int | None, int | None] | None:
    """Column positions of (number, nickname, birth date) when ``cells`` is a header row, else None. A header
    names the number or the name column and holds no number (``2,3,7,김민지`` is a student, even next to a
    column called "no"); a position is None when the header does not name that column."""
    if any(parse_number(cell) is not None for cell in cells):
        return None
    number_col = nickname_col = birth_col = None
    for position, cell in enumerate(cells):
        label = _label(cell)
        if label in NUMBER_HEADERS and (number_col is None or (_label(cells[number_col]) in SCHOOL_ID_HEADERS
                                                             and label not in SCHOOL_ID_HEADERS)):
            number_col = position
        elif nickname_col is None and label in NICKNAME_HEADERS:
            nickname_col = position
        elif birth_col is None and label in BIRTH_HEADERS:
            birth_col = position
    if number_col is None and nickname_col is None:
        return None
    return number_col, nickname_col, birth_col


def _columns_of_header(cells: list[str], header: tuple[int | None, int | None, int | None]) -> Columns:
    """The positions, or :class:`RosterFileError` naming the column the header does not have."""
    number_col, nickname_col, birth_col = header
    if nickname_col is None:
        assert number_col is not None, "a header is found only by one of its two columns"
        raise RosterFileError("class.roster.no_nickname_column", column=cells[number_col].strip())
    if number_col is None:
        raise RosterFileError("class.roster.no_number_column", column=cells[nickname_col].strip())
    return Columns(number_col, nickname_col, birth_col)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4}|\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?$"),  # 2012-03-05, 2012.3.5, 12.03.05
    re.compile(r"^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일$"),  # 2012년 3월 5일
    re.compile(r"^(\d{4}|\d{2})(\d{2})(\d{2})$"),  # 20120305, 120305
)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # a date cell saved as a number ("41003") counts days from here


def _full_year(year: str) -> int:
    """``12`` -> 2012, ``98`` -> 1998: a two-digit year is the most recent such year, not in the future."""
    if len(year) == 4:
        return int(year)
    this_year = dt.date.today().year
    full = this_year // 100 * 100 + int(year)
    return full if full <= this_year else full - 100


def parse_date(text: str) -> dt.date | None:
    """A date as schools write it, or None when it is not one (``2012-03-05``, ``2012.3.5``, ``20120305``,
    ``2012년 3월 5일``; an Excel date arrives as ``2012-03-05`` or ``2012-03-05 00:00:00``)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"[ T]00:00(:00)?$", "", cleaned)
    if re.fullmatch(r"[34]\d{4}(\.0)?", cleaned):  # an Excel date serial (1982-2173) exported as a number
        return EXCEL_EPOCH + dt.timedelta(days=int(float(cleaned)))
    for pattern in _DATE_PATTERNS:
        found = pattern.match(cleaned)
        if found:
            try:
                return dt.date(_full_year(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                return None
    return None


def age_on(birth: dt.date, today: dt.date) -> int:
    """Age in full years (만 나이) on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_band_of(birth: dt.date, today: dt.date) -> str:
    return "14to17" if age_on(birth, today) >= TEEN_AGE else "under14"


def _birth_problem(text: str, birth: dt.date | None, today: dt.date, line: int) -> RosterProblem | None:
    if birth is None:
        return RosterProblem(line, "class.roster.bad_birth_date", {"value": text.strip()[:20]})
    if birth > today or not 5 <= age_on(birth, today) <= 19:  # a school student; a typo in the year otherwise
        return RosterProblem(line, "class.roster.birth_date_not_a_student", {"value": birth.isoformat()})
    return None


def _cell(cells: list[str], position: int | None) -> str:
    return cells[position] if position is not None and position < len(cells) else ""


def _check_row(cells: list[str], columns: Columns, line: int,
               today: dt.date) -> tuple[RosterEntry | None, list[RosterProblem]]:
    def cell(position: int | None) -> str:
        return _cell(cells, position)

    entry, problems = check_entry(cell(columns.number), cell(columns.nickname), line)
    birth_text = cell(columns.birth).strip()
    if columns.birth is None or not birth_text:
        return entry, problems
    birth = parse_date(birth_text)
    problem = _birth_problem(birth_text, birth, today, line)
    if problem is not None or birth is None:
        return None, [*problems, *([problem] if problem else [])]
    if entry is None:
        return None, problems
    return RosterEntry(entry.line, entry.number, entry.nickname, age_band_of(birth, today)), problems


def parse_rows(rows: list[tuple[int, list[str]]], encoding: str = "utf-8",
               today: dt.date | None = None) -> RosterParse:
    """Check ``(line, cells)`` rows: find the header (title lines above it are skipped), then one student per
    row. Two students may share a name; two rows may not share a number."""
    today = today or dt.date.today()
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    columns, had_header, start = Columns(0, 1), False, 0
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = _header_columns(cells)
        if header is not None:
            columns, had_header, start = _columns_of_header(cells, header), True, index + 1
            break
    body = rows[start:]
    if len(body) > MAX_STUDENTS:
        raise RosterFileError("class.roster.too_many_students", count=len(body), max=MAX_STUDENTS)
    entries: list[RosterEntry] = []
    problems: list[RosterProblem] = []
    seen_numbers: dict[int, int] = {}
    for line, cells in body:
        if had_header and not _cell(cells, columns.number).strip() and not _cell(cells, columns.nickname).strip():
            continue  # a note or a total under the roster ("계 25명"), not a student
        entry, found = _check_row(cells, columns, line, today)
        problems.extend(found)
        if entry is None:
            continue
        if entry.number in seen_numbers:
            problems.append(RosterProblem(line, "class.roster.duplicate_number",
                                          {"number": entry.number, "other_line": seen_numbers[entry.number]}))
            continue
        seen_numbers[entry.number] = line
        entries.append(entry)
    if not entries and not problems:
        raise RosterFileError("class.roster.empty")
    return RosterParse(entries, problems, encoding, had_header, has_birth_dates=columns.birth is not None)


def _text_rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RosterFileError("class.roster.unreadable", line=reader.line_num) from exc
        rows.append((previous_end + 1, cells))  # a quoted field may span lines: report where the record starts
        previous_end = reader.line_num
    return rows


def parse_text(text: str, encoding: str = "utf-8", today: dt.date | None = None) -> RosterParse:
    return parse_rows(_text_rows(text), encoding, today)


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet of an .xlsx workbook as ``(row number, cells)``; :class:`RosterFileError` when it is not one."""
    import zipfile

    from openpyxl import load_workbook

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise RosterFileError("class.roster.bad_xlsx") from exc
    if unpacked > MAX_XLSX_UNPACKED:  # a small file that unpacks to gigabytes is not a class roster
        raise RosterFileError("class.roster.too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise RosterFileError("class.roster.bad_xlsx") from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise RosterFileError("class.roster.empty")
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_xlsx_cell(v) for v in values[:60]]))
            if number > MAX_STUDENTS + HEADER_SEARCH_ROWS + 1000:
                break
        return rows
    finally:
        book.close()


def parse_bytes(data: bytes, today: dt.date | None = None) -> RosterParse:
    check_size(data)
    if data.startswith(XLSX_MAGIC):
        return parse_rows(xlsx_rows(data), "xlsx", today)
    if data.startswith(OLD_XLS_MAGIC):
        raise RosterFileError("class.roster.old_xls")
    text, encoding = decode(data)
    return parse_text(text, encoding, today)
