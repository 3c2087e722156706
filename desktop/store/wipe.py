"""The one list of what is deleted when a person is deleted or withdraws consent.

A new table that refers to a person (directly, or through a source, photo, finding, case or scan) must be added
here or to :data:`KEPT_ON_WIPE` with a reason; a test that reads the schema fails until it is.
"""

from __future__ import annotations

# Photos that belong to this person's sources; used by several statements below.
_PERSON_PHOTOS = "SELECT p.id FROM photos p JOIN sources s ON s.id = p.source_id WHERE s.person_id = :pid"
_ORPHAN_CONTENT = (
    "SELECT p.content_index FROM photos p JOIN sources s ON s.id = p.source_id"
    " WHERE s.person_id = :pid AND p.content_index IS NOT NULL"
    " AND p.content_index NOT IN (SELECT q.content_index FROM photos q JOIN sources t ON t.id = q.source_id"
    "   WHERE (t.person_id IS NULL OR t.person_id != :pid) AND q.content_index IS NOT NULL)"
)

# Everything learned about a person, shared by "delete this person" and consent withdrawal (one
# implementation for both): (table, statement). Order matters: caches are found through the photos before the
# photos go. tests/unit/store/test_wipe_covers_schema.py reads the schema and fails when a table that refers to
# a person, a source, a photo, a finding, a case or a scan is neither here nor in KEPT_ON_WIPE.
WIPE_STATEMENTS: list[tuple[str, str]] = [
    ("face_cache", f"DELETE FROM face_cache WHERE content_index IN ({_ORPHAN_CONTENT})"),
    # The HTTP cache holds sealed copies of listing pages (feeds, profile answers) keyed by URL alone, with no
    # link to a person that SQL could follow; it is only a speed-up, so all of it goes (the next scan of
    # anyone else downloads in full once).
    ("http_cache", "DELETE FROM http_cache"),
    ("evidence", "DELETE FROM evidence WHERE person_id = :pid OR case_id IN "
                 "(SELECT id FROM cases WHERE person_id = :pid) OR finding_id IN "
                 "(SELECT id FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + "))"),
    ("case_events", "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE person_id = :pid)"),
    ("cases", "DELETE FROM cases WHERE person_id = :pid"),
    ("findings", "DELETE FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + ")"),
    ("face_references", "DELETE FROM face_references WHERE person_id = :pid"),
    ("scan_sources", "DELETE FROM scan_sources WHERE source_id IN (SELECT id FROM sources WHERE person_id = :pid)"
                     " OR scan_id IN (SELECT id FROM scans WHERE person_id = :pid)"),
    ("photos", "DELETE FROM photos WHERE source_id IN (SELECT id FROM sources WHERE person_id = :pid)"),
    ("sources", "DELETE FROM sources WHERE person_id = :pid"),
    ("scans", "DELETE FROM scans WHERE person_id = :pid"),
    ("recommendation_progress", "DELETE FROM recommendation_progress WHERE person_id = :pid"),
    ("checklist_progress", "DELETE FROM checklist_progress WHERE person_id = :pid"),
    ("family_codes", "DELETE FROM family_codes WHERE person_id = :pid"),
]


# Tables that refer to a person but are deliberately not emptied by wipe_rows, with the reason.
KEPT_ON_WIPE: dict[str, str] = {
    "persons": "the person's own row: deleted by ConsentService.delete_person, kept (roster entry) on withdrawal",
    "consents": "the consent history is the record a school must be able to show; deleted with the person",
    "classes": "a class is not personal data of one student",
    "class_exports": "the family report files written about the person: read after the wipe to delete those files "
                     "(ClassExports.remove, which then deletes the rows); cascades with the person",
}


# With ``keep_cases``: the person's evidence cases (crisis records) stay, with their evidence and events; only
# evidence that is in no case goes.
_KEEP_CASES: dict[str, str | None] = {
    "evidence": "DELETE FROM evidence WHERE case_id IS NULL AND (person_id = :pid OR finding_id IN "
                "(SELECT id FROM findings WHERE person_id = :pid OR photo_id IN (" + _PERSON_PHOTOS + ")))",
    "case_events": None,
    "cases": None,
}


def wipe_rows(conn, person_id: int, keep_cases: bool = False) -> dict[str, int]:
    """Run :data:`WIPE_STATEMENTS` for one person inside the caller's transaction; rows deleted per table.
    ``keep_cases``: the person's evidence cases stay (their evidence no longer points at the findings)."""
    if keep_cases:
        conn.execute("UPDATE evidence SET finding_id = NULL WHERE case_id IN"
                     " (SELECT id FROM cases WHERE person_id = :pid)", {"pid": person_id})
    counts = {}
    for label, statement in WIPE_STATEMENTS:
        if keep_cases and label in _KEEP_CASES:
            replacement = _KEEP_CASES[label]
            if replacement is None:
                counts[label] = 0
                continue
            statement = replacement
        counts[label] = conn.execute(statement, {"pid": person_id}).rowcount
    return counts


# A column or foreign key with one of these names or targets ties a row to a person.
_PERSONAL_COLUMNS = {"person_id", "source_id", "photo_id", "finding_id", "case_id", "scan_id", "content_index"}
_PERSONAL_TABLES = {"persons", "sources", "photos", "findings", "cases", "scans"}


def uncovered_tables(conn) -> list[str]:
    """Tables of this database that refer to a person but that no wipe statement empties and KEPT_ON_WIPE does
    not explain: each one would survive a deletion."""
    covered = {label for label, _ in WIPE_STATEMENTS} | set(KEPT_ON_WIPE)
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    missing = []
    for table in tables:
        columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        targets = {row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
        personal = columns & _PERSONAL_COLUMNS or targets & _PERSONAL_TABLES or table in _PERSONAL_TABLES
        if personal and table not in covered:
            missing.append(table)
    return sorted(missing)
