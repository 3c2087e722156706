"""The privacy checklist per person: ticks in ``checklist_progress``, and what the latest scans found
out about each checklist item (``scan_sources.detail_enc`` joined with ``sources``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.core.guidance import ChecklistPlatform
from desktop.core.recommendations import SOURCE_PLATFORMS
from desktop.store.db import StorageError, utc_now

DETAIL = "scan_sources.detail"

# sources.kind -> checklist platform id. Kinds that say nothing about one platform's settings (feeds,
# web pages, folders) still count for the all-platform items such as location data in photos.
KIND_PLATFORM = {kind: platform for kind, platform in SOURCE_PLATFORMS.items() if kind not in ("web", "folder")}
HIDDEN_VISIBILITIES = ("private", "friends")  # an account seen as one of these is not public


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


@dataclass(frozen=True)
class ChecklistProgress:
    per_platform: dict[str, Progress]
    overall: Progress


@dataclass(frozen=True)
class Fact:
    """What a linked source let Jikimi check about one checklist item.

    ``value`` is the raw finding (the visibility, whether the picture shows a face, how many photos
    carry a location), ``ok`` whether the item is satisfied, ``checked_at`` when (UTC, ISO-8601),
    ``source_kinds`` which linked sources it came from."""

    item_id: str
    value: object
    ok: bool
    checked_at: str
    source_kinds: tuple[str, ...]


class ChecklistRepository:
    def __init__(self, db):
        self.db = db

    def _require_person(self, person_id: int) -> None:
        if self.db.query_one("SELECT 1 FROM persons WHERE id = ?", (person_id,)) is None:
            raise StorageError("person.not_found", name=str(person_id))

    def set_done(self, person_id: int, item_id: str, done: bool = True) -> None:
        self._require_person(person_id)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO checklist_progress(person_id, item_id, done, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(person_id, item_id) DO UPDATE SET done = excluded.done,"
                " updated_at = excluded.updated_at",
                (person_id, item_id, 1 if done else 0, utc_now()),
            )

    def done_items(self, person_id: int) -> set[str]:
        rows = self.db.query(
            "SELECT item_id FROM checklist_progress WHERE person_id = ? AND done = 1", (person_id,)
        )
        return {row["item_id"] for row in rows}

    def progress(self, person_id: int, platforms: Sequence[ChecklistPlatform]) -> ChecklistProgress:
        done = self.done_items(person_id)
        per_platform = {
            p.id: Progress(sum(1 for i in p.items if i.id in done), len(p.items)) for p in platforms
        }
        overall = Progress(sum(p.done for p in per_platform.values()), sum(p.total for p in per_platform.values()))
        return ChecklistProgress(per_platform, overall)

    def reset(self, person_id: int, item_ids: Iterable[str] | None = None) -> None:
        with self.db.transaction() as conn:
            if item_ids is None:
                conn.execute("DELETE FROM checklist_progress WHERE person_id = ?", (person_id,))
            else:
                conn.executemany(
                    "DELETE FROM checklist_progress WHERE person_id = ? AND item_id = ?",
                    [(person_id, item_id) for item_id in item_ids],
                )


def _latest_details(workspace, person_id: int) -> list[tuple[str, dict, str]]:
    """(source kind, detail, updated_at) from the newest scan row of each of the person's sources."""
    rows = workspace.db.query(
        "SELECT s.id AS source_id, s.kind, ss.detail_enc, ss.updated_at FROM scan_sources ss"
        " JOIN sources s ON s.id = ss.source_id"
        " WHERE s.person_id = ? AND ss.detail_enc IS NOT NULL"
        " ORDER BY ss.updated_at DESC, ss.scan_id DESC",
        (person_id,),
    )
    seen: set[int] = set()
    details = []
    for row in rows:
        if row["source_id"] in seen:
            continue
        seen.add(row["source_id"])
        detail = workspace.vault.open_json(row["detail_enc"], DETAIL)
        if isinstance(detail, dict):
            details.append((row["kind"], detail, row["updated_at"]))
    return details


def source_facts(
    workspace, person_id: int, platforms: Sequence[ChecklistPlatform] | None = None
) -> dict[str, Fact]:
    """Checklist item id -> what the newest scans found, for the items a linked source can check.

    - ``account_public``: the platform's account visibility; satisfied when private or friends-only
      (``public`` on any source of that platform is not; ``unknown`` says nothing).
    - ``profile_picture_face``: satisfied when no source of that platform shows a face in the picture
      (``null``, meaning not checked, says nothing).
    - ``location_in_photos``: photos carrying location data across every source; satisfied at 0.
    """
    if platforms is None:
        from desktop.core import guidance

        platforms = guidance.checklist("en")  # ids and verifiable_by are the same in every language
    by_platform: dict[str, list[tuple[str, dict, str]]] = {}
    everything = _latest_details(workspace, person_id)
    for kind, detail, checked_at in everything:
        platform_id = KIND_PLATFORM.get(kind)
        if platform_id:
            by_platform.setdefault(platform_id, []).append((kind, detail, checked_at))
    facts: dict[str, Fact] = {}
    for platform in platforms:
        for item in platform.items:
            fact = None
            if item.verifiable_by == "account_public":
                fact = _visibility_fact(item.id, by_platform.get(item.platform, []))
            elif item.verifiable_by == "profile_picture_face":
                fact = _face_fact(item.id, by_platform.get(item.platform, []))
            elif item.verifiable_by == "location_in_photos":
                fact = _location_fact(item.id, everything)
            if fact is not None:
                facts[item.id] = fact
    return facts


def _visibility_fact(item_id: str, rows) -> Fact | None:
    seen = [(k, d["account_visibility"], t) for k, d, t in rows if d.get("account_visibility") not in (None, "unknown")]
    if not seen:
        return None
    public = [v for _, v, _ in seen if v == "public"]
    value = "public" if public else seen[0][1]
    return Fact(item_id, value, not public and value in HIDDEN_VISIBILITIES,
                max(t for _, _, t in seen), tuple(sorted({k for k, _, _ in seen})))


def _face_fact(item_id: str, rows) -> Fact | None:
    seen = [(k, d["profile_picture_shows_face"], t) for k, d, t in rows
            if isinstance(d.get("profile_picture_shows_face"), bool)]
    if not seen:
        return None
    face = any(v for _, v, _ in seen)
    return Fact(item_id, face, not face, max(t for _, _, t in seen), tuple(sorted({k for k, _, _ in seen})))


def _location_fact(item_id: str, rows) -> Fact | None:
    seen = [(k, d["photos_with_location"], t) for k, d, t in rows
            if isinstance(d.get("photos_with_location"), int) and not isinstance(d.get("photos_with_location"), bool)]
    if not seen:
        return None
    total = sum(v for _, v, _ in seen)
    return Fact(item_id, total, total == 0, max(t for _, _, t in seen), tuple(sorted({k for k, _, _ in seen})))
