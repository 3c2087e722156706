"""The scan report as data: the ``jikimi scan --json`` contract (PRODUCT.md) and the content of the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop import i18n
from desktop.core import recommendations as rec
from desktop.core.models import Person
from desktop.core.risk import Reason
from desktop.scan.thumbnails import box_in_thumbnail

if TYPE_CHECKING:
    from desktop.store.scans import ScanRow


@dataclass(frozen=True)
class ReportData:
    person: Person
    scan: ScanRow  # the last scan that read something (its score is the one shown), or the failed one
    sources: list[dict]
    exposures: list[dict]
    reasons: list[str]
    recommendations: list[rec.Recommendation]
    done: dict[str, bool]
    # The photos the parent answered "not my child" about: they count nowhere, and can be seen and undone.
    answered: list[dict] = field(default_factory=list)
    # A newer scan that did not end with results: "failed" (no source could be read) or "cancelled". What is
    # shown is still the last scan that did; the screen, the PDF and the JSON say so.
    attempt: ScanRow | None = None

    @property
    def photo_count(self) -> int:
        """Distinct photos among the exposures (one photo found in two places is one photo)."""
        return len({e["photo_key"] for e in self.exposures})

    @property
    def scored(self) -> bool:
        """Whether any scan ever read a source to the end (otherwise there is no score to show)."""
        return self.scan.state == "done"

    @property
    def unchecked_sources(self) -> list[dict]:
        return [s for s in self.sources if not s["checked"]]

    @property
    def photos_not_fully_checked(self) -> int:
        """Photos of the shown scan that hold faces the engine could not check (too small, or probably missed)."""
        summary = getattr(self.scan, "summary", None) or {}
        return int((summary.get("counts") or {}).get("not_fully_checked", 0) or 0)

    @property
    def complete(self) -> bool:
        """True only when the newest scan read every linked source to the end."""
        return self.attempt is None and self.scored and not self.unchecked_sources


def _error_text(state: dict) -> str | None:
    if not state.get("error_code"):
        return None
    values = state["detail"].get("error_values", {})
    try:
        return i18n.tr(state["error_code"], **values)
    except (KeyError, i18n.MissingTranslation):
        return state["error_code"]


def load(workspace, person: Person) -> ReportData | None:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    scan = repo.latest(person.id)
    attempt = repo.last_attempt(person.id)
    if attempt is not None and scan is not None and attempt.id <= scan.id:
        attempt = None
    if scan is None and (attempt is None or attempt.state != "failed"):
        return None  # nothing ever read (a first scan cancelled is "no results yet")
    shown = scan or attempt
    assert shown is not None, "returned above when there is neither a finished scan nor a failed one"
    # A failed scan tried every source and could read none: its errors are the news. A cancelled one stopped
    # part-way: the sources are shown as the last finished scan left them.
    source_scan = attempt if attempt is not None and attempt.state == "failed" else shown
    states = repo.source_states(source_scan.id)
    all_sources = workspace.sources.list_for_person(person.id) + (
        workspace.sources.list_for_class(person.class_id) if person.class_id is not None else []
    )
    sources = []
    for source in all_sources:
        state = states.get(source.id)
        if state is None:
            continue
        checked = state["state"] == "done"
        visibility, photos_checked, last_checked = state["visibility"], state["photos_checked"], None
        if not checked:
            known = repo.last_checked(source.id, source_scan.id)
            visibility = known["visibility"] if known else "unknown"
            photos_checked = known["photos_checked"] if known else 0
            last_checked = known["checked_at"] if known else None
        sources.append({
            "id": source.id, "kind": source.kind, "target": source.target, "owner": source.owner,
            "visibility": visibility, "photos_checked": photos_checked,
            "photos_found": state["photos_found"], "error": _error_text(state),
            "notices": state["detail"].get("notices", []),
            "checked": checked, "last_checked": last_checked,
            "read": checked,  # not read: what it holds is not checked (never "0 photos")
        })
    kinds = {s["id"]: s["kind"] for s in sources}
    finished = {row.id: row.finished_at for row in repo.history(person.id)}
    exposures: list[dict] = []
    answered: list[dict] = []
    for finding in repo.findings(person.id):
        if scan is not None and finding.first_seen_scan > scan.id:
            continue  # found by a later scan that did not finish: not mixed into these results
        (answered if finding.review == "not_me" else exposures).append({
            "finding_id": finding.id, "image_url": finding.image_url, "post_url": finding.post_url,
            "source_kind": kinds.get(finding.source_id, ""), "source_id": finding.source_id,
            # "Yes, this is my child" settles it: the photo is a match, whatever the engine thought.
            "level": "match" if finding.review == "confirmed" else finding.level, "distance": finding.distance,
            "signals": finding.detail.get("signals", []), "review": finding.review,
            "visibility": finding.photo_visibility,
            "thumb_box": box_in_thumbnail(finding.detail),  # the face on its thumbnail, in its pixels
            "first_seen_scan": finding.first_seen_scan, "caption": finding.photo_meta.get("caption", ""),
            "photo_key": finding.photo_key,
            "removed_at": finding.removed_at if finding.review == "removed" or finding.still_public_scan else None,
            "still_public_at": finished.get(finding.still_public_scan) if finding.still_public_scan else None,
            # The photo may show more faces than the engine could check (too small, or probably missed).
            "photo_fully_checked": finding.photo_meta.get("fully_checked", not finding.photo_meta.get("too_small")),
        })
    summary = (scan.summary if scan is not None else None) or {}
    reasons = [rec.render_reason(Reason(r["id"], r["values"])) for r in summary.get("reasons", [])]
    choices = [rec.Choice(c["id"], c["template"], c["priority"], c.get("platform"), c.get("count", 0),
                          tuple(c.get("photo_keys", [])), c.get("variant")) for c in summary.get("recommendations", [])]
    recommendations = [rec.render(choice, person.name) for choice in choices]
    # A recommendation about a photo the parent said was removed and a scan found still online was unticked by
    # that scan (ScanWriter.reopen_recommendations_still_public): ticking it again later is the parent's new word.
    done = repo.recommendation_done(person.id)
    return ReportData(person, shown, sources, exposures, reasons, recommendations, done, answered, attempt)


def sources_unread(data: ReportData | None) -> tuple[int, int]:
    """(sources that could not be read, sources) in a report: a run is complete only when the first is 0, and
    when it equals the second the run has no result at all (never shown as a low score)."""
    sources = data.sources if data is not None else []
    return len([source for source in sources if source["error"]]), len(sources)


def as_json(data: ReportData) -> dict:
    """The contract of ``jikimi scan NAME --json`` (docs/scan-json.md). ``complete`` is false when a source could
    not be read; when nothing was ever read there is no score (``risk.score`` is null), never a clean "0, low"."""
    newest = data.attempt or data.scan
    return {
        "person": data.person.name,
        "scanned_at": newest.finished_at,
        "state": newest.state,
        "complete": data.complete,
        "results_from": data.scan.finished_at if data.scored else None,
        "sources": [
            {"kind": s["kind"], "target": s["target"], "visibility": s["visibility"],
             "photos_checked": s["photos_checked"], "error": s["error"], "checked": s["checked"],
             "last_checked": s["last_checked"]}
            for s in data.sources
        ],
        "exposures": [
            {"image_url": e["image_url"], "post_url": e["post_url"], "source_kind": e["source_kind"],
             "level": e["level"], "distance": e["distance"], "signals": e["signals"],
             "said_removed_at": e["removed_at"], "still_public_at": e["still_public_at"],
             "photo_fully_checked": e.get("photo_fully_checked", True)}
            for e in data.exposures
        ],
        # Photos of the last scan with faces the engine could not check: never to be read as clean.
        "photos_not_fully_checked": ((data.scan.summary or {}).get("counts") or {}).get("not_fully_checked", 0),
        # docs/scan-json.md: the last real score; null (never 0) when no source was ever read
        "risk": ({"score": data.scan.risk_score, "level": data.scan.risk_level} if data.scored
                 else {"score": None, "level": None}),
        "reasons": data.reasons,
        "recommendations": [
            {"id": r.id, "title": r.title, "priority": r.priority, "done": data.done.get(r.id, False)}
            for r in data.recommendations
        ],
    }


def scan_state_text(data: ReportData) -> str:
    """The line that says the newest scan failed, was cancelled, or could not read every source ("" when it
    read everything). The Results screen shows the same words."""
    from desktop.core.local_time import local_datetime

    tr = i18n.tr
    attempt, shown = data.attempt, data.scan
    if attempt is not None and attempt.state == "failed":
        when = local_datetime(attempt.finished_at or attempt.started_at)
        return (tr("results.attempt_failed", when=when, previous=local_datetime(shown.finished_at))
                if data.scored else tr("results.attempt_failed_first", when=when))
    if attempt is not None:
        return tr("results.attempt_cancelled", when=local_datetime(attempt.finished_at or attempt.started_at),
                  previous=local_datetime(shown.finished_at))
    if data.unchecked_sources:
        return tr("results.incomplete", failed=len(data.unchecked_sources), total=len(data.sources))
    return ""


@dataclass(frozen=True)
class Changes:
    new: int
    fixed: int
    still: int
    previous_scan: int | None


def changes(workspace, person: Person) -> Changes | None:
    """What the latest scan found new, what is fixed since the one before, and what is still exposed, in
    distinct photos: a photo is still exposed while any place still shows it, fixed when none does any more,
    and new when no scan before the latest one found it anywhere."""
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    history = repo.history(person.id)
    if not history:
        return None
    latest = history[-1].id
    previous = history[-2].id if len(history) > 1 else None
    places: dict[str, list] = {}
    for finding in repo.findings(person.id, include_gone=True):
        if finding.review != "not_me":
            places.setdefault(finding.photo_key, []).append(finding)
    new = fixed = still = 0
    for found in places.values():
        current = [f for f in found if f.gone_since_scan is None]  # "I removed it" is believed when a scan agrees
        if current:
            if previous is not None and min(f.first_seen_scan for f in found) > previous:
                new += 1
            else:
                still += 1
        elif any(f.gone_since_scan == latest or (f.review == "removed" and f.gone_since_scan) for f in found):
            fixed += 1
    return Changes(new=new, fixed=fixed, still=still, previous_scan=previous)


def trend(workspace, person: Person) -> list[tuple[str, int, bool]]:
    """(time, score, complete) for every scan that read something; failed and cancelled scans are not points,
    and a scan that could not read every source is marked (``complete`` False) so it is drawn apart."""
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    return [(s.finished_at or s.started_at, s.risk_score or 0, repo.complete(s.id)) for s in repo.history(person.id)]
