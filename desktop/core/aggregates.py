"""The class overview a teacher sees: totals only, and no total small enough to point at a student.

Input: one :class:`StudentSummary` per consenting student with a finished scan (no names, no photos).
Output: a :class:`ClassOverview` of :class:`Cell` values.

What is counted
- ``students_scanned``: students with a finished scan.
- ``public_account``: students with at least one source *of their own or their family's* whose visibility is
  ``public`` (the school's gallery is nobody's own account); its share of the students scanned, in whole percent.
- ``exposed_photos``: exposed photos (a photo counts once per student it shows) by level (``match``,
  ``possible``) and in total.
- ``signals``: for each signal kind, the number of *students* with at least one exposed photo carrying it
  (so one student with many photos cannot make a kind look common).
- ``top_recommendations``: the recommendations given to the most students (only those given to 3 or more),
  for what a student or family can change themselves.
- ``for_school``: students with photos on the school's own pages, and the recommendations only the school can
  carry out (its pages, its photos), by the same rules.

Faces too small to check
A student whose last scan holds photos the face engine could not fully check (faces at the smallest size it can
see, as in a class photo's back row) may be in more photos than counted. ``students_unsure_photos`` says for how
many students (small-number rules apply); the views say the photo counts may be higher, never that they are all.

Not checked
A student whose last scan could not read one of the pages it should have read (a school page on a local address
without the intranet allowance, a server that was down) has an incomplete result: the photos, signals and
recommendations would undercount. Those cells are then ``not_checked`` (``"not_checked"`` in JSON, "not
checked" in words), never a number; ``students_incomplete`` says for how many students (small-number rules
apply). The public-account count is not checked only when one of the students' own pages was not read.

How small numbers are protected (the rules, in order)
1. If fewer than 3 students were scanned, nothing but that fact is shown ("fewer than 3").
2. A count of 1 or 2 is shown as "fewer than 3" (``"<3"`` in JSON). Zero is shown: it says nothing about
   anyone.
3. A photo count that 1 or 2 students account for is hidden even when it is larger ("hidden", reason
   ``few_students``): ten photos of one student are that student's business.
4. Subtraction: where a group is shown with its total (exposed photos by level), a single hidden cell could
   be recovered as total minus the others. So when exactly one cell of such a group is hidden, the
   next-smallest non-zero shown cell is hidden too (reason ``complementary``); if no other non-zero cell
   exists, the total is hidden instead. We chose complementary suppression over rounding because rounded
   totals still leak through repeated views, and the teacher's numbers stay exact where shown.
   Groups without a total (signals: one student may count under several kinds) need no such step. The public
   account count is shown without its complement, so it needs none either.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

THRESHOLD = 3
LEVELS = ("match", "possible")
# Known signal kinds, in the order they are shown (a fixed order: sorting by value would leak the order of
# hidden cells). Kinds the scan adds later are shown after these, alphabetically.
SIGNAL_KINDS = (
    "clear_face",
    "school_name",
    "class_info",
    "uniform",
    "real_name",
    "location",
    "address",
    "phone",
    "profile_picture",
    "same_photo_elsewhere",
)
TOP_RECOMMENDATIONS = 5

SMALL = "small"
FEW_STUDENTS = "few_students"
COMPLEMENTARY = "complementary"
NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class StudentSummary:
    visibilities: tuple[str, ...] = ()
    exposures: Mapping[str, int] = field(default_factory=dict)
    signals: frozenset[str] = frozenset()
    recommendations: tuple[str, ...] = ()
    # Pages this student's last scan should have read and did not: their own (or family's), the school's.
    unread_own: int = 0
    unread_school: int = 0
    school_photos: int = 0  # exposed photos on the school's own pages
    school_recommendations: tuple[str, ...] = ()  # what only the school can change
    photos_not_fully_checked: int = 0  # photos that may hold faces too small to check

    @property
    def incomplete(self) -> bool:
        return bool(self.unread_own or self.unread_school)


@dataclass(frozen=True)
class Cell:
    value: int
    hidden_reason: str | None = None
    students: int | None = None  # how many students the value comes from, where that matters

    @property
    def shown(self) -> bool:
        return self.hidden_reason is None

    def hide(self, reason: str) -> Cell:
        return Cell(self.value, reason, self.students)

    def public_value(self) -> int | str:
        """What may leave the computer: the number, ``"<3"``, ``"hidden"`` or ``"not_checked"``."""
        if self.shown:
            return self.value
        if self.hidden_reason == NOT_CHECKED:
            return NOT_CHECKED
        return "<3" if self.hidden_reason == SMALL else "hidden"

    def to_json(self) -> dict:
        """For the stored snapshot: a hidden cell keeps its reason only, never its value."""
        if self.shown:
            return {"value": self.value}
        return {"value": 0, "hidden": self.hidden_reason}

    @classmethod
    def from_json(cls, data: dict) -> Cell:
        return cls(int(data.get("value", 0)), data.get("hidden"))


UNKNOWN = Cell(0, NOT_CHECKED)


@dataclass(frozen=True)
class ClassOverview:
    students_scanned: Cell
    enough_students: bool
    public_account: Cell
    public_share_percent: Cell
    exposed_total: Cell
    exposed_by_level: dict[str, Cell]
    signals: list[tuple[str, Cell]]
    top_recommendations: list[tuple[str, Cell]]
    students_incomplete: Cell = Cell(0)
    school_students: Cell = Cell(0)
    school_photos: Cell = Cell(0)
    for_school: list[tuple[str, Cell]] = field(default_factory=list)
    students_unsure_photos: Cell = Cell(0)  # students whose scan has photos with faces too small to check

    @property
    def faces_unchecked(self) -> bool:
        """Whether the counts shown may be a floor (no counts are shown for fewer than 3 students)."""
        return self.enough_students and (not self.students_unsure_photos.shown or self.students_unsure_photos.value > 0)

    @property
    def complete(self) -> bool:
        return self.students_incomplete.shown and self.students_incomplete.value == 0

    def to_dict(self) -> dict:
        data: dict = {"students_scanned": self.students_scanned.public_value(),
                      "enough_students": self.enough_students}
        if self.enough_students or not self.complete:
            data["students_incomplete"] = self.students_incomplete.public_value()
        if not self.enough_students:
            return data
        data["students_with_photos_not_fully_checked"] = self.students_unsure_photos.public_value()
        data["public_account"] = {"students": self.public_account.public_value(),
                                  "share_percent": self.public_share_percent.public_value()}
        data["exposed_photos"] = {"total": self.exposed_total.public_value(),
                                  **{level: cell.public_value() for level, cell in self.exposed_by_level.items()}}
        data["signals"] = {kind: cell.public_value() for kind, cell in self.signals}
        data["top_recommendations"] = [{"id": rec, "students": cell.public_value()}
                                       for rec, cell in self.top_recommendations]
        data["for_school"] = {"students": self.school_students.public_value(),
                              "photos": self.school_photos.public_value(),
                              "recommendations": [{"id": rec, "students": cell.public_value()}
                                                  for rec, cell in self.for_school]}
        return data

    def to_json(self) -> dict:
        """The whole overview for the stored snapshot (no hidden value survives, see :meth:`Cell.to_json`)."""
        pairs = lambda items: [[key, cell.to_json()] for key, cell in items]  # noqa: E731
        return {
            "students_scanned": self.students_scanned.to_json(), "enough_students": self.enough_students,
            "public_account": self.public_account.to_json(), "public_share": self.public_share_percent.to_json(),
            "exposed_total": self.exposed_total.to_json(),
            "exposed_by_level": pairs(self.exposed_by_level.items()),
            "signals": pairs(self.signals), "top_recommendations": pairs(self.top_recommendations),
            "students_incomplete": self.students_incomplete.to_json(),
            "school_students": self.school_students.to_json(), "school_photos": self.school_photos.to_json(),
            "for_school": pairs(self.for_school),
            "students_unsure_photos": self.students_unsure_photos.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> ClassOverview:
        cell = Cell.from_json
        pairs = lambda key: [(name, cell(value)) for name, value in data.get(key, [])]  # noqa: E731
        return cls(
            cell(data["students_scanned"]), bool(data["enough_students"]), cell(data["public_account"]),
            cell(data["public_share"]), cell(data["exposed_total"]), dict(pairs("exposed_by_level")),
            pairs("signals"), pairs("top_recommendations"), cell(data.get("students_incomplete", {})),
            cell(data.get("school_students", {})), cell(data.get("school_photos", {})), pairs("for_school"),
            cell(data.get("students_unsure_photos", {})),
        )


def small_count(value: int, students: int | None = None) -> Cell:
    """Rules 2 and 3 for one count."""
    if 0 < value < THRESHOLD:
        return Cell(value, SMALL, students)
    if students is not None and 0 < students < THRESHOLD:
        return Cell(value, FEW_STUDENTS, students)
    return Cell(value, None, students)


def protect_group(cells: dict[str, Cell], total: Cell) -> tuple[dict[str, Cell], Cell]:
    """Rule 4: make sure no hidden cell equals the total minus the shown ones."""
    cells = dict(cells)
    while total.shown:
        hidden = [key for key, cell in cells.items() if not cell.shown]
        if len(hidden) != 1:
            break
        candidates = sorted((cell.value, key) for key, cell in cells.items() if cell.shown and cell.value > 0)
        if candidates:
            key = candidates[0][1]
            cells[key] = cells[key].hide(COMPLEMENTARY)
        else:
            total = total.hide(COMPLEMENTARY)
    return cells, total


def _signal_order(kinds: Iterable[str]) -> list[str]:
    return list(SIGNAL_KINDS) + sorted(set(kinds) - set(SIGNAL_KINDS))


def _ranked(counts: Counter) -> list[tuple[str, Cell]]:
    ranked = sorted((rec for rec, count in counts.items() if count >= THRESHOLD), key=lambda rec: (-counts[rec], rec))
    return [(rec, Cell(counts[rec])) for rec in ranked[:TOP_RECOMMENDATIONS]]


def class_overview(summaries: list[StudentSummary]) -> ClassOverview:
    scanned = len(summaries)
    scanned_cell = small_count(scanned)
    incomplete = small_count(sum(1 for s in summaries if s.incomplete))
    unsure = small_count(sum(1 for s in summaries if s.photos_not_fully_checked))
    if scanned < THRESHOLD:
        empty = Cell(0, SMALL if scanned else None)
        return ClassOverview(scanned_cell, False, empty, empty, empty, {}, [], [], incomplete,
                             students_unsure_photos=unsure)

    public = sum(1 for s in summaries if "public" in s.visibilities)
    public_cell = small_count(public)
    share = Cell(round(100 * public / scanned))
    if public_cell.hidden_reason is not None:  # the count is not shown, so neither is its share
        share = share.hide(public_cell.hidden_reason)
    if any(s.unread_own for s in summaries):
        public_cell, share = UNKNOWN, UNKNOWN

    level_cells = {}
    for level in LEVELS:
        photos = sum(int(s.exposures.get(level, 0)) for s in summaries)
        students = sum(1 for s in summaries if s.exposures.get(level, 0) > 0)
        level_cells[level] = small_count(photos, students)
    total_photos = sum(cell.value for cell in level_cells.values())
    total_students = sum(1 for s in summaries if any(s.exposures.get(level, 0) > 0 for level in LEVELS))
    level_cells, total_cell = protect_group(level_cells, small_count(total_photos, total_students))

    signal_counts = Counter(kind for s in summaries for kind in set(s.signals))
    signals = [(kind, small_count(signal_counts.get(kind, 0))) for kind in _signal_order(signal_counts)]

    top = _ranked(Counter(rec for s in summaries for rec in set(s.recommendations)))

    school_with = [s for s in summaries if s.school_photos > 0]
    school_students = small_count(len(school_with))
    school_photos = small_count(sum(s.school_photos for s in school_with), len(school_with))
    for_school = _ranked(Counter(rec for s in summaries for rec in set(s.school_recommendations)))

    if not incomplete.shown or incomplete.value:
        # Some pages were not read: every count of what was found would undercount. Not checked, never a number.
        level_cells = {level: UNKNOWN for level in level_cells}
        total_cell, school_students, school_photos = UNKNOWN, UNKNOWN, UNKNOWN
        signals = [(kind, UNKNOWN) for kind, _ in signals]
    return ClassOverview(scanned_cell, True, public_cell, share, total_cell, level_cells, signals, top, incomplete,
                         school_students, school_photos, for_school, unsure)
