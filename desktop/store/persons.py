"""People (children, students, oneself) and their consent records, stored encrypted."""

from __future__ import annotations

import builtins
import unicodedata
from dataclasses import dataclass

from desktop.core import consent as consent_rules
from desktop.core.models import AGE_BANDS, ROLES, Consent, Person
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, StorageError, inserted_id, utc_now
from desktop.store.locks import wiping
from desktop.store.wipe import wipe_rows

NAME = "persons.name"
CONSENT_NOTE = "consents.note"


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

    def deletion_counts(self, person_id: int) -> dict[str, int]:
        """What deleting this person removes, counted per table, for the question that lists exactly what goes."""
        from desktop.store.consent_service import ConsentService

        return ConsentService(self.db, self.vault).data_left(person_id)

    def _detach_cases(self, conn, person_id: int) -> None:
        """Keep this person's cases and their evidence when the person goes: the case remembers whose it was
        (sealed, in its detail), and its evidence no longer points at findings that are about to be deleted."""
        from desktop.store.cases import CASE_DETAIL

        row = conn.execute("SELECT name_enc FROM persons WHERE id = ?", (person_id,)).fetchone()
        name = self.vault.open_text(row["name_enc"], NAME) if row else ""
        for case in conn.execute("SELECT id, detail_enc FROM cases WHERE person_id = ?", (person_id,)).fetchall():
            detail = {**self.vault.open_json(case["detail_enc"], CASE_DETAIL), "former_person": name}
            conn.execute("UPDATE cases SET person_id = NULL, detail_enc = ? WHERE id = ?",
                         (self.vault.seal_json(detail, CASE_DETAIL), case["id"]))
            conn.execute("UPDATE evidence SET person_id = NULL, finding_id = NULL WHERE case_id = ?", (case["id"],))

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
            class_name = None
            if person.class_id is not None:
                from desktop.store.classes import ClassRepository  # classes build on this module

                class_name = ClassRepository(self.db, self.vault).get(person.class_id).name
            raise ConsentRequired(reason, person, consent, class_name)

    def delete(self, person_id: int, delete_cases: bool = False) -> dict[str, int]:
        """Everything about this person goes: faces, sources, findings, thumbnails, progress, evidence not filed
        in a case, and the face analyses and HTTP validators cached for photos only this person's sources held
        (those are keyed by content, not by person, so no cascade reaches them). Then the WAL is checkpointed
        and the file rewritten so nothing deleted lingers in free pages. Returns the rows deleted per table. The
        family report files written about a class member are deleted too where still unchanged
        (``report_files``). A scan of the person still running is stopped first (and waited for), so it writes
        nothing afterwards.

        Evidence cases are crisis records (a report number, what was captured when): they are kept, no longer
        tied to the person but still naming them, unless ``delete_cases`` says the user explicitly chose to
        delete them too."""
        from desktop.store.consent_service import cached_photos_with_face
        from desktop.store.family_codes import ClassExports

        with wiping(self.db, [person_id]):
            faces = cached_photos_with_face(self.db, self.vault, person_id)  # shared photos too (a class gallery)
            files = ClassExports(self.db, self.vault).remove(person_id)
            with self.db.transaction() as conn:
                if not delete_cases:
                    self._detach_cases(conn, person_id)
                shared = sum(conn.execute("DELETE FROM face_cache WHERE content_index = ?", (index,)).rowcount
                             for index in faces)
                counts = wipe_rows(conn, person_id)
                counts["face_cache"] += shared
                counts["report_files"] = len(files.deleted)
                counts["consents"] = conn.execute("DELETE FROM consents WHERE person_id = ?", (person_id,)).rowcount
                counts["persons"] = conn.execute("DELETE FROM persons WHERE id = ?", (person_id,)).rowcount
        self.db.compact()
        return counts
