"""Per-student summaries for the class overview, read from each student's latest finished scan.

Only students whose consent is in force are read. What is read per student (nothing identifying leaves
this module: the summaries carry no id, name, URL or photo):

- ``scan_sources.visibility`` of each source checked in that scan;
- the findings still open from that scan (not answered "not my child" or "removed", not gone): distinct
  photos per level, and the ``signals`` list in each finding's sealed detail (context ``findings.detail``);
- the ``recommendations`` list ({id, priority, [template], [title]}) in the scan's sealed summary
  (``scans.summary``), counted per template where the scan gives one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from desktop.core import aggregates
from desktop.core import consent as consent_rules
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database
from desktop.store.persons import PersonRepository

FINDING_DETAIL = "findings.detail"
SCAN_SUMMARY = "scans.summary"


@dataclass(frozen=True)
class ClassSummary:
    overview: aggregates.ClassOverview
    titles: dict[str, str]  # recommendation id -> title, where a scan stored one


def latest_scan_id(db: Database, person_id: int) -> int | None:
    row = db.query_one(
        "SELECT id FROM scans WHERE person_id = ? AND state = 'done'"
        " ORDER BY coalesce(finished_at, started_at) DESC, id DESC LIMIT 1",
        (person_id,),
    )
    return row["id"] if row else None


def student_summary(db: Database, vault: Vault, person_id: int, scan_id: int,
                    titles: dict[str, str] | None = None) -> aggregates.StudentSummary:
    visibilities = tuple(
        row["visibility"] for row in db.query("SELECT visibility FROM scan_sources WHERE scan_id = ?", (scan_id,))
    )
    photos_by_level: dict[str, set[int]] = defaultdict(set)
    signals: set[str] = set()
    rows = db.query(
        "SELECT photo_id, level, detail_enc FROM findings WHERE person_id = ? AND last_seen_scan = ?"
        " AND gone_since_scan IS NULL AND review NOT IN ('not_me', 'removed')",
        (person_id, scan_id),
    )
    for row in rows:
        photos_by_level[row["level"]].add(row["photo_id"])
        if row["detail_enc"]:
            try:
                detail = vault.open_json(row["detail_enc"], FINDING_DETAIL)
            except (DecryptionFailed, ValueError):
                continue
            signals.update(str(kind) for kind in (detail or {}).get("signals") or [])
    recommendations: list[str] = []
    scan = db.query_one("SELECT summary_enc FROM scans WHERE id = ?", (scan_id,))
    if scan and scan["summary_enc"]:
        try:
            summary = vault.open_json(scan["summary_enc"], SCAN_SUMMARY) or {}
        except (DecryptionFailed, ValueError):
            summary = {}
        for item in summary.get("recommendations") or []:
            if isinstance(item, dict) and item.get("id"):
                # Grouped by the recommendation's template ("make_private" for "make_private.instagram"):
                # for a class, "make the account private" matters more than on which platform.
                key = str(item.get("template") or item["id"])
                recommendations.append(key)
                if titles is not None and item.get("title"):
                    titles.setdefault(key, str(item["title"]))
    return aggregates.StudentSummary(
        visibilities=visibilities,
        exposures={level: len(ids) for level, ids in photos_by_level.items()},
        signals=frozenset(signals),
        recommendations=tuple(recommendations),
    )


def class_summary(db: Database, vault: Vault, class_id: int) -> ClassSummary:
    persons = PersonRepository(db, vault)
    summaries: list[aggregates.StudentSummary] = []
    titles: dict[str, str] = {}
    for person in persons.list(role="student", class_id=class_id):
        if not consent_rules.may_process(person, persons.consent(person.id)):
            continue
        scan_id = latest_scan_id(db, person.id)
        if scan_id is None:
            continue
        summaries.append(student_summary(db, vault, person.id, scan_id, titles))
    return ClassSummary(aggregates.class_overview(summaries), titles)
