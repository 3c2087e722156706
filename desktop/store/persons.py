"""People (children, students, oneself) and their consent records, stored encrypted."""

from __future__ import annotations

import builtins
import unicodedata
from dataclasses import dataclass

from desktop.core import consent as consent_rules
from desktop.core.models import AGE_BANDS, ROLES, Consent, Person
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, StorageError, inserted_id, utc_now

NAME = "persons.name"
CONSENT_NOTE = "consents.note"
CLASS_NAME = "classes.name"  # a class's name, sealed (by ``classes``, which imports it from here)


class ConsentRequired(StorageError):
    """The person may not be enrolled or scanned yet; ``reason_id`` says why. ``person`` and ``consent`` let a
    screen or the command line say how to record what is missing."""

    def __init__(self, reason_id: str, person: Person | None = None, consent: Consent | None = None,
                 class_name: str | None = None):
        super().__init__(reason_id)
        self.person = person
        self.consent = consent
        self.class_name = class_name  # a student's class: their consent is recorded on the class roster


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class Progress:
    """How far along a person is: faces enrolled, sources linked, and whether a scan finished, with the last
    finished scan's score."""

    faces_enrolled: int
    sources_linked: int
    scanned: bool = False
    risk_score: int | None = None
    risk_level: str | None = None


class PersonRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault
        self.damaged_ids: list[int] = []  # records the last list() could not decrypt (a flipped bit on disk)

    def _person(self, row) -> Person:
        return Person(
            id=row["id"],
            name=self.vault.open_text(row["name_enc"], NAME),
            role=row["role"],
            age_band=row["age_band"],
            created_at=row["created_at"],
            class_id=row["class_id"],
            student_number=row["student_number"],
        )

    def case_count(self, person_id: int) -> int:
        """How many evidence cases are filed for this person (what "delete" would keep unless asked)."""
        return self.db.count("SELECT count(*) FROM cases WHERE person_id = ?", (person_id,))

    def add(
        self,
        name: str,
        role: str = "child",
        age_band: str | None = None,
        consent_by: list[str] | tuple[str, ...] = (),
        class_id: int | None = None,
        student_number: int | None = None,
    ) -> Person:
        clean = " ".join(name.split())
        if not clean:
            raise StorageError("person.name_empty")
        if role not in ROLES:
            raise StorageError("person.bad_role", role=role)
        if age_band is not None and age_band not in AGE_BANDS:
            raise StorageError("person.bad_age_band", age_band=age_band)
        index = self.vault.index(normalise_name(clean), NAME)
        now = utc_now()
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM persons WHERE name_index = ?", (index,)).fetchone():
                raise StorageError("person.exists", name=clean)
            cursor = conn.execute(
                "INSERT INTO persons(name_index, name_enc, role, age_band, class_id, student_number, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (index, self.vault.seal_text(clean, NAME), role, age_band, class_id, student_number, now),
            )
            person_id = inserted_id(cursor)
            given_by = consent_rules.combine_confirmations(list(consent_by))
            status = "given" if given_by else "none"
            conn.execute(
                "INSERT INTO consents(person_id, status, given_by, scope, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (person_id, status, given_by, consent_rules.SCOPE_ENROL_AND_SCAN, now),
            )
        return self.get(person_id)

    def get(self, person_id: int) -> Person:
        row = self.db.query_one("SELECT * FROM persons WHERE id = ?", (person_id,))
        if row is None:
            raise StorageError("person.not_found", name=str(person_id))
        return self._person(row)

    def find(self, name: str) -> Person | None:
        """The person called ``name``. A student is found by their name too (their index is their class and
        number); when two students share it, :class:`StorageError` ``person.ambiguous_student`` says to use the
        class and number instead."""
        index = self.vault.index(normalise_name(name), NAME)
        row = self.db.query_one("SELECT * FROM persons WHERE name_index = ?", (index,))
        if row:
            return self._person(row)
        key = normalise_name(name)
        students = [self._person(r) for r in self.db.query("SELECT * FROM persons WHERE role = 'student'")]
        found = [person for person in students if normalise_name(person.name) == key]
        if len(found) > 1:
            raise StorageError("person.ambiguous_student", name=found[0].name, count=len(found))
        return found[0] if found else None

    def require(self, name: str) -> Person:
        person = self.find(name)
        if person is None:
            raise StorageError("person.not_found", name=name)
        return person

    def list(self, role: str | None = None, class_id: int | None = None) -> list[Person]:
        sql = "SELECT * FROM persons WHERE 1 = 1"
        params: list[str | int] = []
        if role:
            sql += " AND role = ?"
            params.append(role)
        if class_id is not None:
            sql += " AND class_id = ?"
            params.append(class_id)
        people, self.damaged_ids = [], []
        for row in self.db.query(sql + " ORDER BY id", tuple(params)):
            try:
                people.append(self._person(row))
            except DecryptionFailed:  # one damaged record must not hide everyone else: it is named instead
                self.damaged_ids.append(row["id"])
        return sorted(people, key=lambda p: (p.student_number or 0, p.name.casefold()))

    def enrolled_ids(self) -> builtins.list[int]:
        """Everyone with reference faces: the people a scan's matcher tells apart."""
        return [r["person_id"] for r in self.db.query("SELECT DISTINCT person_id FROM face_references")]

    def progress(self, person_id: int) -> Progress:
        faces = self.db.count("SELECT count(*) FROM face_references WHERE person_id = ? AND origin = 'enrolment'",
                              (person_id,))
        sources = self.db.count("SELECT count(*) FROM sources WHERE person_id = ?", (person_id,))
        scan = self.db.query_one("SELECT risk_score, risk_level FROM scans WHERE person_id = ? AND state = 'done'"
                                 " ORDER BY id DESC LIMIT 1", (person_id,))
        if scan is None:
            return Progress(faces, sources)
        return Progress(faces, sources, True, scan["risk_score"], scan["risk_level"])

    def record_consent(
        self, person_id: int, status: str, given_by: str | None = None, note: str | None = None
    ) -> Consent:
        now = utc_now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO consents(person_id, status, given_by, scope, note_enc, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    status,
                    given_by,
                    consent_rules.SCOPE_ENROL_AND_SCAN,
                    self.vault.seal_text(note, CONSENT_NOTE) if note else None,
                    now,
                ),
            )
        recorded = self.consent(person_id)
        assert recorded is not None, "the consent was inserted just above"
        return recorded

    def consent(self, person_id: int) -> Consent | None:
        row = self.db.query_one(
            "SELECT * FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 1", (person_id,)
        )
        if row is None:
            return None
        note = self.vault.open_text(row["note_enc"], CONSENT_NOTE) if row["note_enc"] else None
        return Consent(row["status"], row["given_by"], row["scope"], row["recorded_at"], note)

    def consent_history(self, person_id: int) -> builtins.list[Consent]:
        rows = self.db.query("SELECT * FROM consents WHERE person_id = ? ORDER BY id", (person_id,))
        return [Consent(r["status"], r["given_by"], r["scope"], r["recorded_at"]) for r in rows]

    def require_consent(self, person: Person) -> None:
        """Raise :class:`ConsentRequired` unless this person may be enrolled and scanned."""
        consent = self.consent(person.id)
        reason = consent_rules.refusal_reason(person, consent)
        if reason:
            raise ConsentRequired(reason, person, consent, self._class_name(person.class_id))

    def _class_name(self, class_id: int | None) -> str | None:
        """A student's class name, for the consent message (read here: ``classes`` builds on this module)."""
        if class_id is None:
            return None
        row = self.db.query_one("SELECT name_enc FROM classes WHERE id = ?", (class_id,))
        if row is None:
            raise StorageError("class.not_found", name=str(class_id))
        return self.vault.open_text(row["name_enc"], CLASS_NAME)
