"""The review sheet of blur-before-publishing: every copy as it will be published, before it is written."""

from __future__ import annotations

import io
from pathlib import Path

from desktop.faces.blur import BlurPlan, review_caption, review_image
from desktop.i18n import tr
from desktop.reports.pdf import JikimiPDF


def write_review_sheet(plan: BlurPlan, target: str | Path) -> Path:
    """A PDF for the person publishing: every copy as it will be (see :func:`review_image`), its counts and its
    warnings, the kept people not recognised anywhere, and the legend. Raises ``OSError`` when it cannot be
    saved."""
    summary = plan.summary
    pdf = JikimiPDF(tr("blur.review.title"))
    pdf.heading(tr("blur.review.title"))
    pdf.paragraph(tr("blur.review.intro", files=len(summary.written), blurred=summary.faces_blurred,
                     kept=summary.faces_kept, warnings=len(summary.with_warnings)))
    pdf.paragraph(tr("blur.review.legend"), size=9.5, muted=True)
    for name in summary.keep_missing:
        pdf.paragraph(tr("blur.keep_not_found", name=name))
    for outcome in summary.written:
        picture = review_image(plan, outcome, max_side=900)
        width_mm = 174.0
        height_mm = width_mm * picture.height / picture.width
        if height_mm > 110:
            height_mm, width_mm = 110.0, 110.0 * picture.width / picture.height
        pdf.keep_together(height_mm + 16)
        caption = review_caption(outcome)
        pdf.heading(caption[0], level=3)
        for warning in caption[1:]:
            pdf.paragraph("! " + warning, size=9.5)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        pdf.image_bytes(buffer.getvalue(), width_mm=width_mm)
    saved = pdf.save(target)
    summary.review = str(saved)
    return saved
