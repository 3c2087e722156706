"""Family code slips: one slip per student, to go home in the family's envelope with the consent letter.

The slip carries the code that opens that student's family report (``desktop/store/family_codes.py``). Printing
issues new codes for the students printed: a code is shown on paper once, never in the app, and a slip printed
again makes the earlier one useless for reports written afterwards. Four slips per A4 page, with cut lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fpdf.enums import XPos, YPos

from desktop import i18n
from desktop.reports.pdf import ACCENT, FAMILY, INK, MUTED, JikimiPDF

SLIPS_PER_PAGE = 4
SLIP_HEIGHT = 62  # mm


def _t(lang: str, message_id: str, **values: object) -> str:
    return i18n.tr(message_id, lang=lang, **values)


def _slip(pdf: JikimiPDF, lang: str, class_name: str, number: int, nickname: str, code: str, top: float) -> None:
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_draw_color(*MUTED)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.line(left, top + SLIP_HEIGHT - 2, left + width, top + SLIP_HEIGHT - 2)
    pdf.set_dash_pattern()
    pdf.set_xy(left, top)
    pdf.set_font(FAMILY, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 6, _t(lang, "classprivacy.slip.title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*INK)
    pdf.cell(0, 5.5, _t(lang, "classprivacy.slip.for", class_name=class_name, number=number, nickname=nickname),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 20)
    pdf.cell(0, 11, code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 4.2, _t(lang, "classprivacy.slip.explain"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def code_slips(workspace, class_id: int, target: str | Path, numbers: list[int] | None = None, lang: str = "ko",
               on_progress: Callable[[int, int], None] | None = None) -> tuple[Path, int]:
    """Issue a new code for each student (all of the class, or ``numbers``) and print their slips to
    ``target``. Returns (path, slips). Raises ``StorageError`` (``class.letters.no_students``, or the unknown
    number's message) or ``OSError`` (the file could not be saved) before any code changes."""
    from desktop.store.db import StorageError
    from desktop.store.family_codes import FamilyCodes, new_code

    classes = workspace.classes
    school_class = classes.get(class_id)
    roster = classes.roster(class_id)
    if numbers:
        chosen = [classes.roster_member(class_id, number) for number in numbers]  # raises for a wrong number
    else:
        chosen = list(roster)
    if not chosen:
        raise StorageError("class.letters.no_students")
    pdf = JikimiPDF(_t(lang, "classprivacy.slip.doc_title", class_name=school_class.name), lang=lang)
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(auto=False)
    issued = [(member, new_code()) for member in chosen]
    first_top = pdf.get_y()
    for index, (member, code) in enumerate(issued):
        if index and index % SLIPS_PER_PAGE == 0:
            pdf.add_page()
        _slip(pdf, lang, school_class.name, member.number, member.nickname, code,
              first_top + (index % SLIPS_PER_PAGE) * SLIP_HEIGHT)
        if on_progress is not None:
            on_progress(index + 1, len(issued))
    saved = pdf.save(target)  # all or nothing: the codes change only once their slips exist
    FamilyCodes(workspace.db, workspace.vault).issue({member.person.id: code for member, code in issued})
    return saved, len(issued)
