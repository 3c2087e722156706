"""Widgets for the class overview: a number card and a horizontal bar chart drawn with QPainter.

Hidden values are drawn as words ("fewer than 3"), never as a bar, so their size cannot be read off the
picture either.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.aggregates import Cell
from desktop.i18n import tr
from desktop.reports.class_overview import cell_text

INK = QColor("#1d2433")
MUTED = QColor("#5a6273")
BAR = QColor("#1f3a5f")
TRACK = QColor("#e6ebf3")


class StatCard(QFrame):
    def __init__(self, title: str):
        super().__init__()
        self.setObjectName("statCard")
        self.setStyleSheet("QFrame#statCard { background: white; border: 1px solid #c9d2e3; border-radius: 10px; }"
                           "QFrame#statCard QLabel { border: none; background: transparent; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("color: #3a4457; font-size: 10.5pt;")
        self.title_label.setWordWrap(True)
        self.value_label = QLabel("")
        self.value_label.setStyleSheet("color: #1f3a5f; font-size: 20pt; font-weight: bold;")
        self.note_label = QLabel("")
        self.note_label.setStyleSheet("color: #5a6273; font-size: 9.5pt;")
        self.note_label.setWordWrap(True)
        for label in (self.title_label, self.value_label, self.note_label):
            layout.addWidget(label)
        layout.addStretch(1)
        self.setAccessibleName(title)

    def set_value(self, text: str, note: str = "") -> None:
        self.value_label.setText(text)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.setAccessibleDescription(f"{text} {note}".strip())


class BarChart(QWidget):
    ROW = 26
    TOP = 30

    def __init__(self, title: str):
        super().__init__()
        self.title = title
        self.rows: list[tuple[str, Cell]] = []
        self.unit_id: str | None = None
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by keyboard; the description reads the values
        self.setAccessibleName(tr("class.page.bar_chart", title=title))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Cell]], unit_id: str | None = None) -> None:
        self.rows = rows
        self.unit_id = unit_id
        self.setAccessibleDescription("; ".join(f"{label}: {cell_text(cell, unit_id)}" for label, cell in rows))
        self.setFixedHeight(self.TOP + self.ROW * max(1, len(rows)) + 8)
        # Wide enough for the title, every label and value and a short bar: nothing is cut off.
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        labels = max((metrics.horizontalAdvance(label) for label, _ in rows), default=0)
        values = max((metrics.horizontalAdvance(cell_text(cell)) for _, cell in rows), default=0)
        self.setMinimumWidth(max(QFontMetrics(bold).horizontalAdvance(self.title) + 24, labels + values + 140))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, self.TOP + self.ROW * max(1, len(self.rows)) + 8)

    def value_texts(self) -> list[str]:
        return [cell_text(cell) for _, cell in self.rows]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QColor("#c9d2e3"))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(BAR)
        painter.drawText(QRectF(12, 6, self.width() - 24, 22), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        label_width = min(int(self.width() * 0.55),
                          max((metrics.horizontalAdvance(label) for label, _ in self.rows), default=0) + 8)
        value_width = max(metrics.horizontalAdvance(cell_text(cell)) for _, cell in self.rows) + 12 if self.rows \
            else 0
        left = 12 + label_width
        bar_space = max(10, self.width() - left - value_width - 16)
        biggest = max((cell.value for _, cell in self.rows if cell.shown), default=0)
        for index, (label, cell) in enumerate(self.rows):
            y = self.TOP + index * self.ROW
            painter.setPen(INK)
            painter.drawText(QRectF(12, y, label_width - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 6))
            track = QRectF(left, y + 8, bar_space, self.ROW - 16)
            painter.fillRect(track, TRACK)
            if cell.shown:
                width = bar_space * (cell.value / biggest) if biggest else 0
                painter.fillRect(QRectF(left, y + 8, width, self.ROW - 16), BAR)
                painter.setPen(INK)
                text_x = left + width + 6
            else:
                painter.setPen(MUTED)
                text_x = left + 6
                italic = QFont(self.font())
                italic.setItalic(True)
                painter.setFont(italic)
            painter.drawText(QRectF(text_x, y, self.width() - text_x - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             cell_text(cell))
            painter.setFont(self.font())
        painter.end()
