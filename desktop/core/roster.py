"""Reading a class roster (student number, nickname) from a CSV file or from one typed-in line.

Qt-free and free of storage: this module turns bytes into checked rows and a list of problems, each with the
line it was found on. The repository (``desktop/store/classes.py``) adds the checks that need the database
(a number already in the class, a nickname already used) and imports all rows or none.

Accepted files:

- Encodings: UTF-8 with or without a byte-order mark, and the Korean Excel encodings CP949 / EUC-KR
  (EUC-KR is a subset of CP949, so one CP949 decoder reads both). UTF-8 is tried first and strictly; Korean
  text in CP949 is practically never valid UTF-8, so the first decoder that succeeds is the right one.
- Delimiters: comma, tab or semicolon (whichever the first non-empty line uses most).
- An optional header row naming the columns in Korean or English (번호/number, 별명/이름/성명/nickname/name,
  …), as a school information system exports it (``학년,반,번호,성명,성별``); a header may put the columns in
  any order. A header naming only one of the two columns is refused with a message saying which is missing
  (the other column is never guessed: next to 번호 there is usually 반, not a name). Without a header the first
  column is the number and the second the nickname. Other columns are ignored: the roster keeps only numbers
  and nicknames.
- Blank lines are skipped.
- Size: a class roster is small. A file over ``MAX_FILE_BYTES`` or with more than ``MAX_STUDENTS`` rows is
  refused as a whole (it is not a class roster, or several classes in one file).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_NICKNAME = 30
MAX_NUMBER = 9999
MAX_FILE_BYTES = 1024 * 1024  # 1 MB: a roster of a few hundred students is a few kilobytes
MAX_STUDENTS = 200  # per file: one class's roster (a year group is imported class by class)
DELIMITERS = (",", "\t", ";")


def _label(cell: str) -> str:
    """A header cell as compared: NFKC, case-folded, without spaces or underscores ("Student_No" -> "studentno")."""
    folded = unicodedata.normalize("NFKC", cell).strip().casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "_")


NUMBER_HEADERS = frozenset(_label(h) for h in (
    "번호", "출석번호", "학생번호", "학번", "number", "no", "no.", "num", "#", "student number", "student no",
    "student no.",
))
NICKNAME_HEADERS = frozenset(_label(h) for h in (
    "별명", "이름", "성명", "학생명", "학생 성명", "학생 이름", "이름(별명)", "별명(이름)", "닉네임", "학생",
    "nickname", "name", "nick", "student", "student name", "full name",
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
    for raw in text.splitlines():
        if raw.strip():
            counts = {d: raw.count(d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _header_columns(cells: list[str]) -> tuple[int | None, int | None] | None:
    """Column positions of (number, nickname) when ``cells`` is a header row, else None. A header names at least
    one of the two columns and holds no number (``2,3,7,김민지`` is a student, even next to a column called
    "no"); a position is None when the header does not name that column."""
    if any(parse_number(cell) is not None for cell in cells):
        return None
    number_col = nickname_col = None
    for position, cell in enumerate(cells):
        label = _label(cell)
        if number_col is None and label in NUMBER_HEADERS:
            number_col = position
        elif nickname_col is None and label in NICKNAME_HEADERS:
            nickname_col = position
    if number_col is None and nickname_col is None:
        return None
    return number_col, nickname_col


def _columns_of_header(cells: list[str], header: tuple[int | None, int | None]) -> tuple[int, int]:
    """Both positions, or :class:`RosterFileError` naming the column the header does not have."""
    number_col, nickname_col = header
    if nickname_col is None:
        raise RosterFileError("class.roster.no_nickname_column", column=cells[number_col].strip())
    if number_col is None:
        raise RosterFileError("class.roster.no_number_column", column=cells[nickname_col].strip())
    return number_col, nickname_col


def parse_text(text: str, encoding: str = "utf-8") -> RosterParse:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    entries: list[RosterEntry] = []
    problems: list[RosterProblem] = []
    columns: tuple[int, int] | None = None
    had_header = False
    seen_numbers: dict[int, int] = {}
    seen_nicknames: dict[str, int] = {}
    first = True
    previous_end = 0
    rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RosterFileError("class.roster.unreadable", line=reader.line_num) from exc
        line = previous_end + 1  # a quoted field may span lines: report where the record starts
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if first:
            first = False
            header = _header_columns(cells)
            if header is not None:
                columns, had_header = _columns_of_header(cells, header), True
                continue
        rows += 1
        if rows > MAX_STUDENTS:
            continue  # counted only: the whole file is refused below
        number_col, nickname_col = columns or (0, 1)
        number_text = cells[number_col] if number_col < len(cells) else ""
        nickname_text = cells[nickname_col] if nickname_col < len(cells) else ""
        entry, found = check_entry(number_text, nickname_text, line)
        problems.extend(found)
        if entry is None:
            continue
        if entry.number in seen_numbers:
            problems.append(RosterProblem(line, "class.roster.duplicate_number",
                                          {"number": entry.number, "other_line": seen_numbers[entry.number]}))
            continue
        key = entry.nickname.casefold()
        if key in seen_nicknames:
            problems.append(RosterProblem(line, "class.roster.duplicate_nickname",
                                          {"nickname": entry.nickname, "other_line": seen_nicknames[key]}))
            continue
        seen_numbers[entry.number] = line
        seen_nicknames[key] = line
        entries.append(entry)
    if rows > MAX_STUDENTS:
        raise RosterFileError("class.roster.too_many_students", count=rows, max=MAX_STUDENTS)
    if not entries and not problems:
        raise RosterFileError("class.roster.empty")
    return RosterParse(entries, problems, encoding, had_header)


def parse_bytes(data: bytes) -> RosterParse:
    check_size(data)
    text, encoding = decode(data)
    return parse_text(text, encoding)
