"""The printable privacy checklist (Korean or English): every platform's items with tick boxes and the numbers to
call; the advice for parents and schools only when asked for (it is not for students). Blank for a class, or with one
person's ticks. An unconfirmed path carries a short tag; what the tag means is said once, at the top."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.core import guidance
from desktop.i18n import tr


def item_text(item: guidance.ChecklistItem, lang: str, fact=None) -> str:
    lines = [item.what, tr("guidance.pdf.why", lang=lang, why=item.why), item.setting.where(lang)]
    tag = item.setting.tag(lang)
    if tag:
        lines.append(tag)
    if fact is not None:
        lines.append(fact_text(item, fact, lang))
    return "\n".join(lines)


def fact_text(item: guidance.ChecklistItem, fact, lang: str) -> str:
    """One sentence: what Jikimi saw on the linked source and when."""
    when = fact.checked_at[:10]  # a calendar date, not a moment
    key = f"guidance.fact.{item.verifiable_by}.{'ok' if fact.ok else 'not_ok'}"
    return tr(key, lang=lang, when=when, count=fact.value)  # "count": "1 photo" takes the singular message


def write_checklist_pdf(
    target: str | Path,
    lang: str,
    done: set[str] | frozenset[str] = frozenset(),
    person_name: str | None = None,
    facts: Mapping[str, object] | None = None,
    adult_advice: bool = False,
) -> Path:
    facts = facts or {}
    title, intro = guidance.checklist_intro(lang)
    from desktop.reports.pdf import JikimiPDF  # fpdf takes ~1 s to import: only when printing

    pdf = JikimiPDF(title, lang=lang)
    pdf.heading(title)
    if person_name:
        pdf.paragraph(tr("guidance.pdf.for_person", lang=lang, name=person_name))
    pdf.paragraph(intro, muted=True)
    pdf.paragraph(tr("guidance.checklist.check_explained", lang=lang), size=8.5, muted=True)
    platforms = guidance.checklist(lang)
    total = sum(len(p.items) for p in platforms)
    ticked = sum(1 for p in platforms for i in p.items if i.id in done)
    if person_name:
        pdf.paragraph(tr("guidance.checklist.overall", lang=lang, done=ticked, total=total))
    for platform in platforms:
        pdf.heading(platform.name, level=2)
        pdf.checkbox_items(
            [(item.id in done, item_text(item, lang, facts.get(item.id))) for item in platform.items],
            size=9.5,
        )

    if adult_advice:
        advice_title, sections = guidance.sharenting(lang)
        pdf.add_page()
        pdf.heading(advice_title)
        for section in sections:
            pdf.heading(section.title, level=2)
            pdf.paragraph(section.lead)
            pdf.bullets([text for _, text in section.items], size=9.5)

    pdf.heading(tr("guidance.pdf.help_title", lang=lang), level=2)
    rows = []
    for line in guidance.lesson_hotlines(lang):
        reach = [p.number for p in line.phones] + [w.label for w in line.web]
        rows.append((line.name, " · ".join(reach)))
    _table(pdf, rows, key_width=70)
    pdf.paragraph(guidance.verified_note(lang), size=8.5, muted=True)
    pdf.generated_line()
    return pdf.save(target)


def _table(pdf, rows: list[tuple[str, str]], key_width: float, size: float = 9.5) -> None:
    """Name and numbers side by side; each row starts below the taller of its two cells, so a long hotline name
    that wraps onto two or three lines never runs into the next row."""
    from fpdf.enums import XPos, YPos

    from desktop.reports.pdf import FAMILY, INK, MUTED

    line = size * 0.5
    for key, value in rows:
        pdf.keep_together(pdf._row_height(key, value, key_width, size))
        top = pdf.get_y()
        pdf.set_font(FAMILY, "B", size)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(key_width - 2, line, key, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        key_bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + key_width, top)
        pdf.set_font(FAMILY, "", size)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, line, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(key_bottom, pdf.get_y()) + 0.6)
