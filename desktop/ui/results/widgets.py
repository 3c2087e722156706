"""Pieces of the results screen: the score badge, the trend chart, thumbnails with the face boxed."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n import tr
from desktop.scan.thumbnails import box_in_thumbnail

LEVEL_COLOURS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#b3261e", None: "#5a6273"}


class TrendChart(QWidget):
    """Exposure score across scans, drawn with QPainter (no chart dependency)."""

    def __init__(self, points: list[tuple]):
        """``points``: (time, score, complete) per scan that read something; a scan that could not read every
        linked source is drawn hollow and named so (failed and cancelled scans are not points at all)."""
        super().__init__()
        self.points = [(p[0], p[1], p[2] if len(p) > 2 else True) for p in points]
        self.setMinimumHeight(110)
        self.setMinimumWidth(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("results.trend"))
        scores = ", ".join(str(score) if complete else tr("results.trend_point_incomplete", score=score)
                           for _, score, complete in self.points)
        description = tr("results.trend_description", scores=scores)
        if not all(complete for *_, complete in self.points):
            description += " " + tr("results.trend_incomplete")
            self.setToolTip(tr("results.trend_incomplete"))
        self.setAccessibleDescription(description)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(30, 24, -14, -10)
        painter.setPen(QPen(QColor("#c9d2e3"), 1))
        for value in (0, 50, 100):
            y = rect.bottom() - rect.height() * value / 100
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.drawText(QRectF(0, y - 8, 26, 16), Qt.AlignmentFlag.AlignRight, str(value))
        if not self.points:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tr("results.trend_empty"))
            return
        step = rect.width() / max(1, len(self.points) - 1)
        coords = [
            QPointF(rect.left() + (step * i if len(self.points) > 1 else rect.width() / 2),
                    rect.bottom() - rect.height() * score / 100)
            for i, (_, score, _complete) in enumerate(self.points)
        ]
        painter.setPen(QPen(QColor("#1f3a5f"), 2))
        for a, b in zip(coords, coords[1:], strict=False):
            painter.drawLine(a, b)
        labelled = labelled_points(len(self.points), step)
        for index, (point, (_, score, complete)) in enumerate(zip(coords, self.points, strict=True)):
            painter.setPen(QPen(QColor("#1f3a5f"), 2))
            painter.setBrush(QColor("#1f3a5f") if complete else QColor("#ffffff"))
            painter.drawEllipse(point, 4, 4)
            if index in labelled:
                painter.drawText(QRectF(point.x() - 18, point.y() - 22, 36, 16), Qt.AlignmentFlag.AlignCenter,
                                 str(score))


LABEL_WIDTH = 36  # pixels one score label needs


def labelled_points(count: int, step: float) -> set[int]:
    """Which scores to write on the chart when points are ``step`` pixels apart: the newest always, then every
    n-th going back, so no two labels overlap (every score is in the accessible description)."""
    if count <= 0:
        return set()
    every = max(1, math.ceil(LABEL_WIDTH / step)) if step > 0 else count
    return {index for index in range(count - 1, -1, -every)}


def boxed_thumbnail(data: bytes | None, detail: dict, size: int = 160) -> QPixmap:
    """The stored thumbnail with the face boxed; a neutral tile when there is none."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("#e4e8f0"))
    if not data:
        return pixmap
    image = QImage.fromData(data)
    if image.isNull():
        return pixmap
    scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    painter = QPainter(pixmap)
    offset_x = (size - scaled.width()) / 2
    offset_y = (size - scaled.height()) / 2
    painter.drawImage(QPointF(offset_x, offset_y), scaled)
    box = box_in_thumbnail(detail)  # a crop starts at its offset; an old or whole-photo thumbnail at (0, 0)
    if box is not None:
        factor = scaled.width() / max(1, image.width())
        left, top, right, bottom = (value * factor for value in box)
        painter.setPen(QPen(QColor("#f2b84b"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(offset_x + left, offset_y + top, right - left, bottom - top))
    painter.end()
    return pixmap
