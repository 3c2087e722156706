"""Consent letters for a class (가정통신문): two A4 pages per student, in Korean or English.

Page one is the notice a school's privacy review asks for before biometric data is processed (개인정보 보호법
제15·22·23조): purpose; the items collected, with the face description named as sensitive (biometric)
information; what is kept, where and for how long, and that a withdrawal deletes it; who sees what (the teacher
sees class-level totals only; per-student results are sealed for the family); the right to refuse and its
consequence (none: the child is simply not checked); the letter's date, the return deadline and the school's
contact. Page two is the form: the class, number and name filled in, a tick for the collection of personal data
and a separate tick for the biometric data, the guardian's name, signature and date; for a student of 14 or
older the student's own ticks and signature as well (``desktop.core.consent``: guardian and self).

Everything the letter says is what Jikimi does: it keeps face descriptions (numbers, not the enrolment photos)
and, for each photo found, a small encrypted thumbnail of the face and the photo's address, on this computer
only, until the family withdraws or the class is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop import i18n
from desktop.reports.pdf import FAMILY, INK, JikimiPDF

BLANK = "____________________"


def end_of_school_year(today: dt.date) -> dt.date:
    """The last day of the Korean school year ``today`` is in (the end of February)."""
    year = today.year + 1 if today.month >= 3 else today.year
    return dt.date(year, 3, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class LetterDetails:
    """What the teacher fills in. An empty return date or contact prints a line to fill in by hand."""

    date: dt.date = field(default_factory=dt.date.today)
    return_by: dt.date | None = None
    keep_until: dt.date | None = None  # default: the end of the school year of ``date``
    contact: str = ""

    @property
    def kept_until(self) -> dt.date:
        return self.keep_until or end_of_school_year(self.date)


def _t(lang: str, message_id: str, **values: object) -> str:
    return i18n.tr(message_id, lang=lang, **values)


def _date_text(lang: str, day: dt.date | None) -> str:
    if day is None:
        return BLANK
    return _t(lang, "class.letter.date_format", year=day.year, month=day.month, day=day.day)


def _write_notice(pdf: JikimiPDF, lang: str, class_name: str, school: str | None, details: LetterDetails,
                  size: float) -> None:
    school_part = _t(lang, "class.letter.school_part", school=school) if school else ""
    pdf.heading(_t(lang, "class.letter.title"), level=2)
    pdf.paragraph(_t(lang, "class.letter.dated", date=_date_text(lang, details.date),
                     class_name=class_name + (f" · {school}" if school else "")), size=size - 0.5, muted=True)
    pdf.paragraph(_t(lang, "class.letter.greeting"), size=size)
    pdf.paragraph(_t(lang, "class.letter.intro", class_name=class_name, school=school_part), size=size)
    rows = [(_t(lang, f"class.letter.row_{key}"), _t(lang, f"class.letter.text_{key}",
                                                      keep_until=_date_text(lang, details.kept_until)))
            for key in ("purpose", "items", "sensitive", "kept", "where", "period", "withdraw", "who_sees",
                        "refuse", "teen")]
    pdf.key_values(rows, key_width=34, size=size - 0.5)
    pdf.ln(1)
    pdf.paragraph(_t(lang, "class.letter.return_by", date=_date_text(lang, details.return_by)), size=size)
    pdf.paragraph(_t(lang, "class.letter.contact", contact=details.contact.strip() or BLANK), size=size)


def _write_form(pdf: JikimiPDF, lang: str, class_name: str, school: str | None, number: int, nickname: str,
                teen: bool) -> None:
    pdf.heading(_t(lang, "class.letter.slip_title"), level=2)
    pdf.key_values([
        (_t(lang, "class.letter.class_label"), class_name + (f" · {school}" if school else "")),
        (_t(lang, "class.letter.number_label"), str(number)),
        (_t(lang, "class.letter.nickname_label"), nickname),
    ], key_width=40, size=10)
    pdf.ln(1)
    pdf.paragraph(_t(lang, "class.letter.form_intro"), size=9.5)
    _consent_pair(pdf, lang, "class.letter.consent_personal", "class.letter.agree", "class.letter.disagree")
    _consent_pair(pdf, lang, "class.letter.consent_biometric", "class.letter.agree_biometric",
                  "class.letter.disagree")
    pdf.paragraph(_t(lang, "class.letter.both_needed"), size=9, muted=True)
    _fill_in_line(pdf, _t(lang, "class.letter.guardian_name"))
    if not teen:
        _fill_in_pair(pdf, _t(lang, "class.letter.signature"), _t(lang, "class.letter.date"))
        return
    _fill_in_pair(pdf, _t(lang, "class.letter.guardian_signature"), _t(lang, "class.letter.date"))
    pdf.ln(2)
    pdf.heading(_t(lang, "class.letter.student_title"), level=3)
    pdf.paragraph(_t(lang, "class.letter.student_explain"), size=9)
    _consent_pair(pdf, lang, "class.letter.consent_personal", "class.letter.student_agree", "class.letter.disagree")
    _consent_pair(pdf, lang, "class.letter.consent_biometric", "class.letter.student_agree_biometric",
                  "class.letter.disagree")
    _fill_in_pair(pdf, _t(lang, "class.letter.student_signature"), _t(lang, "class.letter.date"))


def _consent_pair(pdf: JikimiPDF, lang: str, heading_id: str, agree_id: str, disagree_id: str) -> None:
    pdf.heading(_t(lang, heading_id), level=3)
    pdf.checkbox_items([(False, _t(lang, agree_id)), (False, _t(lang, disagree_id))], size=9.5)


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
                    lang: str | None = None, on_progress: Callable[[int, int], None] | None = None,
                    details: LetterDetails | None = None) -> Path:
    """Write the notice and the form (two pages) per (number, name[, age_band]) to ``target``; returns the path.
    A student with age band ``14to17`` gets a form with the student's own agreement and signature as well as
    the guardian's."""
    lang = lang or i18n.current_language()
    details = details or LetterDetails()
    pdf = JikimiPDF(_t(lang, "class.letter.title"), lang=lang)
    for position, (number, nickname, *rest) in enumerate(students):
        teen = (rest[0] if rest else None) == "14to17"
        if position:
            pdf.add_page()
        _write_notice(pdf, lang, class_name, school, details, size=9.5)
        pdf.add_page()
        _write_form(pdf, lang, class_name, school, number, nickname, teen)
        if on_progress is not None:
            on_progress(position + 1, len(students))
    return pdf.save(target)
