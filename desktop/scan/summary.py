"""From stored findings to what the parent sees: exposures with their signals, the score and its reasons,
the recommendations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from desktop.core import recommendations as rec
from desktop.core import risk
from desktop.core import signals as sig
from desktop.core.models import Exposure, Person, SourceSummary, photo_count


@dataclass(frozen=True)
class Summary:
    score: int
    level: str
    summary: dict


def platform_of_source(source) -> str:
    """The platform a linked source's photos are on: the place the parent picked (KakaoTalk, a Band), else
    what its kind and address say."""
    from desktop.sources.places import PLACE_PLATFORMS

    return PLACE_PLATFORMS.get(source.place or "") or rec.platform_of(source.kind, source.target)


def source_summaries(workspace, person: Person, scan_id: int | None) -> list[SourceSummary]:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    states = repo.source_states(scan_id) if scan_id else {}
    summaries = []
    for source in workspace.sources.list_for_person(person.id) + (
        workspace.sources.list_for_class(person.class_id) if person.class_id is not None else []
    ):
        state = states.get(source.id, {})
        if state.get("state") != "done" and scan_id:
            # Not read this time (the server was down): the source keeps what the last full read found, so a
            # failure never reads as progress ("the public account" does not vanish with the server).
            known = repo.last_checked(source.id, scan_id)
            state = {**state, "visibility": known["visibility"] if known else "unknown",
                     "photos_checked": known["photos_checked"] if known else 0}
        summaries.append(SourceSummary(
            source.id, source.kind, platform_of_source(source), source.owner,
            state.get("visibility", "unknown"), state.get("photos_checked", 0), state.get("error_code"),
        ))
    return summaries


def exposures(workspace, person: Person, sources: list[SourceSummary]) -> list[Exposure]:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    rows = repo.findings(person.id)
    by_id = {s.source_id: s for s in sources}
    content_sources: dict[bytes, set[int]] = defaultdict(set)
    photo_content = {}
    for photo_id, source_id, content_key in repo.shown_photo_contents(person.id):
        content_sources[content_key].add(source_id)
        photo_content[photo_id] = content_key
    result = []
    for row in rows:
        source = by_id.get(row.source_id)
        if source is None:
            continue
        signals = set(row.detail.get("signals", []))
        content = photo_content.get(row.photo_id)
        if content is not None and len(content_sources.get(content, ())) > 1:
            signals.add(sig.SAME_PHOTO_ELSEWHERE)
        result.append(Exposure(
            key=str(row.id), source_id=row.source_id, platform=source.platform, owner=source.owner,
            visibility=row.photo_visibility, level="match" if row.review == "confirmed" else row.level,
            distance=row.distance,
            role=row.photo_meta.get("role", "post"), signals=frozenset(signals), review=row.review,
            photo=row.photo_key,
        ))
    return result


def not_fully_checked(workspace, sources: list[SourceSummary], scan_id: int) -> int:
    """How many photos seen in this scan hold faces the engine could not check (see ``ImageAnalysis``)."""
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    return sum(1 for source in sources for photo in repo.photos_seen(scan_id, source.source_id)
               if photo.meta.get("unchecked") or photo.meta.get("too_small"))


def summarise(workspace, person: Person, scan_id: int) -> Summary:
    sources = source_summaries(workspace, person, scan_id)
    found = exposures(workspace, person, sources)
    assessed = risk.assess(found, sources, person.name)
    choices = rec.choose(found, sources)
    counted = [e for e in found if e.counts]
    summary = {
        "reasons": [{"id": r.message_id, "values": r.values} for r in assessed.reasons],
        "recommendations": [
            {"id": c.id, "template": c.template, "priority": c.priority, "platform": c.platform, "count": c.count,
             "photo_keys": list(c.photo_keys), "variant": c.variant} for c in choices
        ],
        "counts": {  # distinct photos, as the reasons count them
            "match": photo_count(e for e in counted if e.level == "match"),
            "possible": photo_count(e for e in counted if e.level == "possible"),
            "public": photo_count(e for e in counted if e.visibility == "public"),
            "signals": {kind: photo_count(e for e in counted if kind in e.signals) for kind in sig.ALL_SIGNALS},
            # Photos of this scan whose faces could not all be checked (too small, or probably more faces than
            # the engine could find): none of them may be presented as clean.
            "not_fully_checked": not_fully_checked(workspace, sources, scan_id),
        },
    }
    return Summary(assessed.score, assessed.level, summary)
