"""Classroom: the teacher's page. A class chooser, the roster with each student's age band and consent (the
guardian's, and from 14 the student's own), consent letters, and the class overview (totals only; never a
student's name or photo).

``self.actions_row`` is the place for class-wide actions other parts of the app add ("Start lesson mode",
"Scan the class").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.core import roster as roster_rules
from desktop.core.local_time import local_datetime
from desktop.core.roster import MAX_NUMBER, RosterFileError
from desktop.i18n import tr
from desktop.reports.class_overview import cell_text, signal_label
from desktop.reports.roster_text import (
    age_label,
    consent_date_text,
    consent_recorded_text,
    consent_state_label,
    enrolment_lines,
    import_summary,
    left_out_line,
    photos_summary,
    roster_problem_lines,
    shown_path,
)
from desktop.store.classes import (
    AWAITING_STUDENT,
    GIVEN_WITH_STUDENT,
    STUDENT_AGE_BANDS,
    AgeBandNeeded,
    RosterMember,
    RosterRejected,
)
from desktop.store.db import StorageError
from desktop.ui.pages.base import Page
from desktop.ui.pages.classroom_dialogs import (
    ClassPhotosDialog,
    ConfirmDeleteDialog,
    GivenConsentDialog,
    ImportPreviewDialog,
    LetterDetailsDialog,
    RenameDialog,
)
from desktop.ui.widgets import DialogError, accept_when_valid, make_button, ok_cancel_buttons
from desktop.ui.widgets_overview import BarChart, StatCard

ERROR_STYLE = "color: #a4262c;"
OK_STYLE = "color: #1d6b3a;"
WAITING_COLOUR = "#8a5300"  # the roster's "waiting for the student's own agreement" (dark amber, readable on white)

# Roster columns
COL_NUMBER, COL_NICKNAME, COL_AGE, COL_CONSENT, COL_DATE = range(5)


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1f3a5f; margin-top: 8px;")
    label.setAccessibleName(text)
    return label


class NewClassDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.new_class_title"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("class.page.class_name"))
        self.name.setPlaceholderText(tr("class.page.class_name_hint"))
        self.school = QLineEdit()
        self.school.setAccessibleName(tr("class.page.school"))
        form.addRow(tr("class.page.class_name"), self.name)
        form.addRow(tr("class.page.school"), self.school)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self)
        layout.addWidget(buttons)


class AgeBandChoice(QGroupBox):
    """Under 14 / 14 or older, as two radio buttons (Tab reaches the group, the arrow keys choose). Nothing is
    chosen unless ``current`` is given: the teacher decides."""

    changed = Signal()

    def __init__(self, label_ids: tuple[str, str], current: str | None = None, parent=None):
        super().__init__(tr("class.page.age_group"), parent)
        self.setAccessibleName(tr("class.page.age_group"))
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for band, label_id in zip(STUDENT_AGE_BANDS, label_ids, strict=True):
            button = QRadioButton(tr(label_id))
            button.setAccessibleName(tr(label_id))
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[band] = button
        if current in self.buttons:
            self.buttons[current].setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def value(self) -> str | None:
        return next((band for band, button in self.buttons.items() if button.isChecked()), None)


def _ok_needs_age(buttons: QDialogButtonBox, choice: AgeBandChoice) -> QPushButton:
    """OK stays disabled until an age band is chosen; the OK button, for the dialog to keep."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(choice.value() is not None)
    choice.changed.connect(lambda: ok.setEnabled(choice.value() is not None))
    return ok


def _prompt(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


class AddStudentDialog(QDialog):
    def __init__(self, next_number: int, age_band: str | None = None, parent=None, on_submit=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.add_student_title"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QSpinBox()
        self.number.setRange(1, MAX_NUMBER)
        self.number.setValue(min(next_number, MAX_NUMBER))
        self.number.setAccessibleName(tr("class.page.student_number"))
        self.nickname = QLineEdit()
        self.nickname.setAccessibleName(tr("class.page.col_nickname"))
        self.nickname.setPlaceholderText(tr("class.page.name_hint"))
        self.nickname.setMinimumWidth(self.nickname.fontMetrics().horizontalAdvance(tr("class.page.name_hint")) + 80)
        form.addRow(tr("class.page.student_number"), self.number)
        form.addRow(tr("class.page.col_nickname"), self.nickname)
        layout.addLayout(form)
        self.age = AgeBandChoice(("class.page.age_under14", "class.page.age_14plus"), age_band)
        layout.addWidget(self.age)
        self.error = DialogError()
        layout.addWidget(self.error)
        self.on_submit = on_submit
        buttons = ok_cancel_buttons(self, on_accept=self.submit)
        self.ok_button = _ok_needs_age(buttons, self.age)
        layout.addWidget(buttons)

    def submit(self) -> None:
        """Add the student; a problem (number taken, empty nickname) shows here and keeps what was typed."""
        if self.on_submit is None:
            self.accept()
            return
        accept_when_valid(self, self.error,
                          lambda: self.on_submit(self.number.value(), self.nickname.text(), self.age.value()))


class SetAgeDialog(QDialog):
    """One student's age band, or the same band for several selected students (``members``)."""

    def __init__(self, member: RosterMember | list[RosterMember], parent=None):
        super().__init__(parent)
        members = member if isinstance(member, list) else [member]
        if len(members) == 1:
            self.setWindowTitle(tr("class.page.set_age_title", number=members[0].number,
                                   nickname=members[0].nickname))
        else:
            self.setWindowTitle(tr("class.page.set_age_title_many", count=len(members)))
        bands = {m.age_band for m in members}
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.set_age_prompt")))
        self.age = AgeBandChoice(("class.page.age_under14", "class.page.age_14plus"),
                                 bands.pop() if len(bands) == 1 else None)
        layout.addWidget(self.age)
        buttons = ok_cancel_buttons(self)
        self.ok_button = _ok_needs_age(buttons, self.age)
        layout.addWidget(buttons)


class ClassroomPage(Page):
    name = "classroom"
    title_id = "classroom.title"
    lead_id = "classroom.lead"

    def build(self) -> None:
        self._task = None
        # --- class chooser --------------------------------------------------------------------------
        chooser = QHBoxLayout()
        label = QLabel(tr("class.page.class_label"))
        self.class_combo = QComboBox()
        self.class_combo.setAccessibleName(tr("class.page.choose_class"))
        self.class_combo.setMinimumWidth(260)
        label.setBuddy(self.class_combo)
        self.class_combo.currentIndexChanged.connect(lambda _=0: self.refresh_class())
        self.new_class_button = make_button(tr("class.page.new_class"), self.new_class)
        chooser.addWidget(label)
        chooser.addWidget(self.class_combo)
        chooser.addWidget(self.new_class_button)
        self.delete_class_button = make_button(tr("class.page.delete_class"), self.delete_class,
                                               tooltip=tr("class.page.delete_class_tip"))
        chooser.addWidget(self.delete_class_button)
        chooser.addSpacing(24)
        # Class-wide actions ("Start lesson mode", "Scan the class") are added here by their owners.
        self.actions_row = QHBoxLayout()
        self.lesson_button = make_button(tr("lesson.start"), self.start_lesson, "primary", tr("lesson.start_tip"))
        self.lesson_preview_button = make_button(tr("lesson.open_preview"),
                                                 lambda: self.window_ref.show_page("lesson"))
        self.actions_row.addWidget(self.lesson_button)
        self.actions_row.addWidget(self.lesson_preview_button)
        chooser.addLayout(self.actions_row)
        chooser.addStretch(1)
        self.body.addLayout(chooser)
        from desktop.ui.pages.classroom_audit import ClassAuditActions

        self.audit = ClassAuditActions(self)  # "Scan the class" joins actions_row; the rest go on their own row
        self.body.addWidget(self.audit.widget)
        self.no_class_label = QLabel(tr("class.page.no_class"))
        self.body.addWidget(self.no_class_label)

        self.class_area = QWidget()
        columns = QHBoxLayout(self.class_area)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(8)
        right.setSpacing(8)
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)

        # --- roster (left) --------------------------------------------------------------------------
        left.addWidget(_section(tr("class.page.roster")))
        self.retention_label = QLabel("")
        self.retention_label.setWordWrap(True)
        left.addWidget(self.retention_label)
        self.roster_summary = QLabel("")
        self.roster_summary.setWordWrap(True)
        left.addWidget(self.roster_summary)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([tr("class.page.col_number"), tr("class.page.col_nickname"),
                                              tr("class.page.col_age"), tr("class.page.col_consent"),
                                              tr("class.page.col_date")])
        self.table.setAccessibleName(tr("class.page.roster"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons; the arrow keys pick a row
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several students at once (Shift/Ctrl + arrows or click): consent is recorded for all of them.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        # A long consent state ("guardian agreed — waiting for the student's …") wraps onto a second line.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setMinimumSectionSize(28)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (COL_NUMBER, COL_AGE, COL_DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (COL_NICKNAME, COL_CONSENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(300)
        left.addWidget(self.table, 1)
        self.import_button = make_button(tr("class.page.import_csv"), self.import_csv,
                                         tooltip=tr("class.page.import_tip"))
        self.add_button = make_button(tr("class.page.add_student"), self.add_student,
                                      tooltip=tr("class.page.add_student_tip"))
        self.photos_button = make_button(tr("class.photos.button"), self.enrol_from_folder,
                                         tooltip=tr("class.photos.button_tip"))
        consent_label = QLabel(tr("class.page.consent_label"))
        self.requested_button = make_button(tr("class.page.consent_requested"),
                                            lambda: self.record_consent("requested"),
                                            tooltip=tr("class.page.consent_requested_tip"))
        self.given_button = make_button(tr("class.page.consent_given"), lambda: self.record_consent("given"),
                                        tooltip=tr("class.page.consent_given_tip"))
        self.refused_button = make_button(tr("class.page.consent_refused"), lambda: self.record_consent("refused"),
                                          tooltip=tr("class.page.consent_refused_tip"))
        self.withdraw_button = make_button(tr("class.page.consent_withdrawn"),
                                           lambda: self.record_consent("withdrawn"),
                                           tooltip=tr("class.page.consent_withdrawn_tip"))
        self.set_age_button = make_button(tr("class.page.set_age"), self.set_age)
        self.rename_button = make_button(tr("class.page.rename"), self.rename_student,
                                         tooltip=tr("class.page.rename_tip"))
        self.remove_button = make_button(tr("class.page.remove"), self.remove_students,
                                         tooltip=tr("class.page.remove_tip"))
        self.letters_button = make_button(tr("class.page.print_letters"), self.print_letters)
        self.letter_language = QComboBox()
        self.letter_language.addItem("한국어", "ko")
        self.letter_language.addItem("English", "en")
        self.letter_language.setCurrentIndex(0 if i18n.current_language() == "ko" else 1)
        self.letter_language.setAccessibleName(tr("class.page.letters_language"))
        # Named beside the box, so it is not taken for the app's own language switch.
        self.letter_language_label = QLabel(tr("class.page.letters_language_label"))
        self.letter_language_label.setBuddy(self.letter_language)
        self.letter_language_label.setContentsMargins(12, 0, 0, 0)  # grouped with its box, apart from the button
        # Short rows, so the roster column stays narrow enough for the overview beside it on a 1280×720 screen.
        rows = ((self.import_button, self.add_button, self.photos_button),
                (consent_label, self.requested_button, self.given_button, self.refused_button, self.withdraw_button),
                (self.set_age_button, self.rename_button, self.remove_button),
                (self.letters_button, self.letter_language_label, self.letter_language))
        for widgets in rows:
            line = QHBoxLayout()
            for widget in widgets:
                line.addWidget(widget)
            line.addStretch(1)
            left.addLayout(line)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("class.page.working"))
        self.cancel_button = make_button(tr("class.page.cancel"), self.cancel_task)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        left.addLayout(progress_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(tr("class.page.error_title"))
        left.addWidget(self.status)

        # --- overview (right) -----------------------------------------------------------------------
        right.addWidget(_section(tr("class.dash.title")))
        explain = QLabel(tr("class.dash.explain"))
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #3a4457;")
        right.addWidget(explain)
        self.overview_message = QLabel("")
        self.overview_message.setWordWrap(True)
        right.addWidget(self.overview_message)
        # "Not checked" cells say why: the pages the last audit could not read (shown only then).
        self.incomplete_label = QLabel("")
        self.incomplete_label.setWordWrap(True)
        self.incomplete_label.setStyleSheet(ERROR_STYLE)
        self.incomplete_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.incomplete_label.hide()
        right.addWidget(self.incomplete_label)
        self.cards_widget = QWidget()
        cards = QHBoxLayout(self.cards_widget)
        cards.setContentsMargins(0, 0, 0, 0)
        self.scanned_card = StatCard(tr("class.dash.students_scanned"))
        self.public_card = StatCard(tr("class.dash.public_account"))
        self.exposed_card = StatCard(tr("class.dash.exposed_total"))
        for card in (self.scanned_card, self.public_card, self.exposed_card):
            cards.addWidget(card, 1)
        right.addWidget(self.cards_widget)
        self.charts_widget = QWidget()
        charts = QVBoxLayout(self.charts_widget)
        charts.setContentsMargins(0, 0, 0, 0)
        self.signal_chart = BarChart(tr("class.dash.by_signal"))
        self.level_chart = BarChart(tr("class.dash.by_level"))
        charts.addWidget(self.signal_chart)
        lower = QVBoxLayout()  # one above the other: side by side, their labels would be cut at 1280×720
        lower.addWidget(self.level_chart)
        recommendations_box = QVBoxLayout()
        self.recommendations_title = QLabel(tr("class.dash.top_recommendations"))
        self.recommendations_title.setStyleSheet("font-weight: bold; color: #1f3a5f;")
        self.recommendations_title.setWordWrap(True)
        self.recommendations = QLabel("")
        self.recommendations.setWordWrap(True)
        self.recommendations.setAccessibleName(tr("class.dash.top_recommendations"))
        recommendations_box.addWidget(self.recommendations_title)
        recommendations_box.addWidget(self.recommendations)
        # What only the school can change (its own pages) is not a student's to-do.
        self.school_title = QLabel(tr("class.dash.for_school"))
        self.school_title.setStyleSheet("font-weight: bold; color: #1f3a5f;")
        self.school_title.setWordWrap(True)
        self.for_school = QLabel("")
        self.for_school.setWordWrap(True)
        self.for_school.setAccessibleName(tr("class.dash.for_school"))
        recommendations_box.addWidget(self.school_title)
        recommendations_box.addWidget(self.for_school)
        recommendations_box.addStretch(1)
        lower.addLayout(recommendations_box)
        charts.addLayout(lower)
        right.addWidget(self.charts_widget)
        right.addStretch(1)
        self.body.addWidget(self.class_area)

    # --- state -------------------------------------------------------------------------------------
    def current_class_id(self) -> int | None:
        return self.class_combo.currentData()

    def refresh(self) -> None:
        selected = self.current_class_id()
        classes = self.workspace.classes.list()
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for school_class in classes:
            label = school_class.name + (f" · {school_class.school}" if school_class.school else "")
            self.class_combo.addItem(label, school_class.id)
        if selected is not None and self.class_combo.findData(selected) >= 0:
            self.class_combo.setCurrentIndex(self.class_combo.findData(selected))
        self.class_combo.blockSignals(False)
        self.refresh_class()

    def select_class(self, class_id: int) -> None:
        self.refresh()
        index = self.class_combo.findData(class_id)
        if index >= 0:
            self.class_combo.setCurrentIndex(index)
        self.refresh_class()

    def refresh_class(self) -> None:
        class_id = self.current_class_id()
        has_class = class_id is not None
        self.no_class_label.setVisible(not has_class)
        self.class_combo.setEnabled(has_class)
        self.class_area.setVisible(has_class)
        self.audit.set_has_class(has_class)
        if not has_class:
            return
        assert class_id is not None
        self.fill_roster(class_id)
        self.fill_retention(class_id)
        self.fill_overview(class_id)

    def fill_roster(self, class_id: int) -> None:
        roster = self.workspace.classes.roster(class_id)
        selected = self.selected_number()
        self.table.setRowCount(len(roster))
        for row, member in enumerate(roster):
            cells = [str(member.number), member.nickname, age_label(member.age_band),
                     consent_state_label(member.consent_state), consent_date_text(member)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == COL_NUMBER:
                    item.setData(Qt.ItemDataRole.UserRole, member.number)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == COL_CONSENT and member.consent_state == AWAITING_STUDENT:
                    item.setForeground(QColor(WAITING_COLOUR))
                    item.setToolTip(tr("consent.needs_young_person"))
                self.table.setItem(row, column, item)
            if member.number == selected:
                self.table.selectRow(row)
        counts = {state: 0 for state in ("none", "requested", "given", "withdrawn", "refused", AWAITING_STUDENT)}
        for member in roster:
            counts["given" if member.consent_state == GIVEN_WITH_STUDENT else member.consent_state] += 1
        awaiting = counts.pop(AWAITING_STUDENT)
        summary_id = "class.page.roster_summary_awaiting" if awaiting else "class.page.roster_summary"
        self.roster_summary.setText(tr(summary_id, students=len(roster), awaiting=awaiting, none=counts["none"],
                                       requested=counts["requested"], given=counts["given"],
                                       withdrawn=counts["withdrawn"], refused=counts["refused"]))
        for button in (self.requested_button, self.given_button, self.refused_button, self.withdraw_button,
                       self.set_age_button, self.rename_button, self.remove_button, self.letters_button,
                       self.photos_button):
            button.setEnabled(bool(roster))

    def fill_retention(self, class_id: int) -> None:
        """Until when the letter promised to keep the data; once that is past, a reminder to delete the class."""
        import datetime as dt

        school_class = self.workspace.classes.get(class_id)
        over = school_class.past_retention(dt.date.today().isoformat())
        self.retention_label.setVisible(school_class.keep_until is not None)
        if school_class.keep_until is not None:
            self.retention_label.setText(tr("class.retention.over_page" if over else "class.retention.until",
                                            date=school_class.keep_until))
            self.retention_label.setStyleSheet(ERROR_STYLE if over else "color: #3a4457;")

    def delete_class(self) -> None:
        """The whole class goes (the retention period is over, or it was made by mistake), after a confirmation
        that lists what is deleted and defaults to No."""
        from desktop.core.deletion import deletion_lines

        class_id = self.current_class_id()
        if class_id is None:
            return
        classes = self.workspace.classes
        school_class = classes.get(class_id)
        counts = classes.deletion_preview(class_id)
        question = tr("class.delete.question", name=school_class.name, count=counts.pop("students"))
        dialog = ConfirmDeleteDialog(tr("class.page.delete_class_button"), question, deletion_lines(counts)[1:],
                                     tr("class.page.delete_class_button"), self)
        if not dialog.exec():
            return
        classes.delete(class_id)
        self.refresh()
        self.say(tr("class.delete.done", name=school_class.name))

    def fill_overview(self, class_id: int) -> None:
        """The overview the last finished class audit stored (never recomputed on an edit: see class_summary)."""
        from desktop.reports.class_overview import incomplete_lines, not_enough_text, recommendation_lines, school_line
        from desktop.store.class_summary import latest_snapshot

        summary = latest_snapshot(self.workspace.db, self.workspace.vault, class_id)
        students = "class.dash.students_value"
        consenting = sum(1 for member in self.workspace.classes.roster(class_id) if member.may_be_scanned)
        consenting_note = tr("class.dash.consenting_note", count=consenting)
        totals = (self.public_card, self.exposed_card, self.charts_widget, self.recommendations_title,
                  self.recommendations)
        if summary is None:  # no finished audit since the class was made or a consent was withdrawn
            self.scanned_card.set_value(tr("class.dash.not_yet"), consenting_note)  # nothing failed: not run yet
            self.incomplete_label.hide()
            self.overview_message.setText(tr("class.dash.no_audit", button=tr("classaudit.page.scan")))
            self.overview_message.show()
            for widget in totals:
                widget.hide()
            return
        overview = summary.overview
        self.scanned_card.set_value(cell_text(overview.students_scanned), consenting_note)
        incomplete = incomplete_lines(overview, summary.unread_pages)
        self.incomplete_label.setText("\n".join(incomplete))
        self.incomplete_label.setVisible(bool(incomplete))
        enough = overview.enough_students
        self.overview_message.setText(tr("class.dash.as_of", when=local_datetime(summary.created_at))
                                      if enough else not_enough_text(overview))
        self.overview_message.show()
        for widget in totals:
            widget.setVisible(enough)
        if not enough:
            return
        share = overview.public_share_percent
        self.public_card.set_value(cell_text(overview.public_account),
                                   tr("class.dash.public_share", percent=share.value) if share.shown else "")
        self.exposed_card.set_value(cell_text(overview.exposed_total), tr("class.dash.exposed_note"))
        self.level_chart.set_rows([(tr(f"class.dash.level.{level}"), cell)
                                   for level, cell in overview.exposed_by_level.items()], "class.dash.photos_value")
        self.signal_chart.set_rows([(signal_label(kind), cell) for kind, cell in overview.signals], students)
        lines = recommendation_lines(overview.top_recommendations, summary.titles, overview.complete)
        numbered = len(overview.top_recommendations) > 0
        self.recommendations.setText("\n".join(f"{index}. {line}" if numbered else line
                                               for index, line in enumerate(lines, 1)))
        school = [school_line(overview)] + recommendation_lines(overview.for_school, summary.titles, overview.complete,
                                                                empty_id="class.dash.no_school_recommendation")
        self.for_school.setText("\n".join(school))

    def selected_number(self) -> int | None:
        """The one student selected (None when none, or several, are)."""
        numbers = self.selected_numbers()
        return numbers[0] if len(numbers) == 1 else None

    def selected_numbers(self) -> list[int]:
        """Every selected student's number, in roster order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        items = [self.table.item(row, COL_NUMBER) for row in rows]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item is not None]

    def _one_selected(self) -> int | None:
        numbers = self.selected_numbers()
        if len(numbers) != 1:
            self.say(tr("class.page.select_student" if not numbers else "class.page.select_one"), error=True)
            return None
        return numbers[0]

    def say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    # --- actions -----------------------------------------------------------------------------------
    def new_class(self) -> None:
        dialog = NewClassDialog(self)
        if not dialog.exec():
            return
        self.create_class(dialog.name.text(), dialog.school.text())

    def create_class(self, name: str, school: str = "") -> None:
        try:
            created = self.workspace.classes.create(name, school or None)
        except StorageError as exc:
            QMessageBox.warning(self, tr("class.page.new_class_title"), tr(exc.message_id, **exc.values))
            return
        self.select_class(created.id)
        self.say(tr("class.created", name=created.name))

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("class.page.import_title"), str(Path.home()),
                                              tr("class.page.csv_filter"))
        if path:
            self.preview_import(Path(path))

    def preview_import(self, path: Path) -> bool:
        """Show what importing ``path`` would do (new / unchanged / different name / not in the file) and ask the
        age of new students without a birth date; import on OK."""
        class_id = self.current_class_id()
        if class_id is None:
            return False
        try:
            plan = self.workspace.classes.plan_import(class_id, roster_rules.read_file(path))
        except RosterRejected as exc:
            self._say_rejected(exc)
            return False
        except (RosterFileError, StorageError) as exc:
            self.say(tr(exc.message_id, **exc.values), error=True)
            return False
        changed = [tr("class.page.import_changed_line", number=c.member.number, old=c.member.nickname,
                      new=c.entry.nickname) for c in plan.changed]
        missing = [tr("class.import.student", number=m.number, name=m.nickname) for m in plan.missing]
        if not plan.new:
            lines = [import_summary(plan), tr("class.import.nothing_new")]
            for title, items in ((tr("class.page.import_changed"), changed),
                                 (tr("class.page.import_missing"), missing)):
                if items:
                    lines += [title, *("  " + item for item in items)]
            self.say("\n".join(lines))
            return False
        need = plan.need_age_band
        need_age = (tr("class.page.import_need_age", count=len(need), numbers=", ".join(str(e.number) for e in need))
                    if need else None)
        sections = [
            (tr("class.page.import_new"), [tr("class.import.student", number=e.number, name=e.nickname)
                                           for e in plan.new]),
            (tr("class.page.import_changed"), changed),
            (tr("class.page.import_missing"), missing),
        ]
        dialog = ImportPreviewDialog(import_summary(plan), sections, need_age,
                                     tr("class.page.import_add", count=len(plan.new)), self)
        if not dialog.exec():
            return False
        return self.import_file(path, dialog.age_band())

    def _say_rejected(self, exc: RosterRejected) -> None:
        self.say("\n".join([tr(exc.message_id, **exc.values), *roster_problem_lines(exc)]), error=True)

    def import_file(self, path: Path, age_band: str | None) -> bool:
        """Add the students of a roster file not yet in the class; those without a birth date get ``age_band``.
        The outcome (or every bad line) shows on the page."""
        class_id = self.current_class_id()
        if class_id is None:
            return False
        try:
            result = self.workspace.classes.import_roster_file(class_id, path, age_band=age_band)
        except RosterRejected as exc:
            self._say_rejected(exc)
            return False
        except (RosterFileError, AgeBandNeeded, StorageError) as exc:
            self.say(tr(exc.message_id, **exc.values), error=True)
            return False
        self.refresh_class()
        lines = [tr("class.roster.imported", count=len(result.students), encoding=result.encoding)]
        if result.plan is not None and (result.plan.changed or result.plan.missing):
            lines.append(tr("class.page.import_left_alone", changed=len(result.plan.changed),
                            missing=len(result.plan.missing)))
        teens = sum(1 for student in result.students if student.age_band == "14to17")
        if result.plan is not None and result.plan.has_birth_dates:
            lines.append(tr("class.import.ages_from_birth_dates", teens=teens, younger=len(result.students) - teens))
        if teens:
            lines.append(tr("class.roster.teen_note"))
        self.say("\n".join(lines))
        return True

    def add_student(self) -> None:
        class_id = self.current_class_id()
        if class_id is None:
            return
        roster = self.workspace.classes.roster(class_id)
        bands = {m.age_band for m in roster}
        usual = bands.pop() if len(bands) == 1 else None  # the class's age band, when all students share one
        dialog = AddStudentDialog(max((m.number for m in roster), default=0) + 1, usual, self,
                                  on_submit=self.add_student_problem)
        dialog.exec()

    def add_student_values(self, number: int, nickname: str, age_band: str) -> bool:
        problem = self.add_student_problem(number, nickname, age_band)
        if problem:
            self.say(problem, error=True)
        return problem is None

    def add_student_problem(self, number: int, nickname: str, age_band: str) -> str | None:
        """Add one student; ``None`` when added, else what was wrong (nothing added)."""
        try:
            student = self.workspace.classes.add_student(self.current_class_id(), number, nickname,
                                                         age_band=age_band)
        except RosterRejected as exc:
            return "\n".join(tr(p.reason_id, **p.values) for p in exc.problems)
        self.refresh_class()
        lines = [tr("class.roster.student_added", number=student.student_number, nickname=student.name)]
        if student.age_band == "14to17":
            lines.append(tr("class.roster.teen_note_one"))
        self.say("\n".join(lines))
        return None

    def set_age(self) -> None:
        class_id, numbers = self.current_class_id(), self.selected_numbers()
        if class_id is None or not numbers:
            self.say(tr("class.page.select_student"), error=True)
            return
        members = [self.workspace.classes.roster_member(class_id, number) for number in numbers]
        dialog = SetAgeDialog(members if len(members) > 1 else members[0], self)
        if not dialog.exec():
            return
        band = dialog.age.value()
        if band is None:  # OK stays disabled until a band is chosen
            return
        if len(numbers) == 1:
            self.set_age_values(numbers[0], band)
            return
        after = [self.workspace.classes.set_age_band(class_id, number, band) for number in numbers]
        self.refresh_class()
        self._select_numbers(numbers)
        lines = [tr("class.page.age_set_many", count=len(after), age=age_label(band))]
        waiting = sum(1 for member in after if member.consent_state == AWAITING_STUDENT)
        if waiting:
            lines.append(tr("class.page.consent_awaiting_many", count=waiting))
        self.say("\n".join(lines))

    def set_age_values(self, number: int, age_band: str) -> None:
        member = self.workspace.classes.set_age_band(self.current_class_id(), number, age_band)
        self.refresh_class()
        lines = [tr("class.age.set", number=member.number, nickname=member.nickname, age=age_label(member.age_band))]
        if member.consent_state == AWAITING_STUDENT:
            lines.append(tr("class.age.now_awaiting"))
        self.say("\n".join(lines))

    def record_consent(self, status: str) -> None:
        """Record one answer for every selected student. Withdrawal (and a refusal where something is held)
        first lists what is deleted and defaults to No; "given" asks, for each student of 14 or older, whether
        they agreed too."""
        class_id, numbers = self.current_class_id(), self.selected_numbers()
        if class_id is None or not numbers:
            self.say(tr("class.page.select_student"), error=True)
            return
        classes = self.workspace.classes
        members = [classes.roster_member(class_id, number) for number in numbers]
        held = {m.number: classes.removal_preview(class_id, m.number) for m in members}
        rows = sum(sum(v for k, v in counts.items() if k != "consents") for counts in held.values())
        if status == "withdrawn" or (status == "refused" and rows):
            if not self._confirm_wipe(status, members, held):
                return
        agreed: set[int] = set()
        teens = [m for m in members if m.age_band == "14to17"]
        if status == "given" and teens:
            dialog = GivenConsentDialog(teens, self)
            if not dialog.exec():
                return
            agreed = dialog.agreed()
        from desktop.reports.student_reports import withdrawal_file_lines

        file_lines: list[str] = []
        for member in members:
            classes.set_consent(class_id, member.number, status, student_agreed=member.number in agreed)
            if status in ("withdrawn", "refused") and classes.consents.last_wipe is not None:
                file_lines += withdrawal_file_lines(classes.consents.last_wipe)  # report files deleted or left
        self.refresh_class()
        self._select_numbers(numbers)
        after = [classes.roster_member(class_id, number) for number in numbers]
        if len(after) == 1:
            message = consent_recorded_text(after[0])
        else:
            message = tr("class.page.consent_recorded_many", count=len(after),
                         state=consent_state_label(status))
            waiting = sum(1 for m in after if m.consent_state == AWAITING_STUDENT)
            if waiting:
                message += "\n" + tr("class.page.consent_awaiting_many", count=waiting)
        if status == "withdrawn" or (status == "refused" and rows):
            message += "\n" + tr("class.consent.wiped", rows=rows)
            message = "\n".join([message, *file_lines])
        self.say(message)

    def _confirm_wipe(self, status: str, members: list[RosterMember], held: dict[int, dict[str, int]]) -> bool:
        from desktop.core.deletion import deletion_lines
        from desktop.store.family_codes import ClassExports

        exports = ClassExports(self.workspace.db, self.workspace.vault)
        lines = []
        for member in members:
            counts = {k: v for k, v in held[member.number].items() if k != "consents"}
            kinds = deletion_lines(counts)[1:] or [tr("class.page.nothing_held")]
            lines.append(tr("class.page.student_deletes", number=member.number, nickname=member.nickname,
                            what=", ".join(kinds)))
            files = exports.paths(member.person.id)
            if files:  # exactly what will be deleted, the family report files included
                lines += [tr("classprivacy.withdraw_files"), *(f"  {path}" for path in files)]
        question = tr(f"class.page.{status}_question", count=len(members))
        dialog = ConfirmDeleteDialog(tr(f"class.page.{status}_title"), question, lines,
                                     tr(f"class.page.{status}_confirm_button"), self)
        return bool(dialog.exec())

    def _select_numbers(self, numbers: list[int]) -> None:
        wanted = set(numbers)
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_NUMBER)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) in wanted:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def rename_student(self) -> None:
        number = self._one_selected()
        if number is None:
            return
        member = self.workspace.classes.roster_member(self.current_class_id(), number)
        RenameDialog(number, member.nickname, self, on_submit=lambda name: self.rename_problem(number, name)).exec()

    def rename_problem(self, number: int, name: str) -> str | None:
        """Correct student ``number``'s name; ``None`` when done, else what was wrong (nothing changed)."""
        class_id = self.current_class_id()
        before = self.workspace.classes.roster_member(class_id, number).nickname
        try:
            member = self.workspace.classes.rename_student(class_id, number, name)
        except RosterRejected as exc:
            return "\n".join(tr(p.reason_id, **p.values) for p in exc.problems)
        self.refresh_class()
        self._select_numbers([number])
        self.say(tr("class.edit.renamed", number=number, old=before, new=member.nickname))
        return None

    def remove_students(self) -> None:
        """Transfer out (or added by mistake): the selected students leave the class with everything about them,
        after a confirmation that lists exactly what goes (default No)."""
        class_id, numbers = self.current_class_id(), self.selected_numbers()
        if class_id is None or not numbers:
            self.say(tr("class.page.select_student"), error=True)
            return
        from desktop.core.deletion import deletion_lines

        classes = self.workspace.classes
        lines = []
        for number in numbers:
            member = classes.roster_member(class_id, number)
            lines.append(tr("class.page.student_deletes", number=number, nickname=member.nickname,
                            what=", ".join(deletion_lines(classes.removal_preview(class_id, number)))))
        dialog = ConfirmDeleteDialog(tr("class.page.remove_title"), tr("class.page.remove_question",
                                                                      count=len(numbers)),
                                     lines, tr("class.page.remove_button"), self)
        if not dialog.exec():
            return
        names = []
        for number in numbers:
            names.append(tr("class.import.student", number=number,
                            name=classes.roster_member(class_id, number).nickname))
            classes.remove_student(class_id, number)
        self.refresh_class()
        self.say(tr("class.page.removed", count=len(numbers), students=", ".join(names)))

    # --- enrolling faces from a folder of photos named by number ------------------------------------
    def enrol_from_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("class.photos.choose_folder"), str(Path.home()))
        if folder:
            self.preview_photos(Path(folder))

    def preview_photos(self, folder: Path) -> None:
        """Which photo goes to which student and what is left out, then (on OK) the enrolment on the worker."""
        from desktop.faces.class_enrol import plan_class_photos

        class_id = self.current_class_id()
        if class_id is None:
            return
        roster = self.workspace.classes.roster(class_id)
        try:
            plan = plan_class_photos(folder, roster, self.workspace.classes.get(class_id).name)
        except OSError:
            self.say(tr("class.photos.folder_unreadable", path=str(folder)), error=True)
            return
        names = {member.number: member.nickname for member in roster}
        rows = [(str(number), names[number], ", ".join(shown_path(path, folder) for path in paths))
                for number, paths in plan.photos.items()]
        left_out = [left_out_line(item, folder) for item in plan.left_out]
        summary = photos_summary(plan)
        if not plan.photos:
            summary += "\n" + tr("class.photos.nothing_to_enrol")
        dialog = ClassPhotosDialog(summary, rows, left_out, self)
        if dialog.exec() and plan.photos:
            self.start_enrolment(plan, replace=dialog.replace.isChecked())

    def start_enrolment(self, plan, replace: bool = False) -> None:
        from desktop.faces.class_enrol import enrol_class

        class_id = self.current_class_id()
        if class_id is None:
            return
        self._busy(True)
        self._task = self.window_ref.runner.run_task(
            lambda ctx: enrol_class(self.workspace, class_id, plan, ctx, replace=replace),
            on_done=self._enrolment_done,
            on_error=self._letters_failed,
            on_progress=self._on_enrol_progress,
            on_cancelled=self._enrolment_cancelled,
            owner=self,
        )

    def _enrolment_cancelled(self) -> None:
        self._busy(False)
        self.refresh_class()
        self.say(tr("class.photos.cancelled"))

    def _on_enrol_progress(self, progress) -> None:
        detail = progress.detail or {}
        self.progress.setMaximum(progress.total or 0)
        self.progress.setValue(progress.done)
        if detail:
            self.progress.setFormat(tr("class.photos.progress", number=detail["number"], name=detail["name"],
                                       done=progress.done, total=progress.total or 0))

    def _enrolment_done(self, results) -> None:
        self._busy(False)
        self.refresh_class()
        self.say("\n".join(enrolment_lines(results)))

    def print_letters(self) -> None:
        class_id = self.current_class_id()
        if class_id is None:
            return
        import datetime as dt

        from desktop.reports.consent_letter import LetterDetails, end_of_school_year

        today = dt.date.today()
        details = LetterDetailsDialog(today, end_of_school_year(today), self)
        if not details.exec():
            return
        lang = self.letter_language.currentData()
        suggested = str(Path.home() / i18n.tr("class.page.letters_file", lang=lang))
        path, _ = QFileDialog.getSaveFileName(self, tr("class.page.letters_title"), suggested,
                                              tr("class.page.pdf_filter"))
        if path:
            self.write_letters(Path(path), lang, LetterDetails(**details.values()))

    def write_letters(self, target: Path, lang: str, details=None) -> None:
        """Write the letter to families and the consent form for every student, on the worker."""
        from desktop.reports.consent_letter import LetterDetails, consent_letters

        details = details or LetterDetails()
        classes = self.workspace.classes
        school_class = classes.get(self.current_class_id())
        students = [(m.number, m.nickname, m.age_band) for m in classes.roster(school_class.id)]
        if not students:
            self.say(tr("class.letters.no_students"), error=True)
            return

        def work(ctx):
            def progress(done: int, total: int) -> None:
                ctx.check_cancelled()
                ctx.progress(done, total, tr("class.letter.progress", done=done, total=total))

            try:
                return consent_letters(school_class.name, school_class.school, students, target, lang=lang,
                                       on_progress=progress, details=details)
            except OSError as exc:
                from desktop.reports.output import save_error

                raise save_error(exc, target, "consent-letters.pdf") from exc

        self._busy(True)
        self._task = self.window_ref.runner.run_task(
            work,
            on_done=lambda path: self._letters_written(path, school_class.id, len(students),
                                                       details.kept_until.isoformat()),
            on_error=self._letters_failed,
            on_progress=self._on_progress,
            on_cancelled=self._letters_cancelled,
            owner=self,
        )

    def _letters_cancelled(self) -> None:
        self._busy(False)
        self.say("")

    def _letters_written(self, path, class_id: int, count: int, keep_until: str) -> None:
        """The letters promise a retention period: it is recorded, and the page reminds the teacher after it."""
        self._busy(False)
        self.workspace.classes.set_keep_until(class_id, keep_until)
        self.refresh_class()
        self.say("\n".join([tr("class.letters.written", count=count, path=str(path)),
                            tr("class.retention.recorded", date=keep_until)]))

    def _letters_failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, StorageError):
            raise exc
        self.say(tr(exc.message_id, **exc.values), error=True)

    def _on_progress(self, progress) -> None:
        self.progress.setMaximum(progress.total or 0)
        self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.letters_button.setEnabled(not busy)
        self.photos_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def start_lesson(self) -> None:
        """The lesson starts from the Lesson page, which shows no names: on a mirrored projector the class never
        sees the roster and its consent states, before, during or after the lesson."""
        self.window_ref.show_page("lesson")
        self.window_ref.pages["lesson"].start_lesson()
