"""Family: the children (and oneself) this computer looks out for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox, QPushButton

from desktop.core import consent as consent_rules
from desktop.i18n import tr
from desktop.store.db import StorageError
from desktop.ui.pages.base import Page


class FamilyPage(Page):
    name = "family"
    title_id = "family.title"
    lead_id = "family.lead"

    def build(self) -> None:
        self.people = QListWidget()
        self.people.setAccessibleName(tr("family.people"))
        self.people.setMinimumHeight(220)
        self.body.addWidget(self.people)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("family.add_child"))
        self.add_button.setObjectName("primary")
        self.add_button.setAccessibleName(tr("family.add_child"))
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(tr("family.remove"))
        self.remove_button.setAccessibleName(tr("family.remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.enrol_button = QPushButton(tr("faces.gui.enrol_button"))
        self.enrol_button.setAccessibleName(tr("faces.gui.enrol_button"))
        self.enrol_button.clicked.connect(self.enrol_selected)
        self.consent_button = QPushButton(tr("family.record_consent"))
        self.consent_button.setAccessibleName(tr("family.record_consent"))
        self.consent_button.clicked.connect(self.record_consent)
        self.sources_button = QPushButton(tr("sources.family.button"))
        self.sources_button.setAccessibleName(tr("sources.family.button"))
        self.sources_button.clicked.connect(self.open_sources)
        row.addWidget(self.add_button)
        row.addWidget(self.consent_button)
        row.addWidget(self.enrol_button)
        row.addWidget(self.sources_button)
        self.results_button = QPushButton(tr("family.scan_and_results"))
        self.results_button.setAccessibleName(tr("family.scan_and_results"))
        self.results_button.clicked.connect(self.open_results)
        row.addWidget(self.results_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def refresh(self, select_id: int | None = None) -> None:
        if select_id is None:
            select_id = self.selected_person_id()  # a refresh keeps the person the parent had chosen
        self.people.clear()
        persons = self.workspace.persons
        for person in persons.list():
            if person.class_id is not None:
                continue  # classroom rosters live on the classroom page
            reason = consent_rules.refusal_reason(person, persons.consent(person.id))
            state = tr("person.consent_ok") if reason is None else tr(reason)
            item = QListWidgetItem(" · ".join([person.name, tr(f"role.{person.role}"), state,
                                               *self._status_parts(person.id)]))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            if reason is not None:
                item.setToolTip(tr("family.consent_hint", name=person.name))
            self.people.addItem(item)
            if person.id == select_id:
                self.people.setCurrentItem(item)
        if self.people.count() == 0:
            placeholder = QListWidgetItem(tr("family.empty"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.people.addItem(placeholder)
        has_people = any(
            self.people.item(i).data(Qt.ItemDataRole.UserRole) is not None for i in range(self.people.count())
        )
        self.remove_button.setEnabled(has_people)  # not for the "no one yet" line
        self.sources_button.setEnabled(has_people)
        self.results_button.setEnabled(has_people)
        self.enrol_button.setEnabled(has_people)
        self.consent_button.setEnabled(has_people)

    def _status_parts(self, person_id: int) -> list[str]:
        """How far along this child is: faces enrolled, sources linked, the last scan's score."""
        progress = self.workspace.persons.progress(person_id)
        parts = [tr("family.faces_enrolled", count=progress.faces_enrolled),
                 tr("family.sources_linked", count=progress.sources_linked)]
        if progress.scanned:
            level = tr(f"risk.level.{progress.risk_level}")
            parts.append(tr("family.last_score", score=progress.risk_score, level=level))
        return parts

    def open_results(self) -> None:
        """The selected child's results (with "Scan now"); the first child when none is selected."""
        results = self.window_ref.pages["results"]
        person_id = self.selected_person_id()
        if person_id is not None:
            results.person_id = person_id
        self.window_ref.show_page("results")

    def selected_person_id(self) -> int | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_sources(self) -> None:
        from desktop.ui.dialogs.sources_dialog import SourcesDialog

        person_id = self.selected_person_id()
        if person_id is None:
            QMessageBox.information(self, tr("sources.family.button"), tr("sources.family.choose_person"))
            return
        self.sources_dialog = SourcesDialog(self, self.workspace, self.workspace.persons.get(person_id),
                                            self.window_ref.runner)
        self.sources_dialog.exec()

    def add_person(self) -> None:
        from desktop.ui.dialogs.add_person_dialog import AddPersonDialog

        dialog = AddPersonDialog(self)
        if not dialog.exec():
            return
        try:
            added = self.workspace.persons.add(**dialog.values())
        except StorageError as exc:
            QMessageBox.warning(self, tr("family.title"), tr(exc.message_id, **exc.values))
            added = None
        self.refresh(select_id=added.id if added is not None else None)

    def enrol_selected(self) -> None:
        from desktop.ui.dialogs.enrol_dialog import EnrolDialog

        person_id = self.selected_person_id()
        if person_id is None:
            QMessageBox.information(self, tr("faces.gui.enrol_button"), tr("faces.gui.select_person"))
            return
        person = self.workspace.persons.get(person_id)
        try:
            self.workspace.persons.require_consent(person)
        except StorageError as exc:
            hint = tr("family.consent_hint", name=person.name)
            QMessageBox.warning(self, tr("faces.gui.enrol_button"), f"{tr(exc.message_id, **exc.values)}\n\n{hint}")
            return
        self.enrol_dialog = EnrolDialog(self.window_ref, person, self)
        self.enrol_dialog.exec()
        self.refresh(select_id=person_id)

    def record_consent(self) -> None:
        """Who has agreed, for someone already added; or withdraw consent (which deletes their data)."""
        from desktop.ui.dialogs.consent_dialog import RecordConsentDialog

        person_id = self.selected_person_id()
        if person_id is None:
            QMessageBox.information(self, tr("family.record_consent"), tr("faces.gui.select_person"))
            return
        persons = self.workspace.persons
        person, consent = persons.get(person_id), persons.consent(person_id)
        self.consent_dialog = RecordConsentDialog(person, consent, self)
        if not self.consent_dialog.exec():
            return
        service = self.workspace.consents
        if self.consent_dialog.withdraw_requested:
            report = service.withdraw(person_id)
            QMessageBox.information(self, tr("family.consent_withdraw"),
                                    tr("family.consent_withdrawn", name=person.name, rows=report.total))
        else:
            given = consent_rules.given_confirmations(consent)
            service.record(person_id, "given",
                           given_by=consent_rules.combine_confirmations([*given, *self.consent_dialog.values()]))
        self.refresh(select_id=person_id)

    def remove_selected(self) -> None:
        person_id = self.selected_person_id()
        if person_id is None:
            QMessageBox.information(self, tr("family.remove"), tr("faces.gui.select_person"))
            return
        person = self.workspace.persons.get(person_id)
        box = self.removal_question(person)
        if box.exec() == QMessageBox.StandardButton.Yes:
            ticked = box.checkBox()
            delete_cases = ticked is not None and ticked.isChecked()
            consents = self.workspace.consents
            # Off the window's thread: deleting waits for the person's running scan to stop, then rewrites the
            # database file (VACUUM), which can take a while on a large data folder.
            self.setEnabled(False)

            def finished(_counts=None) -> None:
                self.setEnabled(True)
                self.refresh()

            def failed(exc: BaseException) -> None:
                self.setEnabled(True)
                if not isinstance(exc, StorageError):
                    raise exc
                QMessageBox.warning(self, tr("family.remove"), tr(exc.message_id, **exc.values))
                self.refresh()

            self.window_ref.runner.run_task(lambda ctx: consents.delete_person(person_id, delete_cases=delete_cases),
                                            finished, on_error=failed, owner=self)

    def removal_question(self, person) -> QMessageBox:
        """The question lists exactly what goes and what stays; No is the default, and evidence cases go only
        when their own box is ticked."""
        counts = self.workspace.consents.data_left(person.id)
        text = tr("family.remove_confirm", name=person.name, faces=counts["face_references"],
                  sources=counts["sources"], findings=counts["findings"], scans=counts["scans"])
        box = QMessageBox(QMessageBox.Icon.Warning, tr("family.remove"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if counts["cases"]:
            box.setInformativeText(tr("family.remove_cases_kept", count=counts["cases"]))
            tick = QCheckBox(tr("family.remove_cases_too", count=counts["cases"], name=person.name), box)
            tick.setAccessibleName(tick.text())
            box.setCheckBox(tick)
        return box
