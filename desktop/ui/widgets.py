"""Small shared widgets and helpers for the views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout


def ok_cancel_buttons(dialog, on_accept=None, ok_text: str | None = None, cancel_text: str | None = None):
    """The OK / Cancel row every dialog ends with (Qt translates the default labels; a dialog may name its action);
    OK runs ``on_accept`` or accepts."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    if cancel_text:
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def enable_when_filled(button, *edits) -> None:
    """A dialog's action stays disabled until every required field holds text."""

    def update() -> None:
        button.setEnabled(all(edit.text().strip() for edit in edits))

    for edit in edits:
        edit.textChanged.connect(update)
    update()


class DialogError(QLabel):
    """A dialog's own error line: what was wrong with the input, shown where it was typed, so nothing typed is
    lost (the dialog stays open)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #a4262c;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API: an empty text hides the line
        super().setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.setText(text)


def accept_when_valid(dialog, error: DialogError, check) -> None:
    """OK runs ``check()``: an error message it returns (or a ``StorageError`` it raises) shows in the dialog,
    which stays open; otherwise the dialog is accepted."""
    from desktop.i18n import tr
    from desktop.store.db import StorageError

    try:
        problem = check()
    except StorageError as exc:
        problem = tr(exc.message_id, **exc.values)
    if problem:
        error.show_error(problem)
        return
    dialog.accept()


def button_text(text: str) -> str:
    """Qt reads '&' as a keyboard-mnemonic marker; show it literally."""
    return text.replace("&", "&&")


def make_button(text: str, on_click=None, object_name: str | None = None, tooltip: str | None = None) -> QPushButton:
    button = QPushButton(button_text(text))
    button.setAccessibleName(text)
    if object_name:
        button.setObjectName(object_name)
    if tooltip:
        button.setToolTip(tooltip)
    if on_click is not None:
        button.clicked.connect(lambda _=False: on_click())
    return button


class CardButton(QPushButton):
    """A large clickable card with a bold title and a description, reachable by Tab and Enter/Space."""

    def __init__(self, title: str, description: str):
        super().__init__()
        self.setObjectName("entrance")
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("cardTitle")
        self.description_label = QLabel(description)
        self.description_label.setWordWrap(True)
        self.description_label.setObjectName("cardText")
        for label in (self.title_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # A card is a link to a page: Enter opens it, as Space does (a plain button takes only Space).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)

    def sizeHint(self):  # noqa: N802 - Qt API
        hint = self.layout().sizeHint()
        hint.setHeight(max(hint.height(), self.minimumHeight()))
        return hint

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - the description wraps
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        layout = self.layout()
        return max(self.minimumHeight(), layout.totalHeightForWidth(width) if layout is not None else 0)


def ask_destructive(parent, title: str, text: str) -> bool:
    """A question before something is deleted: it says exactly what goes, and No is the default (Enter alone
    deletes nothing)."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
