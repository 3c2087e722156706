"""Evidence & takedown: case files (records, notes, reports made, status, export) and how Take It Down and
StopNCII work, with a button that computes a file's hashes on this computer."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.i18n import tr
from desktop.reports.case_export import both_times
from desktop.store.cases import REPORT_TARGETS, STATUSES
from desktop.store.db import StorageError
from desktop.ui.pages.base import Page
from desktop.ui.widgets import ask_destructive, make_button


def _label(text: str, object_name: str | None = None, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class EvidencePage(Page):
    name = "evidence"
    title_id = "evidence_page.title"
    lead_id = "evidence_page.lead"

    def build(self) -> None:
        self.current_task = None
        warning = _label(tr("evidence_page.warning"), "banner")
        warning.setAccessibleName(tr("evidence_page.warning"))
        self.body.addWidget(warning)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        columns.addLayout(left, 3)
        self.body.addLayout(columns)

        # --- case list ---
        cases_box = QGroupBox(tr("evidence_page.cases"))
        cases_layout = QVBoxLayout(cases_box)
        self.case_list = QListWidget()
        self.case_list.setAccessibleName(tr("evidence_page.case_list"))
        self.case_list.setMinimumHeight(60)
        self.case_list.setMaximumHeight(90)
        self.case_list.currentItemChanged.connect(lambda *_: self.show_case())
        cases_layout.addWidget(self.case_list)
        row = QHBoxLayout()
        self.new_case_button = make_button(tr("evidence_page.new_case"), self.new_case_dialog, "primary")
        self.delete_case_button = make_button(tr("evidence_page.delete_case"), self.delete_case)
        row.addWidget(self.new_case_button)
        row.addWidget(self.delete_case_button)
        row.addStretch(1)
        cases_layout.addLayout(row)
        left.addWidget(cases_box)

        # --- the selected case ---
        self.detail_box = QGroupBox(tr("evidence_page.case_detail"))
        detail = QVBoxLayout(self.detail_box)
        self.case_summary = _label(tr("evidence_page.select_case"))
        detail.addWidget(self.case_summary)
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel(tr("evidence_page.status")))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("evidence_page.status"))
        for status in STATUSES:
            self.status.addItem(tr(f"cases.status.{status}"), status)
        self.status.activated.connect(lambda _i: self.change_status(self.status.currentData()))
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        detail.addLayout(status_row)

        detail.addWidget(QLabel(tr("evidence_page.evidence_list")))
        self.evidence_list = QListWidget()
        self.evidence_list.setAccessibleName(tr("evidence_page.evidence_list"))
        self.evidence_list.setMaximumHeight(80)
        detail.addWidget(self.evidence_list)
        add_row = QHBoxLayout()
        self.add_url_button = make_button(tr("evidence_page.add_url"), self.add_url_dialog)
        self.add_file_button = make_button(tr("evidence_page.add_file"), self.add_file_dialog)
        self.keep_image = QCheckBox(tr("evidence_page.keep_image"))
        self.keep_image.setAccessibleName(tr("evidence_page.keep_image"))
        self.keep_image.toggled.connect(self._confirm_keep)
        add_row.addWidget(self.add_url_button)
        add_row.addWidget(self.add_file_button)
        add_row.addStretch(1)
        detail.addLayout(add_row)
        detail.addWidget(self.keep_image)
        self.task_status = _label("")
        self.cancel_button = make_button(tr("evidence_page.cancel"), self.cancel_task)
        self.cancel_button.setVisible(False)
        task_row = QHBoxLayout()
        task_row.addWidget(self.task_status, 1)
        task_row.addWidget(self.cancel_button)
        detail.addLayout(task_row)

        forms = QVBoxLayout()
        note_box = QVBoxLayout()
        note_box.addWidget(QLabel(tr("evidence_page.notes")))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(tr("evidence_page.notes"))
        self.note.setPlaceholderText(tr("evidence_page.note_hint"))
        self.note.setMaximumHeight(54)
        self.note.setTabChangesFocus(True)
        note_box.addWidget(self.note)
        self.add_note_button = make_button(tr("evidence_page.add_note"), self.add_note)
        note_box.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignLeft)
        forms.addLayout(note_box, 1)

        report_form = QFormLayout()
        self.report_target = QComboBox()
        self.report_target.setAccessibleName(tr("evidence_page.report"))
        for target in REPORT_TARGETS:
            self.report_target.addItem(tr(f"cases.target.{target}"), target)
        self.report_target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.report_target.setMinimumContentsLength(16)
        report_form.addRow(tr("evidence_page.report"), self.report_target)
        self.report_ref = QLineEdit()
        self.report_ref.setAccessibleName(tr("evidence_page.report_ref"))
        self.report_ref.setPlaceholderText(tr("evidence_page.report_ref_hint"))
        report_form.addRow(tr("evidence_page.report_ref"), self.report_ref)
        self.report_when = QDateTimeEdit(QDateTime.currentDateTime())
        self.report_when_edited = False  # untouched: the report is dated when it is recorded, not when shown
        self.report_when.dateTimeChanged.connect(lambda _: setattr(self, "report_when_edited", True))
        self.report_when.setAccessibleName(tr("evidence_page.report_when"))
        self.report_when.setCalendarPopup(True)
        self.report_when.setDisplayFormat("yyyy-MM-dd HH:mm")
        report_form.addRow(tr("evidence_page.report_when"), self.report_when)
        self.add_report_button = make_button(tr("evidence_page.add_report"), self.add_report)
        report_form.addRow("", self.add_report_button)
        forms.addLayout(report_form, 1)
        detail.addLayout(forms)

        detail.addWidget(QLabel(tr("evidence_page.history")))
        self.history = QListWidget()
        self.history.setAccessibleName(tr("evidence_page.history"))
        self.history.setMaximumHeight(90)
        detail.addWidget(self.history)
        export_row = QHBoxLayout()
        self.export_pdf_button = make_button(tr("evidence_page.export_pdf"), lambda: self.export_dialog("pdf"))
        self.export_zip_button = make_button(tr("evidence_page.export_zip"), lambda: self.export_dialog("zip"))
        export_row.addWidget(self.export_pdf_button)
        export_row.addWidget(self.export_zip_button)
        export_row.addStretch(1)
        detail.addLayout(export_row)
        left.addWidget(self.detail_box)
        left.addStretch(1)

        # --- Take It Down / StopNCII ---
        takedown = QGroupBox(tr("evidence_page.takedown"))
        takedown_layout = QVBoxLayout(takedown)
        self.takedown_text = _label(tr("evidence_page.takedown_body"), rich=True)
        self.takedown_text.setAccessibleName(tr("evidence_page.takedown"))
        takedown_layout.addWidget(self.takedown_text)
        self.hash_button = make_button(tr("evidence_page.hash_file"), self.hash_dialog)
        takedown_layout.addWidget(self.hash_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hash_output = QPlainTextEdit()
        self.hash_output.setReadOnly(True)
        self.hash_output.setAccessibleName(tr("evidence_page.hash_results"))
        self.hash_output.setPlaceholderText(tr("evidence_page.hash_results"))
        self.hash_output.setMinimumHeight(110)
        self.hash_output.setMaximumHeight(220)
        takedown_layout.addWidget(self.hash_output)
        takedown_layout.addStretch(1)
        columns.addWidget(takedown, 2)
        self._case_widgets = [
            self.status, self.add_url_button, self.add_file_button, self.keep_image, self.note, self.add_note_button,
            self.report_target, self.report_ref, self.report_when, self.add_report_button, self.export_pdf_button,
            self.export_zip_button, self.delete_case_button,
        ]

    # --- state ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_case_id()
        self.case_list.blockSignals(True)
        self.case_list.clear()
        cases = self.workspace.cases
        for case in cases.list():
            item = QListWidgetItem(tr("evidence_page.case_item", case_id=case.id, title=case.title,
                                      status=tr(f"cases.status.{case.status}"),
                                      records=len(cases.evidence(case.id))))
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.case_list.addItem(item)
            if case.id == selected:
                self.case_list.setCurrentItem(item)
        if self.case_list.count() == 0:
            placeholder = QListWidgetItem(tr("evidence_page.no_cases"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.case_list.addItem(placeholder)
        elif self.case_list.currentItem() is None:
            self.case_list.setCurrentRow(0)
        self.case_list.blockSignals(False)
        self.show_case()

    def selected_case_id(self) -> int | None:
        item = self.case_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_case(self) -> None:
        case_id = self.selected_case_id()
        for widget in self._case_widgets:
            widget.setEnabled(case_id is not None and self.current_task is None)
        self.evidence_list.clear()
        self.history.clear()
        if case_id is None:
            self.case_summary.setText(tr("evidence_page.select_case"))
            return
        cases = self.workspace.cases
        case = cases.get(case_id)
        summary = tr("evidence_page.case_summary", case_id=case.id, title=case.title,
                     opened=both_times(case.created_at))
        if case.former_person:
            summary += "\n" + tr("evidence_page.former_person", name=case.former_person)
        self.case_summary.setText(summary)
        self._reset_report_time()
        self.status.setCurrentIndex(STATUSES.index(case.status))
        for number, item in enumerate(cases.evidence(case_id), start=1):
            record = item.record
            what = record.get("image_url") or record.get("file_name") or record.get("page_url") or "—"
            text = tr("evidence_page.evidence_item", number=number, what=what, when=record.get("captured_at_utc"),
                      sha=record["sha256"][:16], pdq=(record.get("pdq") or "—")[:16])
            if not item.intact:
                text = f"{text} · {tr('evidence_page.changed')}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.evidence_list.addItem(entry)
        if self.evidence_list.count() == 0:
            self.evidence_list.addItem(QListWidgetItem(tr("evidence_page.no_evidence")))
        for event in cases.events(case_id):
            when = both_times(event.occurred_at)
            if event.kind == "report":
                text = tr("evidence_page.history_report", when=when, target=tr(f"cases.target.{event.detail['to']}"),
                          reference=event.detail.get("reference") or "—")
            elif event.kind == "note":
                text = tr("evidence_page.history_note", when=when, text=event.detail["text"])
            elif event.kind == "status":
                text = tr("evidence_page.history_status", when=when, status=tr(f"cases.status.{event.detail['to']}"))
            elif event.kind == "opened":
                text = tr("evidence_page.history_opened", when=when)
            else:
                continue
            self.history.addItem(QListWidgetItem(text))

    def _fail(self, exc: BaseException) -> None:
        message_id = getattr(exc, "message_id", None)
        text = None
        if message_id:
            try:
                text = tr(message_id, **getattr(exc, "values", {}))
            except KeyError:
                text = None
        if text is None:
            if not message_id:
                raise exc
            text = tr("evidence.fetch_failed", detail=str(exc))
        QMessageBox.warning(self, tr("evidence_page.error_title"), text)

    # --- cases -------------------------------------------------------------------------------------------
    def new_case_dialog(self) -> None:
        from desktop.ui.dialogs.evidence_dialogs import NewCaseDialog

        dialog = NewCaseDialog(self.workspace.persons.list(), self)
        if dialog.exec():
            self.create_case(**dialog.values())

    def create_case(self, title: str, person_id: int | None = None) -> int | None:
        try:
            case = self.workspace.cases.create(title, person_id=person_id)
        except StorageError as exc:
            self._fail(exc)
            return None
        self.refresh()
        for row in range(self.case_list.count()):
            if self.case_list.item(row).data(Qt.ItemDataRole.UserRole) == case.id:
                self.case_list.setCurrentRow(row)
        return case.id

    def delete_case(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        cases = self.workspace.cases
        text = tr("evidence_page.delete_confirm", case_id=case_id, records=len(cases.evidence(case_id)),
                  reports=len(cases.events(case_id, "report")))
        if ask_destructive(self, tr("evidence_page.delete_case"), text):
            self.workspace.cases.delete(case_id)
            self.refresh()

    def change_status(self, status: str) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.workspace.cases.set_status(case_id, status)
            self.refresh()

    def add_note(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        try:
            self.workspace.cases.add_note(case_id, self.note.toPlainText())
        except StorageError as exc:
            self._fail(exc)
            return
        self.note.clear()
        self.refresh()

    def add_report(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        # The time the person typed, or, untouched, the moment they press "record" (never when the page opened).
        when = self.report_when.dateTime().toString(Qt.DateFormat.ISODate) if self.report_when_edited else None
        try:
            self.workspace.cases.record_report(case_id, self.report_target.currentData(),
                                               reference=self.report_ref.text(), when=when)
        except StorageError as exc:
            self._fail(exc)
            return
        self.report_ref.clear()
        self.refresh()

    def _reset_report_time(self) -> None:
        self.report_when.blockSignals(True)
        self.report_when.setDateTime(QDateTime.currentDateTime())
        self.report_when.blockSignals(False)
        self.report_when_edited = False

    # --- evidence ----------------------------------------------------------------------------------------
    def _confirm_keep(self, checked: bool) -> None:
        if not checked:
            return
        answer = QMessageBox.warning(
            self, tr("evidence_page.keep_title"), tr("evidence.keep_warning"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.keep_image.setChecked(False)

    def add_url_dialog(self) -> None:
        from desktop.ui.dialogs.evidence_dialogs import AddUrlDialog

        dialog = AddUrlDialog(self)
        if dialog.exec():
            image_url, page_url = dialog.values()
            if not image_url.lower().startswith(("http://", "https://")):
                QMessageBox.warning(self, tr("evidence_page.error_title"), tr("evidence_page.url_missing"))
                return
            self.add_url(image_url, page_url)

    def add_url(self, image_url: str, page_url: str | None = None, allow_private: bool = False) -> None:
        from desktop.reports.evidence import capture_from_url

        keep = self.keep_image.isChecked()

        def work(ctx):
            try:
                from desktop.sources.http import HttpClient
            except ImportError as exc:
                raise _Unavailable() from exc
            ctx.progress(0, 1, tr("evidence_page.working"))
            with HttpClient() as client:
                record = capture_from_url(image_url, page_url, client, allow_private=allow_private, keep_image=keep)
            ctx.check_cancelled()
            return record

        self._run_capture(work)

    def add_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("evidence_page.choose_file"))
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        from desktop.reports.evidence import capture_from_file

        keep = self.keep_image.isChecked()

        def work(ctx):
            ctx.progress(0, 1, tr("evidence_page.working"))
            record = capture_from_file(path, keep_image=keep)
            ctx.check_cancelled()
            return record

        self._run_capture(work)

    def _run_capture(self, work) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return

        def done(record) -> None:
            self._task_finished()
            self.workspace.cases.add_evidence(case_id, record.to_dict(), kept_image=record.kept_image)
            self.keep_image.setChecked(False)
            self.task_status.setText(tr("evidence_page.added"))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._task_finished()
            self.task_status.setText("")
            self._fail(exc)

        def cancelled() -> None:
            self._task_finished()
            self.task_status.setText(tr("evidence_page.cancelled"))

        self.task_status.setText(tr("evidence_page.working"))
        self.cancel_button.setVisible(True)
        for widget in self._case_widgets:
            widget.setEnabled(False)
        self.current_task = self.window_ref.runner.run_task(
            work, done, on_error=failed, on_cancelled=cancelled,
            on_progress=lambda progress: self.task_status.setText(progress.message), owner=self,
        )

    def _task_finished(self) -> None:
        self.current_task = None
        self.cancel_button.setVisible(False)
        for widget in self._case_widgets:
            widget.setEnabled(self.selected_case_id() is not None)

    def cancel_task(self) -> None:
        if self.current_task is not None:
            self.current_task.cancel()

    # --- export and hashes -----------------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        pattern = tr("evidence_page.pdf_filter" if kind == "pdf" else "evidence_page.zip_filter")
        path, _ = QFileDialog.getSaveFileName(self, tr(f"evidence_page.export_{kind}"), f"case-{case_id}.{kind}",
                                              pattern)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        from desktop.reports.case_export import export_pdf, export_zip

        case_id = self.selected_case_id()
        if case_id is None:
            return  # no case selected: nothing to export (export_dialog checks this first)
        exporter = export_pdf if kind == "pdf" else export_zip

        def done(target) -> None:
            self.task_status.setText(tr("evidence_page.exported", path=str(target)))

        self.window_ref.runner.run_task(lambda ctx: exporter(self.workspace, case_id, path), done,
                                        on_error=self._fail, owner=self)

    def hash_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("evidence_page.hash_choose"))
        if paths:
            self.hash_files(paths)

    def hash_files(self, paths: list[str]) -> None:
        from desktop.reports.evidence import FileUnreadable, hash_file
        from desktop.reports.pdq import GOOD_QUALITY

        def work(ctx):
            lines = []
            for index, path in enumerate(paths):
                ctx.check_cancelled()
                ctx.progress(index, len(paths), path)
                try:
                    hashes = hash_file(path)
                except FileUnreadable as exc:
                    lines.append(tr(exc.message_id, **exc.values))
                    continue
                lines += [hashes.path, f"  SHA-256: {hashes.sha256}", f"  MD5: {hashes.md5}"]
                if hashes.pdq:
                    lines.append(f"  PDQ: {hashes.pdq} ({tr('hash.quality', quality=hashes.pdq_quality)})")
                    if hashes.pdq_quality < GOOD_QUALITY:
                        lines.append(f"  {tr('hash.low_quality')}")
                else:
                    lines.append(f"  {tr('hash.video_note' if hashes.media == 'video' else 'hash.other_note')}")
            lines.append(tr("hash.on_device"))
            return "\n".join(lines)

        self.window_ref.runner.run_task(work, self.hash_output.setPlainText, on_error=self._fail,
                                        owner=self.hash_output)


class _Unavailable(Exception):
    message_id = "evidence.fetch_unavailable"
    values: dict = {}
