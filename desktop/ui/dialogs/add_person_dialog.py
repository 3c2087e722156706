"""Add a child (or oneself): nickname, age band, and the consent record that allows enrolment and scans."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
)

from desktop.i18n import tr
from desktop.ui.widgets import DialogError, ok_cancel_buttons


class AddPersonDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("person.add_title"))
        layout = QVBoxLayout(self)
        # The dialog grows when the 14-17 choice adds the young person's own agreement, instead of squashing
        # the fields above it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("person.nickname"))
        self.name.setPlaceholderText(tr("person.nickname_hint"))
        form.addRow(tr("person.nickname"), self.name)
        self.role = QComboBox()
        for role in ("child", "self"):
            self.role.addItem(tr(f"role.{role}"), role)
        self.role.setAccessibleName(tr("person.role"))
        form.addRow(tr("person.role"), self.role)
        self.age_band = QComboBox()
        for band in ("under14", "14to17", "adult"):
            self.age_band.addItem(tr(f"age_band.{band}"), band)
        self.age_band.setAccessibleName(tr("person.age_band"))
        form.addRow(tr("person.age_band"), self.age_band)
        layout.addLayout(form)
        explain = QLabel(tr("consent.explain"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.guardian = QCheckBox(tr("consent.guardian_confirms"))
        self.young_person = QCheckBox(tr("consent.young_person_confirms"))
        self.self_consent = QCheckBox(tr("consent.self_confirms"))
        for box in (self.guardian, self.young_person, self.self_consent):
            box.setAccessibleName(box.text())
            layout.addWidget(box)
        self.error = DialogError()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self, self._accept)
        layout.addWidget(buttons)
        self.role.currentIndexChanged.connect(self._update_boxes)
        self.age_band.currentIndexChanged.connect(self._update_boxes)
        self._update_boxes()

    def _update_boxes(self) -> None:
        is_self = self.role.currentData() == "self"
        band = self.age_band.currentData()
        # Under 14, someone checking themself still needs a guardian's agreement.
        self.guardian.setVisible(not is_self or band == "under14")
        self.young_person.setVisible(not is_self and band == "14to17")
        self.self_consent.setVisible(is_self)
        layout = self.layout()
        if self.isVisible() and layout is not None:
            layout.activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def values(self) -> dict:
        role = self.role.currentData()
        is_self = role == "self"
        teen = self.age_band.currentData() == "14to17"
        consent_by = []
        if self.guardian.isChecked() and (not is_self or self.age_band.currentData() == "under14"):
            consent_by.append("guardian")
        if (is_self and self.self_consent.isChecked()) or (not is_self and teen and self.young_person.isChecked()):
            consent_by.append("self")
        return {
            "name": self.name.text().strip(),
            "role": role,
            "age_band": self.age_band.currentData(),
            "consent_by": consent_by,
        }

    def _accept(self) -> None:
        if not self.values()["name"]:
            self.error.setText(tr("person.name_empty"))
            self.name.setFocus()
            return
        self.accept()
