"""Linked sources of a person (their profiles, exports, folders) or of a class (the school's own pages).

Targets and base URLs are personal (they name a child's profile): stored sealed, found by keyed index.
A source is attached to a person only once that person's consent is on record.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.models import SOURCE_OWNERS
from desktop.sources.base import SourceError
from desktop.sources.registry import check_target, kind_info
from desktop.store.crypto import Vault
from desktop.store.db import Database, StorageError, inserted_id, utc_now
from desktop.store.persons import PersonRepository

TARGET = "sources.target"
BASE_URL = "sources.base_url"


@dataclass(frozen=True)
class SourceRecord:
    id: int
    person_id: int | None
    class_id: int | None
    kind: str
    target: str
    owner: str
    base_url: str | None
    allow_private: bool
    created_at: str
    place: str | None = None  # what the parent picked it as (desktop/sources/places.py)
    stated_visibility: str | None = None  # saved photos from a place Jikimi cannot read: who sees them there


def _check_stated(visibility: str | None) -> None:
    from desktop.core.models import VISIBILITIES

    if visibility is not None and visibility not in VISIBILITIES:
        raise StorageError("sources.bad_visibility", visibility=visibility)


class SourceRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    def _record(self, row) -> SourceRecord:
        return SourceRecord(
            id=row["id"],
            person_id=row["person_id"],
            class_id=row["class_id"],
            kind=row["kind"],
            target=self.vault.open_text(row["target_enc"], TARGET),
            owner=row["owner"],
            base_url=self.vault.open_text(row["base_url_enc"], BASE_URL) if row["base_url_enc"] else None,
            allow_private=bool(row["allow_private"]),
            created_at=row["created_at"],
            place=row["place"],
            stated_visibility=row["stated_visibility"],
        )

    def _checked(self, kind: str, target: str, owner: str, base_url: str | None) -> tuple[str, str | None]:
        try:
            kind_info(kind)
            clean = check_target(kind, target, base_url)
        except SourceError as exc:
            raise StorageError(exc.message_id, str(exc), **exc.values) from exc
        if owner not in SOURCE_OWNERS:
            raise StorageError("sources.bad_owner", owner=owner, owners=", ".join(SOURCE_OWNERS))
        return clean, (base_url.strip().rstrip("/") if base_url and base_url.strip() else None)

    def add(
        self,
        person_id: int | None = None,
        class_id: int | None = None,
        kind: str = "",
        target: str = "",
        owner: str = "self",
        base_url: str | None = None,
        allow_private: bool = False,
        place: str | None = None,
        stated_visibility: str | None = None,
    ) -> SourceRecord:
        _check_stated(stated_visibility)
        if person_id is None and class_id is None:
            raise StorageError("sources.needs_owner_record")
        if person_id is not None:
            persons = PersonRepository(self.db, self.vault)
            persons.require_consent(persons.get(person_id))
        clean, base = self._checked(kind, target, owner, base_url)
        index = self.vault.index(f"{kind}\x00{clean}", TARGET)
        with self.db.transaction() as conn:
            duplicate = conn.execute(
                "SELECT 1 FROM sources WHERE ifnull(person_id, 0) = ? AND ifnull(class_id, 0) = ?"
                " AND kind = ? AND target_index = ?",
                (person_id or 0, class_id or 0, kind, index),
            ).fetchone()
            if duplicate:
                raise StorageError("sources.exists", target=clean)
            cursor = conn.execute(
                "INSERT INTO sources(person_id, class_id, kind, target_index, target_enc, owner, base_url_enc,"
                " allow_private, created_at, place, stated_visibility) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    class_id,
                    kind,
                    index,
                    self.vault.seal_text(clean, TARGET),
                    owner,
                    self.vault.seal_text(base, BASE_URL) if base else None,
                    int(bool(allow_private)),
                    utc_now(),
                    place,
                    stated_visibility,
                ),
            )
        return self.get(inserted_id(cursor))

    def get(self, source_id: int) -> SourceRecord:
        row = self.db.query_one("SELECT * FROM sources WHERE id = ?", (source_id,))
        if row is None:
            raise StorageError("sources.not_linked", id=source_id)
        return self._record(row)

    def list_for_person(self, person_id: int) -> list[SourceRecord]:
        rows = self.db.query("SELECT * FROM sources WHERE person_id = ? ORDER BY id", (person_id,))
        return [self._record(row) for row in rows]

    def list_for_class(self, class_id: int) -> list[SourceRecord]:
        rows = self.db.query("SELECT * FROM sources WHERE class_id = ? ORDER BY id", (class_id,))
        return [self._record(row) for row in rows]

    def update(
        self,
        source_id: int,
        kind: str | None = None,
        target: str | None = None,
        owner: str | None = None,
        base_url: str | None = None,
        allow_private: bool | None = None,
        clear_base_url: bool = False,
        place: str | None = None,
        stated_visibility: str | None = None,
    ) -> SourceRecord:
        _check_stated(stated_visibility)
        current = self.get(source_id)
        new_kind = kind or current.kind
        new_base = None if clear_base_url else (base_url if base_url is not None else current.base_url)
        clean, base = self._checked(
            new_kind, target if target is not None else current.target, owner or current.owner, new_base
        )
        index = self.vault.index(f"{new_kind}\x00{clean}", TARGET)
        with self.db.transaction() as conn:
            duplicate = conn.execute(
                "SELECT 1 FROM sources WHERE ifnull(person_id, 0) = ? AND ifnull(class_id, 0) = ?"
                " AND kind = ? AND target_index = ? AND id != ?",
                (current.person_id or 0, current.class_id or 0, new_kind, index, source_id),
            ).fetchone()
            if duplicate:
                raise StorageError("sources.exists", target=clean)
            conn.execute(
                "UPDATE sources SET kind = ?, target_index = ?, target_enc = ?, owner = ?, base_url_enc = ?,"
                " allow_private = ?, place = ?, stated_visibility = ? WHERE id = ?",
                (
                    new_kind,
                    index,
                    self.vault.seal_text(clean, TARGET),
                    owner or current.owner,
                    self.vault.seal_text(base, BASE_URL) if base else None,
                    int(current.allow_private if allow_private is None else bool(allow_private)),
                    place or current.place,
                    stated_visibility or current.stated_visibility,
                    source_id,
                ),
            )
        return self.get(source_id)

    def photos_with_findings(self, source_id: int) -> int:
        """How many photos at this source hold a finding: what removing the source takes away with it."""
        return self.db.count(
            "SELECT count(DISTINCT f.photo_id) FROM findings f JOIN photos p ON p.id = f.photo_id"
            " WHERE p.source_id = ?", (source_id,))

    def remove(self, source_id: int) -> None:
        self.get(source_id)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
