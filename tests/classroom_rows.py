"""Rows a finished scan leaves behind, written straight into the tables the class overview reads.

The class tests use these instead of running a scan: they pin down the data contract (sealed
``findings.detail`` with ``signals``, sealed ``scans.summary`` with ``recommendations``).
"""

from __future__ import annotations

import itertools

from desktop.store.db import utc_now

_serial = itertools.count(1)


def add_finished_scan(workspace, person_id: int, sources: list[dict], recommendations: list[str] = ()) -> int:
    """``sources``: [{"visibility": "public", "exposures": [("match", ["school_name", ...]), ...]}], each
    optionally with its ``"kind"`` (default ``bluesky``), ``"owner"`` (default ``self``; ``school`` makes it one of
    the class's own pages), ``"class_id"`` and ``"state"`` (default ``done``; ``failed``: the page was not read)."""
    vault, now = workspace.vault, utc_now()
    with workspace.db.transaction() as conn:
        scan_id = conn.execute(
            "INSERT INTO scans(person_id, state, started_at, finished_at, risk_score, risk_level, summary_enc)"
            " VALUES (?, 'done', ?, ?, 50, 'medium', ?)",
            (person_id, now, now, vault.seal_json(
                {"recommendations": [rec if isinstance(rec, dict) else {"id": rec, "priority": i + 1}
                                     for i, rec in enumerate(recommendations)]},
                "scans.summary")),
        ).lastrowid
        for source in sources:
            n = next(_serial)
            target = f"student{person_id}-{n}.example.org"
            class_id = source.get("class_id")
            source_id = conn.execute(
                "INSERT INTO sources(person_id, class_id, kind, target_index, target_enc, owner, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (None if class_id else person_id, class_id, source.get("kind", "bluesky"),
                 vault.index(target, "sources.target"), vault.seal_text(target, "sources.target"),
                 source.get("owner", "self"), now),
            ).lastrowid
            conn.execute(
                "INSERT INTO scan_sources(scan_id, source_id, state, visibility, photos_found, photos_checked,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (scan_id, source_id, source.get("state", "done"), source["visibility"],
                 len(source.get("exposures", ())), len(source.get("exposures", ())), now),
            )
            for k, (level, signals) in enumerate(source.get("exposures", ())):
                url = f"https://{target}/photo/{k}.jpg"
                photo_id = conn.execute(
                    "INSERT INTO photos(source_id, url_index, image_url_enc, visibility, content_index, state,"
                    " first_seen_scan, last_seen_scan) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)",
                    (source_id, vault.index(url, "photos.url"), vault.seal_text(url, "photos.image_url"),
                     source["visibility"], vault.index(url, "photos.content"), scan_id, scan_id),
                ).lastrowid
                conn.execute(
                    "INSERT INTO findings(person_id, photo_id, face_number, level, distance, detail_enc,"
                    " first_seen_scan, last_seen_scan) VALUES (?, ?, 0, ?, 0.4, ?, ?, ?)",
                    (person_id, photo_id, level, vault.seal_json({"signals": list(signals)}, "findings.detail"),
                     scan_id, scan_id),
                )
    return scan_id


def finish_audit(workspace, class_id: int):
    """What the end of a class audit does for the dashboard: store the overview it shows."""
    from desktop.store.class_summary import take_snapshot

    return take_snapshot(workspace.db, workspace.vault, class_id)
