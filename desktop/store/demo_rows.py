"""The finished scans the demo class is seeded with (``desktop/demo.py``): made-up sources, photos and findings
written as a real scan leaves them, so the class overview shows its real computation without scanning anyone."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.store.crypto import Vault
from desktop.store.db import Database, inserted_id, utc_now
from desktop.store.scans import FINDING_DETAIL, IMAGE_URL, SCAN_SUMMARY, URL_INDEX
from desktop.store.sources import TARGET


def add_finished_scan(db: Database, vault: Vault, person_id: int, summary: dict, visibilities: Sequence[str],
                      exposures: Sequence[tuple[str, Sequence[str]]]) -> None:
    """One finished scan of the person, in one transaction: a made-up web source per visibility, and at the first
    one a photo with a finding per exposure, (level, signals)."""
    now = utc_now()
    with db.transaction() as conn:
        scan_id = inserted_id(conn.execute(
            "INSERT INTO scans(person_id, state, started_at, finished_at, summary_enc) VALUES (?, 'done', ?, ?, ?)",
            (person_id, now, now, vault.seal_json(summary, SCAN_SUMMARY)),
        ))
        for position, visibility in enumerate(visibilities):
            target = f"https://class-blog.example.org/demo-{person_id}-{position}"
            source_id = inserted_id(conn.execute(
                "INSERT INTO sources(person_id, kind, target_index, target_enc, owner, created_at)"
                " VALUES (?, 'web', ?, ?, 'self', ?)",
                (person_id, vault.index(target, TARGET), vault.seal_text(target, TARGET), now),
            ))
            mine = exposures if position == 0 else []
            conn.execute(
                "INSERT INTO scan_sources(scan_id, source_id, state, visibility, photos_found, photos_checked,"
                " updated_at) VALUES (?, ?, 'done', ?, ?, ?, ?)",
                (scan_id, source_id, visibility, len(mine) + 3, len(mine) + 3, now),
            )
            for number, (level, signals) in enumerate(mine):
                url = f"{target}/photo-{number}.jpg"
                photo_id = inserted_id(conn.execute(
                    "INSERT INTO photos(source_id, url_index, image_url_enc, visibility, state, first_seen_scan,"
                    " last_seen_scan) VALUES (?, ?, ?, ?, 'done', ?, ?)",
                    (source_id, vault.index(url, URL_INDEX), vault.seal_text(url, IMAGE_URL),
                     visibility, scan_id, scan_id),
                ))
                conn.execute(
                    "INSERT INTO findings(person_id, photo_id, face_number, level, distance, detail_enc,"
                    " first_seen_scan, last_seen_scan) VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
                    (person_id, photo_id, level, 0.42 if level == "match" else 0.56,
                     vault.seal_json({"signals": list(signals), "demo": True}, FINDING_DETAIL), scan_id, scan_id),
                )
