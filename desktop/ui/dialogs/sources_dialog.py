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
    QWidget,
)

from desktop.core.models import SOURCE_OWNERS
from desktop.i18n import tr, tr_for_role, tr_or
from desktop.sources.base import SourceError
from desktop.sources.media_hosts import media_hosts_for
from desktop.sources.places import MANUAL_GUIDES, PLACES, STATED_VISIBILITIES, place, place_for_source, resolve
from desktop.sources.registry import check_target, kind_info
from desktop.store.db import StorageError
from desktop.ui.widgets import DialogError, ask_destructive, make_button, ok_cancel_buttons


def _message(exc: BaseException) -> str:
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
    """Add or edit one source, picked by the place's name (카카오톡, 네이버 블로그, 학교 홈페이지…). A place
    Jikimi can read takes what the parent knows (a blog ID, a channel address, a username); a place that
    needs a login gets a guided manual check and an optional folder of photos saved from it, with who can see
    them there. Technical detail is behind "more"."""

    def __init__(self, parent=None, record=None, role: str | None = None):
        super().__init__(parent)
        self.record = record
        self._resolved: tuple[str, str] | None = None
        self.setWindowTitle(tr("sources.form.edit_title" if record else "sources.form.add_title"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()  # the place picker (named "kind" for what it chooses)
        self.place = self.kind
        more_started = False
        for entry in PLACES:
            if entry.group == "more" and not more_started:
                self.kind.insertSeparator(self.kind.count())
                more_started = True
            self.kind.addItem(_place_text(entry, "name"), entry.id)
        self.kind.setAccessibleName(tr("sources.form.place"))
        form.addRow(tr("sources.form.place"), self.kind)
        self.explain = QLabel("")
        self.explain.setWordWrap(True)
        self.explain.setObjectName("lead")
        self.explain.setAccessibleName(tr("sources.form.explain"))
        self.explain.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        form.addRow(self.explain)
        self.guide = QLabel("")
        self.guide.setWordWrap(True)
        self.guide.setAccessibleName(tr("sources.manual.settings"))
        self.guide.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.guide)
        target_row = QHBoxLayout()
        self.target = QLineEdit()
        self.target.setAccessibleName(tr("sources.form.target"))
        target_row.addWidget(self.target, 1)
        self.browse = make_button(tr("sources.form.browse"), self._browse)
        target_row.addWidget(self.browse)
        self.target_label = QLabel(tr("sources.form.target"))
        self.target_label.setBuddy(self.target)
        form.addRow(self.target_label, target_row)
        self.stated = QComboBox()
        for visibility in STATED_VISIBILITIES:
            self.stated.addItem(tr(f"sources.stated.{visibility}"), visibility)
        self.stated.setAccessibleName(tr("sources.manual.visibility"))
        self.stated_label = QLabel(tr("sources.manual.visibility"))
        self.stated_label.setBuddy(self.stated)
        form.addRow(self.stated_label, self.stated)
        self.owner = QComboBox()
        for owner in SOURCE_OWNERS:  # someone checking themself reads "my own", not "my child's own"
            self.owner.addItem(tr_for_role(f"sources.owner.{owner}", role), owner)
        self.owner.setAccessibleName(tr("sources.form.owner"))
        form.addRow(tr("sources.form.owner"), self.owner)
        layout.addLayout(form)
        self.more_button = make_button(tr("sources.form.more"), self._toggle_more)
        self.more_button.setCheckable(True)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.technical = QLabel("")
        self.technical.setWordWrap(True)
        self.technical.setObjectName("lead")
        self.technical.setVisible(False)
        layout.addWidget(self.technical)
        self.advanced = QGroupBox(tr("sources.form.advanced"))
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.advanced.setAccessibleName(tr("sources.form.advanced"))
        # Folded until ticked: the technical settings are out of a parent's way.
        self.advanced_body = QWidget()
        QVBoxLayout(self.advanced).addWidget(self.advanced_body)
        advanced_form = QFormLayout(self.advanced_body)
        self.advanced.toggled.connect(self.advanced_body.setVisible)
        self.advanced.toggled.connect(lambda on: self.advanced.setFlat(not on))
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
            chosen = place_for_source(record.kind, record.place)
            self.kind.setCurrentIndex(self.kind.findData(chosen.id))
            self.target.setText(record.target)
            self.owner.setCurrentIndex(self.owner.findData(record.owner))
            if record.stated_visibility:
                self.stated.setCurrentIndex(self.stated.findData(record.stated_visibility))
            self.base_url.setText(record.base_url or "")
            self.allow_private.setChecked(record.allow_private)
            self.advanced.setChecked(bool(record.base_url or record.allow_private))
        self.advanced_body.setVisible(self.advanced.isChecked())
        self.advanced.setFlat(not self.advanced.isChecked())
        self._kind_changed()
        self.kind.setFocus()

    @property
    def chosen_place(self):
        return place(self.kind.currentData())

    def _kind_changed(self) -> None:
        entry = self.chosen_place
        info = kind_info(entry.kind)
        self.explain.setText(_place_text(entry, "explain"))
        self.explain.setAccessibleDescription(self.explain.text())
        self.target.setPlaceholderText(_place_text(entry, "hint"))
        self.target.setAccessibleDescription(self.target.placeholderText())
        self.guide.setText(manual_guide_text(entry.id) if entry.manual else "")
        self.guide.setVisible(entry.manual)
        label = tr("sources.manual.folder") if entry.manual else tr_or(f"sources.place.{entry.id}.label",
                                                                         tr("sources.form.target"))
        self.target_label.setText(label)
        self.target.setAccessibleName(self.target_label.text())
        self.stated.setVisible(entry.manual)
        self.stated_label.setVisible(entry.manual)
        self.browse.setVisible(not info.network)
        self.advanced.setVisible(info.network)
        technical = tr_or(f"sources.place.{entry.id}.technical", "")
        self.technical.setText(technical)
        self.more_button.setVisible(bool(technical))
        self.technical.setVisible(bool(technical) and self.more_button.isChecked())
        if self.record is None:  # a school homepage is the school's, a class app's photos the school's
            self.owner.setCurrentIndex(self.owner.findData(entry.default_owner))

    def _toggle_more(self) -> None:
        self.technical.setVisible(self.more_button.isChecked() and bool(self.technical.text()))

    def _browse(self) -> None:
        info = kind_info(self.chosen_place.kind)
        if info.target == "folder":
            chosen = QFileDialog.getExistingDirectory(self, tr("sources.form.browse"))
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("sources.form.browse"), "", tr("sources.form.zip_filter"))
            if not chosen:
                chosen = QFileDialog.getExistingDirectory(self, tr("sources.form.browse"))
        if chosen:
            self.target.setText(chosen)

    def values(self) -> dict:
        entry = self.chosen_place
        network = kind_info(entry.kind).network
        advanced = network and self.advanced.isChecked()
        kind, target = self._resolved or (entry.kind, self.target.text().strip())
        return {
            "kind": kind,
            "target": target,
            "owner": self.owner.currentData(),
            "base_url": (self.base_url.text().strip() or None) if advanced else None,
            "allow_private": bool(advanced and self.allow_private.isChecked()),
            "place": entry.id,
            "stated_visibility": self.stated.currentData() if entry.manual else None,
        }

    def _accept(self) -> None:
        entry = self.chosen_place
        self._resolved = None
        text = self.target.text().strip()
        if entry.manual and not text:
            self.accept()  # a manual check without saved photos: nothing to store (the list says so)
            return
        base_url = self.values()["base_url"]
        try:
            kind, target = resolve(entry.id, text)
            check_target(kind, target, base_url)
        except SourceError as exc:
            self.error.setText(_message(exc))
            self.target.setFocus()
            return
        self._resolved = (kind, target)
        self.accept()


def _place_text(entry, part: str) -> str:
    """A place's name, explanation or input hint; places without their own words use their kind's."""
    own = {"name": entry.name_id, "explain": entry.explain_id, "hint": entry.hint_id}[part]
    kind = kind_info(entry.kind)
    fallback = {"name": kind.name_id, "explain": kind.description_id, "hint": kind.target_hint_id}[part]
    return tr_or(own, tr(fallback))


def manual_guide_text(place_id: str) -> str:
    """Who can see it there and what to change, for a place that needs a login: the checklist's own steps
    (MANUAL_GUIDES), or the place's steps in the catalog."""
    from desktop.core import guidance
    from desktop.i18n import current_language

    lines = [tr(f"sources.place.{place_id}.who"), tr("sources.manual.settings")]
    items = MANUAL_GUIDES.get(place_id, ())
    for item_id in items:
        item = guidance.checklist_item(current_language(), item_id)
        lines.append(f"• {item.what}: {item.menu_path}")
    if not items:
        lines += [f"• {step}" for step in tr(f"sources.place.{place_id}.guide").split("|")]
    return "\n".join(lines)


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
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(tr("sources.dialog.result"))
        self.result_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        layout.addWidget(self.result_label)
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
                kind=_place_text(place_for_source(record.kind, record.place), "name"),
                target=record.target,
                owner=tr_for_role(f"sources.owner.{record.owner}", self.person.role),
            )
            item = QListWidgetItem(text)
            hosts = media_hosts_for(record.kind, record.target)
            if hosts:  # where this source's photos may be downloaded from, besides the linked address
                item.setToolTip(tr("sources.cli.media_hosts", hosts=", ".join(hosts)))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
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
        values = form.values()
        if not values["target"]:  # a manual check with no saved photos: the parent does the steps
            self.result_label.setText(tr("sources.manual.nothing_added"))
            return
        try:
            record = self.workspace.sources.add(person_id=self.person.id, **values)
        except StorageError as exc:
            QMessageBox.warning(self, tr("sources.dialog.add"), _message(exc))
            return
        self.refresh(record.id)
        self.result_label.setText(tr("sources.dialog.added"))

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
        found = self.workspace.sources.photos_with_findings(source_id)
        if ask_destructive(self, tr("sources.dialog.remove"),
                           tr("sources.dialog.remove_confirm", target=record.target, count=found)):
            self.workspace.sources.remove(source_id)
            self.result_label.setText("")
            self.refresh()

    def check_source(self) -> None:
        source_id = self.selected_id()
        if source_id is None:
            return
        try:
            self.workspace.persons.require_consent(self.person)
        except StorageError as exc:
            self.result_label.setText(_message(exc))
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
        self.result_label.setText(tr("sources.dialog.checking"))
        self.handle = self.runner.run_task(
            work, self._checked, on_error=self._failed, on_progress=self._progressed, on_cancelled=self._cancelled,
            owner=self,
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
        self.result_label.setText(describe_result(result))
        self.last_result = result

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.result_label.setText(tr("sources.dialog.check_failed", message=_message(exc)))

    def _cancelled(self) -> None:
        self._finish()
        self.result_label.setText(tr("sources.dialog.check_cancelled"))

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
    lines += result.summary  # what was found by kind, what was skipped and why (as `jikimi source check` says)
    return "\n".join(lines)
