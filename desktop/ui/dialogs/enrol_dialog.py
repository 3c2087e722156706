"""Enrol a child's face: choose 3–10 photos, watch them being checked (with cancel), pick the child's face
where a photo holds several, and see per photo whether it was used and why not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.faces.enrol import MAX_PHOTOS, MIN_PHOTOS
from desktop.i18n import tr

if TYPE_CHECKING:
    from desktop.ui.worker import TaskHandle


def _enrolled_references(workspace, person_id: int) -> list:
    return list(workspace.face_references.by_origin(person_id)["enrolment"])


class FaceCanvas(QWidget):
    """The photo with a numbered box on each face; clicking a box picks that face."""

    picked = Signal(int)

    def __init__(self, image: QImage, boxes: list[tuple[float, float, float, float]], parent=None):
        super().__init__(parent)
        self.image = image
        self.boxes = boxes  # (left, top, right, bottom) in image pixels
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("faces.gui.photo_preview"))

    def _frame(self) -> tuple[float, float, float]:
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        x = (self.width() - self.image.width() * scale) / 2
        y = (self.height() - self.image.height() * scale) / 2
        return scale, x, y

    def box_rect(self, index: int) -> QRectF:
        scale, x, y = self._frame()
        left, top, right, bottom = self.boxes[index]
        return QRectF(x + left * scale, y + top * scale, (right - left) * scale, (bottom - top) * scale)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        scale, x, y = self._frame()
        painter.drawImage(QRectF(x, y, self.image.width() * scale, self.image.height() * scale), self.image)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSize(max(10, font.pointSize() + 2))
        painter.setFont(font)
        for index in range(len(self.boxes)):
            rect = self.box_rect(index)
            painter.setPen(QPen(QColor("#ffd400"), 3))
            painter.drawRect(rect)
            label = QRectF(rect.left(), rect.top() - 24, 28, 22)
            painter.fillRect(label, QColor("#1f1f1f"))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(index + 1))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        point = QPointF(event.position())
        for index in range(len(self.boxes)):
            if self.box_rect(index).adjusted(-6, -6, 6, 6).contains(point):
                self.picked.emit(index)
                return


class FacePickerDialog(QDialog):
    """Which face is the child? Click it, press its number, or leave the photo out (Esc)."""

    def __init__(self, path: Path, analysis, name: str, parent=None):
        super().__init__(parent)
        from desktop.faces.loading import load_image

        self.choice: int | None = None
        faces = analysis.identifiable_faces
        self.setWindowTitle(tr("faces.gui.pick_title", name=name))
        layout = QVBoxLayout(self)
        hint = QLabel(tr("faces.gui.pick_hint", faces=len(faces), name=name))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        loaded = load_image(path.read_bytes(), max_side=900)
        pixels = loaded.pixels
        image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.strides[0], QImage.Format.Format_RGB888)
        self._image = image.copy()  # own the pixels
        ratio = pixels.shape[1] / analysis.width
        boxes = [(f.box.left * ratio, f.box.top * ratio, f.box.right * ratio, f.box.bottom * ratio) for f in faces]
        self.canvas = FaceCanvas(self._image, boxes)
        self.canvas.picked.connect(self.pick)
        self.canvas.setMinimumSize(min(640, pixels.shape[1]), min(480, pixels.shape[0]))
        layout.addWidget(self.canvas, 1)
        row = QHBoxLayout()
        self.face_buttons = []
        for index in range(len(faces)):
            button = QPushButton(tr("faces.gui.pick_face", number=index + 1))
            button.setAccessibleName(tr("faces.gui.pick_face", number=index + 1))
            button.clicked.connect(lambda _checked=False, i=index: self.pick(i))
            row.addWidget(button)
            self.face_buttons.append(button)
        row.addStretch(1)
        skip = QPushButton(tr("faces.gui.skip_photo"))
        skip.setAccessibleName(tr("faces.gui.skip_photo"))
        skip.clicked.connect(self.reject)
        row.addWidget(skip)
        layout.addLayout(row)
        if self.face_buttons:
            self.face_buttons[0].setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.face_buttons):
            self.pick(int(text) - 1)
            return
        super().keyPressEvent(event)

    def pick(self, index: int) -> None:
        self.choice = index
        self.accept()


class EnrolDialog(QDialog):
    def __init__(self, window, person, parent=None) -> None:
        super().__init__(parent)
        self.window_ref = window
        self.person = person
        self.paths: list[Path] = []
        self.handle: TaskHandle | None = None
        self.report = None
        self.setWindowTitle(tr("faces.gui.enrol_title", name=person.name))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("faces.gui.enrol_intro", name=person.name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose_button = QPushButton(tr("faces.gui.choose_photos"))
        self.choose_button.setAccessibleName(tr("faces.gui.choose_photos"))
        self.choose_button.clicked.connect(self.choose_photos)
        row.addWidget(self.choose_button)
        # Photos already learnt count towards the 3–10: after three, one or two more from other days help.
        known = len(_enrolled_references(self.window_ref.workspace, person.id))
        self.minimum, self.maximum = max(1, MIN_PHOTOS - known), max(0, MAX_PHOTOS - known)
        self.count = QLabel(tr("faces.gui.need_photos", minimum=self.minimum, maximum=self.maximum))
        self.count.setWordWrap(True)
        row.addWidget(self.count, 1)
        layout.addLayout(row)
        self.results = QListWidget()
        self.results.setWordWrap(True)  # a rejection's reason is read in full, not cut at the edge
        self.results.setAccessibleName(tr("faces.gui.photo_list"))
        self.results.setMinimumHeight(200)
        layout.addWidget(self.results)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("faces.gui.photo_list"))
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(tr("faces.gui.start"))
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName(tr("faces.gui.start"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("faces.gui.cancel"))
        self.cancel_button.setAccessibleName(tr("faces.gui.cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(tr("faces.gui.close"))
        self.close_button.setAccessibleName(tr("faces.gui.close"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    # --- choosing ----------------------------------------------------------------------------------
    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("faces.gui.choose_photos"), "", tr("faces.gui.photo_filter"))
        if files:
            self.set_paths([Path(f) for f in files])

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = paths
        self.results.clear()
        for path in paths:
            self.results.addItem(path.name)
        valid = self._enough(paths)
        self.count.setText(
            tr("faces.gui.photo_count", count=len(paths)) if valid
            else tr("faces.gui.need_photos", minimum=self.minimum, maximum=self.maximum)
        )
        self.start_button.setEnabled(valid)

    def _enough(self, paths: list[Path]) -> bool:
        return self.minimum <= len(paths) <= self.maximum

    # --- running -----------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.start_button.setEnabled(not busy and self._enough(self.paths))
        self.choose_button.setEnabled(not busy)

    def start(self) -> None:
        from desktop.faces.enrol import analyse_photos

        self._busy(True)
        self.progress.setRange(0, len(self.paths))
        self.status.setText("")
        paths = list(self.paths)
        self.handle = self.window_ref.runner.run_task(
            lambda ctx: analyse_photos(paths, ctx),
            self._analysed,
            on_error=self._failed,
            on_progress=self._progressed,
            on_cancelled=self._cancelled,
            owner=self,
        )

    def _progressed(self, progress) -> None:
        self.progress.setValue(progress.done)
        if progress.total:
            self.status.setText(tr("faces.gui.analysing", done=min(progress.done + 1, progress.total),
                                   total=progress.total))

    def choose_face(self, path: Path, analysis) -> int | None:
        picker = FacePickerDialog(path, analysis, self.person.name, self)
        return picker.choice if picker.exec() else None

    def _analysed(self, analyses) -> None:
        from desktop.faces.enrol import enrol

        # Ask on the GUI thread, before the storing step runs in the background.
        choices = {}
        for path in self.paths:
            analysis = analyses.get(path)
            if analysis is not None and len(analysis.identifiable_faces) > 1:
                choices[path] = self.choose_face(path, analysis)
        workspace = self.window_ref.workspace
        paths = list(self.paths)
        self.handle = self.window_ref.runner.run_task(
            lambda ctx: enrol(workspace, self.person, paths, choose_face=lambda p, a: choices.get(p), ctx=ctx,
                              analyses=analyses),
            self._done,
            on_error=self._failed,
            on_cancelled=self._cancelled,
            owner=self,
        )

    def _done(self, report) -> None:
        self.paths = []  # these photos are learnt: Enrol waits for new ones
        known = report.references
        self.minimum, self.maximum = max(1, MIN_PHOTOS - known), max(0, MAX_PHOTOS - known)
        self._busy(False)
        self.report = report
        self.results.clear()
        for outcome in report.outcomes:
            name = outcome.path.name
            if outcome.accepted and outcome.faces > 1:
                text = tr("faces.gui.result_accepted_chosen", file=name, number=outcome.chosen + 1, faces=outcome.faces)
            elif outcome.accepted:
                text = tr("faces.gui.result_accepted", file=name)
            else:
                text = tr("faces.gui.result_rejected", file=name, reason=tr(outcome.reason))
            self.results.addItem(text)
        self.status.setText("\n".join(report.summary_lines(self.person.name)))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        message_id = getattr(exc, "message_id", None)
        reason = tr(message_id, **getattr(exc, "values", {})) if message_id else str(exc)
        self.status.setText(tr("faces.gui.failed", reason=reason))

    def _cancelled(self) -> None:
        self._busy(False)
        self.status.setText(tr("faces.gui.cancelled"))

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
