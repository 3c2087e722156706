"""Results for one child: the score and its reasons, what changed, the sources, what to change first, and
the exposed photos with the face boxed."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from desktop.core import signals as sig
from desktop.core.local_time import local_datetime
from desktop.i18n import tr, tr_for_role, tr_or
from desktop.ui.pages.base import Page
from desktop.ui.results.widgets import LEVEL_COLOURS, TrendChart, boxed_thumbnail
from desktop.ui.widgets import make_button

if TYPE_CHECKING:
    from desktop.core.models import Person
    from desktop.scan.report import ReportData
    from desktop.ui.results.scan_dialog import ScanDialog

THUMBNAIL_BUDGET = 0.025  # seconds of thumbnail decoding per event-loop turn, so the window keeps answering


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # gone from view now, even before the event loop deletes it
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class ResultsPage(Page):
    name = "results"
    title_id = "results.title"

    def build(self) -> None:
        self.person_id: int | None = None
        self.data: ReportData | None = None
        self._thumbnails: list[tuple[QListWidgetItem, int, dict]] = []  # still to decode, in grid order
        self._thumbnail_round = 0
        top = QHBoxLayout()
        self.person_box = QComboBox()
        self.person_box.setAccessibleName(tr("results.person"))
        self.person_box.currentIndexChanged.connect(self._person_changed)
        self.person_label = QLabel(tr("results.person"))
        self.person_label.setBuddy(self.person_box)
        top.addWidget(self.person_label)
        top.addWidget(self.person_box, 1)
        self.scan_button = make_button(tr("results.scan_now"), self.scan_now, "primary")
        self.pdf_button = make_button(tr("results.save_pdf"), self.save_pdf)
        top.addWidget(self.scan_button)
        top.addWidget(self.pdf_button)
        self.body.addLayout(top)
        self.scan_dialog: ScanDialog | None = None
        self.scan_status = self._text("", "lead")  # the running scan's progress, in the window itself
        self.scan_status.setVisible(False)
        self.body.addWidget(self.scan_status)
        self.content = QVBoxLayout()
        self.content.setSpacing(14)
        self.body.addLayout(self.content)

    # --- data ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        people = [p for p in self.workspace.persons.list() if p.class_id is None]
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for person in people:
            self.person_box.addItem(person.name, person.id)
        if self.person_id is not None and self.person_box.findData(self.person_id) >= 0:
            self.person_box.setCurrentIndex(self.person_box.findData(self.person_id))
        else:  # never a class member's results (those are their family's), whoever asked for them
            self.person_id = people[0].id if people else None
        self.person_box.blockSignals(False)
        self.show_results()

    def show_person(self, person_id: int) -> None:
        self.person_id = person_id
        self.refresh()

    def _person_changed(self) -> None:
        self.person_id = self.person_box.currentData()
        self.show_results()

    @property
    def person(self):
        return self.workspace.persons.get(self.person_id) if self.person_id is not None else None

    def show_results(self) -> None:
        """Rebuild the page for the chosen person (not QWidget.render, which paints a widget elsewhere)."""
        from desktop.scan import report

        self._stop_thumbnails()
        clear_layout(self.content)
        person = self.person
        self.scan_button.setEnabled(person is not None and self.scan_dialog is None)
        label = tr_for_role("results.person", person.role if person is not None else None)
        self.person_label.setText(label)
        self.person_box.setAccessibleName(label)
        if person is None:
            self.content.addWidget(self._text(tr("results.nobody")))
            self.pdf_button.setEnabled(False)
            return
        self.data = data = report.load(self.workspace, person)
        self.pdf_button.setEnabled(data is not None)
        if data is None:
            self.content.addWidget(self._text(tr("results.no_scan_yet", name=person.name)))
            return
        self._scan_state_banner(data)
        self._score_section(data, person)
        self._recommendations_section(data)
        self._sources_section(data)
        self._photos_section(data)

    # --- sections -------------------------------------------------------------------------------------
    def _text(self, text: str, object_name: str | None = None) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        if object_name:
            label.setObjectName(object_name)
        return label

    def _card(self) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 12, 16, 12)
        return frame, layout

    def _scan_state_banner(self, data: ReportData) -> None:
        """At the top, before any number: a scan that failed or was cancelled, or that could not read every
        source, says so, so that what follows is never read as progress."""
        from desktop.scan.report import scan_state_text

        text = scan_state_text(data)
        self.state_banner = self._text(text, "warningBanner")
        self.state_banner.setStyleSheet("background:#fff4e5; color:#5c3b00; border:1px solid #e0a040;"
                                        " border-radius:6px; padding:8px;")
        self.state_banner.setAccessibleName(text)
        self.state_banner.setVisible(bool(text))
        self.content.addWidget(self.state_banner)

    def _score_section(self, data: ReportData, person: Person) -> None:
        from desktop.scan import report

        scan = data.scan
        frame, layout = self._card()
        row = QHBoxLayout()
        colour = LEVEL_COLOURS.get(scan.risk_level)
        if data.scored:
            self.score_label = QLabel(f"<span style='font-size:30pt;font-weight:bold;color:{colour}'>"
                                      f"{scan.risk_score}</span> / 100")
            self.score_label.setAccessibleName(tr("results.score_accessible", score=scan.risk_score,
                                                  level=tr(f"risk.level.{scan.risk_level}")))
            level_text = tr("results.level", level=tr(f"risk.level.{scan.risk_level}"))
            if data.unchecked_sources:  # a verdict only for what was read: never "low" over unread places
                level_text = tr("results.level_partial", level=tr(f"risk.level.{scan.risk_level}"))
        else:  # nothing was ever read: no number at all, never a reassuring 0
            self.score_label = QLabel(f"<span style='font-size:30pt;font-weight:bold;color:{colour}'>—</span>")
            self.score_label.setAccessibleName(tr("results.no_score"))
            level_text = tr("results.no_score")
        row.addWidget(self.score_label)
        level = QLabel(f"<b style='color:{colour}'>{level_text}</b><br>"
                       f"{tr('results.scanned_at', when=local_datetime(scan.finished_at or scan.started_at))}")
        level.setWordWrap(True)
        row.addWidget(level)
        row.addStretch(1)
        row.addWidget(TrendChart(report.trend(self.workspace, person)), 2)
        layout.addLayout(row)
        self.reason_labels = []
        for reason in data.reasons:
            label = self._text("• " + reason)
            self.reason_labels.append(label)
            layout.addWidget(label)
        self.coverage_label = None
        if data.photos_not_fully_checked:  # faces too small to check are never a silent "clean"
            self.coverage_label = self._text(tr("results.not_fully_checked", count=data.photos_not_fully_checked))
            self.coverage_label.setStyleSheet("color: #8a5300;")
            layout.addWidget(self.coverage_label)
        change = report.changes(self.workspace, person)
        if change and change.previous_scan is not None:
            self.changes_label = self._text(tr("results.changes", new=change.new, fixed=change.fixed,
                                               still=change.still), "lead")
            layout.addWidget(self.changes_label)
        self.content.addWidget(frame)

    def _recommendations_section(self, data: ReportData) -> None:
        self.content.addWidget(self._text(tr("results.what_to_change"), "sectionTitle"))
        self.recommendation_boxes: dict[str, QCheckBox] = {}
        if not data.recommendations:
            # "Nothing to change" only where everything was read; else say what is still unknown.
            nothing = ("results.no_recommendations_partial" if data.unchecked_sources or not data.scored
                       else "results.no_recommendations")
            self.content.addWidget(self._text(tr(nothing)))
        for recommendation in data.recommendations:
            frame, layout = self._card()
            box = QCheckBox(recommendation.title)
            box.setObjectName("recommendationTitle")
            box.setAccessibleName(recommendation.title)
            box.setChecked(data.done.get(recommendation.id, False))
            box.toggled.connect(lambda checked, rid=recommendation.id: self._set_done(rid, checked))
            layout.addWidget(box)
            layout.addWidget(self._text(recommendation.why, "lead"))
            for step in recommendation.steps:
                layout.addWidget(self._text("→ " + step))
            self.recommendation_boxes[recommendation.id] = box
            self.content.addWidget(frame)

    def _set_done(self, recommendation_id: str, done: bool) -> None:
        from desktop.store.scans import ScanRepository

        if self.person_id is None:  # the boxes exist only while someone's report is shown
            return
        ScanRepository(self.workspace.db, self.workspace.vault).set_recommendation_done(
            self.person_id, recommendation_id, done)

    def _sources_section(self, data: ReportData) -> None:
        self.content.addWidget(self._text(tr("results.sources"), "sectionTitle"))
        grid = QGridLayout()
        self.not_checked_labels: list[QLabel] = []
        counts: dict[int, int] = {}
        for exposure in data.exposures:
            counts[exposure["source_id"]] = counts.get(exposure["source_id"], 0) + 1
        for index, source in enumerate(data.sources):
            frame, layout = self._card()
            kind_label = tr_or(f"sources.kind.{source['kind']}", source["kind"])
            layout.addWidget(self._text(f"<b>{kind_label}</b> · {source['target']}"))
            layout.addWidget(self._text(tr("results.source_visibility",
                                           visibility=tr(f"visibility.{source['visibility']}"))))
            layout.addWidget(self._text(tr("results.source_counts", checked=source["photos_checked"],
                                           faces=counts.get(source["id"], 0))))
            if not source["checked"]:
                unchecked = self._text(tr("results.not_checked", when=local_datetime(source["last_checked"]))
                                       if source["last_checked"] else tr("results.never_checked"))
                unchecked.setObjectName("notChecked")
                self.not_checked_labels.append(unchecked)
                unchecked.setStyleSheet("color: #8a4b00; font-weight: bold;")
                layout.addWidget(unchecked)
            if source["error"]:
                error = self._text(source["error"])
                error.setStyleSheet("color: #a4262c;")
                layout.addWidget(error)
            for notice in source["notices"]:
                layout.addWidget(self._text(tr_or(notice, notice), "lead"))
            grid.addWidget(frame, index // 2, index % 2)
        self.content.addLayout(grid)

    def _photos_section(self, data: ReportData) -> None:
        photos, places = data.photo_count, len(data.exposures)
        heading = (tr("results.photos_places", count=photos, places=places) if places > photos
                   else tr("results.photos", count=photos))
        self.photos_heading = self._text(heading, "sectionTitle")
        self.content.addWidget(self.photos_heading)
        filters = QGridLayout()  # two rows of two, so the default 900-pixel window never scrolls sideways
        self.level_filter = self._filter(tr("results.filter_level"), [("", tr("results.all")),
                                         ("match", tr("scan.level.match")), ("possible", tr("scan.level.possible"))])
        sources = [("", tr("results.all"))] + [(str(s["id"]), s["target"]) for s in data.sources]
        self.source_filter = self._filter(tr("results.filter_source"), sources)
        signals = [("", tr("results.all"))] + [(kind, tr(f"signal.{kind}")) for kind in sig.ALL_SIGNALS]
        self.signal_filter = self._filter(tr("results.filter_signal"), signals)
        role = data.person.role
        statuses = [("", tr("results.all")), ("open", tr("review.open")), ("confirmed", tr("review.confirmed")),
                    ("removed", tr("results.status_removed")),
                    ("not_me", tr_for_role("results.status_answered_not_me", role))]
        self.status_filter = self._filter(tr("results.filter_status"), statuses)
        for index, (label, box) in enumerate((self.level_filter, self.source_filter, self.signal_filter,
                                              self.status_filter)):
            filters.addWidget(label, index // 2, (index % 2) * 2)
            filters.addWidget(box, index // 2, (index % 2) * 2 + 1)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        self.content.addLayout(filters)
        # Photos answered "not my child" count nowhere and are not in the grid: say where they are.
        self.answered_hint = self._text(tr_for_role("results.answered_hidden", role, count=len(data.answered)),
                                        "lead")
        self.answered_hint.setVisible(bool(data.answered))
        self.content.addWidget(self.answered_hint)
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(160, 160))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSpacing(8)
        self.grid.setMinimumHeight(380)
        self.grid.setAccessibleName(tr("results.photos_grid"))
        self.grid.itemActivated.connect(self.open_photo)
        self.content.addWidget(self.grid)
        self.fill_grid()

    def _filter(self, label_text: str, options: list[tuple[str, str]]):
        label = QLabel(label_text)
        box = QComboBox()
        box.setAccessibleName(label_text)
        # A long address in the list must not widen the window: the box shows the start, the list all of it.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        for value, text in options:
            box.addItem(text, value)
        box.currentIndexChanged.connect(self.fill_grid)
        label.setBuddy(box)
        return label, box

    def fill_grid(self) -> None:
        from desktop.store.scans import ScanRepository

        data, person_id = self.data, self.person_id
        if data is None or person_id is None:  # the filters exist only while a report is shown
            return
        repo = ScanRepository(self.workspace.db, self.workspace.vault)
        self._stop_thumbnails()
        self.grid.clear()
        placeholder = QIcon(boxed_thumbnail(None, {}))
        level = self.level_filter[1].currentData()
        source = self.source_filter[1].currentData()
        signal = self.signal_filter[1].currentData()
        status = self.status_filter[1].currentData()
        answered_view = status == "not_me"
        role = data.person.role
        self.answered_hint.setVisible(bool(data.answered) and not answered_view)
        details = {f.id: f.detail for f in repo.findings(person_id)}
        for exposure in data.answered if answered_view else data.exposures:
            if (level and exposure["level"] != level) or (source and str(exposure["source_id"]) != source):
                continue
            if (signal and signal not in exposure["signals"]) or (status and exposure["review"] != status):
                continue
            detail = details.get(exposure["finding_id"], {})
            text = tr_for_role("review.not_me", role) if answered_view else self._tile_text(exposure, role)
            item = QListWidgetItem(placeholder, text)
            item.setData(Qt.ItemDataRole.UserRole, exposure["finding_id"])
            item.setToolTip(", ".join(tr(f"signal.{s}") for s in exposure["signals"]))
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         tr("results.photo_accessible", level=text, signals=item.toolTip() or "—"))
            self.grid.addItem(item)
            self._thumbnails.append((item, exposure["finding_id"], detail))
        self._next_thumbnails(self._thumbnail_round)

    def _tile_text(self, exposure: dict, role: str | None) -> str:
        """The level, and what the parent said about the photo: a tile changes when they answer."""
        if exposure["review"] == "confirmed":
            text = tr_for_role("results.tile_confirmed", role)
        else:
            text = tr(f"scan.level.{exposure['level']}")
        if exposure["review"] == "removed":
            return f"{text} · {tr('results.tile_removed')}"
        if exposure.get("still_public_at"):
            text = f"{text} · {tr('results.tile_still_public')}"
        return text

    # --- thumbnails: decoded a few at a time between events, never all in one go -----------------------
    def _stop_thumbnails(self) -> None:
        self._thumbnails = []
        self._thumbnail_round += 1  # a pending turn of an earlier grid finds itself outdated and stops

    def _next_thumbnails(self, round_number: int) -> None:
        if self._thumbnails:
            QTimer.singleShot(0, self, lambda: self._decode_thumbnails(round_number))  # dropped if the page goes

    def _decode_thumbnails(self, round_number: int) -> None:
        from desktop.store.scans import ScanRepository

        if round_number != self._thumbnail_round:
            return
        repo = ScanRepository(self.workspace.db, self.workspace.vault)
        started = time.monotonic()
        while self._thumbnails and time.monotonic() - started < THUMBNAIL_BUDGET:
            item, finding_id, detail = self._thumbnails.pop(0)
            item.setIcon(QIcon(boxed_thumbnail(repo.thumbnail(finding_id), detail)))
        self._next_thumbnails(round_number)

    # --- actions --------------------------------------------------------------------------------------
    def open_photo(self, item: QListWidgetItem) -> None:
        from desktop.store.scans import ScanRepository
        from desktop.ui.results.photo_dialog import PhotoDialog

        data, person_id = self.data, self.person_id
        if data is None or person_id is None:
            return
        finding_id = item.data(Qt.ItemDataRole.UserRole)
        exposure = next(e for e in data.exposures + data.answered if e["finding_id"] == finding_id)
        repo = ScanRepository(self.workspace.db, self.workspace.vault)
        detail = next((f.detail for f in repo.findings(person_id) if f.id == finding_id), {})
        dialog = PhotoDialog(self, exposure, repo.thumbnail(finding_id), detail, self.answer,
                             lambda: self.window_ref.show_page("help"), self.record_evidence, self.undo_answer,
                             role=data.person.role, name=data.person.name)
        dialog.exec()

    def record_evidence(self, exposure: dict) -> None:
        """Capture the photo's page, address, time and hashes into the child's case, off the GUI thread."""
        from desktop.reports.evidence_link import record_finding
        from desktop.sources.http import HttpClient

        workspace, person = self.workspace, self.person

        def work(ctx):
            with HttpClient() as client:
                return record_finding(workspace, person, exposure["finding_id"], client)

        def done(result):
            QMessageBox.information(self, tr("results.record_evidence"),
                                    tr("results.evidence_recorded", case=result[1]))

        def failed(exc):
            reason = tr_or(getattr(exc, "message_id", ""), str(exc), **getattr(exc, "values", {}))
            QMessageBox.warning(self, tr("results.record_evidence"), tr("results.evidence_failed", reason=reason))

        self.window_ref.runner.run_task(work, on_done=done, on_error=failed, owner=self)

    def answer(self, exposure: dict, review: str) -> bool:
        """Record the parent's answer about a photo; "not my child" is asked once more. Returns whether it was
        recorded."""
        from desktop.scan import feedback

        data, person_id = self.data, self.person_id
        if data is None or person_id is None:  # asked from a photo of the report on screen: never without one
            return False
        person = data.person
        questions = {"not_me": ("results.not_my_child", "results.not_my_child_confirm"),
                     "confirmed": ("results.yes_my_child", "results.yes_confirm")}
        if review in questions:  # both teach the face engine: asked once more, "No" is the default
            title_id, question_id = questions[review]
            choice = QMessageBox.question(self, tr_for_role(title_id, person.role),
                                          tr_for_role(question_id, person.role, name=person.name),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if choice != QMessageBox.StandardButton.Yes:
                return False
        feedback.record_review(self.workspace, person_id, exposure["finding_id"], review)
        self.show_results()
        return True

    def undo_answer(self, exposure: dict) -> None:
        """Take back an answer: "not my child" (the photo counts again at once, and later scans report it
        again), "yes, this is my child" (the face is unlearned) or "I removed it"."""
        from desktop.scan import feedback

        undo = {"not_me": feedback.undo_not_me, "confirmed": feedback.undo_confirmed,
                "removed": feedback.undo_removed}.get(exposure["review"])
        if undo is not None and self.person_id is not None:
            undo(self.workspace, self.person_id, exposure["finding_id"])
        self.show_results()

    def scan_now(self) -> None:
        """Start a scan in the background: its progress window is not modal and its progress line shows here,
        so Help, the checklist and guidance stay usable for the whole (maybe long) scan."""
        from desktop.ui.results.scan_dialog import ScanDialog

        person = self.person
        if person is None:
            return
        if self.scan_dialog is not None:  # one scan at a time: bring its progress back into view
            self.scan_dialog.show()
            self.scan_dialog.raise_()
            return
        dialog = ScanDialog(self.window_ref, person)
        self.scan_dialog = dialog
        dialog.progress_listener = self._scan_progress
        dialog.finished.connect(lambda _code: self._scan_ended(dialog))
        self.scan_button.setEnabled(False)
        self._scan_progress(tr("scan.starting"))
        dialog.start()
        if self.scan_dialog is dialog:  # still going (a synchronous runner has already finished)
            dialog.show()

    def _scan_progress(self, text: str) -> None:
        self.scan_status.setText(text)
        self.scan_status.setVisible(bool(text))

    def _scan_ended(self, dialog: ScanDialog) -> None:
        if self.scan_dialog is not dialog:
            return
        self.scan_dialog = None
        self._scan_progress("")
        if dialog.error_text:
            QMessageBox.warning(self, tr("results.title"), dialog.error_text)
        self.show_results()  # once, when the scan has ended, failed or was cancelled

    def save_pdf(self) -> None:
        from desktop.reports import family_report
        from desktop.store.scans import ScanRepository

        if self.data is None:
            return
        suggested = f"jikimi-{self.data.person.name}.pdf"
        target, _ = QFileDialog.getSaveFileName(self, tr("results.save_pdf"), suggested, "PDF (*.pdf)")
        if not target:
            return
        repo = ScanRepository(self.workspace.db, self.workspace.vault)
        data = self.data

        def write(_ctx):  # decrypting the pictures and drawing the PDF: off the window's thread
            return family_report.write(data, target, repo.thumbnails(e["finding_id"] for e in data.exposures))

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, OSError):
                raise exc
            from desktop.reports.output import problem_text

            QMessageBox.warning(self, tr("results.save_pdf"), problem_text(exc, target, suggested))

        self.window_ref.runner.run_task(
            write, lambda _path: QMessageBox.information(self, tr("results.save_pdf"),
                                                         tr("report.written", path=target)),
            on_error=failed, owner=self)

