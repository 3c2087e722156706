"""One exposed photo: where it is, why it matters, and the parent's answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.core.local_time import local_datetime
from desktop.i18n import tr, tr_for_role
from desktop.ui.results.widgets import boxed_thumbnail
from desktop.ui.widgets import make_button


class PhotoDialog(QDialog):
    """``on_answer(exposure, answer)`` records an answer and returns False when the parent changed their mind;
    a photo already answered ("not my child", "yes", "I removed it") offers ``on_undo(exposure)`` instead of
    the answers. Nothing that changes data has the focus when the window opens: Enter alone changes nothing.
    ``role``: the person's role; a person using Jikimi for themselves reads "Yes, this is me"."""

    def __init__(self, parent, exposure: dict, thumbnail: bytes | None, detail: dict, on_answer, on_help,
                 on_evidence=None, on_undo=None, role: str | None = None, name: str = ""):
        super().__init__(parent)
        self.exposure = exposure
        self.answer: str | None = None
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
        review = exposure.get("review")
        answered = review in ("not_me", "confirmed", "removed")
        notes = []
        if review == "not_me":
            notes.append(tr_for_role("results.answered_note", role))
        elif review == "confirmed":
            notes.append(tr_for_role("results.confirmed_note", role, name=name))
        elif review == "removed":
            notes.append(tr("results.removed_note", when=local_datetime(exposure.get("removed_at"))))
        if exposure.get("still_public_at") and review != "removed":
            notes.append(tr("results.still_public_note", when=local_datetime(exposure.get("removed_at")),
                            seen=local_datetime(exposure["still_public_at"])))
        self.note_labels = []
        for text in notes:
            note = QLabel(text)
            note.setWordWrap(True)
            note.setObjectName("lead")
            info.addWidget(note)
            self.note_labels.append(note)
        info.addStretch(1)
        top.addLayout(info, 1)
        layout.addLayout(top)
        buttons = QHBoxLayout()
        self.undo_button: QPushButton | None = None
        self.answer_buttons: dict[str, QPushButton] = {}
        undo_ids = {"not_me": "results.undo_answer", "confirmed": "results.undo_confirmed",
                    "removed": "results.undo_removed"}
        if answered and on_undo is not None:
            assert review is not None  # answered: review is one of undo_ids' keys
            self.undo_button = make_button(tr(undo_ids[review]), lambda: self._undo(on_undo), "primary",
                                           tooltip=notes[0])
            self.undo_button.setAccessibleDescription(notes[0])
            buttons.addWidget(self.undo_button)
        elif not answered:
            for answer, label_id in (("confirmed", "results.yes_my_child"), ("not_me", "results.not_my_child"),
                                     ("removed", "results.i_removed_it")):
                button = make_button(tr_for_role(label_id, role), lambda a=answer: self._answer(a, on_answer))
                button.setAutoDefault(False)
                self.answer_buttons[answer] = button
                buttons.addWidget(button)
        buttons.addStretch(1)
        if on_evidence is not None and review != "not_me":
            buttons.addWidget(make_button(tr("results.record_evidence"), lambda: on_evidence(self.exposure)))
        buttons.addWidget(make_button(tr("nav.help"), lambda: self._help(on_help), "helpButton"))
        self.close_button = QPushButton(tr("scan.close"))
        self.close_button.setAccessibleName(tr("scan.close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(720, 420)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        # Enter closes; an answer (which teaches the face engine) is always a deliberate click or Tab away.
        # An answered photo's one thing to do, taking the answer back, has the focus.
        self.close_button.setDefault(True)
        (self.undo_button or self.close_button).setFocus()

    def _answer(self, answer: str, on_answer) -> None:
        if on_answer(self.exposure, answer) is False:
            return  # the parent changed their mind: the photo stays open
        self.answer = answer
        self.accept()

    def _help(self, on_help) -> None:
        self.accept()
        on_help()

    def _undo(self, on_undo) -> None:
        self.answer = "undone"
        on_undo(self.exposure)
        self.accept()
