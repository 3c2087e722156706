"""The Classroom page's class-wide work: scan the class, family reports, school pages, the school photo check
and blur before publishing. Each runs through ``window.runner`` with a progress dialog and Cancel; the teacher
sees student numbers and totals, never a name beside a result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desktop.core.tasks import Cancelled
from desktop.i18n import tr
from desktop.store.db import StorageError
from desktop.ui.widgets import DialogError, accept_when_valid, enable_when_filled, make_button, ok_cancel_buttons

if TYPE_CHECKING:
    from desktop.ui.worker import TaskHandle

FOLDER_FIELD_WIDTH = 420  # a chosen folder's path must be readable before an irreversible blur


class ResultDialog(QDialog):
    """A result in words: selectable, read-only, reachable by keyboard."""

    def __init__(self, title: str, lines: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setAccessibleName(title)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def _folder_row(edit: QLineEdit, title: str, parent) -> QHBoxLayout:
    edit.setMinimumWidth(FOLDER_FIELD_WIDTH)
    row = QHBoxLayout()
    row.addWidget(edit, 1)

    def choose() -> None:
        chosen = QFileDialog.getExistingDirectory(parent, title, edit.text() or str(Path.home()))
        if chosen:
            edit.setText(chosen)

    row.addWidget(make_button(tr("classaudit.page.choose_folder"), choose))
    return row


class SchoolPagesDialog(QDialog):
    """The class's own pages (homepage gallery, class blog): listed, one removed, or a new one added."""

    def __init__(self, sources: list, parent=None, on_remove=None):
        super().__init__(parent)
        self.setWindowTitle(tr("classaudit.page.sources_title"))
        self.on_remove = on_remove
        layout = QVBoxLayout(self)
        explain = QLabel(tr("classaudit.page.sources_explain"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.listing = QListWidget()
        self.listing.setAccessibleName(tr("classaudit.page.sources_title"))
        self.fill(sources)
        layout.addWidget(self.listing)
        self.remove_button = make_button(tr("classaudit.page.remove_source"), self.remove_selected)
        self.remove_button.setEnabled(False)
        self.listing.currentItemChanged.connect(
            lambda item, _old: self.remove_button.setEnabled(
                item is not None and item.data(Qt.ItemDataRole.UserRole) is not None))
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)
        form = QFormLayout()
        self.kind = QComboBox()
        for kind in ("web", "feed"):
            self.kind.addItem(tr(f"sources.kind.{kind}"), kind)
        self.kind.setAccessibleName(tr("classaudit.page.kind"))
        self.target = QLineEdit()
        self.target.setPlaceholderText("https://")
        self.target.setAccessibleName(tr("classaudit.page.address"))
        self.allow_private = QCheckBox(tr("classaudit.page.allow_private"))
        form.addRow(tr("classaudit.page.kind"), self.kind)
        form.addRow(tr("classaudit.page.address"), self.target)
        form.addRow("", self.allow_private)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self, ok_text=tr("classaudit.page.add_source"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        enable_when_filled(self.ok_button, self.target)
        layout.addWidget(buttons)

    def fill(self, sources: list) -> None:
        self.listing.clear()
        for source in sources:
            item = QListWidgetItem(f"{tr(f'sources.kind.{source.kind}')}: {source.target}")
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            self.listing.addItem(item)
        if not sources:
            self.listing.addItem(tr("classaudit.page.no_sources"))

    def remove_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        item = self.listing.currentItem()
        source_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if source_id is None or self.on_remove is None:
            return
        answer = QMessageBox.question(self, tr("classaudit.page.remove_source"),
                                      tr("classaudit.page.remove_confirm", page=item.text()))
        if answer == QMessageBox.StandardButton.Yes:
            self.fill(self.on_remove(source_id))


class CheckPhotosDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("classaudit.page.check_title"))
        layout = QVBoxLayout(self)
        explain = QLabel(tr("classaudit.page.check_explain"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.source = QLineEdit()
        self.source.setAccessibleName(tr("classaudit.page.check_source"))
        self.source.setPlaceholderText(tr("classaudit.page.check_hint"))
        form = QFormLayout()
        form.addRow(tr("classaudit.page.check_source"), _folder_row(self.source, tr("classaudit.page.check_title"),
                                                                    self))
        self.allow_private = QCheckBox(tr("classaudit.page.allow_private"))
        form.addRow("", self.allow_private)
        layout.addLayout(form)
        self.error = DialogError()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self, on_accept=self.check, ok_text=tr("classaudit.page.check_run"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        enable_when_filled(self.ok_button, self.source)
        layout.addWidget(buttons)

    def check(self) -> None:
        from desktop.scan.school_audit import kind_of_source

        accept_when_valid(self, self.error, lambda: kind_of_source(self.source.text().strip()) and None)


class BlurDialog(QDialog):
    """Folders in and out, and the consenting students whose faces may stay visible."""

    def __init__(self, students: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("classaudit.page.blur_title"))
        layout = QVBoxLayout(self)
        explain = QLabel(tr("classaudit.page.blur_explain"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        self.source = QLineEdit()
        self.source.setAccessibleName(tr("classaudit.page.blur_source"))
        self.output = QLineEdit()
        self.output.setAccessibleName(tr("classaudit.page.blur_output"))
        form.addRow(tr("classaudit.page.blur_source"), _folder_row(self.source, tr("classaudit.page.blur_source"),
                                                                   self))
        form.addRow(tr("classaudit.page.blur_output"), _folder_row(self.output, tr("classaudit.page.blur_output"),
                                                                   self))
        layout.addLayout(form)
        self.error = DialogError()
        layout.addWidget(self.error)
        keep_label = QLabel(tr("classaudit.page.blur_keep"))
        keep_label.setWordWrap(True)
        layout.addWidget(keep_label)
        self.keep = QListWidget()
        self.keep.setAccessibleName(tr("classaudit.page.blur_keep"))
        for label, name in students:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.keep.addItem(item)
        if not students:
            self.keep.addItem(tr("classaudit.page.blur_no_keep"))
        layout.addWidget(self.keep)
        buttons = ok_cancel_buttons(self, on_accept=self.check, ok_text=tr("classaudit.page.blur_run"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        enable_when_filled(self.ok_button, self.source, self.output)
        layout.addWidget(buttons)

    def check(self) -> None:
        from desktop.faces.blur import check_folders

        accept_when_valid(self, self.error,
                          lambda: check_folders(self.source.text().strip(), self.output.text().strip()) and None)

    def kept_names(self) -> list[str]:
        names = []
        for row in range(self.keep.count()):
            item = self.keep.item(row)
            if item.data(Qt.ItemDataRole.UserRole) and item.checkState() == Qt.CheckState.Checked:
                names.append(item.data(Qt.ItemDataRole.UserRole))
        return names


class ClassAuditActions:
    """Adds the class-wide buttons to the Classroom page and runs their work."""

    def __init__(self, page) -> None:
        self.page = page
        self.progress_dialog: QProgressDialog | None = None
        self.last_result: ResultDialog | None = None
        self.scanner_factory = None  # tests give a scanner; the app makes one per class scan
        self.engine_factory = None
        self.show_results = True  # tests read ``last_result`` without showing it
        self.scan_button = make_button(tr("classaudit.page.scan"), self.scan_class, "primary",
                                       tr("classaudit.page.scan_tip"))
        page.actions_row.insertWidget(0, self.scan_button)
        self.sources_button = make_button(tr("classaudit.page.sources"), self.school_pages)
        self.codes_button = make_button(tr("classprivacy.page.codes"), self.choose_codes_file)
        self.reports_button = make_button(tr("classaudit.page.reports"), self.choose_reports_folder)
        self.check_button = make_button(tr("classaudit.page.check"), self.check_photos)
        self.blur_button = make_button(tr("classaudit.page.blur"), self.blur_photos)
        self.widget = QWidget()
        self.row = QHBoxLayout(self.widget)
        self.row.setContentsMargins(0, 0, 0, 0)
        for button in (self.sources_button, self.codes_button, self.reports_button, self.check_button,
                       self.blur_button):
            self.row.addWidget(button)
        self.row.addStretch(1)

    @property
    def workspace(self):
        return self.page.workspace

    def set_has_class(self, has_class: bool) -> None:
        self.widget.setVisible(has_class)
        self.scan_button.setEnabled(has_class)

    # --- running -------------------------------------------------------------------------------------
    def _run(self, title: str, work, on_done) -> None:
        dialog = QProgressDialog(title, tr("class.page.cancel"), 0, 0, self.page)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName(title)
        self.progress_dialog = dialog
        handle_box: dict[str, TaskHandle] = {}

        def finish() -> None:
            dialog.close()
            self.page.refresh_class()

        def done(value) -> None:
            finish()
            on_done(value)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, StorageError):
                self.page.say(tr(exc.message_id, **exc.values), error=True)
                return
            raise exc

        def cancelled() -> None:
            finish()
            self.page.say(tr("classaudit.page.stopped"))

        def progress(p) -> None:
            dialog.setMaximum(p.total or 0)
            dialog.setValue(min(p.done, p.total or 0))
            if p.message:
                dialog.setLabelText(p.message)

        dialog.canceled.connect(lambda: handle_box["task"].cancel() if "task" in handle_box else None)
        dialog.show()
        handle_box["task"] = self.page.window_ref.runner.run_task(work, on_done=done, on_error=failed,
                                                                  on_progress=progress, on_cancelled=cancelled,
                                                                  owner=self.page)

    def _show(self, title: str, lines: list[str]) -> None:
        self.last_result = ResultDialog(title, lines, self.page)
        if self.show_results:
            self.last_result.open()

    # --- scan the class ------------------------------------------------------------------------------
    def scan_class(self) -> None:
        from desktop.scan.class_audit import audit_class, outcome_line, plan, summary_line, unread_page_line

        class_id = self.page.current_class_id()
        if class_id is None:
            return
        queue, _ = plan(self.workspace, class_id)
        if not queue:
            self.page.say(tr("classaudit.page.nobody"), error=True)
            return
        scanner = self.scanner_factory() if self.scanner_factory else None

        def work(ctx):
            try:
                return audit_class(self.workspace, class_id, ctx, scanner=scanner)
            finally:
                if scanner is not None:
                    scanner.close()

        def done(result) -> None:
            summary = summary_line(result)
            self.page.say(summary, error=not result.complete)
            lines = [summary, ""] + [unread_page_line(page) for page in result.unread_pages]
            if any(page.error == "sources.private_address" for page in result.unread_pages):
                lines.append(tr("classprivacy.page.private_hint"))
            lines += [outcome_line(o) for o in result.outcomes]
            self._show(tr("classaudit.page.scan"), lines)

        self._run(tr("classaudit.page.scan"), work, done)

    # --- school pages --------------------------------------------------------------------------------
    def school_pages(self) -> None:
        class_id = self.page.current_class_id()
        if class_id is None:
            return
        dialog = SchoolPagesDialog(self.workspace.sources.list_for_class(class_id), self.page,
                                   on_remove=self.remove_school_page)
        if dialog.exec():
            self.add_school_page(dialog.kind.currentData(), dialog.target.text(), dialog.allow_private.isChecked())

    def add_school_page(self, kind: str, target: str, allow_private: bool = False) -> bool:
        class_id = self.page.current_class_id()
        try:
            self.workspace.sources.add(class_id=class_id, kind=kind, target=target, owner="school",
                                       allow_private=allow_private)
        except StorageError as exc:
            self.page.say(tr(exc.message_id, **exc.values), error=True)
            return False
        self.page.say(tr("classaudit.source_added", name=self.workspace.classes.get(class_id).name))
        return True

    def remove_school_page(self, source_id: int) -> list:
        """Remove one of the class's pages (with what was found there); returns the pages left."""
        class_id = self.page.current_class_id()
        source = self.workspace.sources.get(source_id)
        if source.class_id == class_id:
            self.workspace.sources.remove(source_id)
            self.page.say(tr("classaudit.page.source_removed", page=source.target))
        return self.workspace.sources.list_for_class(class_id)

    # --- reports -------------------------------------------------------------------------------------
    def choose_reports_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self.page, tr("classaudit.page.reports"), str(Path.home()))
        if chosen:
            self.write_reports(Path(chosen))

    def write_reports(self, folder: Path) -> None:
        from desktop.reports.student_reports import write_class_reports

        class_id = self.page.current_class_id()
        if class_id is None:
            return

        def done(written) -> None:
            self.page.say("\n".join(written.summary_lines(folder)), error=bool(written.without_code))

        self._run(tr("classaudit.page.reports"), lambda ctx: write_class_reports(self.workspace, class_id, folder,
                                                                                 ctx), done)

    # --- family codes --------------------------------------------------------------------------------
    def choose_codes_file(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        class_id = self.page.current_class_id()
        if class_id is None:
            return
        count = len(self.workspace.classes.roster(class_id))
        answer = QMessageBox.question(self.page, tr("classprivacy.page.codes_title"),
                                      tr("classprivacy.page.codes_confirm", count=count),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        chosen, _ = QFileDialog.getSaveFileName(self.page, tr("classprivacy.page.codes_title"),
                                                str(Path.home() / "family-codes.pdf"), tr("class.page.pdf_filter"))
        if chosen:
            self.write_codes(Path(chosen))

    def write_codes(self, target: Path) -> None:
        """Print a new family code slip for every student of the class (the codes change once the file is
        saved)."""
        from desktop import i18n
        from desktop.reports.family_code_slips import code_slips

        class_id = self.page.current_class_id()
        if class_id is None:
            return
        lang = i18n.current_language()

        def work(ctx):
            try:
                return code_slips(self.workspace, class_id, target, lang=lang,
                                  on_progress=lambda done, total: ctx.progress(done, total, ""))
            except OSError as exc:
                from desktop.reports.output import save_error

                raise save_error(exc, target, "family-codes.pdf") from exc

        def done(result) -> None:
            path, count = result
            self.page.say(tr("classprivacy.slips_written", count=count, path=str(path)))

        self._run(tr("classprivacy.page.codes_title"), work, done)

    # --- school photos check -------------------------------------------------------------------------
    def check_photos(self) -> None:
        dialog = CheckPhotosDialog(self.page)
        if dialog.exec() and dialog.source.text().strip():
            self.run_check(dialog.source.text().strip(), dialog.allow_private.isChecked())

    def run_check(self, source: str, allow_private: bool = False) -> None:
        from desktop.scan.school_audit import check_photos, result_lines

        class_id = self.page.current_class_id()
        if class_id is None:
            return
        engine = self.engine_factory() if self.engine_factory else None

        def work(ctx):
            from desktop.faces.engine import FaceEngine

            own = engine or FaceEngine()
            try:
                return check_photos(self.workspace, class_id, source, allow_private=allow_private, engine=own,
                                    ctx=ctx)
            finally:
                own.close()

        def done(result) -> None:
            lines = result_lines(result)
            self.page.say(lines[0], error=bool(result.take_down or result.not_checked))
            self._show(tr("classaudit.page.check_title"), lines)

        self._run(tr("classaudit.page.check_title"), work, done)

    # --- blur ----------------------------------------------------------------------------------------
    def keepable_students(self) -> list[tuple[str, str]]:
        """(label, name) of the class's students whose faces may stay visible: consent in force, enrolled."""
        class_id = self.page.current_class_id()
        if class_id is None:
            return []
        enrolled = set(self.workspace.persons.enrolled_ids())
        return [(tr("classaudit.page.student_label", number=m.number, nickname=m.nickname), m.nickname)
                for m in self.workspace.classes.roster(class_id) if m.may_be_scanned and m.person.id in enrolled]

    def blur_photos(self) -> None:
        dialog = BlurDialog(self.keepable_students(), self.page)
        if dialog.exec():
            self.run_blur(dialog.source.text().strip(), dialog.output.text().strip(), dialog.kept_names())

    def run_blur(self, source: str, output: str, keep: list[str]) -> None:
        """Find the faces first, show the review (every copy as it will be, the warnings), and write the copies
        only when the teacher saves them. Without shown dialogs (tests), the review is accepted at once."""
        from desktop.faces.blur import (
            check_folders,
            default_review_path,
            plan_blur,
            summary_lines,
            write_copies,
        )
        from desktop.reports.blur_review import write_review_sheet
        from desktop.ui.dialogs.blur_review_dialog import BlurReviewDialog, render_previews

        try:
            check_folders(source, output)
        except StorageError as exc:
            self.page.say(tr(exc.message_id, **exc.values), error=True)
            return

        def plan_work(ctx):
            plan = plan_blur(source, output, keep, workspace=self.workspace, ctx=ctx)
            if plan.summary.cancelled:
                raise Cancelled()
            try:
                write_review_sheet(plan, default_review_path(output))
            except OSError:
                pass  # the review in the window is what matters; the PDF is a copy of it
            return plan, render_previews(plan)

        def write_work(plan):
            def work(ctx):
                summary = write_copies(plan, ctx)
                if summary.cancelled:
                    raise Cancelled()
                return summary
            return work

        def written(summary) -> None:
            lines = summary_lines(summary)
            self.page.say(lines[0], error=bool(summary.with_warnings or summary.keep_missing))
            self._show(tr("classaudit.page.blur_title"), lines)

        def reviewed(result) -> None:
            plan, previews = result
            self.last_review = BlurReviewDialog(plan, previews, self.page)
            self.last_review.accepted.connect(
                lambda: self._run(tr("classaudit.page.blur_title"), write_work(plan), written))
            if self.show_results:
                self.last_review.open()
            else:
                self.last_review.accept()

        self._run(tr("classaudit.page.blur_title"), plan_work, reviewed)
