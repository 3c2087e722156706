"""Per-student summaries for the class overview, read from each student's latest finished scan.

Only students whose consent is in force are read. What is read per student (nothing identifying leaves
this module: the summaries carry no id, name, URL or photo):

- ``scan_sources.visibility`` of each source *of the student or family* read in that scan (the school's
  gallery is nobody's own account), and which sources the scan could not read (``state`` not ``done``): such a
  student's result is incomplete and the overview says "not checked" rather than undercount;
- the findings still open from that scan (not answered "not my child" or "removed", not gone): distinct
  photos per level, and the ``signals`` list in each finding's sealed detail (context ``findings.detail``);
- the ``recommendations`` list ({id, priority, [template], [title]}) in the scan's sealed summary
  (``scans.summary``), counted per template where the scan gives one; a recommendation whose photos are all
  on the school's own pages (or "ask the school") goes to the school's list, not the students'.

The dashboard never reads these live: :func:`take_snapshot` stores the overview when a class audit finishes,
and :func:`latest_snapshot` is what the window and ``class dashboard`` show, so an edit between audits (an age
band, a consent change) cannot move a number the teacher could difference. Nor can two audits: a new overview is
stored only when none or at least 3 students joined or left since the last one. A withdrawal clears the class's
overview (:func:`forget_snapshots`) and keeps which students it counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from desktop.core import aggregates
from desktop.core import consent as consent_rules
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, utc_now
from desktop.store.persons import PersonRepository

FINDING_DETAIL = "findings.detail"
SCAN_SUMMARY = "scans.summary"
SNAPSHOT = "class_overviews.overview"
MEMBERS = "class_overviews.members"
FAMILY_OWNERS = ("self", "parent")  # sources that are the student's or the family's own
SCHOOL_TEMPLATES = ("ask_school",)


@dataclass(frozen=True)
class ClassSummary:
    overview: aggregates.ClassOverview
    titles: dict[str, str]  # recommendation id -> title, where a scan stored one
    unread_pages: tuple[str, ...] = ()  # addresses of the class's own pages the latest audit could not read
    created_at: str | None = None  # when the snapshot was taken (UTC); None for a live computation
    members: tuple[int, ...] = ()  # which students it counts (never shown)
    held: bool = False  # computed, but not stored: 1 or 2 students joined or left since the last one


def latest_scan_id(db: Database, person_id: int) -> int | None:
    row = db.query_one(
        "SELECT id FROM scans WHERE person_id = ? AND state = 'done'"
        " ORDER BY coalesce(finished_at, started_at) DESC, id DESC LIMIT 1",
        (person_id,),
    )
    return row["id"] if row else None


def student_summary(db: Database, vault: Vault, person_id: int, scan_id: int,
                    titles: dict[str, str] | None = None) -> aggregates.StudentSummary:
    visibilities: list[str] = []
    unread_own = unread_school = 0
    for row in db.query("SELECT ss.visibility, ss.state, s.owner, s.class_id FROM scan_sources ss"
                        " JOIN sources s ON s.id = ss.source_id WHERE ss.scan_id = ?", (scan_id,)):
        school = row["class_id"] is not None or row["owner"] == "school"
        if row["state"] != "done":
            if school:
                unread_school += 1
            else:
                unread_own += 1
        elif row["owner"] in FAMILY_OWNERS and row["class_id"] is None:
            visibilities.append(row["visibility"])
    photos_by_level: dict[str, set[int]] = defaultdict(set)
    school_photos: set[int] = set()
    school_findings: set[str] = set()
    signals: set[str] = set()
    rows = db.query(
        "SELECT f.id, f.photo_id, f.level, f.detail_enc, s.owner, s.class_id FROM findings f"
        " JOIN photos p ON p.id = f.photo_id JOIN sources s ON s.id = p.source_id"
        " WHERE f.person_id = ? AND f.last_seen_scan = ?"
        " AND f.gone_since_scan IS NULL AND f.review NOT IN ('not_me', 'removed')",
        (person_id, scan_id),
    )
    for row in rows:
        photos_by_level[row["level"]].add(row["photo_id"])
        if row["class_id"] is not None or row["owner"] == "school":
            school_photos.add(row["photo_id"])
            school_findings.add(str(row["id"]))
        if row["detail_enc"]:
            try:
                detail = vault.open_json(row["detail_enc"], FINDING_DETAIL)
            except (DecryptionFailed, ValueError):
                continue
            signals.update(str(kind) for kind in (detail or {}).get("signals") or [])
    recommendations: list[str] = []
    for_school: list[str] = []
    not_fully_checked = 0
    scan = db.query_one("SELECT summary_enc FROM scans WHERE id = ?", (scan_id,))
    if scan and scan["summary_enc"]:
        try:
            summary = vault.open_json(scan["summary_enc"], SCAN_SUMMARY) or {}
        except (DecryptionFailed, ValueError):
            summary = {}
        not_fully_checked = int((summary.get("counts") or {}).get("not_fully_checked", 0) or 0)
        for item in summary.get("recommendations") or []:
            if isinstance(item, dict) and item.get("id"):
                # Grouped by the recommendation's template ("make_private" for "make_private.instagram"):
                # for a class, "make the account private" matters more than on which platform.
                key = str(item.get("template") or item["id"])
                keys = {str(k) for k in item.get("photo_keys") or []}
                school_only = key in SCHOOL_TEMPLATES or (keys and keys <= school_findings)
                (for_school if school_only else recommendations).append(key)
                if titles is not None and item.get("title"):
                    titles.setdefault(key, str(item["title"]))
    return aggregates.StudentSummary(
        visibilities=tuple(visibilities),
        exposures={level: len(ids) for level, ids in photos_by_level.items()},
        signals=frozenset(signals),
        recommendations=tuple(recommendations),
        unread_own=unread_own,
        unread_school=unread_school,
        school_photos=len(school_photos),
        school_recommendations=tuple(for_school),
        photos_not_fully_checked=not_fully_checked,
    )


def class_summary(db: Database, vault: Vault, class_id: int) -> ClassSummary:
    """The overview computed now from the latest finished scans (what :func:`take_snapshot` stores)."""
    persons = PersonRepository(db, vault)
    summaries: list[aggregates.StudentSummary] = []
    titles: dict[str, str] = {}
    scan_ids: list[int] = []
    members: list[int] = []
    attempts: list[int] = []  # also scans that could read nothing: the school pages they could not read count
    for person in persons.list(role="student", class_id=class_id):
        if not consent_rules.may_process(person, persons.consent(person.id)):
            continue
        attempt = db.query_one("SELECT id FROM scans WHERE person_id = ? AND state IN ('done', 'failed')"
                               " ORDER BY coalesce(finished_at, started_at) DESC, id DESC LIMIT 1", (person.id,))
        if attempt is not None:
            attempts.append(attempt["id"])
        scan_id = latest_scan_id(db, person.id)
        if scan_id is None:
            continue
        scan_ids.append(scan_id)
        members.append(person.id)
        summaries.append(student_summary(db, vault, person.id, scan_id, titles))
    return ClassSummary(aggregates.class_overview(summaries), titles,
                        unread_school_pages(db, vault, sorted(set(scan_ids) | set(attempts))), members=tuple(members))


def unread_school_pages(db: Database, vault: Vault, scan_ids: list[int]) -> tuple[str, ...]:
    """The addresses of the class's own pages that one of these scans could not read (the school's pages are
    the teacher's to fix; a student's own pages are never named here)."""
    if not scan_ids:
        return ()
    marks = ",".join("?" for _ in scan_ids)
    rows = db.query(f"SELECT DISTINCT s.id, s.target_enc FROM scan_sources ss JOIN sources s ON s.id = ss.source_id"
                    f" WHERE ss.scan_id IN ({marks}) AND ss.state != 'done' AND s.class_id IS NOT NULL"
                    f" ORDER BY s.id", tuple(scan_ids))
    return tuple(vault.open_text(row["target_enc"], "sources.target") for row in rows)


def take_snapshot(db: Database, vault: Vault, class_id: int) -> ClassSummary:
    """Compute the overview from the latest finished scans and store it as what the dashboard shows — unless 1
    or 2 students joined or left since the last stored one (consent given or withdrawn, an age band changed):
    then the two overviews would differ by those students' numbers alone, so nothing is stored (``held``) until
    at least 3 have. Returns the computed summary."""
    summary = class_summary(db, vault, class_id)
    previous = _previous_members(db, vault, class_id)
    changed = len(set(summary.members) ^ previous) if previous is not None else 0
    if 0 < changed < aggregates.THRESHOLD:
        return replace(summary, held=True)
    now = utc_now()
    payload = {"overview": summary.overview.to_json(), "titles": summary.titles,
               "unread_pages": list(summary.unread_pages)}
    with db.transaction() as conn:
        conn.execute("DELETE FROM class_overviews WHERE class_id = ?", (class_id,))
        conn.execute("INSERT INTO class_overviews(class_id, overview_enc, members_enc, created_at)"
                     " VALUES (?, ?, ?, ?)", (class_id, vault.seal_json(payload, SNAPSHOT),
                                              vault.seal_json(sorted(summary.members), MEMBERS), now))
    return replace(summary, created_at=now)


def _previous_members(db: Database, vault: Vault, class_id: int) -> set[int] | None:
    row = db.query_one("SELECT members_enc FROM class_overviews WHERE class_id = ? ORDER BY id DESC LIMIT 1",
                       (class_id,))
    if row is None:
        return None
    try:
        return {int(member) for member in vault.open_json(row["members_enc"], MEMBERS)}
    except (DecryptionFailed, ValueError, TypeError):
        return None


def latest_snapshot(db: Database, vault: Vault, class_id: int) -> ClassSummary | None:
    """The overview stored by the last finished class audit, or ``None`` (no audit since the last withdrawal)."""
    row = db.query_one("SELECT overview_enc, created_at FROM class_overviews WHERE class_id = ?"
                       " ORDER BY id DESC LIMIT 1", (class_id,))
    if row is None or row["overview_enc"] is None:
        return None
    try:
        payload = vault.open_json(row["overview_enc"], SNAPSHOT)
        overview = aggregates.ClassOverview.from_json(payload["overview"])
    except (DecryptionFailed, ValueError, KeyError, TypeError):
        return None
    return ClassSummary(overview, dict(payload.get("titles") or {}), tuple(payload.get("unread_pages") or ()),
                        row["created_at"])


def forget_snapshots(conn, class_id: int | None) -> int:
    """Clear a class's stored overview (inside the caller's transaction); which students it counted stays, so the
    next one is stored only once 3 or more students joined or left (see :func:`take_snapshot`)."""
    if class_id is None:
        return 0
    return conn.execute("UPDATE class_overviews SET overview_enc = NULL WHERE class_id = ?", (class_id,)).rowcount
