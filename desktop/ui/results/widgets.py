"""Pieces of the results screen: the score badge, the trend chart, thumbnails with the face boxed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n import tr

LEVEL_COLOURS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#b3261e", None: "#5a6273"}


class TrendChart(QWidget):
    """Exposure score across scans, drawn with QPainter (no chart dependency)."""

    def __init__(self, points: list[tuple[str, int]]):
        super().__init__()
        self.points = points
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("results.trend"))
        scores = ", ".join(str(score) for _, score in points)
        self.setAccessibleDescription(tr("results.trend_description", scores=scores))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(30, 10, -10, -20)
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
            for i, (_, score) in enumerate(self.points)
        ]
        painter.setPen(QPen(QColor("#1f3a5f"), 2))
        for a, b in zip(coords, coords[1:], strict=False):
            painter.drawLine(a, b)
        painter.setBrush(QColor("#1f3a5f"))
        for point, (_, score) in zip(coords, self.points, strict=True):
            painter.drawEllipse(point, 4, 4)
            painter.drawText(QRectF(point.x() - 20, point.y() - 22, 40, 16), Qt.AlignmentFlag.AlignCenter, str(score))


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
    box, thumb_scale = detail.get("box"), detail.get("thumb_scale")
    if box and thumb_scale:
        factor = thumb_scale * scaled.width() / max(1, image.width())
        top, right, bottom, left = box
        painter.setPen(QPen(QColor("#f2b84b"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(offset_x + left * factor, offset_y + top * factor,
                                (right - left) * factor, (bottom - top) * factor))
    painter.end()
    return pixmap
