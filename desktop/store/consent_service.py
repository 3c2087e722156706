"""Recording consent, and what withdrawing it means: everything Jikimi learned about the person goes; and what
deleting a person removes (:meth:`ConsentService.delete_person`: their roster entry and consent history go too).
The one owner of these decisions: ``persons`` below keeps the rows and reads consent; ``classes`` builds on both.

Withdrawal keeps only the roster entry (number, nickname, class) and the consent history (who agreed or
withdrew, and when — the record a school must be able to show). It deletes, in one transaction:

- face references (enrolment photos' encodings, confirmed and rejected faces),
- findings, and evidence and cases about the person,
- the person's linked sources, with the photos seen at them and their per-scan rows,
- the person's scans (with their sealed summaries),
- recommendation and checklist progress,
- cached face analyses of photos that only this person's sources held, and the HTTP cache,
- cached face analyses of any photo that holds this person's face (the school's gallery, shared by the class:
  every face in the cache is compared with the person's references before those go), and the family code,
- the class overview snapshots of the person's class (the next class audit makes a new one; recomputing it now
  would let the teacher difference the student's numbers),

then checkpoints the WAL and rewrites the database file (``VACUUM``; ``secure_delete`` is on), so the deleted
sealed values do not linger in free pages or the journal. Last, the family report files written about the person
(``class_exports``) are deleted where they still are, unchanged; the others are listed in the report for the
teacher to delete (a copy on a USB stick is out of Jikimi's reach).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core import consent as consent_rules
from desktop.core.models import CONSENT_STATUSES, Consent
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, StorageError, utc_now
from desktop.store.locks import wiping
from desktop.store.persons import CONSENT_NOTE, NAME, PersonRepository
from desktop.store.wipe import wipe_rows


@dataclass(frozen=True)
class WipeReport:
    """How many rows of each kind were deleted (for the log and the tests; never shown with a name)."""

    counts: dict[str, int]
    files_deleted: tuple = ()  # report files deleted (paths)
    files_left: tuple = ()  # report files Jikimi could not delete (moved, changed): the teacher must

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ConsentService:
    """The one place consent changes are recorded, by the command line and the window alike."""

    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault
        self.persons = PersonRepository(db, vault)
        self.last_wipe: WipeReport | None = None  # what the last withdrawal deleted (the screens list its files)

    def record(self, person_id: int, status: str, given_by: str | None = None, note: str | None = None) -> Consent:
        """Record a new consent state. ``withdrawn`` also deletes the person's data (see module doc)."""
        if status not in CONSENT_STATUSES:
            raise StorageError("class.consent.bad_status", status=status)
        self.persons.get(person_id)  # raises person.not_found
        if status == "given" and given_by is None:
            given_by = "guardian"
        if status != "given":
            given_by = None
        if status in ("withdrawn", "refused"):
            # A refusal after an earlier "given" is a withdrawal in effect: either way nothing is kept.
            self.persons.get(person_id)
            self.wipe_person_data(person_id, record_withdrawal=True, note=note, status=status)
            recorded = self.persons.consent(person_id)
            assert recorded is not None, "wipe_person_data(record_withdrawal=True) has just recorded it"
            return recorded
        return self.persons.record_consent(person_id, status, given_by, note)

    def withdraw(self, person_id: int, note: str | None = None, delete_cases: bool = False) -> WipeReport:
        """Record the withdrawal and delete everything about the person but the roster entry and history, and
        their evidence cases (crisis records), which go only when ``delete_cases`` says the user chose so."""
        self.persons.get(person_id)
        return self.wipe_person_data(person_id, record_withdrawal=True, note=note, keep_cases=not delete_cases)

    def wipe_person_data(self, person_id: int, record_withdrawal: bool = False,
                         note: str | None = None, status: str = "withdrawn",
                         keep_cases: bool = False) -> WipeReport:
        from desktop.store.class_summary import forget_snapshots
        from desktop.store.family_codes import ClassExports

        counts: dict[str, int] = {}
        with wiping(self.db, [person_id]):  # the person's running scan stops first, and writes nothing after
            faces = cached_photos_with_face(self.db, self.vault, person_id)
            class_id = self.persons.get(person_id).class_id
            with self.db.transaction() as conn:
                if record_withdrawal:
                    # Recorded first, in the same transaction: if the deletion fails, the withdrawal still
                    # is not half-done, and scans are refused from this moment on.
                    conn.execute(
                        "INSERT INTO consents(person_id, status, given_by, scope, note_enc, recorded_at)"
                        " VALUES (?, ?, NULL, ?, ?, ?)",
                        (person_id, status, consent_rules.SCOPE_ENROL_AND_SCAN,
                         self.vault.seal_text(note, CONSENT_NOTE) if note else None, utc_now()),
                    )
                counts["face_cache_faces"] = sum(
                    conn.execute("DELETE FROM face_cache WHERE content_index = ?", (index,)).rowcount
                    for index in faces)
                counts["class_overviews"] = forget_snapshots(conn, class_id)
                counts.update(wipe_rows(conn, person_id, keep_cases=keep_cases))
            files = ClassExports(self.db, self.vault).remove(person_id)
        self.db.compact()
        self.last_wipe = WipeReport(counts, tuple(files.deleted), tuple(files.left))
        return self.last_wipe

    def delete_person(self, person_id: int, delete_cases: bool = False) -> dict[str, int]:
        """Everything about this person goes, their roster entry and consent history too: faces, sources,
        findings, thumbnails, progress, evidence not filed in a case, and the face analyses and HTTP validators
        cached for photos only this person's sources held (those are keyed by content, not by person, so no
        cascade reaches them), and those of any photo holding their face. Then the WAL is checkpointed and the
        file rewritten so nothing deleted lingers in free pages. Returns the rows deleted per table. The family
        report files written about a class member are deleted too where still unchanged (``report_files``). A
        scan of the person still running is stopped first (and waited for), so it writes nothing afterwards.

        Evidence cases are crisis records (a report number, what was captured when): they are kept, no longer
        tied to the person but still naming them, unless ``delete_cases`` says the user explicitly chose to
        delete them too. :meth:`data_left` counts what this deletes, for the question that lists it."""
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

    def data_left(self, person_id: int) -> dict[str, int]:
        """Rows still held about a person, per table (all zero after a withdrawal): what deleting them removes,
        for the question that lists exactly what goes."""
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
        return {label: self.db.count(sql, {"pid": person_id}) for label, sql in queries.items()}


def cached_photos_with_face(db: Database, vault: Vault, person_id: int) -> set[bytes]:
    """Face-cache entries (content indexes) of photos that hold this person's face: where a finding was
    made, and any other cached photo with a face the person's own references match (``match`` or
    ``possible``), such as a class photo on the school's gallery."""
    from types import SimpleNamespace

    from desktop.faces.matching import Matcher
    from desktop.store.face_cache import FaceCache
    from desktop.store.face_references import FaceReferenceRepository

    found = {bytes(row["content_index"]) for row in db.query(
        "SELECT DISTINCT p.content_index FROM photos p JOIN findings f ON f.photo_id = p.id"
        " WHERE f.person_id = ? AND p.content_index IS NOT NULL", (person_id,))}
    if not db.query_one("SELECT 1 FROM face_references WHERE person_id = ? AND origin != 'rejected'",
                        (person_id,)):
        return found
    try:
        matcher = Matcher.for_persons(SimpleNamespace(face_references=FaceReferenceRepository(db, vault)),
                                      [person_id])
    except (DecryptionFailed, ValueError):
        # References that cannot be read cannot be compared: every cached photo of the class's own pages
        # (the shared ones that could hold the face) goes instead; the next audit analyses them again.
        return found | {bytes(row["content_index"]) for row in db.query(
            "SELECT DISTINCT p.content_index FROM photos p JOIN sources s ON s.id = p.source_id"
            " JOIN persons q ON q.class_id = s.class_id WHERE q.id = ? AND p.content_index IS NOT NULL",
            (person_id,))}
    cache = FaceCache(db, vault)
    for index, analysis in cache.all_analyses():
        if any(face.encoding is not None and matcher.classify(face.encoding).person_id == person_id
               for face in analysis.faces):
            found.add(index)
    return found
