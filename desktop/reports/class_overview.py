"""The class overview in words, for the command line and the Classroom page alike."""

from __future__ import annotations

from desktop.core.aggregates import NOT_CHECKED, SIGNAL_KINDS, SMALL, Cell, ClassOverview
from desktop.i18n import tr, tr_or


def cell_text(cell: Cell, unit_id: str | None = None) -> str:
    """``12 students`` / ``fewer than 3`` / ``hidden (protects a small group)`` / ``not checked``."""
    if cell.hidden_reason == NOT_CHECKED:
        return tr("class.dash.not_checked")
    if not cell.shown:
        return tr("class.dash.fewer_than_3" if cell.hidden_reason == SMALL else "class.dash.hidden")
    return tr(unit_id, value=cell.value) if unit_id else str(cell.value)


def signal_label(kind: str) -> str:
    if kind in SIGNAL_KINDS:
        return tr(f"class.dash.signal.{kind}")
    return tr("class.dash.signal.other", kind=kind)


def recommendation_title(rec_id: str, titles: dict[str, str]) -> str:
    """The class-level title of a recommendation (they are grouped by kind, not by platform)."""
    return tr_or(f"class.rec.{rec_id}", titles.get(rec_id) or rec_id)


def not_enough_text(overview: ClassOverview) -> str:
    """Why no totals are shown: nobody checked yet, or fewer than 3 (a stored count of 1 or 2 keeps no value)."""
    nobody = overview.students_scanned.shown and overview.students_scanned.value == 0
    return tr("class.dash.no_scans" if nobody else "class.dash.too_few")


def incomplete_lines(overview: ClassOverview, unread_pages: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Why some cells read "not checked": for how many students a page could not be read, and which of the
    class's own pages (the teacher's to fix; a student's own pages are never named)."""
    lines = []
    if not overview.complete:
        students = cell_text(overview.students_incomplete, "class.dash.students_value")
        lines.append(tr("class.dash.incomplete", students=students))
    # A school page no scan could read is named even when no student's scan finished because of it.
    lines += [tr("class.dash.unread_page", page=page) for page in unread_pages]
    if overview.faces_unchecked:  # counts of photos found are a floor, never "all of them"
        students = cell_text(overview.students_unsure_photos, "class.dash.students_value")
        lines.append(tr("class.dash.faces_unchecked", students=students))
    return lines


def overview_lines(overview: ClassOverview, titles: dict[str, str],
                   unread_pages: tuple[str, ...] | list[str] = ()) -> list[str]:
    students = "class.dash.students_value"
    lines = [f"{tr('class.dash.students_scanned')}: {cell_text(overview.students_scanned, students)}"]
    lines += incomplete_lines(overview, unread_pages)
    if not overview.enough_students:
        lines.append(not_enough_text(overview))
        return lines
    public = f"{tr('class.dash.public_account')}: {cell_text(overview.public_account, students)}"
    if overview.public_share_percent.shown:
        public += f" ({tr('class.dash.public_share', percent=overview.public_share_percent.value)})"
    lines.append(public)
    photos = "class.dash.photos_value"
    lines.append(f"{tr('class.dash.exposed_total')}: {cell_text(overview.exposed_total, photos)}"
                 f" ({tr('class.dash.exposed_note')})")
    for level, cell in overview.exposed_by_level.items():
        lines.append(f"  {tr(f'class.dash.level.{level}')}: {cell_text(cell, photos)}")
    lines.append(tr("class.dash.by_signal"))
    for kind, cell in overview.signals:
        lines.append(f"  {signal_label(kind)}: {cell_text(cell, students)}")
    lines.append(tr("class.dash.top_recommendations"))
    lines += ["  " + line for line in recommendation_lines(overview.top_recommendations, titles,
                                                           overview.complete)]
    lines.append(tr("class.dash.for_school"))
    lines.append("  " + school_line(overview))
    lines += ["  " + line for line in recommendation_lines(overview.for_school, titles, overview.complete,
                                                           empty_id="class.dash.no_school_recommendation")]
    return lines


def school_line(overview: ClassOverview) -> str:
    """Students with photos on the school's own pages, and how many photos."""
    return tr("class.dash.school_exposed", students=cell_text(overview.school_students, "class.dash.students_value"),
              photos=cell_text(overview.school_photos, "class.dash.photos_value"))


def recommendation_lines(ranked: list[tuple[str, Cell]], titles: dict[str, str], complete: bool = True,
                         empty_id: str = "class.dash.no_common_recommendation") -> list[str]:
    """One line per recommendation; none at all reads "not checked" when some pages were not read (an empty
    list would look like a clean result)."""
    if not ranked:
        return [tr(empty_id if complete else "class.dash.not_checked")]
    return [tr("class.dash.rec_line", title=recommendation_title(rec_id, titles), students=cell.value)
            for rec_id, cell in ranked]
