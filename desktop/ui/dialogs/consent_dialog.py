"""Record consent for someone already added (Family › Record consent…): who has agreed, and withdrawing it.

Agreement only ever adds to what is recorded: a confirmation already given shows ticked and cannot be unticked
here, because taking consent back is a withdrawal, which deletes what Jikimi learned about the person.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QPushButton, QVBoxLayout

from desktop.core import consent as consent_rules
from desktop.core.local_time import local_date
from desktop.core.models import Consent, Person
from desktop.i18n import tr
from desktop.ui.widgets import DialogError, accept_when_valid, ask_destructive, ok_cancel_buttons


class RecordConsentDialog(QDialog):
    def __init__(self, person: Person, consent: Consent | None, parent=None):
        super().__init__(parent)
        self.person = person
        self.withdraw_requested = False
        self.setWindowTitle(tr("family.consent_title", name=person.name))
        layout = QVBoxLayout(self)
        explain = QLabel(tr("consent.explain"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        reason = consent_rules.refusal_reason(person, consent)
        self.state = QLabel(tr("family.consent_now", state=tr("person.consent_ok") if reason is None else tr(reason)))
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        is_self = person.role == "self" or person.age_band == "adult"
        self.guardian = QCheckBox(tr("consent.guardian_confirms"))
        self.young_person = QCheckBox(tr("consent.young_person_confirms"))
        self.self_consent = QCheckBox(tr("consent.self_confirms"))
        self._who = {self.guardian: "guardian", self.young_person: "self", self.self_consent: "self"}
        shown = [self.self_consent] if is_self else [self.guardian]
        if person.role == "self" and person.age_band == "under14":
            shown.insert(0, self.guardian)  # under 14, a guardian agrees too
        if not is_self and person.age_band == "14to17":
            shown.append(self.young_person)
        given = consent_rules.given_confirmations(consent)
        self.boxes = shown
        for box in shown:
            box.setAccessibleName(box.text())
            if self._who[box] in given:
                assert consent is not None  # given_confirmations(None) is empty
                box.setChecked(True)
                box.setEnabled(False)  # already recorded: taking it back is "Withdraw consent…"
                box.setToolTip(tr("family.consent_already", date=local_date(consent.recorded_at)))
            layout.addWidget(box)
        self.error = DialogError()
        layout.addWidget(self.error)
        self.withdraw_button = QPushButton(tr("family.consent_withdraw"))
        self.withdraw_button.setAccessibleName(tr("family.consent_withdraw"))
        self.withdraw_button.setEnabled(consent is not None and consent.status != "withdrawn")
        self.withdraw_button.clicked.connect(self._withdraw)
        layout.addWidget(self.withdraw_button)
        self.buttons = ok_cancel_buttons(self, self._accept, ok_text=tr("family.consent_record"))
        layout.addWidget(self.buttons)
        first = next((box for box in shown if box.isEnabled()), None)
        if first is not None:
            first.setFocus()

    def values(self) -> list[str]:
        """The confirmations ticked now, besides those already recorded."""
        return sorted({self._who[box] for box in self.boxes if box.isEnabled() and box.isChecked()})

    def _accept(self) -> None:
        accept_when_valid(self, self.error, lambda: None if self.values() else tr("family.consent_tick_someone"))
        first = next((box for box in self.boxes if box.isEnabled()), None)
        if self.result() != QDialog.DialogCode.Accepted and first is not None:
            first.setFocus()

    def _withdraw(self) -> None:
        if ask_destructive(self, tr("family.consent_withdraw"),
                           tr("family.consent_withdraw_confirm", name=self.person.name)):
            self.withdraw_requested = True
            self.accept()
