"""The PDF a parent can read: score and reasons, what to change first with the exact steps, and the exposed
photos as small thumbnails with their links. Written in the current language, Hangul embedded."""

from __future__ import annotations

import io
from pathlib import Path

from desktop import i18n
from desktop.core.local_time import local_datetime
from desktop.reports.pdf import JikimiPDF
from desktop.scan.report import ReportData, scan_state_text

MAX_PHOTOS = 40


THUMB_MM = 28


def _thumbnail_height(thumb: bytes | None, width_mm: float) -> float:
    if not thumb:
        return 0.0
    from PIL import Image

    with Image.open(io.BytesIO(thumb)) as image:
        return width_mm * image.height / max(1, image.width) + 1


def write(data: ReportData, target: str | Path, thumbnails: dict[int, bytes], exclusive: bool = False,
          password: str | None = None) -> Path:
    """Write the report; ``exclusive``: only as a new file (``FileExistsError`` when ``target`` exists);
    ``password``: the file is encrypted (AES-256) and opens only with it (a family code: see
    ``desktop/store/family_codes.py``)."""
    from desktop.reports.output import save_bytes

    return save_bytes(target, render(data, thumbnails, password), exclusive=exclusive)


def render(data: ReportData, thumbnails: dict[int, bytes], password: str | None = None) -> bytes:
    """The report as PDF bytes (see :func:`write`)."""
    tr = i18n.tr
    pdf = JikimiPDF(tr("report.title", name=data.person.name))
    if password:
        seal(pdf, password)
    pdf.alias_nb_pages()
    pdf.heading(tr("report.title", name=data.person.name))
    pdf.generated_line()
    state_line = scan_state_text(data)
    if state_line:  # before any number: a failed, cancelled or partial scan is never read as progress
        pdf.paragraph(state_line)
    if data.scored:
        level = tr(f"risk.level.{data.scan.risk_level}") if data.scan.risk_level else "—"
        if data.unchecked_sources:  # a verdict only for what was read
            level = tr("report.level_partial", level=level)
        pdf.heading(tr("report.score", score=data.scan.risk_score or 0, level=level), level=2)
        pdf.paragraph(tr("results.scanned_at", when=local_datetime(data.scan.finished_at)), size=9.5)
    else:
        pdf.heading(tr("results.no_score"), level=2)
    pdf.bullets(data.reasons)
    if data.photos_not_fully_checked:
        pdf.paragraph(tr("results.not_fully_checked", count=data.photos_not_fully_checked), size=9.5)

    pdf.heading(tr("report.what_to_change"), level=2)
    if not data.recommendations:
        partial = data.unchecked_sources or not data.scored
        pdf.paragraph(tr("results.no_recommendations_partial" if partial else "results.no_recommendations"))
    for number, recommendation in enumerate(data.recommendations, start=1):
        done = data.done.get(recommendation.id, False)
        pdf.heading(f"{number}. {recommendation.title}" + (f" ({tr('report.done')})" if done else ""), level=3)
        pdf.paragraph(recommendation.why)
        pdf.bullets(list(recommendation.steps), size=9.5)

    pdf.heading(tr("report.sources"), level=2)
    unread = [source for source in data.sources if not source.get("read", True) or source["error"]]
    for source in data.sources:
        kind = i18n.tr_or(f"sources.kind.{source['kind']}", source["kind"])
        if not source["checked"]:  # a page not read is "not checked", never "0 photos checked"
            line = tr("classprivacy.report.source_not_checked", kind=kind,
                      reason=source["error"] or tr("classaudit.page_not_read"))
            line += " — " + (tr("results.not_checked", when=local_datetime(source["last_checked"]))
                             if source["last_checked"] else tr("results.never_checked"))
        else:
            line = tr("report.source_line", kind=kind, visibility=tr(f"visibility.{source['visibility']}"),
                      checked=source["photos_checked"])
        pdf.paragraph(line, size=9.5)

    pdf.heading(tr("report.photos", count=len(data.exposures)), level=2)
    if unread:
        pdf.paragraph(tr("classprivacy.report.incomplete", count=len(unread)), size=9.5)
    for exposure in data.exposures[:MAX_PHOTOS]:
        thumb = thumbnails.get(exposure["finding_id"])
        rows = [
            (tr("report.level"), tr(f"scan.level.{exposure['level']}")),
            (tr("report.post"), exposure["post_url"] or "—"),
            (tr("report.image"), exposure["image_url"]),
            (tr("report.signals"), ", ".join(tr(f"signal.{s}") for s in exposure["signals"]) or "—"),
        ]
        said = _said_removed(exposure)
        if said:
            rows.append((tr("results.filter_status"), said))
        # One photo's record (thumbnail and details) stays on one page.
        pdf.keep_together(_thumbnail_height(thumb, THUMB_MM) + pdf.key_values_height(rows, size=8.5) + 2)
        if thumb:
            pdf.image_bytes(thumb, width_mm=THUMB_MM, box=exposure.get("thumb_box"))  # the face boxed
        pdf.key_values(rows, size=8.5)
        pdf.ln(2)
    if len(data.exposures) > MAX_PHOTOS:
        pdf.paragraph(tr("report.more_photos", count=len(data.exposures) - MAX_PHOTOS), muted=True)
    pdf.heading(tr("report.help"), level=2)
    pdf.paragraph(tr("help.urgent"))
    return bytes(pdf.output())


def _said_removed(exposure: dict) -> str:
    if exposure["review"] == "removed":
        return i18n.tr("results.removed_note", when=local_datetime(exposure.get("removed_at")))
    if exposure.get("still_public_at"):
        return i18n.tr("results.still_public_note", when=local_datetime(exposure.get("removed_at")),
                       seen=local_datetime(exposure["still_public_at"]))
    return ""


def seal(pdf, password: str) -> None:
    """Encrypt the whole document with AES-256: text, pictures and the title in its properties open only with
    ``password``. The owner password is random and forgotten, so nobody can lift the protection without it."""
    import secrets

    from fpdf.enums import EncryptionMethod

    pdf.set_encryption(owner_password=secrets.token_urlsafe(24), user_password=password,
                       encryption_method=EncryptionMethod.AES_256, encrypt_metadata=True)
