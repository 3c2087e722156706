"""Case files: one per incident, with evidence records, notes, reports made and the status over time.

Everything personal is sealed: the case's title and description (``cases.detail``), every event
(``case_events.detail``), every evidence record (``evidence.record``) and, only if the user chose to keep it, the
original image (``evidence.kept_image``). ``evidence.record_sha256`` is the SHA-256 of the record's canonical
JSON, so a record altered after capture is detected when read. A case survives the deletion of its person
(it then remembers their name) unless the user explicitly deletes it too (``ConsentService.delete_person``).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.core.records import record_sha256
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, StorageError, inserted_id, utc_now

CASE_DETAIL = "cases.detail"
EVENT_DETAIL = "case_events.detail"
RECORD = "evidence.record"
KEPT_IMAGE = "evidence.kept_image"

STATUSES = ("open", "reported", "closed")
# Who a family reports to: ACOSAV (디성센터), KCSC 1377 (blocking), police 112 / ECRM, the 117 school-violence
# line, the platform itself, and the two hash services.
REPORT_TARGETS = ("acosav", "kcsc", "police", "school", "platform", "stopncii", "takeitdown", "other")


@dataclass(frozen=True)
class Case:
    id: int
    title: str
    description: str
    status: str
    person_id: int | None
    created_at: str
    updated_at: str
    former_person: str = ""  # the name of the person it was about, when that person was deleted (case kept)


@dataclass(frozen=True)
class CaseEvent:
    id: int
    case_id: int
    kind: str
    detail: dict[str, Any]
    occurred_at: str


@dataclass(frozen=True)
class StoredEvidence:
    id: int
    case_id: int | None
    record: dict[str, Any]
    record_sha256: str
    captured_at: str
    has_kept_image: bool
    finding_id: int | None

    @property
    def intact(self) -> bool:
        """False when the record no longer matches the SHA-256 taken when it was captured."""
        return record_sha256(self.record) == self.record_sha256


def _normalise_time(value: str | None) -> str:
    """An ISO-8601 moment given by the user (date, or date and time), in UTC; now when not given."""
    if not value:
        return utc_now()
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise StorageError("cases.bad_time", value=value) from exc
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a time without a zone is local time
    return moment.astimezone(UTC).isoformat(timespec="seconds")  # the same form as utc_now()


class CaseRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    # --- cases ---------------------------------------------------------------------------------------
    def _case(self, row) -> Case:
        detail = self.vault.open_json(row["detail_enc"], CASE_DETAIL)
        return Case(
            id=row["id"],
            title=detail.get("title", ""),
            description=detail.get("description", ""),
            status=row["status"],
            person_id=row["person_id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            former_person=detail.get("former_person", ""),
        )

    def create(self, title: str, person_id: int | None = None, description: str = "") -> Case:
        clean = " ".join(title.split())
        if not clean:
            raise StorageError("cases.title_empty")
        now = utc_now()
        with self.db.transaction() as conn:
            known = conn.execute("SELECT 1 FROM persons WHERE id = ?", (person_id,)).fetchone()
            if person_id is not None and not known:
                raise StorageError("person.not_found", name=str(person_id))
            cursor = conn.execute(
                "INSERT INTO cases(person_id, status, detail_enc, created_at, updated_at) VALUES (?, 'open', ?, ?, ?)",
                (person_id, self.vault.seal_json({"title": clean, "description": description}, CASE_DETAIL), now, now),
            )
            case_id = inserted_id(cursor)
            self._add_event(conn, case_id, "opened", {"status": "open"}, now)
        return self.get(case_id)

    def get(self, case_id: int) -> Case:
        row = self.db.query_one("SELECT * FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise StorageError("cases.not_found", case_id=case_id)
        return self._case(row)

    def list(self, person_id: int | None = None) -> list[Case]:
        if person_id is None:
            rows = self.db.query("SELECT * FROM cases ORDER BY updated_at DESC, id DESC")
        else:
            rows = self.db.query(
                "SELECT * FROM cases WHERE person_id = ? ORDER BY updated_at DESC, id DESC", (person_id,)
            )
        return [self._case(row) for row in rows]

    def rename(self, case_id: int, title: str, description: str | None = None) -> Case:
        case = self.get(case_id)
        clean = " ".join(title.split())
        if not clean:
            raise StorageError("cases.title_empty")
        detail = {"title": clean, "description": case.description if description is None else description}
        if case.former_person:
            detail["former_person"] = case.former_person
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE cases SET detail_enc = ?, updated_at = ? WHERE id = ?",
                (self.vault.seal_json(detail, CASE_DETAIL), utc_now(), case_id),
            )
        return self.get(case_id)

    def delete(self, case_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        self.db.compact()

    # --- events: status, notes, reports ------------------------------------------------------------
    def _add_event(self, conn, case_id: int, kind: str, detail: dict[str, Any], when: str) -> int:
        cursor = conn.execute(
            "INSERT INTO case_events(case_id, kind, detail_enc, occurred_at) VALUES (?, ?, ?, ?)",
            (case_id, kind, self.vault.seal_json(detail, EVENT_DETAIL), when),
        )
        conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (utc_now(), case_id))
        return cursor.lastrowid

    def set_status(self, case_id: int, status: str, note: str = "") -> Case:
        if status not in STATUSES:
            raise StorageError("cases.bad_status", status=status)
        case = self.get(case_id)
        if case.status != status:
            with self.db.transaction() as conn:
                conn.execute("UPDATE cases SET status = ? WHERE id = ?", (status, case_id))
                self._add_event(conn, case_id, "status", {"from": case.status, "to": status, "note": note}, utc_now())
        return self.get(case_id)

    def add_note(self, case_id: int, text: str) -> CaseEvent:
        clean = text.strip()
        if not clean:
            raise StorageError("cases.note_empty")
        self.get(case_id)
        with self.db.transaction() as conn:
            event_id = self._add_event(conn, case_id, "note", {"text": clean}, utc_now())
        return self._event(event_id)

    def record_report(
        self, case_id: int, to: str, reference: str | None = None, when: str | None = None, note: str = ""
    ) -> CaseEvent:
        """Who the family reported to, when, and the reference number they were given. An open case becomes
        ``reported``."""
        if to not in REPORT_TARGETS:
            raise StorageError("cases.bad_target", target=to)
        case = self.get(case_id)
        occurred = _normalise_time(when)
        detail = {"to": to, "reference": (reference or "").strip() or None, "note": note.strip()}
        with self.db.transaction() as conn:
            event_id = self._add_event(conn, case_id, "report", detail, occurred)
            if case.status == "open":
                conn.execute("UPDATE cases SET status = 'reported' WHERE id = ?", (case_id,))
                self._add_event(conn, case_id, "status", {"from": "open", "to": "reported", "note": ""}, utc_now())
        return self._event(event_id)

    def _event(self, event_id: int) -> CaseEvent:
        row = self.db.query_one("SELECT * FROM case_events WHERE id = ?", (event_id,))
        assert row is not None, "callers pass the id of an event they have just added"
        return CaseEvent(row["id"], row["case_id"], row["kind"], self.vault.open_json(row["detail_enc"], EVENT_DETAIL),
                         row["occurred_at"])

    def events(self, case_id: int, kind: str | None = None) -> builtins.list[CaseEvent]:
        sql = "SELECT * FROM case_events WHERE case_id = ?"
        params: list[int | str] = [case_id]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self.db.query(sql + " ORDER BY occurred_at, id", tuple(params))
        return [
            CaseEvent(r["id"], r["case_id"], r["kind"], self.vault.open_json(r["detail_enc"], EVENT_DETAIL),
                      r["occurred_at"])
            for r in rows
        ]

    # --- evidence ------------------------------------------------------------------------------------
    def add_evidence(
        self,
        case_id: int,
        record: dict[str, Any],
        kept_image: bytes | None = None,
        finding_id: int | None = None,
    ) -> StoredEvidence:
        """Store one evidence record (``EvidenceRecord.to_dict()``) sealed, with its SHA-256. The original image
        is stored (sealed) only when ``kept_image`` is given, which the caller does only on the user's explicit
        choice."""
        case = self.get(case_id)
        digest = record_sha256(record)
        captured = _normalise_time(record.get("captured_at_utc"))
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO evidence(case_id, person_id, finding_id, record_enc, record_sha256, kept_image_enc,"
                " captured_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    case.person_id,
                    finding_id,
                    self.vault.seal_json(record, RECORD),
                    digest,
                    self.vault.seal(kept_image, KEPT_IMAGE) if kept_image else None,
                    captured,
                ),
            )
            evidence_id = inserted_id(cursor)
            self._add_event(conn, case_id, "evidence", {"evidence_id": evidence_id, "sha256": record.get("sha256")},
                            captured)
        return self.evidence_item(evidence_id)

    def _evidence(self, row) -> StoredEvidence:
        try:
            record = self.vault.open_json(row["record_enc"], RECORD)
        except DecryptionFailed as exc:
            raise StorageError("cases.evidence_damaged", evidence_id=row["id"]) from exc
        return StoredEvidence(
            id=row["id"],
            case_id=row["case_id"],
            record=record,
            record_sha256=row["record_sha256"],
            captured_at=row["captured_at"],
            has_kept_image=row["kept_image_enc"] is not None,
            finding_id=row["finding_id"],
        )

    def evidence_item(self, evidence_id: int) -> StoredEvidence:
        row = self.db.query_one("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if row is None:
            raise StorageError("cases.evidence_not_found", evidence_id=evidence_id)
        return self._evidence(row)

    def evidence(self, case_id: int) -> builtins.list[StoredEvidence]:
        rows = self.db.query("SELECT * FROM evidence WHERE case_id = ? ORDER BY captured_at, id", (case_id,))
        return [self._evidence(row) for row in rows]

    def kept_image(self, evidence_id: int) -> bytes | None:
        row = self.db.query_one("SELECT kept_image_enc FROM evidence WHERE id = ?", (evidence_id,))
        if row is None or row["kept_image_enc"] is None:
            return None
        return self.vault.open(row["kept_image_enc"], KEPT_IMAGE)

    def discard_kept_image(self, evidence_id: int) -> None:
        """Drop a kept original (the record and its hashes stay)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE evidence SET kept_image_enc = NULL WHERE id = ?", (evidence_id,))
        self.db.compact()
