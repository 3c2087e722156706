"""What deleting a person or a student removes, in the words a parent or teacher uses: shown before anything
is deleted, by the command line and the window alike (counts come from the store's ``data_left`` /
``removal_preview``)."""

from __future__ import annotations

from desktop import i18n

# The kinds of data a parent or teacher is told about, and the tables whose rows each counts: the question before a
# removal ("person.delete_list.<kind>") and the report after a withdrawal ("person.wiped.<kind>") use the same.
TABLE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("faces", ("face_references",)),
    ("sources", ("sources",)),
    ("photos", ("photos",)),
    ("findings", ("findings",)),
    ("scans", ("scans",)),
    ("evidence", ("evidence", "cases")),
    ("progress", ("recommendation_progress", "checklist_progress")),
)
_DELETION_GROUPS = tuple((f"person.delete_list.{kind}", tables)
                         for kind, tables in (*TABLE_GROUPS, ("consents", ("consents",))))
WIPED_GROUPS = tuple((f"person.wiped.{kind}", tables)
                     for kind, tables in (*TABLE_GROUPS, ("caches", ("face_cache", "http_cache"))))


def deletion_lines(counts: dict[str, int], with_entry: bool = True) -> list[str]:
    """Exactly what a removal deletes: one line per kind of data held (with how many), and the person's entry
    itself unless it stays (a withdrawal keeps the roster line). Shared by the command line and the window."""
    lines = [i18n.tr("person.delete_list.entry")] if with_entry else []
    for message_id, tables in _DELETION_GROUPS:
        count = sum(counts.get(table, 0) for table in tables)
        if count:
            lines.append(i18n.tr(message_id, count=count))
    return lines
