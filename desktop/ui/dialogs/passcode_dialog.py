"""Asks for the app passcode at start (or after the app locked itself)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout

from desktop.i18n import tr
from desktop.ui.widgets import DialogError, ok_cancel_buttons


class PasscodeDialog(QDialog):
    def __init__(self, error_text: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("passcode.title"))
        layout = QVBoxLayout(self)
        prompt = QLabel(tr("passcode.prompt"))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(tr("passcode.field"))
        prompt.setBuddy(self.field)
        layout.addWidget(self.field)
        self.error = DialogError()
        self.error.setText(error_text)
        layout.addWidget(self.error)
        forgot = QLabel(tr("passcode.forgot"))
        forgot.setWordWrap(True)
        forgot.setObjectName("lead")
        layout.addWidget(forgot)
        buttons = ok_cancel_buttons(self)
        layout.addWidget(buttons)
        self.field.setFocus()

    def passcode(self) -> str:
        return self.field.text()
