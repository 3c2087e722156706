"""Recording consent, and what withdrawing it means: everything Jikimi learned about the person goes.

Withdrawal keeps only the roster entry (number, nickname, class) and the consent history (who agreed or
withdrew, and when — the record a school must be able to show). It deletes, in one transaction:

- face references (enrolment photos' encodings, confirmed and rejected faces),
- findings, and evidence and cases about the person,
- the person's linked sources, with the photos seen at them and their per-scan rows,
- the person's scans (with their sealed summaries),
- recommendation and checklist progress,
- cached face analyses of photos that only this person's sources held, and the HTTP cache,

then checkpoints the WAL and rewrites the database file (``VACUUM``; ``secure_delete`` is on), so the deleted
sealed values do not linger in free pages or the journal.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core import consent as consent_rules
from desktop.core.models import CONSENT_STATUSES, Consent
from desktop.store.crypto import Vault
from desktop.store.db import Database, StorageError, utc_now
from desktop.store.persons import CONSENT_NOTE, PersonRepository, wipe_rows


@dataclass(frozen=True)
class WipeReport:
    """How many rows of each kind were deleted (for the log and the tests; never shown with a name)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ConsentService:
    """The one place consent changes are recorded, by the command line and the window alike."""

    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault
        self.persons = PersonRepository(db, vault)

    def record(self, person_id: int, status: str, given_by: str | None = None, note: str | None = None) -> Consent:
        """Record a new consent state. ``withdrawn`` also deletes the person's data (see module doc)."""
        if status not in CONSENT_STATUSES:
            raise StorageError("class.consent.bad_status", status=status)
        self.persons.get(person_id)  # raises person.not_found
        if status == "given" and given_by is None:
            given_by = "guardian"
        if status != "given":
            given_by = None
        if status == "withdrawn":
            self.withdraw(person_id, note)
            return self.persons.consent(person_id)
        return self.persons.record_consent(person_id, status, given_by, note)

    def withdraw(self, person_id: int, note: str | None = None, delete_cases: bool = False) -> WipeReport:
        """Record the withdrawal and delete everything about the person but the roster entry and history, and
        their evidence cases (crisis records), which go only when ``delete_cases`` says the user chose so."""
        self.persons.get(person_id)
        return self.wipe_person_data(person_id, record_withdrawal=True, note=note, keep_cases=not delete_cases)

    def wipe_person_data(self, person_id: int, record_withdrawal: bool = False,
                         note: str | None = None, keep_cases: bool = False) -> WipeReport:
        counts: dict[str, int] = {}
        with self.db.transaction() as conn:
            if record_withdrawal:
                # Recorded first, in the same transaction: if the deletion fails, the withdrawal still
                # is not half-done, and scans are refused from this moment on.
                conn.execute(
                    "INSERT INTO consents(person_id, status, given_by, scope, note_enc, recorded_at)"
                    " VALUES (?, 'withdrawn', NULL, ?, ?, ?)",
                    (person_id, consent_rules.SCOPE_ENROL_AND_SCAN,
                     self.vault.seal_text(note, CONSENT_NOTE) if note else None, utc_now()),
                )
            counts.update(wipe_rows(conn, person_id, keep_cases=keep_cases))
        self.db.compact()
        return WipeReport(counts)

    def data_left(self, person_id: int) -> dict[str, int]:
        """Rows still held about a person, per table (all zero after a withdrawal)."""
        queries = {
            "face_references": "SELECT count(*) FROM face_references WHERE person_id = :pid",
            "findings": "SELECT count(*) FROM findings WHERE person_id = :pid",
            "sources": "SELECT count(*) FROM sources WHERE person_id = :pid",
            "photos": "SELECT count(*) FROM photos WHERE source_id IN (SELECT id FROM sources WHERE person_id = :pid)",
            "scans": "SELECT count(*) FROM scans WHERE person_id = :pid",
            "evidence": "SELECT count(*) FROM evidence WHERE person_id = :pid",
            "cases": "SELECT count(*) FROM cases WHERE person_id = :pid",
            "recommendation_progress": "SELECT count(*) FROM recommendation_progress WHERE person_id = :pid",
            "checklist_progress": "SELECT count(*) FROM checklist_progress WHERE person_id = :pid",
        }
        return {label: self.db.query_one(sql, {"pid": person_id})[0] for label, sql in queries.items()}
