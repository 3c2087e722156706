"""People (children, students, oneself) and their consent records, stored encrypted."""

from __future__ import annotations

import unicodedata

from desktop.core import consent as consent_rules
from desktop.core.models import AGE_BANDS, ROLES, Consent, Person
from desktop.store.crypto import Vault
from desktop.store.db import Database, StorageError, utc_now

NAME = "persons.name"
CONSENT_NOTE = "consents.note"


# Photos that belong to this person's sources; used by several statements below.
_PERSON_PHOTOS = "SELECT p.id FROM photos p JOIN sources s ON s.id = p.source_id WHERE s.person_id = :pid"
_ORPHAN_CONTENT = (
    "SELECT p.content_index FROM photos p JOIN sources s ON s.id = p.source_id"
    " WHERE s.person_id = :pid AND p.content_index IS NOT NULL"
    " AND p.content_index NOT IN (SELECT q.content_index FROM photos q JOIN sources t ON t.id = q.source_id"
    "   WHERE (t.person_id IS NULL OR t.person_id != :pid) AND q.content_index IS NOT NULL)"
)

# Everything learned about a person, shared by "delete this person" and consent withdrawal (one
# implementation for both). (label, statement). Order matters: caches are found through the photos before the photos go.
WIPE_STATEMENTS: list[tuple[str, str]] = [
    ("face_cache", f"DELETE FROM face_cache WHERE content_index IN ({_ORPHAN_CONTENT})"),
    # The HTTP cache holds sealed copies of listing pages (feeds, profile answers) keyed by URL alone, with no
    # link to a person that SQL could follow; it is only a speed-up, so all of it goes (the next scan of
    # anyone else downloads in full once).
    ("http_cache", "DELETE FROM http_cache"),
    ("evidence", "DELETE FROM evidence WHERE person_id = :pid OR case_id IN "
                 "(SELECT id FROM cases WHERE person_id = :pid) OR finding_id IN "
                 "(SELECT id FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + "))"),
    ("case_events", "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE person_id = :pid)"),
    ("cases", "DELETE FROM cases WHERE person_id = :pid"),
    ("findings", "DELETE FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + ")"),
    ("face_references", "DELETE FROM face_references WHERE person_id = :pid"),
    ("scan_sources", "DELETE FROM scan_sources WHERE source_id IN (SELECT id FROM sources WHERE person_id = :pid)"
                     " OR scan_id IN (SELECT id FROM scans WHERE person_id = :pid)"),
    ("photos", "DELETE FROM photos WHERE source_id IN (SELECT id FROM sources WHERE person_id = :pid)"),
    ("sources", "DELETE FROM sources WHERE person_id = :pid"),
    ("scans", "DELETE FROM scans WHERE person_id = :pid"),
    ("recommendation_progress", "DELETE FROM recommendation_progress WHERE person_id = :pid"),
    ("checklist_progress", "DELETE FROM checklist_progress WHERE person_id = :pid"),
]


# With ``keep_cases``: the person's evidence cases (crisis records) stay, with their evidence and events; only
# evidence that is in no case goes.
_KEEP_CASES = {
    "evidence": "DELETE FROM evidence WHERE case_id IS NULL AND (person_id = :pid OR finding_id IN "
                "(SELECT id FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + ")))",
    "case_events": None,
    "cases": None,
}


def wipe_rows(conn, person_id: int, keep_cases: bool = False) -> dict[str, int]:
    """Run :data:`WIPE_STATEMENTS` for one person inside the caller's transaction; rows deleted per table.
    ``keep_cases``: the person's evidence cases stay (their evidence no longer points at the findings)."""
    if keep_cases:
        conn.execute("UPDATE evidence SET finding_id = NULL WHERE case_id IN"
                     " (SELECT id FROM cases WHERE person_id = :pid)", {"pid": person_id})
    counts = {}
    for label, statement in WIPE_STATEMENTS:
        if keep_cases and label in _KEEP_CASES:
            statement = _KEEP_CASES[label]
            if statement is None:
                counts[label] = 0
                continue
        counts[label] = conn.execute(statement, {"pid": person_id}).rowcount
    return counts


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


class PersonRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

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
        return self.db.query_one("SELECT count(*) FROM cases WHERE person_id = ?", (person_id,))[0]

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
            person_id = cursor.lastrowid
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
        index = self.vault.index(normalise_name(name), NAME)
        row = self.db.query_one("SELECT * FROM persons WHERE name_index = ?", (index,))
        return self._person(row) if row else None

    def require(self, name: str) -> Person:
        person = self.find(name)
        if person is None:
            raise StorageError("person.not_found", name=name)
        return person

    def list(self, role: str | None = None, class_id: int | None = None) -> list[Person]:
        sql, params = "SELECT * FROM persons WHERE 1 = 1", []
        if role:
            sql += " AND role = ?"
            params.append(role)
        if class_id is not None:
            sql += " AND class_id = ?"
            params.append(class_id)
        people = [self._person(row) for row in self.db.query(sql + " ORDER BY id", tuple(params))]
        return sorted(people, key=lambda p: (p.student_number or 0, p.name.casefold()))

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
        return self.consent(person_id)

    def consent(self, person_id: int) -> Consent | None:
        row = self.db.query_one(
            "SELECT * FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 1", (person_id,)
        )
        if row is None:
            return None
        note = self.vault.open_text(row["note_enc"], CONSENT_NOTE) if row["note_enc"] else None
        return Consent(row["status"], row["given_by"], row["scope"], row["recorded_at"], note)

    def consent_history(self, person_id: int) -> list[Consent]:
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
        and the file rewritten so nothing deleted lingers in free pages. Returns the rows deleted per table.

        Evidence cases are crisis records (a report number, what was captured when): they are kept, no longer
        tied to the person but still naming them, unless ``delete_cases`` says the user explicitly chose to
        delete them too."""
        with self.db.transaction() as conn:
            if not delete_cases:
                self._detach_cases(conn, person_id)
            counts = wipe_rows(conn, person_id)
            counts["consents"] = conn.execute("DELETE FROM consents WHERE person_id = ?", (person_id,)).rowcount
            counts["persons"] = conn.execute("DELETE FROM persons WHERE id = ?", (person_id,)).rowcount
        self.db.compact()
        return counts
