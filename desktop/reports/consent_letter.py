"""Consent letters for a class: one A4 page per student, in Korean or English, with a return slip.

The letter says what Jikimi does and keeps (local and encrypted, only linked public pages, a numeric face
description, withdrawal deletes everything, the teacher sees totals only). The slip below the cut line has the
class, the student's number and nickname filled in, and lines for the guardian's name, signature and date,
with tick boxes to agree or not. For a student of 14 or older the slip also asks for the student's own
agreement: their own tick boxes, signature and date (``desktop.core.consent``: guardian and self).
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
                  number: int, nickname: str, age_band: str | None = None) -> None:
    teen = age_band == "14to17"
    text_size = 9.0 if teen else 9.5  # a slightly smaller letter leaves room for the student's part of the slip
    school_part = _t(lang, "class.letter.school_part", school=school) if school else ""
    pdf.heading(_t(lang, "class.letter.title"), level=2)
    pdf.paragraph(_t(lang, "class.letter.greeting"), size=text_size)
    pdf.paragraph(_t(lang, "class.letter.intro", class_name=class_name, school=school_part), size=text_size)
    pdf.heading(_t(lang, "class.letter.what_heading"), level=3)
    pdf.bullets([_t(lang, f"class.letter.what_{i}") for i in (1, 2, 3)], size=text_size)
    pdf.heading(_t(lang, "class.letter.keep_heading"), level=3)
    pdf.bullets([_t(lang, f"class.letter.keep_{i}") for i in (1, 2, 3)], size=text_size)
    pdf.paragraph(_t(lang, "class.letter.withdraw"), size=text_size)
    pdf.paragraph(_t(lang, "class.letter.contact"), size=text_size)
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
    if not teen:
        for label_id in ("class.letter.guardian_name", "class.letter.signature", "class.letter.date"):
            _fill_in_line(pdf, _t(lang, label_id))
        return
    # 14 or older: the guardian signs, and the student agrees and signs too (each with a date), on the same page.
    _fill_in_line(pdf, _t(lang, "class.letter.guardian_name"))
    _fill_in_pair(pdf, _t(lang, "class.letter.guardian_signature"), _t(lang, "class.letter.date"))
    pdf.heading(_t(lang, "class.letter.student_title"), level=3)
    pdf.paragraph(_t(lang, "class.letter.student_explain"), size=9)
    pdf.checkbox_items([(False, _t(lang, "class.letter.student_agree")),
                        (False, _t(lang, "class.letter.disagree"))], size=10)
    _fill_in_pair(pdf, _t(lang, "class.letter.student_signature"), _t(lang, "class.letter.date"))


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


def _fill_in_pair(pdf: JikimiPDF, label: str, second_label: str) -> None:
    """Two labelled lines side by side (a signature and its date)."""
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    y = pdf.get_y() + 3
    width = pdf.w - pdf.l_margin - pdf.r_margin
    label_width = max(40, pdf.get_string_width(label) + 4)  # lines up with the name line above
    second_x = pdf.l_margin + width * 0.62
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(label_width, 6, label)
    pdf.line(pdf.l_margin + label_width, y + 5.5, second_x - 6, y + 5.5)
    pdf.set_xy(second_x, y)
    pdf.cell(pdf.get_string_width(second_label) + 3, 6, second_label)
    pdf.line(pdf.get_x(), y + 5.5, pdf.w - pdf.r_margin, y + 5.5)
    pdf.set_xy(pdf.l_margin, y + 7)


Student = tuple[int, str] | tuple[int, str, str | None]


def consent_letters(class_name: str, school: str | None, students: list[Student], target: str | Path,
                    lang: str | None = None, on_progress: Callable[[int, int], None] | None = None) -> Path:
    """Write one page per (number, nickname[, age_band]) to ``target``; returns the path. A student with age band
    ``14to17`` gets a slip with the student's own agreement and signature as well as the guardian's."""
    lang = lang or i18n.current_language()
    pdf = JikimiPDF(_t(lang, "class.letter.title"), lang=lang)
    for position, (number, nickname, *rest) in enumerate(students):
        if position:
            pdf.add_page()
        _write_letter(pdf, lang, class_name, school, number, nickname, rest[0] if rest else None)
        if on_progress is not None:
            on_progress(position + 1, len(students))
    return pdf.save(target)
