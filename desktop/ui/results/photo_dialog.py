"""One exposed photo: where it is, why it matters, and the parent's answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.i18n import tr
from desktop.ui.results.widgets import boxed_thumbnail
from desktop.ui.widgets import make_button


class PhotoDialog(QDialog):
    """``on_answer(exposure, answer)`` records an answer and returns False when the parent changed their mind;
    a photo already answered "not my child" offers ``on_undo(exposure)`` instead of the answers."""

    def __init__(self, parent, exposure: dict, thumbnail: bytes | None, detail: dict, on_answer, on_help,
                 on_evidence=None, on_undo=None):
        super().__init__(parent)
        self.exposure = exposure
        self.answer = None
        self.setWindowTitle(tr("results.photo_title"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        picture = QLabel()
        picture.setPixmap(boxed_thumbnail(thumbnail, detail, 280))
        picture.setAccessibleName(tr("results.photo_thumbnail"))
        top.addWidget(picture)
        info = QVBoxLayout()
        level_id = exposure["level"]
        level = QLabel(f"<b>{tr('scan.level.' + level_id)}</b> — {tr('scan.level_hint.' + level_id)}")
        level.setWordWrap(True)
        info.addWidget(level)
        where = QLabel(tr("results.where", visibility=tr(f"visibility.{exposure['visibility']}")))
        where.setWordWrap(True)
        info.addWidget(where)
        if exposure["post_url"]:
            link = QLabel(f"<a href='{exposure['post_url']}'>{tr('results.open_post')}</a>")
            link.setOpenExternalLinks(False)
            link.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
            link.setAccessibleName(tr("results.open_post"))
            info.addWidget(link)
        address = QLabel(exposure["image_url"])
        address.setWordWrap(True)
        address.setObjectName("lead")
        address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info.addWidget(address)
        if exposure["signals"]:
            info.addWidget(QLabel(tr("results.reasons")))
            for signal in exposure["signals"]:
                reason = QLabel("• " + tr(f"signal_reason.{signal}"))
                reason.setWordWrap(True)
                info.addWidget(reason)
        if exposure.get("caption"):
            caption = QLabel(tr("results.caption", caption=exposure["caption"][:280]))
            caption.setWordWrap(True)
            info.addWidget(caption)
        answered = exposure.get("review") == "not_me"
        if answered:
            note = QLabel(tr("results.answered_note"))
            note.setWordWrap(True)
            note.setObjectName("lead")
            info.addWidget(note)
        info.addStretch(1)
        top.addLayout(info, 1)
        layout.addLayout(top)
        buttons = QHBoxLayout()
        self.undo_button = None
        if answered and on_undo is not None:
            self.undo_button = make_button(tr("results.undo_answer"), lambda: self._undo(on_undo), "primary",
                                           tooltip=tr("results.answered_note"))
            self.undo_button.setAccessibleDescription(tr("results.answered_note"))
            buttons.addWidget(self.undo_button)
        elif not answered:
            for answer, label_id in (("confirmed", "results.yes_my_child"), ("not_me", "results.not_my_child"),
                                     ("removed", "results.i_removed_it")):
                button = make_button(tr(label_id), lambda a=answer: self._answer(a, on_answer))
                buttons.addWidget(button)
        buttons.addStretch(1)
        if on_evidence is not None and not answered:
            buttons.addWidget(make_button(tr("results.record_evidence"), lambda: on_evidence(self.exposure)))
        buttons.addWidget(make_button(tr("nav.help"), lambda: (self.accept(), on_help()), "helpButton"))
        close = QPushButton(tr("scan.close"))
        close.setAccessibleName(tr("scan.close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(720, 420)
        if self.undo_button is not None:
            self.undo_button.setFocus()  # the one thing to do here, reachable at once from the keyboard

    def _answer(self, answer: str, on_answer) -> None:
        if on_answer(self.exposure, answer) is False:
            return  # the parent changed their mind: the photo stays open
        self.answer = answer
        self.accept()

    def _undo(self, on_undo) -> None:
        self.answer = "undone"
        on_undo(self.exposure)
        self.accept()
