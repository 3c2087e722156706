"""One lesson slide, drawn large enough to read from the back of a classroom. Font sizes follow the
widget's height, so the same view serves the full-screen window and the preview on the Classroom page.

Sizes are for a 1080-pixel-high screen and scale with it: body text is about 1/22 of the screen height (48 px at
1080, 32 px on a 1280×720 classroom TV), titles about 1/15, so the back row can read them; every slide of the
lesson fits a 16:9 screen in Korean and English without cut text (``tests/gui/test_lesson_slides_fit.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.guidance import Slide
from desktop.i18n import current_language, tr

BACKGROUND = "#13263f"
INK = "#ffffff"
SOFT = "#c9d6ea"
ACCENT = "#f2b84b"
BODY = 48  # body text, in pixels on a 1080-pixel-high screen


class SlideView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#slideView {{ background: {BACKGROUND}; }} QLabel {{ color: {INK}; }}")
        self.slide: Slide | None = None
        self.revealed = False
        self.footer_text = ""
        holder = QVBoxLayout(self)
        holder.setContentsMargins(0, 0, 0, 0)
        self.holder = holder
        self.page: QWidget | None = None
        self.labels: list[QLabel] = []
        self.answer_label: QLabel | None = None
        self._rendered_height = 0

    # --- scale ------------------------------------------------------------------------------------
    def px(self, size: float) -> int:
        """A font size in pixels for a 1080-pixel-high screen, scaled to this widget."""
        return max(9, round(size * max(self.height(), 360) / 1080))

    def _label(self, text: str, size: float, colour: str = INK, bold: bool = False, wrap: bool = True) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        weight = "bold" if bold else "normal"
        label.setStyleSheet(f"color: {colour}; font-size: {self.px(size)}px; font-weight: {weight};")
        label.setAccessibleName(text)
        self.labels.append(label)
        return label

    # --- drawing ----------------------------------------------------------------------------------
    def show_slide(self, slide: Slide, revealed: bool = False, footer: str = "") -> None:
        self.slide, self.revealed, self.footer_text = slide, revealed, footer
        self.draw_slide()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.slide is not None and abs(self.height() - self._rendered_height) > 8:
            self.draw_slide()

    def draw_slide(self) -> None:
        """Lay the slide out at the current size (not QWidget.render, which paints the widget elsewhere)."""
        slide = self.slide
        if slide is None:
            return
        self._rendered_height = self.height()
        if self.page is not None:  # the old slide goes at once, not at the next event-loop turn
            self.page.hide()
            self.holder.removeWidget(self.page)
            self.page.deleteLater()
        self.page = QWidget()
        self.outer = QVBoxLayout(self.page)
        self.labels = []
        self.answer_label = None
        margin = self.px(70)
        self.outer.setContentsMargins(margin, self.px(50), margin, self.px(30))
        self.outer.setSpacing(self.px(18))
        self.outer.addWidget(self._label(slide.section_title.upper(), 30, ACCENT, bold=True))
        self.title_label = self._label(slide.title, 72, bold=True)
        self.outer.addWidget(self.title_label)
        body = QVBoxLayout()
        body.setSpacing(self.px(22))
        draw = {"text": self._text, "quiz": self._quiz, "checklist": self._checklist, "help": self._help}[slide.kind]
        draw(body, slide)
        self.outer.addLayout(body)
        self.outer.addStretch(1)
        self.footer_label = self._label(self.footer_text, 26, SOFT, wrap=False)
        self.outer.addWidget(self.footer_label)
        self.holder.addWidget(self.page)

    def _text(self, body: QVBoxLayout, slide: Slide) -> None:
        for point in slide.points:
            body.addWidget(self._label(f"•  {point}", BODY))

    def _quiz(self, body: QVBoxLayout, slide: Slide) -> None:
        body.addWidget(self._label(slide.question or "", 54, bold=True))
        if self.revealed:
            self.answer_label = self._label(slide.answer or "", BODY, ACCENT)
            body.addWidget(self.answer_label)
        else:
            body.addWidget(self._label(tr("lesson.reveal_hint"), 34, SOFT))

    def _checklist(self, body: QVBoxLayout, slide: Slide) -> None:
        items = slide.platform.items if slide.platform else ()
        size = 44 if len(items) <= 3 else 38
        for item in items:
            block = QVBoxLayout()
            block.setSpacing(self.px(4))
            block.addWidget(self._label(f"□  {item.what}", size, bold=True))
            block.addWidget(self._label(item.setting.where_short(current_language()), size * 0.72, SOFT))
            body.addLayout(block)

    def _help(self, body: QVBoxLayout, slide: Slide) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(self.px(40))
        grid.setVerticalSpacing(self.px(16))
        for position, line in enumerate(slide.hotlines):
            cell = QFrame()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(self.px(2))
            column.addWidget(self._label(line.name, 30, SOFT))
            reach = "  ·  ".join([p.number for p in line.phones] or [w.label for w in line.web])
            column.addWidget(self._label(reach, 44, INK, bold=True))
            grid.addWidget(cell, position // 2, position % 2)
        holder = QHBoxLayout()
        holder.addLayout(grid, 1)
        body.addLayout(holder)

    def set_footer(self, text: str) -> None:
        """Only the footer changes each second (the timer); the slide itself is not redrawn."""
        self.footer_text = text
        if self.slide is not None:
            self.footer_label.setText(text)

    def visible_text(self) -> str:
        """Everything the class can read on the slide now (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.labels)
