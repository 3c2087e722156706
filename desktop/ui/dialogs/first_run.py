"""First start: choose the language, optionally an app passcode, and learn the privacy promise."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop import i18n, preferences
from desktop.i18n import tr
from desktop.ui.widgets import DialogError, ok_cancel_buttons


class FirstRunDialog(QDialog):
    def __init__(self, app_paths, parent=None):
        super().__init__(parent)
        self.app_paths = app_paths
        self.setWindowTitle(tr("firstrun.title"))
        layout = QVBoxLayout(self)
        promise = QLabel(tr("firstrun.promise"))
        promise.setWordWrap(True)
        layout.addWidget(promise)
        form = QFormLayout()
        self.language_box = QComboBox()
        self.language_box.addItem("한국어", "ko")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(0 if i18n.current_language() == "ko" else 1)
        self.language_box.setAccessibleName(tr("settings.language"))
        form.addRow(tr("settings.language"), self.language_box)
        self.passcode = QLineEdit()
        self.passcode.setEchoMode(QLineEdit.EchoMode.Password)
        self.passcode.setAccessibleName(tr("firstrun.passcode"))
        self.passcode.setPlaceholderText(tr("firstrun.passcode_optional"))
        form.addRow(tr("firstrun.passcode"), self.passcode)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(tr("firstrun.passcode_repeat"))
        form.addRow(tr("firstrun.passcode_repeat"), self.repeat)
        layout.addLayout(form)
        note = QLabel(tr("passcode.no_backdoor"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = DialogError()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self, self._accept)
        layout.addWidget(buttons)

    def language(self) -> str:
        return self.language_box.currentData()

    def passcode_given(self) -> str | None:
        """The passcode just set (the data is opened with it at once, not asked for again)."""
        return self.passcode.text() or None

    def _accept(self) -> None:
        if self.passcode.text() != self.repeat.text():
            self.error.setText(tr("passcode.mismatch"))
            return
        if self.passcode.text():
            from desktop.secrets import KeyStore

            KeyStore(self.app_paths).load(self.passcode.text())  # creates the passcode-wrapped key
        preferences.save(self.app_paths, language=self.language())
        self.accept()
