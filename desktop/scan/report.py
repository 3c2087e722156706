"""The scan report as data: the ``jikimi scan --json`` contract (PRODUCT.md) and the content of the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop import i18n
from desktop.core import recommendations as rec
from desktop.core.models import Person
from desktop.core.risk import Reason


@dataclass(frozen=True)
class ReportData:
    person: Person
    scan: object  # ScanRow
    sources: list[dict]
    exposures: list[dict]
    reasons: list[str]
    recommendations: list[rec.Recommendation]
    done: dict[str, bool]
    # The photos the parent answered "not my child" about: they count nowhere, and can be seen and undone.
    answered: list[dict] = field(default_factory=list)

    @property
    def photo_count(self) -> int:
        """Distinct photos among the exposures (one photo found in two places is one photo)."""
        return len({e["photo_key"] for e in self.exposures})


def load(workspace, person: Person) -> ReportData | None:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    scan = repo.latest(person.id)
    if scan is None:
        return None
    states = repo.source_states(scan.id)
    all_sources = workspace.sources.list_for_person(person.id) + (
        workspace.sources.list_for_class(person.class_id) if person.class_id is not None else []
    )
    sources = []
    for source in all_sources:
        state = states.get(source.id)
        if state is None:
            continue
        error = None
        if state["error_code"]:
            values = state["detail"].get("error_values", {})
            try:
                error = i18n.tr(state["error_code"], **values)
            except (KeyError, i18n.MissingTranslation):
                error = state["error_code"]
        sources.append({
            "id": source.id, "kind": source.kind, "target": source.target, "owner": source.owner,
            "visibility": state["visibility"], "photos_checked": state["photos_checked"],
            "photos_found": state["photos_found"], "error": error, "notices": state["detail"].get("notices", []),
        })
    kinds = {s["id"]: s["kind"] for s in sources}
    exposures, answered = [], []
    for finding in repo.findings(person.id):
        if finding.review == "removed":
            continue
        (answered if finding.review == "not_me" else exposures).append({
            "finding_id": finding.id, "image_url": finding.image_url, "post_url": finding.post_url,
            "source_kind": kinds.get(finding.source_id, ""), "source_id": finding.source_id,
            "level": finding.level, "distance": finding.distance, "signals": finding.detail.get("signals", []),
            "review": finding.review, "visibility": finding.photo_visibility,
            "first_seen_scan": finding.first_seen_scan, "caption": finding.photo_meta.get("caption", ""),
            "photo_key": finding.photo_key,
            # The photo may show more faces than the engine could check (too small, or probably missed).
            "photo_fully_checked": finding.photo_meta.get("fully_checked", not finding.photo_meta.get("too_small")),
        })
    summary = scan.summary or {}
    reasons = [rec.render_reason(Reason(r["id"], r["values"])) for r in summary.get("reasons", [])]
    choices = [rec.Choice(c["id"], c["template"], c["priority"], c.get("platform"), c.get("count", 0),
                          tuple(c.get("photo_keys", [])), c.get("variant")) for c in summary.get("recommendations", [])]
    recommendations = [rec.render(choice, person.name) for choice in choices]
    return ReportData(person, scan, sources, exposures, reasons, recommendations,
                      repo.recommendation_done(person.id), answered)


def as_json(data: ReportData) -> dict:
    """The contract of ``jikimi scan NAME --json``."""
    return {
        "person": data.person.name,
        "scanned_at": data.scan.finished_at,
        "sources": [
            {"kind": s["kind"], "target": s["target"], "visibility": s["visibility"],
             "photos_checked": s["photos_checked"], "error": s["error"]}
            for s in data.sources
        ],
        "exposures": [
            {"image_url": e["image_url"], "post_url": e["post_url"], "source_kind": e["source_kind"],
             "level": e["level"], "distance": e["distance"], "signals": e["signals"],
             "photo_fully_checked": e.get("photo_fully_checked", True)}
            for e in data.exposures
        ],
        # Photos of the last scan with faces the engine could not check: never to be read as clean.
        "photos_not_fully_checked": ((data.scan.summary or {}).get("counts") or {}).get("not_fully_checked", 0),
        "risk": {"score": data.scan.risk_score, "level": data.scan.risk_level},
        "reasons": data.reasons,
        "recommendations": [
            {"id": r.id, "title": r.title, "priority": r.priority, "done": data.done.get(r.id, False)}
            for r in data.recommendations
        ],
    }


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
        current = [f for f in found if f.gone_since_scan is None and f.review != "removed"]
        if current:
            if previous is not None and min(f.first_seen_scan for f in found) > previous:
                new += 1
            else:
                still += 1
        elif any(f.gone_since_scan == latest or (f.review == "removed" and f.gone_since_scan) for f in found):
            fixed += 1
    return Changes(new=new, fixed=fixed, still=still, previous_scan=previous)


def trend(workspace, person: Person) -> list[tuple[str, int]]:
    from desktop.store.scans import ScanRepository

    return [(s.finished_at or s.started_at, s.risk_score or 0)
            for s in ScanRepository(workspace.db, workspace.vault).history(person.id)]
