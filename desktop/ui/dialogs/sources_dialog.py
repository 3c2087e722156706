"""Linked sources of one person: list, add, edit, check now, remove.

The form explains each kind in plain language (what Jikimi can and cannot see there). "Check this source
now" lists what a stranger sees, off the GUI thread through ``window.runner``, with progress and Cancel.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
)

from desktop.core.models import SOURCE_OWNERS
from desktop.i18n import tr, tr_for_role
from desktop.sources.base import SourceError
from desktop.sources.registry import KINDS, check_target, kind_info
from desktop.store.db import StorageError
from desktop.ui.widgets import DialogError, make_button, ok_cancel_buttons


def _message(exc: Exception) -> str:
    from desktop.store.persons import ConsentRequired

    message_id = getattr(exc, "message_id", None)
    if message_id:
        try:
            text = tr(message_id, **getattr(exc, "values", {}))
        except KeyError:
            return tr("sources.unexpected")
        if isinstance(exc, ConsentRequired) and exc.person is not None and exc.person.class_id is None:
            text += "\n" + tr("family.consent_hint", name=exc.person.name)  # the Family page records it
        return text
    return tr("sources.unexpected")


class SourceFormDialog(QDialog):
    """Add or edit one source."""

    def __init__(self, parent=None, record=None, role: str | None = None):
        super().__init__(parent)
        self.record = record
        self.setWindowTitle(tr("sources.form.edit_title" if record else "sources.form.add_title"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for info in KINDS:
            self.kind.addItem(tr(info.name_id), info.kind)
        self.kind.setAccessibleName(tr("sources.form.kind"))
        form.addRow(tr("sources.form.kind"), self.kind)
        self.explain = QLabel("")
        self.explain.setWordWrap(True)
        self.explain.setObjectName("lead")
        self.explain.setAccessibleName(tr("sources.form.explain"))
        self.explain.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        form.addRow(self.explain)
        target_row = QHBoxLayout()
        self.target = QLineEdit()
        self.target.setAccessibleName(tr("sources.form.target"))
        target_row.addWidget(self.target, 1)
        self.browse = make_button(tr("sources.form.browse"), self._browse)
        target_row.addWidget(self.browse)
        self.target_label = QLabel(tr("sources.form.target"))
        self.target_label.setBuddy(self.target)
        form.addRow(self.target_label, target_row)
        self.owner = QComboBox()
        for owner in SOURCE_OWNERS:  # someone checking themself reads "my own", not "my child's own"
            self.owner.addItem(tr_for_role(f"sources.owner.{owner}", role), owner)
        self.owner.setAccessibleName(tr("sources.form.owner"))
        form.addRow(tr("sources.form.owner"), self.owner)
        layout.addLayout(form)
        self.advanced = QGroupBox(tr("sources.form.advanced"))
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.advanced.setAccessibleName(tr("sources.form.advanced"))
        advanced_form = QFormLayout(self.advanced)
        self.base_url = QLineEdit()
        self.base_url.setAccessibleName(tr("sources.form.base_url"))
        self.base_url.setPlaceholderText("https://")
        advanced_form.addRow(tr("sources.form.base_url"), self.base_url)
        self.allow_private = QCheckBox(tr("sources.form.allow_private"))
        self.allow_private.setAccessibleName(tr("sources.form.allow_private"))
        advanced_form.addRow(self.allow_private)
        private_hint = QLabel(tr("sources.form.allow_private_hint"))
        private_hint.setWordWrap(True)
        advanced_form.addRow(private_hint)
        layout.addWidget(self.advanced)
        self.error = DialogError()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self, self._accept, tr("sources.form.save"), tr("sources.form.cancel"))
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if record is not None:
            self.kind.setCurrentIndex(self.kind.findData(record.kind))
            self.target.setText(record.target)
            self.owner.setCurrentIndex(self.owner.findData(record.owner))
            self.base_url.setText(record.base_url or "")
            self.allow_private.setChecked(record.allow_private)
            self.advanced.setChecked(bool(record.base_url or record.allow_private))
        self._kind_changed()
        self.kind.setFocus()

    def _kind_changed(self) -> None:
        info = kind_info(self.kind.currentData())
        self.explain.setText(tr(info.description_id))
        self.explain.setAccessibleDescription(tr(info.description_id))
        self.target.setPlaceholderText(tr(info.target_hint_id))
        self.target.setAccessibleDescription(tr(info.target_hint_id))
        self.browse.setVisible(not info.network)
        self.advanced.setVisible(info.network)

    def _browse(self) -> None:
        info = kind_info(self.kind.currentData())
        if info.target == "folder":
            chosen = QFileDialog.getExistingDirectory(self, tr("sources.form.browse"))
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("sources.form.browse"), "", tr("sources.form.zip_filter"))
            if not chosen:
                chosen = QFileDialog.getExistingDirectory(self, tr("sources.form.browse"))
        if chosen:
            self.target.setText(chosen)

    def values(self) -> dict:
        network = kind_info(self.kind.currentData()).network
        advanced = network and self.advanced.isChecked()
        return {
            "kind": self.kind.currentData(),
            "target": self.target.text().strip(),
            "owner": self.owner.currentData(),
            "base_url": (self.base_url.text().strip() or None) if advanced else None,
            "allow_private": bool(advanced and self.allow_private.isChecked()),
        }

    def _accept(self) -> None:
        values = self.values()
        try:
            check_target(values["kind"], values["target"], values["base_url"])
        except SourceError as exc:
            self.error.setText(_message(exc))
            self.target.setFocus()
            return
        self.accept()


class SourcesDialog(QDialog):
    def __init__(self, parent, workspace, person, runner):
        super().__init__(parent)
        self.workspace = workspace
        self.person = person
        self.runner = runner
        self.handle = None
        self.setWindowTitle(tr_for_role("sources.dialog.title", person.role, name=person.name))
        self.setMinimumSize(640, 460)
        layout = QVBoxLayout(self)
        lead = QLabel(tr_for_role("sources.dialog.lead", person.role, name=person.name))
        lead.setWordWrap(True)
        layout.addWidget(lead)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("sources.dialog.list"))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = make_button(tr("sources.dialog.add"), self.add_source, "primary")
        self.edit_button = make_button(tr("sources.dialog.edit"), self.edit_source)
        self.check_button = make_button(tr("sources.dialog.check"), self.check_source)
        self.remove_button = make_button(tr("sources.dialog.remove"), self.remove_source)
        for button in (self.add_button, self.edit_button, self.check_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("sources.dialog.progress"))
        self.progress.setVisible(False)
        self.cancel_button = make_button(tr("sources.dialog.cancel_check"), self.cancel_check)
        self.cancel_button.setVisible(False)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName(tr("sources.dialog.result"))
        self.result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        layout.addWidget(self.result)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("sources.dialog.close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    # --- list ---------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        self.list.clear()
        for record in self.workspace.sources.list_for_person(self.person.id):
            text = tr(
                "sources.dialog.item",
                kind=tr(f"sources.kind.{record.kind}"),
                target=record.target,
                owner=tr_for_role(f"sources.owner.{record.owner}", self.person.role),
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
            if record.id == select_id:
                self.list.setCurrentItem(item)
        if self.list.count() == 0:
            placeholder = QListWidgetItem(tr("sources.dialog.empty"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        elif self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        busy = self.handle is not None and self.handle.running
        chosen = self.selected_id() is not None
        self.add_button.setEnabled(not busy)
        for button in (self.edit_button, self.check_button, self.remove_button):
            button.setEnabled(chosen and not busy)

    # --- actions ------------------------------------------------------------------------------------
    def add_source(self) -> None:
        form = SourceFormDialog(self, role=self.person.role)
        if not form.exec():
            return
        try:
            record = self.workspace.sources.add(person_id=self.person.id, **form.values())
        except StorageError as exc:
            QMessageBox.warning(self, tr("sources.dialog.add"), _message(exc))
            return
        self.refresh(record.id)
        self.result.setText(tr("sources.dialog.added"))

    def edit_source(self) -> None:
        source_id = self.selected_id()
        if source_id is None:
            return
        form = SourceFormDialog(self, self.workspace.sources.get(source_id), role=self.person.role)
        if not form.exec():
            return
        values = form.values()
        try:
            self.workspace.sources.update(source_id, clear_base_url=values["base_url"] is None, **values)
        except StorageError as exc:
            QMessageBox.warning(self, tr("sources.dialog.edit"), _message(exc))
            return
        self.refresh(source_id)

    def remove_source(self) -> None:
        source_id = self.selected_id()
        if source_id is None:
            return
        record = self.workspace.sources.get(source_id)
        answer = QMessageBox.question(
            self, tr("sources.dialog.remove"), tr("sources.dialog.remove_confirm", target=record.target)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.workspace.sources.remove(source_id)
            self.result.setText("")
            self.refresh()

    def check_source(self) -> None:
        source_id = self.selected_id()
        if source_id is None:
            return
        try:
            self.workspace.persons.require_consent(self.person)
        except StorageError as exc:
            self.result.setText(_message(exc))
            return
        record = self.workspace.sources.get(source_id)
        validators = self.workspace.http_validators

        def work(ctx):
            from desktop.sources.check import check_sources
            from desktop.sources.http import HttpClient

            with HttpClient(validator_store=validators) as client:
                return check_sources([record], client, ctx)[0]

        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.result.setText(tr("sources.dialog.checking"))
        self.handle = self.runner.run_task(
            work, self._checked, on_error=self._failed, on_progress=self._progressed, on_cancelled=self._cancelled
        )
        self._update_buttons()

    def cancel_check(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _progressed(self, progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)

    def _finish(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_buttons()

    def _checked(self, result) -> None:
        self._finish()
        self.result.setText(describe_result(result))
        self.last_result = result

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.result.setText(tr("sources.dialog.check_failed", message=_message(exc)))

    def _cancelled(self) -> None:
        self._finish()
        self.result.setText(tr("sources.dialog.check_cancelled"))

    def reject(self) -> None:
        if self.handle is not None and self.handle.running:
            self.handle.cancel()
        super().reject()


def describe_result(result) -> str:
    """Plain-language lines: who can see it, how many photos (by visibility), and any notice."""
    if result.error is not None:
        return tr("sources.dialog.check_failed", message=_message(result.error))
    from desktop.sources.check import visibility_message_id

    listing = result.listing
    counts = Counter(photo.visibility for photo in listing.photos)
    lines = [
        tr("sources.dialog.visibility", visibility=tr(visibility_message_id(listing))),
        tr("sources.dialog.photos", count=len(listing.photos)),
    ]
    for visibility, count in sorted(counts.items()):
        lines.append(
            tr("sources.dialog.photos_by_visibility", visibility=tr(f"sources.visibility.{visibility}"), count=count)
        )
    for notice in dict.fromkeys(listing.notices):
        lines.append(tr(notice))
    return "\n".join(lines)
