"""What deleting a person or a student removes, in the words a parent or teacher uses: shown before anything
is deleted, by the command line and the window alike (counts come from the store's ``data_left`` /
``removal_preview``)."""

from __future__ import annotations

from desktop import i18n

_DELETION_GROUPS = (  # what a removal deletes, in the words a parent or teacher uses
    ("person.delete_list.faces", ("face_references",)),
    ("person.delete_list.sources", ("sources",)),
    ("person.delete_list.photos", ("photos",)),
    ("person.delete_list.findings", ("findings",)),
    ("person.delete_list.scans", ("scans",)),
    ("person.delete_list.evidence", ("evidence", "cases")),
    ("person.delete_list.progress", ("recommendation_progress", "checklist_progress")),
    ("person.delete_list.consents", ("consents",)),
)


def deletion_lines(counts: dict[str, int]) -> list[str]:
    """Exactly what a removal deletes: one line per kind of data held (with how many), always the person's
    entry itself. Shared by the command line and the window."""
    lines = [i18n.tr("person.delete_list.entry")]
    for message_id, tables in _DELETION_GROUPS:
        count = sum(counts.get(table, 0) for table in tables)
        if count:
            lines.append(i18n.tr(message_id, count=count))
    return lines
