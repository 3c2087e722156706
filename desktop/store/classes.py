"""Classes and their rosters.

A class has a name and an optional school, both sealed. Its students are ``persons`` rows with role
``student``, the class id and a student number; the student's name is the person's (sealed) name. A student is
their class and number: two students may share a name (their ``name_index`` is a keyed hash of class and
number, see :func:`student_index`), and a name can be corrected without touching anything else. A student
is recorded with no consent; a guardian's consent is recorded later (``ConsentService``), and until then they
cannot be enrolled or scanned.

Each student has an age band (``persons.age_band``): ``under14`` or ``14to17`` ("14 or older"), chosen by the
teacher for the students being added and changeable per student. For a student of 14 or older the guardian's
consent is not enough: the student agrees too (``given_by`` ``guardian+self``, see ``desktop.core.consent``).
Students added before age bands existed have none (``NULL``); the rules treat them as under 14 until the
teacher records their age band.
"""

from __future__ import annotations

import builtins
import unicodedata
from dataclasses import dataclass

from desktop.core import consent as consent_rules
from desktop.core import roster
from desktop.core.models import STUDENT_AGE_BANDS, Consent, Person
from desktop.core.roster import RosterEntry, RosterProblem  # by name: ClassRepository.roster hides the module
from desktop.store.consent_service import ConsentService
from desktop.store.crypto import Vault
from desktop.store.db import Database, StorageError, inserted_id, utc_now
from desktop.store.persons import CLASS_NAME, NAME, PersonRepository, normalise_name

CLASS_SCHOOL = "classes.school"
MAX_CLASS_NAME = 60

# What the roster shows for a student's consent: the stored status, refined by who has agreed.
AWAITING_STUDENT = "awaiting_student"  # guardian agreed; the student (14 or older) has not yet
GIVEN_WITH_STUDENT = "given_with_student"  # the guardian and the student both agreed


def roster_state(person: Person, consent: Consent | None) -> str:
    """``none`` / ``requested`` / ``given`` / ``given_with_student`` / ``awaiting_student`` / ``withdrawn`` /
    ``refused``."""
    if consent is None:
        return "none"
    if consent.status != "given":
        return consent.status
    if consent_rules.refusal_reason(person, consent) == "consent.needs_young_person":
        return AWAITING_STUDENT
    if "self" in consent_rules.confirmations(consent.given_by):
        return GIVEN_WITH_STUDENT
    return "given"


@dataclass(frozen=True)
class SchoolClass:
    id: int
    name: str
    school: str | None
    created_at: str
    keep_until: str | None = None  # ISO date: the end of the retention period the letter promised

    def past_retention(self, today: str) -> bool:
        """Whether the promised retention period is over (``today`` as an ISO date): time to delete the class."""
        return self.keep_until is not None and today > self.keep_until


@dataclass(frozen=True)
class RosterMember:
    person: Person
    consent: Consent | None

    @property
    def number(self) -> int:
        return self.person.student_number or 0

    @property
    def nickname(self) -> str:
        return self.person.name

    @property
    def consent_status(self) -> str:
        return self.consent.status if self.consent else "none"

    @property
    def age_band(self) -> str | None:
        return self.person.age_band

    @property
    def consent_state(self) -> str:
        """What the roster shows (see :func:`roster_state`)."""
        return roster_state(self.person, self.consent)

    @property
    def may_be_scanned(self) -> bool:
        return consent_rules.may_process(self.person, self.consent)


MAX_PROBLEMS_SHOWN = 20  # a file in the wrong format has a problem on every line; the first few say why


class RosterRejected(StorageError):
    """Bad rows: nothing was imported. ``problems`` lists the first ``MAX_PROBLEMS_SHOWN`` bad rows with their
    line and reason, ``more`` how many others there are; the message (``class.roster.rejected``, or
    ``class.roster.rejected_more`` when some are left out) says how many there are in all."""

    def __init__(self, problems: list[roster.RosterProblem]):
        total = len(problems)
        if total > MAX_PROBLEMS_SHOWN:
            super().__init__("class.roster.rejected_more", count=total, shown=MAX_PROBLEMS_SHOWN)
        else:
            super().__init__("class.roster.rejected", count=total)
        self.problems = problems[:MAX_PROBLEMS_SHOWN]
        self.more = total - len(self.problems)
        self.total = total


@dataclass(frozen=True)
class ChangedEntry:
    """A number in both the file and the class, under a different name: a typo fixed, or another student."""

    entry: roster.RosterEntry
    member: RosterMember


@dataclass(frozen=True)
class ImportPlan:
    """What importing a roster file would do to a class: add ``new``; ``unchanged`` are there already;
    ``changed`` have the number under another name (never changed by an import: the teacher decides whether it is
    a typo to fix or another student); ``missing`` are in the class but not in the file (never removed by an
    import)."""

    new: list[roster.RosterEntry]
    unchanged: list[RosterMember]
    changed: list[ChangedEntry]
    missing: list[RosterMember]
    encoding: str
    has_birth_dates: bool

    @property
    def need_age_band(self) -> list[roster.RosterEntry]:
        """New students whose age band the file does not give (no birth date): the teacher is asked."""
        return [entry for entry in self.new if entry.age_band is None]


@dataclass(frozen=True)
class ImportResult:
    students: list[Person]
    encoding: str
    plan: ImportPlan | None = None


class AgeBandNeeded(StorageError):
    """Some new students have no birth date in the file and no age band was chosen for them."""

    def __init__(self, entries: list[roster.RosterEntry]):
        super().__init__("class.roster.age_needed", count=len(entries),
                         numbers=", ".join(str(entry.number) for entry in entries[:10])
                         + ("…" if len(entries) > 10 else ""))
        self.entries = entries


def student_index(vault: Vault, class_id: int, number: int) -> bytes:
    """A student's ``persons.name_index``: their class and number (unique), not their name (which may repeat)."""
    return vault.index(f"\x00student\x00{class_id}\x00{number}", NAME)


def _check_age_band(age_band: str) -> None:
    if age_band not in STUDENT_AGE_BANDS:
        raise StorageError("class.bad_age_band", age_band=age_band)


def _class_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


class ClassRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault
        self.persons = PersonRepository(db, vault)
        self.consents = ConsentService(db, vault)

    # --- classes -----------------------------------------------------------------------------------
    def _class(self, row) -> SchoolClass:
        school = self.vault.open_text(row["school_enc"], CLASS_SCHOOL) if row["school_enc"] else None
        return SchoolClass(row["id"], self.vault.open_text(row["name_enc"], CLASS_NAME), school, row["created_at"],
                           row["keep_until"])

    def create(self, name: str, school: str | None = None) -> SchoolClass:
        clean = " ".join(name.split())
        if not clean:
            raise StorageError("class.name_empty")
        if len(clean) > MAX_CLASS_NAME:
            raise StorageError("class.name_too_long", max=MAX_CLASS_NAME)
        if self.find(clean) is not None:
            raise StorageError("class.exists", name=clean)
        school_clean = " ".join((school or "").split()) or None
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO classes(name_enc, school_enc, created_at) VALUES (?, ?, ?)",
                (
                    self.vault.seal_text(clean, CLASS_NAME),
                    self.vault.seal_text(school_clean, CLASS_SCHOOL) if school_clean else None,
                    utc_now(),
                ),
            )
        return self.get(inserted_id(cursor))

    def list(self) -> list[SchoolClass]:
        classes = [self._class(row) for row in self.db.query("SELECT * FROM classes ORDER BY id")]
        return sorted(classes, key=lambda c: _class_key(c.name))

    def get(self, class_id: int) -> SchoolClass:
        row = self.db.query_one("SELECT * FROM classes WHERE id = ?", (class_id,))
        if row is None:
            raise StorageError("class.not_found", name=str(class_id))
        return self._class(row)

    def find(self, name: str) -> SchoolClass | None:
        key = _class_key(name)
        for school_class in self.list():
            if _class_key(school_class.name) == key:
                return school_class
        return None

    def require(self, name: str) -> SchoolClass:
        found = self.find(name)
        if found is None:
            raise StorageError("class.not_found", name=name)
        return found

    def set_keep_until(self, class_id: int, day: str) -> SchoolClass:
        """Record the end of the retention period the letter to families promised (``YYYY-MM-DD``)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE classes SET keep_until = ? WHERE id = ?", (day, class_id))
        return self.get(class_id)

    def deletion_preview(self, class_id: int) -> dict[str, int]:
        """What deleting the class removes, per kind, over all its students (for the confirmation)."""
        counts: dict[str, int] = {"students": 0}
        for member in self.roster(class_id):
            counts["students"] += 1
            for table, count in self.removal_preview(class_id, member.number).items():
                counts[table] = counts.get(table, 0) + count
        counts["sources"] = counts.get("sources", 0) + self._count(
            "SELECT count(*) FROM sources WHERE class_id = ?", (class_id,))
        return counts

    def _count(self, sql: str, params: tuple) -> int:
        row = self.db.query_one(sql, params)
        return int(row[0]) if row is not None else 0

    def delete(self, class_id: int) -> None:
        """The class, its roster and everything about its students go (the same wipe as deleting one person,
        so content-keyed caches go too), then the file is compacted."""
        from desktop.store.locks import wiping
        from desktop.store.wipe import wipe_rows

        students = [row["id"] for row in self.db.query("SELECT id FROM persons WHERE class_id = ?", (class_id,))]
        with wiping(self.db, students), self.db.transaction() as conn:
            students = conn.execute("SELECT id FROM persons WHERE class_id = ?", (class_id,)).fetchall()
            for row in students:
                wipe_rows(conn, row["id"])
            conn.execute(
                "DELETE FROM face_cache WHERE content_index IN (SELECT p.content_index FROM photos p"
                " JOIN sources s ON s.id = p.source_id WHERE s.class_id = ? AND p.content_index IS NOT NULL)",
                (class_id,),
            )
            conn.execute("DELETE FROM classes WHERE id = ?", (class_id,))
        self.db.compact()

    # --- roster ------------------------------------------------------------------------------------
    def roster(self, class_id: int) -> builtins.list[RosterMember]:
        students = self.persons.list(role="student", class_id=class_id)
        return [RosterMember(person, self.persons.consent(person.id)) for person in students]

    def member(self, class_id: int, number: int) -> Person:
        row = self.db.query_one(
            "SELECT id FROM persons WHERE class_id = ? AND student_number = ? AND role = 'student'",
            (class_id, number),
        )
        if row is None:
            raise StorageError("class.no_such_student", number=number)
        return self.persons.get(row["id"])

    def _database_problems(self, class_id: int, entries: builtins.list[RosterEntry]
                           ) -> builtins.list[RosterProblem]:
        taken_numbers = {
            row[0] for row in self.db.query(
                "SELECT student_number FROM persons WHERE class_id = ? AND student_number IS NOT NULL", (class_id,)
            )
        }
        return [roster.RosterProblem(entry.line, "class.roster.number_taken", {"number": entry.number})
                for entry in entries if entry.number in taken_numbers]

    def roster_member(self, class_id: int, number: int) -> RosterMember:
        student = self.member(class_id, number)
        return RosterMember(student, self.persons.consent(student.id))

    def _insert_students(self, class_id: int, entries: builtins.list[RosterEntry],
                         age_band: str | None) -> builtins.list[Person]:
        """All in one transaction: either every student is added or none is. Each student gets the age band
        their birth date gave, else ``age_band``."""
        if age_band is not None:
            _check_age_band(age_band)
        missing = [entry for entry in entries if entry.age_band is None and age_band is None]
        if missing:
            raise AgeBandNeeded(missing)
        now = utc_now()
        ids = []
        with self.db.transaction() as conn:
            for entry in entries:
                index = student_index(self.vault, class_id, entry.number)
                if conn.execute("SELECT 1 FROM persons WHERE class_id = ? AND student_number = ?",
                                (class_id, entry.number)).fetchone():
                    raise RosterRejected([roster.RosterProblem(entry.line, "class.roster.number_taken",
                                                               {"number": entry.number})])
                cursor = conn.execute(
                    "INSERT INTO persons(name_index, name_enc, role, age_band, class_id, student_number, created_at)"
                    " VALUES (?, ?, 'student', ?, ?, ?, ?)",
                    (index, self.vault.seal_text(entry.nickname, NAME), entry.age_band or age_band, class_id,
                     entry.number, now),
                )
                person_id = inserted_id(cursor)
                conn.execute(
                    "INSERT INTO consents(person_id, status, given_by, scope, recorded_at)"
                    " VALUES (?, 'none', NULL, ?, ?)",
                    (person_id, consent_rules.SCOPE_ENROL_AND_SCAN, now),
                )
                ids.append(person_id)
        return [self.persons.get(person_id) for person_id in ids]

    def plan_import(self, class_id: int, data: bytes) -> ImportPlan:
        """What importing this roster would do (nothing is written). Raises :class:`RosterRejected` on any bad
        row, or :class:`desktop.core.roster.RosterFileError` when the file cannot be read as a roster."""
        self.get(class_id)
        parsed = roster.parse_bytes(data)
        if parsed.problems:
            raise RosterRejected(sorted(parsed.problems, key=lambda p: p.line))
        members = {member.number: member for member in self.roster(class_id)}
        new, unchanged, changed = [], [], []
        for entry in parsed.entries:
            member = members.pop(entry.number, None)
            if member is None:
                new.append(entry)
            elif normalise_name(member.nickname) == normalise_name(entry.nickname):
                unchanged.append(member)
            else:
                changed.append(ChangedEntry(entry, member))
        return ImportPlan(new, unchanged, changed, list(members.values()), parsed.encoding, parsed.has_birth_dates)

    def import_roster(self, class_id: int, data: bytes, age_band: str | None = None) -> ImportResult:
        """Import a roster file's bytes: the students not yet in the class are added (an import again adds only
        the new ones; see :meth:`plan_import`). Each gets the age band their birth date gives, else
        ``age_band`` (:class:`AgeBandNeeded` when one is needed and not given). Raises :class:`RosterRejected`
        (nothing imported) on any bad row, or :class:`desktop.core.roster.RosterFileError` when the file cannot be
        read as a roster at all."""
        plan = self.plan_import(class_id, data)
        return ImportResult(self._insert_students(class_id, plan.new, age_band), plan.encoding, plan)

    def import_roster_file(self, class_id: int, path, age_band: str | None = None) -> ImportResult:
        """:meth:`import_roster` on a file: read no further than the size limit, and a file that cannot be opened
        raises :class:`desktop.core.roster.RosterFileError` with a translated reason (not found, not allowed…)."""
        self.get(class_id)
        return self.import_roster(class_id, roster.read_file(path), age_band=age_band)

    def add_student(self, class_id: int, number: str | int, nickname: str, age_band: str = "under14") -> Person:
        """One student typed in; the same checks as a file row."""
        self.get(class_id)
        _check_age_band(age_band)
        entry, problems = roster.check_entry(str(number), nickname)
        if entry is None:  # check_entry gives no entry exactly when it found problems
            raise RosterRejected(problems)
        problems = self._database_problems(class_id, [entry])
        if problems:
            raise RosterRejected(problems)
        return self._insert_students(class_id, [entry], age_band)[0]

    def rename_student(self, class_id: int, number: int, name: str) -> RosterMember:
        """Correct student ``number``'s name (a typo, a name changed); their consent and results stay theirs."""
        student = self.member(class_id, number)
        entry, problems = roster.check_entry(str(number), name)
        if entry is None:
            raise RosterRejected(problems)
        with self.db.transaction() as conn:
            conn.execute("UPDATE persons SET name_enc = ?, name_index = ? WHERE id = ?",
                         (self.vault.seal_text(entry.nickname, NAME), student_index(self.vault, class_id, number),
                          student.id))
        return self.roster_member(class_id, number)

    def removal_preview(self, class_id: int, number: int) -> dict[str, int]:
        """What removing student ``number`` deletes, per kind (rows), for the confirmation that lists it."""
        student = self.member(class_id, number)
        counts = self.consents.data_left(student.id)
        counts["consents"] = self._count("SELECT count(*) FROM consents WHERE person_id = ?", (student.id,))
        return counts

    def remove_student(self, class_id: int, number: int) -> dict[str, int]:
        """Student ``number`` leaves the class (transfer out, or added by mistake): the roster entry, consent
        history, faces, findings, sources and everything derived are deleted. Returns the rows deleted."""
        student = self.member(class_id, number)
        return self.consents.delete_person(student.id)

    def set_age_band(self, class_id: int, number: int, age_band: str) -> RosterMember:
        """Record student ``number``'s age band. Consent already recorded stays as it was, and the rules read it
        against the new band: a student moved to 14 or older on the guardian's word alone may not be enrolled
        or scanned until they agree too."""
        _check_age_band(age_band)
        student = self.member(class_id, number)
        with self.db.transaction() as conn:
            conn.execute("UPDATE persons SET age_band = ? WHERE id = ?", (age_band, student.id))
        return self.roster_member(class_id, number)

    def set_consent(self, class_id: int, number: int, status: str, note: str | None = None,
                    student_agreed: bool = False) -> Consent:
        """Record a guardian's answer for student ``number``; ``withdrawn`` and ``refused`` delete the student's
        data (a refusal normally finds none).

        ``student_agreed``: with ``given``, the student agreed too (needed from 14); recorded as
        ``guardian+self``. Without it, ``given`` records the guardian's confirmation alone."""
        student = self.member(class_id, number)
        given_by = None
        if status == "given":
            given_by = consent_rules.combine_confirmations(["guardian", "self"] if student_agreed else ["guardian"])
        return self.consents.record(student.id, status, given_by=given_by, note=note)
