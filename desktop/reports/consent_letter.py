"""Consent letters for a class: one A4 page per student, in Korean or English, with a return slip.

The letter says what Jikimi does and keeps (local and encrypted, only linked public pages, a numeric face
description, withdrawal deletes everything, the teacher sees totals only). The slip below the cut line has the
class, the student's number and nickname filled in, and lines for the guardian's name, signature and date,
with tick boxes to agree or not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fpdf.enums import XPos, YPos

from desktop import i18n
from desktop.reports.pdf import FAMILY, INK, MUTED, JikimiPDF


def _t(lang: str, message_id: str, **values: object) -> str:
    return i18n.tr(message_id, lang=lang, **values)


def _write_letter(pdf: JikimiPDF, lang: str, class_name: str, school: str | None,
                  number: int, nickname: str) -> None:
    school_part = _t(lang, "class.letter.school_part", school=school) if school else ""
    pdf.heading(_t(lang, "class.letter.title"), level=2)
    pdf.paragraph(_t(lang, "class.letter.greeting"), size=9.5)
    pdf.paragraph(_t(lang, "class.letter.intro", class_name=class_name, school=school_part), size=9.5)
    pdf.heading(_t(lang, "class.letter.what_heading"), level=3)
    pdf.bullets([_t(lang, f"class.letter.what_{i}") for i in (1, 2, 3)], size=9.5)
    pdf.heading(_t(lang, "class.letter.keep_heading"), level=3)
    pdf.bullets([_t(lang, f"class.letter.keep_{i}") for i in (1, 2, 3)], size=9.5)
    pdf.paragraph(_t(lang, "class.letter.withdraw"), size=9.5)
    pdf.paragraph(_t(lang, "class.letter.contact"), size=9.5)
    _cut_line(pdf, _t(lang, "class.letter.cut"))
    pdf.heading(_t(lang, "class.letter.slip_title"), level=3)
    pdf.key_values([
        (_t(lang, "class.letter.class_label"), class_name + (f" · {school}" if school else "")),
        (_t(lang, "class.letter.number_label"), str(number)),
        (_t(lang, "class.letter.nickname_label"), nickname),
    ], key_width=40, size=10)
    pdf.ln(1)
    pdf.checkbox_items([(False, _t(lang, "class.letter.agree")), (False, _t(lang, "class.letter.disagree"))],
                       size=10)
    for label_id in ("class.letter.guardian_name", "class.letter.signature", "class.letter.date"):
        _fill_in_line(pdf, _t(lang, label_id))


def _cut_line(pdf: JikimiPDF, text: str) -> None:
    pdf.ln(2)
    y = pdf.get_y() + 2
    pdf.set_draw_color(*MUTED)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_dash_pattern()
    pdf.set_y(y + 1)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 4, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _fill_in_line(pdf: JikimiPDF, label: str) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*INK)
    y = pdf.get_y() + 3
    pdf.set_y(y)
    pdf.cell(40, 6, label)
    pdf.set_draw_color(*INK)
    pdf.line(pdf.l_margin + 40, y + 5.5, pdf.w - pdf.r_margin - 20, y + 5.5)
    pdf.set_y(y + 7)


def consent_letters(class_name: str, school: str | None, students: list[tuple[int, str]], target: str | Path,
                    lang: str | None = None, on_progress: Callable[[int, int], None] | None = None) -> Path:
    """Write one page per (number, nickname) to ``target``; returns the path."""
    lang = lang or i18n.current_language()
    pdf = JikimiPDF(_t(lang, "class.letter.title"), lang=lang)
    for position, (number, nickname) in enumerate(students):
        if position:
            pdf.add_page()
        _write_letter(pdf, lang, class_name, school, number, nickname)
        if on_progress is not None:
            on_progress(position + 1, len(students))
    return pdf.save(target)
