"""What a running scan writes, step by step: its start (or the interrupted run it resumes), each source's
listing and end, each photo with its findings in one transaction, and at the end what is gone. A scan killed at
any point resumes where it stopped and never records a finding twice. The reading side is ``ScanRepository``."""

from __future__ import annotations

from desktop.core.models import effective_visibility
from desktop.store.db import inserted_id, utc_now
from desktop.store.scans import (
    FINDING_DETAIL,
    FINDING_THUMBNAIL,
    IMAGE_URL,
    PHOTO_META,
    POST_URL,
    SCAN_SOURCE_DETAIL,
    SCAN_SUMMARY,
    ScanRepository,
    ScanRow,
)


class ScanWriter(ScanRepository):
    """The scan's own rows as it goes (``desktop/scan/run.py`` is its one user)."""

    # --- the scan ----------------------------------------------------------------------------------
    def start(self, person_id: int, source_ids: list[int]) -> ScanRow:
        now = utc_now()
        with self.db.transaction() as conn:
            scan_id = inserted_id(conn.execute(
                "INSERT INTO scans(person_id, state, started_at) VALUES (?, 'running', ?)", (person_id, now)))
            for source_id in source_ids:
                conn.execute(
                    "INSERT INTO scan_sources(scan_id, source_id, state, updated_at) VALUES (?, ?, 'pending', ?)",
                    (scan_id, source_id, now),
                )
        return self.get(scan_id)

    def start_or_resume(self, person_id: int, source_ids: list[int]) -> tuple[ScanRow, bool]:
        """The person's scan left running (a crash, a killed process), else a new one; and whether it resumes.
        A source linked while a scan was interrupted joins it, pending."""
        running = self.running_scan(person_id)
        if running is None:
            return self.start(person_id, source_ids), False
        joined = self.source_states(running.id)
        with self.db.transaction() as conn:
            for source_id in source_ids:
                if source_id not in joined:
                    conn.execute("INSERT INTO scan_sources(scan_id, source_id, state, updated_at)"
                                 " VALUES (?, ?, 'pending', datetime('now'))", (running.id, source_id))
        return running, True

    def finish(self, scan_id: int, state: str, score: int | None = None, level: str | None = None,
               summary: dict | None = None) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE scans SET state = ?, finished_at = ?, risk_score = ?, risk_level = ?, summary_enc = ?"
                " WHERE id = ?",
                (state, utc_now(), score, level, self.vault.seal_json(summary, SCAN_SUMMARY) if summary else None,
                 scan_id),
            )

    # --- each source ------------------------------------------------------------------------------
    def set_source_state(self, scan_id: int, source_id: int, state: str, *, visibility: str | None = None,
                         photos_found: int | None = None, photos_checked: int | None = None,
                         error_code: str | None = None, detail: dict | None = None) -> None:
        sets = ["state = ?", "updated_at = ?"]
        params: list[str | int | bytes] = [state, utc_now()]
        for column, value in (("visibility", visibility), ("photos_found", photos_found),
                              ("photos_checked", photos_checked), ("error_code", error_code)):
            if value is not None:
                sets.append(f"{column} = ?")
                params.append(value)
        if detail is not None:
            sets.append("detail_enc = ?")
            params.append(self.vault.seal_json(detail, SCAN_SOURCE_DETAIL))
        with self.db.transaction() as conn:
            conn.execute(f"UPDATE scan_sources SET {', '.join(sets)} WHERE scan_id = ? AND source_id = ?",
                         (*params, scan_id, source_id))

    def source_listed(self, scan_id: int, source_id: int, listing, profile_signals: list[str]) -> int:
        """A source's listing is read: its photos are pending for this scan, each as visible as its account
        allows, and the source waits for their analysis. Returns how many photos it lists."""
        account = listing.visibility
        found = self.record_listing(scan_id, source_id, listing.photos,
                                    lambda ref: effective_visibility(account, ref.visibility))
        self.set_source_state(
            scan_id, source_id, "analysing", visibility=account, photos_found=found,
            detail={"account_visibility": account, "notices": listing.notices,
                    "account_flags": listing.account_flags, "profile_signals": profile_signals},
        )
        return found

    def source_failed(self, scan_id: int, source_id: int, error_code: str,
                      error_values: dict | None = None) -> None:
        """The source could not be read; ``error_values`` fill in its message (None: keep what was recorded)."""
        detail = None if error_values is None else {"error_values": {k: str(v) for k, v in error_values.items()}}
        self.set_source_state(scan_id, source_id, "failed", error_code=error_code, detail=detail)

    def source_read(self, scan_id: int, source_id: int, *, person_id: int, photos_checked: int,
                    account_visibility: str | None) -> None:
        """A source read to the end: its count, and what its photos of this scan showed (a profile picture
        with the person's face, photos with a place)."""
        seen = self.photos_seen(scan_id, source_id)
        avatars = [p.id for p in seen if p.meta.get("role") in ("avatar", "header")]
        self.set_source_state(
            scan_id, source_id, "done", photos_checked=photos_checked,
            detail={**self.source_states(scan_id)[source_id]["detail"],
                    "account_visibility": account_visibility,
                    "profile_picture_shows_face": self._any_finding(scan_id, person_id, avatars) if avatars else None,
                    "photos_with_location": sum(1 for p in seen if p.meta.get("gps") or p.meta.get("location"))},
        )

    def _any_finding(self, scan_id: int, person_id: int, photo_ids: list[int]) -> bool:
        marks = ",".join("?" for _ in photo_ids)
        return self.db.count(
            f"SELECT count(*) FROM findings WHERE person_id = ? AND last_seen_scan = ? AND photo_id IN ({marks})",
            (person_id, scan_id, *photo_ids)) > 0

    def record_listing(self, scan_id: int, source_id: int, refs: list, visibility_of) -> int:
        """Insert or refresh the photos a source lists; each is pending for this scan. Returns the count."""
        with self.db.transaction() as conn:
            for ref in refs:
                index = self.url_index(ref.image_url)
                meta = {"caption": ref.caption, "taken_at": ref.taken_at, "role": ref.role,
                        "location": ref.location}
                existing = conn.execute("SELECT id, meta_enc FROM photos WHERE source_id = ? AND url_index = ?",
                                        (source_id, index)).fetchone()
                if existing:
                    old = self.vault.open_json(existing["meta_enc"], PHOTO_META) if existing["meta_enc"] else {}
                    if old.get("sha256"):
                        meta["sha256"] = old["sha256"]
                    conn.execute(
                        "UPDATE photos SET post_url_enc = ?, meta_enc = ?, visibility = ?, state = 'pending',"
                        " error_code = NULL, last_seen_scan = ? WHERE id = ?",
                        (self._seal_optional(ref.post_url, POST_URL), self.vault.seal_json(meta, PHOTO_META),
                         visibility_of(ref), scan_id, existing["id"]),
                    )
                else:
                    conn.execute(
                        "INSERT INTO photos(source_id, url_index, image_url_enc, post_url_enc, meta_enc, visibility,"
                        " state, first_seen_scan, last_seen_scan) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                        (source_id, index, self.vault.seal_text(ref.image_url, IMAGE_URL),
                         self._seal_optional(ref.post_url, POST_URL), self.vault.seal_json(meta, PHOTO_META),
                         visibility_of(ref), scan_id, scan_id),
                    )
        return len(refs)

    def _seal_optional(self, value: str | None, context: str) -> bytes | None:
        return self.vault.seal_text(value, context) if value else None

    # --- each photo -------------------------------------------------------------------------------
    def complete_photo(self, photo_id: int, *, sha256_hex: str | None, meta: dict, state: str = "done",
                       error_code: str | None = None, findings: list[dict] | None = None, scan_id: int,
                       person_id: int) -> None:
        """One photo is finished: its state, its content hash and its findings, in one transaction."""
        with self.db.transaction() as conn:
            if sha256_hex:
                meta = {**meta, "sha256": sha256_hex}
            conn.execute(
                "UPDATE photos SET state = ?, error_code = ?, content_index = coalesce(?, content_index),"
                " meta_enc = ? WHERE id = ?",
                (state, error_code, self.content_index(sha256_hex) if sha256_hex else None,
                 self.vault.seal_json(meta, PHOTO_META), photo_id),
            )
            for finding in findings or []:
                self._upsert_finding(conn, scan_id, person_id, photo_id, finding)

    def _upsert_finding(self, conn, scan_id: int, person_id: int, photo_id: int, finding: dict) -> None:
        detail = self.vault.seal_json(finding["detail"], FINDING_DETAIL)
        thumbnail = finding.get("thumbnail")
        sealed_thumb = self.vault.seal(thumbnail, FINDING_THUMBNAIL) if thumbnail else None
        existing = conn.execute(
            "SELECT id, review, still_public_scan FROM findings"
            " WHERE person_id = ? AND photo_id = ? AND face_number = ?",
            (person_id, photo_id, finding["face_number"]),
        ).fetchone()
        # The matcher found a face the family answered "not my child" about (this photo or a copy of it).
        answered = bool(finding.get("answered_not_me"))
        if existing is None:
            conn.execute(
                "INSERT INTO findings(person_id, photo_id, face_number, level, distance, detail_enc, thumbnail_enc,"
                " review, first_seen_scan, last_seen_scan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (person_id, photo_id, finding["face_number"], finding["level"], finding["distance"], detail,
                 sealed_thumb, "not_me" if answered else "open", scan_id, scan_id),
            )
        else:
            # A photo marked "I removed it" that is still there is still exposed: it is open again, and remembers
            # that this scan found it ("you said removed — still public on <date>"). An answer about the face
            # ("yes" or "not my child") stays until the parent undoes it.
            still_public = existing["still_public_scan"]
            review = existing["review"]
            if review == "removed":
                review, still_public = "open", scan_id
            if answered:
                review = "not_me"
            conn.execute(
                "UPDATE findings SET level = ?, distance = ?, detail_enc = ?,"
                " thumbnail_enc = coalesce(?, thumbnail_enc), last_seen_scan = ?, gone_since_scan = NULL, review = ?,"
                " still_public_scan = ? WHERE id = ?",
                (finding["level"], finding["distance"], detail, sealed_thumb, scan_id, review, still_public,
                 existing["id"]),
            )

    # --- the end ----------------------------------------------------------------------------------
    def mark_gone(self, scan_id: int, person_id: int, source_ids: list[int]) -> int:
        """Findings at fully scanned sources that this scan did not see again are fixed."""
        if not source_ids:
            return 0
        marks = ",".join("?" for _ in source_ids)
        with self.db.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE findings SET gone_since_scan = ? WHERE person_id = ? AND gone_since_scan IS NULL"
                f" AND last_seen_scan < ? AND photo_id IN (SELECT id FROM photos WHERE source_id IN ({marks})"
                f" AND NOT (last_seen_scan = ? AND state = 'failed'))",
                (scan_id, person_id, scan_id, *source_ids, scan_id),
            )
            return cursor.rowcount

    def reopen_recommendations_still_public(self, person_id: int, scan_id: int, summary: dict) -> None:
        """A photo the parent said was removed and this scan found still online: the recommendations about it
        are not done, whatever their checkbox said."""
        still = {str(f.id) for f in self.findings(person_id) if f.still_public_scan == scan_id}
        if not still:
            return
        for choice in summary.get("recommendations", []):
            if still & set(choice.get("photo_keys", [])):
                self.set_recommendation_done(person_id, choice["id"], False)
