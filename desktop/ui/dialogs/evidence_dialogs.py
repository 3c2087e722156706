"""Small dialogs of the evidence page: a new case file, and evidence from a web address."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.i18n import tr
from desktop.ui.widgets import ok_cancel_buttons


class NewCaseDialog(QDialog):
    def __init__(self, persons, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("evidence_page.new_case_title"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_field = QLineEdit()
        self.title_field.setAccessibleName(tr("evidence_page.case_title"))
        self.title_field.setPlaceholderText(tr("evidence_page.case_title_hint"))
        form.addRow(tr("evidence_page.case_title"), self.title_field)
        self.person = QComboBox()
        self.person.setAccessibleName(tr("evidence_page.case_person"))
        self.person.addItem(tr("evidence_page.no_person"), None)
        for person in persons:
            self.person.addItem(person.name, person.id)
        form.addRow(tr("evidence_page.case_person"), self.person)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))

    def values(self) -> dict:
        return {"title": self.title_field.text(), "person_id": self.person.currentData()}


class AddUrlDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("evidence_page.url_title"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("evidence_page.url_hint"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.image_url = QLineEdit()
        self.image_url.setAccessibleName(tr("evidence_page.image_url"))
        self.image_url.setPlaceholderText("https://")
        form.addRow(tr("evidence_page.image_url"), self.image_url)
        self.page_url = QLineEdit()
        self.page_url.setAccessibleName(tr("evidence_page.page_url"))
        self.page_url.setPlaceholderText("https://")
        form.addRow(tr("evidence_page.page_url"), self.page_url)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))

    def values(self) -> tuple[str, str | None]:
        return self.image_url.text().strip(), (self.page_url.text().strip() or None)
