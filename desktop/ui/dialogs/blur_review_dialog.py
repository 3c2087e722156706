"""Blur before publishing, the review before anything is saved: every copy as it will be (blurred faces framed
in red, kept ones in green, an orange frame where faces may remain), the warnings in words, the kept students
not recognised anywhere, and where the PDF review sheet was saved. "Save the copies" writes them; Cancel
writes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.i18n import tr
from desktop.ui.widgets import ok_cancel_buttons

PREVIEW_SIDE = 640
WARNING_STYLE = "color: #a04a00;"


def render_previews(plan, max_side: int = PREVIEW_SIDE) -> dict[str, bytes]:
    """PNG bytes of each planned copy's preview (made in the worker thread: decoding photos is slow)."""
    import io

    from desktop.faces.blur import review_image

    previews = {}
    for outcome in plan.summary.written:
        buffer = io.BytesIO()
        review_image(plan, outcome, max_side=max_side).save(buffer, "PNG")
        previews[outcome.source] = buffer.getvalue()
    return previews


class BlurReviewDialog(QDialog):
    def __init__(self, plan, previews: dict[str, bytes], parent=None):
        from desktop.faces.blur import review_caption

        super().__init__(parent)
        summary = plan.summary
        self.setWindowTitle(tr("blur.review.title"))
        self.setAccessibleName(tr("blur.review.title"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("blur.review.intro", files=len(summary.written), blurred=summary.faces_blurred,
                          kept=summary.faces_kept, warnings=len(summary.with_warnings)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        legend = QLabel(tr("blur.review.legend"))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.notes: list[QLabel] = []
        for name in summary.keep_missing:
            self.notes.append(self._warning(tr("blur.keep_not_found", name=name)))
            layout.addWidget(self.notes[-1])
        if summary.review:
            saved = QLabel(tr("blur.review_saved", path=summary.review))
            saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(saved)
        photos = QWidget()
        column = QVBoxLayout(photos)
        self.captions: dict[str, list[str]] = {}
        for outcome in summary.written:
            caption = review_caption(outcome)
            self.captions[outcome.source] = caption
            title = QLabel(caption[0])
            title.setStyleSheet("font-weight: bold;")
            column.addWidget(title)
            for warning in caption[1:]:
                column.addWidget(self._warning(warning))
            picture = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(previews.get(outcome.source, b""))
            picture.setPixmap(pixmap)
            picture.setAccessibleName(caption[0])
            column.addWidget(picture)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(photos)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        layout.addWidget(ok_cancel_buttons(self, ok_text=tr("blur.review.save")))
        self.resize(760, 720)

    @staticmethod
    def _warning(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(WARNING_STYLE)
        return label
