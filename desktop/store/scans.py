"""Scans, the photos seen at each source, and the findings, as the results, reports and answers read them. What
a running scan writes as it goes is ``ScanWriter`` (``desktop/store/scan_writer.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.store.crypto import Vault
from desktop.store.db import Database, utc_now

IMAGE_URL = "photos.image_url"
POST_URL = "photos.post_url"
PHOTO_META = "photos.meta"
URL_INDEX = "photos.url"
CONTENT_INDEX = "content"
FINDING_DETAIL = "findings.detail"
FINDING_THUMBNAIL = "findings.thumbnail"
SCAN_SUMMARY = "scans.summary"
SCAN_SOURCE_DETAIL = "scan_sources.detail"


@dataclass(frozen=True)
class PhotoRow:
    id: int
    source_id: int
    image_url: str
    post_url: str | None
    meta: dict[str, Any]
    visibility: str
    state: str
    content_index: bytes | None


@dataclass(frozen=True)
class FindingRow:
    id: int
    person_id: int
    photo_id: int
    face_number: int
    level: str
    distance: float
    detail: dict[str, Any]
    review: str
    first_seen_scan: int
    last_seen_scan: int
    gone_since_scan: int | None
    source_id: int
    image_url: str
    post_url: str | None
    photo_meta: dict[str, Any]
    photo_visibility: str
    removed_at: str | None = None  # when the parent said "I removed it" (not believed until a scan agrees)
    still_public_scan: int | None = None  # the scan that found it online after the parent said it was removed

    @property
    def photo_key(self) -> str:
        """Which photo this is: its content hash, so the same photo posted in two places is one photo."""
        return self.photo_meta.get("sha256") or f"photo-{self.photo_id}"


@dataclass(frozen=True)
class ScanRow:
    id: int
    person_id: int | None
    state: str
    started_at: str
    finished_at: str | None
    risk_score: int | None
    risk_level: str | None
    summary: dict[str, Any] | None


class ScanRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    # --- scans -------------------------------------------------------------------------------------
    def _scan(self, row) -> ScanRow:
        summary = self.vault.open_json(row["summary_enc"], SCAN_SUMMARY) if row["summary_enc"] else None
        return ScanRow(row["id"], row["person_id"], row["state"], row["started_at"], row["finished_at"],
                       row["risk_score"], row["risk_level"], summary)

    def running_scan(self, person_id: int) -> ScanRow | None:
        row = self.db.query_one("SELECT * FROM scans WHERE person_id = ? AND state = 'running' ORDER BY id DESC"
                                " LIMIT 1", (person_id,))
        return self._scan(row) if row else None

    def get(self, scan_id: int) -> ScanRow:
        return self._scan(self.db.query_one("SELECT * FROM scans WHERE id = ?", (scan_id,)))

    def update_summary(self, scan_id: int, score: int, level: str, summary: dict) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE scans SET risk_score = ?, risk_level = ?, summary_enc = ? WHERE id = ?",
                         (score, level, self.vault.seal_json(summary, SCAN_SUMMARY), scan_id))

    def history(self, person_id: int, state: str = "done") -> list[ScanRow]:
        rows = self.db.query("SELECT * FROM scans WHERE person_id = ? AND state = ? ORDER BY id", (person_id, state))
        return [self._scan(r) for r in rows]

    def latest(self, person_id: int) -> ScanRow | None:
        done = self.history(person_id)
        return done[-1] if done else None

    def last_attempt(self, person_id: int) -> ScanRow | None:
        """The newest scan that ended, however it ended: done, failed (no source could be read) or cancelled."""
        row = self.db.query_one("SELECT * FROM scans WHERE person_id = ? AND state != 'running' ORDER BY id DESC"
                                " LIMIT 1", (person_id,))
        return self._scan(row) if row else None

    def complete(self, scan_id: int) -> bool:
        """Whether every linked source was read to the end in this scan."""
        unfinished = self.db.count("SELECT count(*) FROM scan_sources WHERE scan_id = ? AND state != 'done'",
                                   (scan_id,))
        return unfinished == 0

    def last_checked(self, source_id: int, before_scan_id: int) -> dict[str, Any] | None:
        """What the last scan (up to ``before_scan_id``) that read this source to the end found there, with
        that scan's time as ``checked_at``; None when no scan ever did."""
        row = self.db.query_one(
            "SELECT ss.*, s.finished_at FROM scan_sources ss JOIN scans s ON s.id = ss.scan_id"
            " WHERE ss.source_id = ? AND ss.scan_id <= ? AND ss.state = 'done' ORDER BY ss.scan_id DESC LIMIT 1",
            (source_id, before_scan_id))
        if row is None:
            return None
        detail = self.vault.open_json(row["detail_enc"], SCAN_SOURCE_DETAIL) if row["detail_enc"] else {}
        return {"visibility": row["visibility"], "photos_checked": row["photos_checked"], "detail": detail,
                "checked_at": row["finished_at"] or row["updated_at"], "scan_id": row["scan_id"]}

    # --- per-source state --------------------------------------------------------------------------
    def source_states(self, scan_id: int) -> dict[int, dict[str, Any]]:
        rows = self.db.query("SELECT * FROM scan_sources WHERE scan_id = ?", (scan_id,))
        states = {}
        for row in rows:
            detail = self.vault.open_json(row["detail_enc"], SCAN_SOURCE_DETAIL) if row["detail_enc"] else {}
            states[row["source_id"]] = {
                "state": row["state"], "visibility": row["visibility"], "photos_found": row["photos_found"],
                "photos_checked": row["photos_checked"], "error_code": row["error_code"], "detail": detail,
                "updated_at": row["updated_at"],
            }
        return states

    # --- photos ------------------------------------------------------------------------------------
    def url_index(self, image_url: str) -> bytes:
        return self.vault.index(image_url, URL_INDEX)

    def content_index(self, sha256_hex: str) -> bytes:
        return self.vault.index(sha256_hex, CONTENT_INDEX)

    def _photo(self, row) -> PhotoRow:
        return PhotoRow(
            id=row["id"], source_id=row["source_id"],
            image_url=self.vault.open_text(row["image_url_enc"], IMAGE_URL),
            post_url=self.vault.open_text(row["post_url_enc"], POST_URL) if row["post_url_enc"] else None,
            meta=self.vault.open_json(row["meta_enc"], PHOTO_META) if row["meta_enc"] else {},
            visibility=row["visibility"], state=row["state"], content_index=row["content_index"],
        )

    def pending_photos(self, scan_id: int, source_id: int) -> list[PhotoRow]:
        rows = self.db.query("SELECT * FROM photos WHERE source_id = ? AND last_seen_scan = ? AND state = 'pending'"
                             " ORDER BY id", (source_id, scan_id))
        return [self._photo(r) for r in rows]

    def photos_seen(self, scan_id: int, source_id: int) -> list[PhotoRow]:
        rows = self.db.query("SELECT * FROM photos WHERE source_id = ? AND last_seen_scan = ? ORDER BY id",
                             (source_id, scan_id))
        return [self._photo(r) for r in rows]

    def get_photo(self, photo_id: int) -> PhotoRow:
        return self._photo(self.db.query_one("SELECT * FROM photos WHERE id = ?", (photo_id,)))

    # --- findings ----------------------------------------------------------------------------------
    def findings(self, person_id: int, include_gone: bool = False) -> list[FindingRow]:
        sql = ("SELECT f.*, p.source_id, p.image_url_enc, p.post_url_enc, p.meta_enc, p.visibility AS photo_visibility"
               " FROM findings f JOIN photos p ON p.id = f.photo_id WHERE f.person_id = ?")
        if not include_gone:
            sql += " AND f.gone_since_scan IS NULL"
        rows = self.db.query(sql + " ORDER BY f.id", (person_id,))
        return [self._finding(r) for r in rows]

    def shown_photo_contents(self, person_id: int) -> list[tuple[int, int, bytes]]:
        """(photo id, source id, content key) of the photos with an open finding of the person (not answered "not
        my child") that a stranger may see: public, unlisted or not known. The same content at two sources is
        the same photo shown in two places."""
        rows = self.db.query(
            "SELECT p.id, p.source_id, p.content_index FROM photos p JOIN findings f ON f.photo_id = p.id"
            " WHERE f.person_id = ? AND f.gone_since_scan IS NULL AND f.review != 'not_me'"
            " AND p.content_index IS NOT NULL AND p.visibility IN ('public', 'unlisted', 'unknown')", (person_id,))
        return [(row["id"], row["source_id"], row["content_index"]) for row in rows]

    def _finding(self, row) -> FindingRow:
        return FindingRow(
            id=row["id"], person_id=row["person_id"], photo_id=row["photo_id"], face_number=row["face_number"],
            level=row["level"], distance=row["distance"],
            detail=self.vault.open_json(row["detail_enc"], FINDING_DETAIL) if row["detail_enc"] else {},
            review=row["review"], first_seen_scan=row["first_seen_scan"], last_seen_scan=row["last_seen_scan"],
            gone_since_scan=row["gone_since_scan"], source_id=row["source_id"],
            image_url=self.vault.open_text(row["image_url_enc"], IMAGE_URL),
            post_url=self.vault.open_text(row["post_url_enc"], POST_URL) if row["post_url_enc"] else None,
            photo_meta=self.vault.open_json(row["meta_enc"], PHOTO_META) if row["meta_enc"] else {},
            photo_visibility=row["photo_visibility"],
            removed_at=row["removed_at"], still_public_scan=row["still_public_scan"],
        )

    def thumbnail(self, finding_id: int) -> bytes | None:
        row = self.db.query_one("SELECT thumbnail_enc FROM findings WHERE id = ?", (finding_id,))
        return self.vault.open(row["thumbnail_enc"], FINDING_THUMBNAIL) if row and row["thumbnail_enc"] else None

    def thumbnails(self, finding_ids) -> dict[int, bytes]:
        """The findings' thumbnails that exist, by finding id (what a report pictures)."""
        found = {finding_id: self.thumbnail(finding_id) for finding_id in finding_ids}
        return {finding_id: data for finding_id, data in found.items() if data}

    def photo_thumbnail(self, photo_id: int, sha256_hex: str,
                        face: tuple[int, int, int, int] | None = None) -> tuple[bytes, dict] | None:
        """A picture an earlier finding made of this photo's current content (``sha256_hex``), with the detail
        that places a face on it (``thumb_scale``, ``thumb_offset``): of the whole photo when ``face`` is None,
        else the crop around that face box (top, right, bottom, left), never a crop made for another face.

        Findings record which content their thumbnail shows: a photo replaced at the same address must not
        lend the old picture (maybe of another student) to a face found in the new one.
        """
        # Details first; only the one picture chosen is read and decrypted (a class photo has many findings).
        rows = self.db.query("SELECT id, detail_enc FROM findings WHERE photo_id = ?"
                             " AND thumbnail_enc IS NOT NULL ORDER BY id DESC", (photo_id,))
        for row in rows:
            detail = self.vault.open_json(row["detail_enc"], FINDING_DETAIL)
            if detail.get("thumb_sha256") != sha256_hex or not detail.get("thumb_scale"):
                continue
            if bool(detail.get("thumb_crop")) != (face is not None):
                continue  # a crop for a whole photo or the other way round
            if face is not None and [int(v) for v in detail.get("box") or ()] != list(face):
                continue  # a crop around another face of the photo
            picture = self.thumbnail(row["id"])
            return (picture, detail) if picture is not None else None
        return None

    def set_review(self, finding_id: int, review: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE findings SET review = ? WHERE id = ?", (review, finding_id))

    def mark_removed(self, finding_id: int, removed: bool) -> None:
        """The parent says they removed the photo from this place (or takes that back). The claim is recorded
        with its time; the next scan tells whether the place still shows it."""
        with self.db.transaction() as conn:
            if removed:
                conn.execute("UPDATE findings SET review = 'removed', removed_at = ?, still_public_scan = NULL"
                             " WHERE id = ?", (utc_now(), finding_id))
            else:
                conn.execute("UPDATE findings SET review = 'open', removed_at = NULL, still_public_scan = NULL"
                             " WHERE id = ? AND review = 'removed'", (finding_id,))

    # --- recommendation checkboxes -------------------------------------------------------------------
    def recommendation_done(self, person_id: int) -> dict[str, bool]:
        rows = self.db.query("SELECT recommendation_id, done FROM recommendation_progress WHERE person_id = ?",
                             (person_id,))
        return {r["recommendation_id"]: bool(r["done"]) for r in rows}

    def set_recommendation_done(self, person_id: int, recommendation_id: str, done: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO recommendation_progress(person_id, recommendation_id, done, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(person_id, recommendation_id)"
                " DO UPDATE SET done = excluded.done, updated_at = excluded.updated_at",
                (person_id, recommendation_id, int(done), utc_now()),
            )
