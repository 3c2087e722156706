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
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.core.local_time import local_date, local_datetime
from desktop.core.roster import MAX_NUMBER, RosterFileError
from desktop.i18n import tr
from desktop.reports.class_overview import cell_text, signal_label
from desktop.store.classes import AWAITING_STUDENT, GIVEN_WITH_STUDENT, STUDENT_AGE_BANDS, RosterMember, RosterRejected
from desktop.store.db import StorageError
from desktop.ui.pages.base import Page
from desktop.ui.widgets import DialogError, accept_when_valid, make_button, ok_cancel_buttons
from desktop.ui.widgets_overview import BarChart, StatCard

ERROR_STYLE = "color: #a4262c;"
OK_STYLE = "color: #1d6b3a;"
WAITING_COLOUR = "#8a5300"  # the roster's "waiting for the student's own agreement" (dark amber, readable on white)

# Roster columns
COL_NUMBER, COL_NICKNAME, COL_AGE, COL_CONSENT, COL_DATE = range(5)


def age_label(age_band: str | None) -> str:
    return tr(f"class.age.{age_band or 'unset'}")


def consent_recorded_message(member: RosterMember) -> str:
    """What recording consent changed, in words: who has agreed, and what is still missing."""
    values = {"number": member.number, "nickname": member.nickname, "date": local_date(member.consent.recorded_at)}
    if member.consent_state == GIVEN_WITH_STUDENT:
        return tr("class.consent.recorded_with_student", **values)
    if member.consent_state == AWAITING_STUDENT:
        return tr("class.consent.recorded_awaiting_student", **values)
    return tr("class.consent.recorded", state=tr(f"class.consent.state.{member.consent_state}"), **values)


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


def _ok_needs_age(dialog: QDialog, buttons: QDialogButtonBox, choice: AgeBandChoice) -> None:
    """OK stays disabled until an age band is chosen."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(choice.value() is not None)
    choice.changed.connect(lambda: ok.setEnabled(choice.value() is not None))
    dialog.ok_button = ok


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
        self.nickname.setPlaceholderText(tr("person.nickname_hint"))
        self.nickname.setMinimumWidth(self.nickname.fontMetrics().horizontalAdvance(tr("person.nickname_hint")) + 40)
        form.addRow(tr("class.page.student_number"), self.number)
        form.addRow(tr("class.page.col_nickname"), self.nickname)
        layout.addLayout(form)
        self.age = AgeBandChoice(("class.page.age_under14", "class.page.age_14plus"), age_band)
        layout.addWidget(self.age)
        self.error = DialogError()
        layout.addWidget(self.error)
        self.on_submit = on_submit
        buttons = ok_cancel_buttons(self, on_accept=self.submit)
        _ok_needs_age(self, buttons, self.age)
        layout.addWidget(buttons)

    def submit(self) -> None:
        """Add the student; a problem (number taken, empty nickname) shows here and keeps what was typed."""
        if self.on_submit is None:
            self.accept()
            return
        accept_when_valid(self, self.error,
                          lambda: self.on_submit(self.number.value(), self.nickname.text(), self.age.value()))


class ImportAgeDialog(QDialog):
    """Asked before the roster file is chosen: how old are the students on it?"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.import_title"))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.import_age_prompt")))
        self.age = AgeBandChoice(("class.page.age_all_under14", "class.page.age_all_14plus"))
        layout.addWidget(self.age)
        buttons = ok_cancel_buttons(self, ok_text=tr("class.page.choose_file"))
        _ok_needs_age(self, buttons, self.age)
        layout.addWidget(buttons)


class SetAgeDialog(QDialog):
    def __init__(self, member: RosterMember, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.set_age_title", number=member.number, nickname=member.nickname))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.set_age_prompt")))
        self.age = AgeBandChoice(("class.page.age_under14", "class.page.age_14plus"), member.age_band)
        layout.addWidget(self.age)
        buttons = ok_cancel_buttons(self)
        _ok_needs_age(self, buttons, self.age)
        layout.addWidget(buttons)


class GivenConsentDialog(QDialog):
    """Recording consent for a student of 14 or older: the guardian's, and whether the student agreed too."""

    def __init__(self, member: RosterMember, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.given_title"))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.given_prompt", number=member.number, nickname=member.nickname)))
        self.student_agreed = QCheckBox(tr("class.page.student_agreed"))
        self.student_agreed.setAccessibleName(tr("class.page.student_agreed"))
        self.student_agreed.setChecked(member.consent_state == GIVEN_WITH_STUDENT)  # re-marking keeps it
        layout.addWidget(self.student_agreed)
        layout.addWidget(ok_cancel_buttons(self))


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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        roster_buttons = QGridLayout()
        self.import_button = make_button(tr("class.page.import_csv"), self.import_csv)
        self.add_button = make_button(tr("class.page.add_student"), self.add_student)
        self.requested_button = make_button(tr("class.page.consent_requested"),
                                            lambda: self.record_consent("requested"))
        self.given_button = make_button(tr("class.page.consent_given"), lambda: self.record_consent("given"))
        self.withdraw_button = make_button(tr("class.page.consent_withdrawn"),
                                           lambda: self.record_consent("withdrawn"))
        self.set_age_button = make_button(tr("class.page.set_age"), self.set_age)
        self.letters_button = make_button(tr("class.page.print_letters"), self.print_letters)
        self.letter_language = QComboBox()
        self.letter_language.addItem("한국어", "ko")
        self.letter_language.addItem("English", "en")
        self.letter_language.setCurrentIndex(0 if i18n.current_language() == "ko" else 1)
        self.letter_language.setAccessibleName(tr("class.page.letters_language"))
        for column, widget in enumerate((self.import_button, self.add_button)):
            roster_buttons.addWidget(widget, 0, column)
        for column, widget in enumerate((self.requested_button, self.given_button, self.withdraw_button,
                                         self.set_age_button)):
            roster_buttons.addWidget(widget, 1, column)
        letters_line = QHBoxLayout()
        letters_line.addWidget(self.letters_button)
        letters_line.addWidget(self.letter_language)
        letters_line.addStretch(1)
        roster_buttons.addLayout(letters_line, 0, 2, 1, 2)
        roster_buttons.setColumnStretch(3, 1)
        left.addLayout(roster_buttons)
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
        lower = QHBoxLayout()
        lower.addWidget(self.level_chart, 1, Qt.AlignmentFlag.AlignTop)
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
        lower.addLayout(recommendations_box, 1)
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
        self.fill_roster(class_id)
        self.fill_overview(class_id)

    def fill_roster(self, class_id: int) -> None:
        roster = self.workspace.classes.roster(class_id)
        selected = self.selected_number()
        self.table.setRowCount(len(roster))
        for row, member in enumerate(roster):
            consent = member.consent
            cells = [str(member.number), member.nickname, age_label(member.age_band),
                     tr(f"class.consent.state.{member.consent_state}"),
                     local_date(consent.recorded_at) if consent else ""]
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
        counts = {state: 0 for state in ("none", "requested", "given", "withdrawn", AWAITING_STUDENT)}
        for member in roster:
            counts["given" if member.consent_state == GIVEN_WITH_STUDENT else member.consent_state] += 1
        awaiting = counts.pop(AWAITING_STUDENT)
        if awaiting:
            self.roster_summary.setText(tr("class.page.roster_summary_awaiting", students=len(roster),
                                           awaiting=awaiting, **counts))
        else:
            self.roster_summary.setText(tr("class.page.roster_summary", students=len(roster), **counts))
        for button in (self.requested_button, self.given_button, self.withdraw_button, self.set_age_button,
                       self.letters_button):
            button.setEnabled(bool(roster))

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
            self.scanned_card.set_value(tr("class.dash.not_checked"), consenting_note)
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
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        item = self.table.item(row, COL_NUMBER)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

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
        ages = ImportAgeDialog(self)
        if not ages.exec():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("class.page.import_title"), str(Path.home()),
                                              tr("class.page.csv_filter"))
        if path:
            self.import_file(Path(path), ages.age.value())

    def import_file(self, path: Path, age_band: str) -> bool:
        """Import a roster file into the current class, every student with ``age_band``; the outcome (or every
        bad line) shows on the page."""
        class_id = self.current_class_id()
        if class_id is None:
            return False
        try:
            result = self.workspace.classes.import_roster_file(class_id, path, age_band=age_band)
        except RosterRejected as exc:
            lines = [tr("class.roster.problem_line", line=p.line, reason=tr(p.reason_id, **p.values))
                     for p in exc.problems]
            if exc.more:
                lines.append(tr("class.roster.more_problems", count=exc.more))
            self.say("\n".join([tr(exc.message_id, **exc.values), *lines]), error=True)
            return False
        except (RosterFileError, StorageError) as exc:
            self.say(tr(exc.message_id, **exc.values), error=True)
            return False
        self.refresh_class()
        lines = [tr("class.roster.imported", count=len(result.students), encoding=result.encoding)]
        if age_band == "14to17":
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
        class_id, number = self.current_class_id(), self.selected_number()
        if class_id is None or number is None:
            self.say(tr("class.page.select_student"), error=True)
            return
        dialog = SetAgeDialog(self.workspace.classes.roster_member(class_id, number), self)
        if dialog.exec():
            self.set_age_values(number, dialog.age.value())

    def set_age_values(self, number: int, age_band: str) -> None:
        member = self.workspace.classes.set_age_band(self.current_class_id(), number, age_band)
        self.refresh_class()
        lines = [tr("class.age.set", number=member.number, nickname=member.nickname, age=age_label(member.age_band))]
        if member.consent_state == AWAITING_STUDENT:
            lines.append(tr("class.age.now_awaiting"))
        self.say("\n".join(lines))

    def record_consent(self, status: str) -> None:
        class_id, number = self.current_class_id(), self.selected_number()
        if class_id is None or number is None:
            self.say(tr("class.page.select_student"), error=True)
            return
        classes = self.workspace.classes
        member = classes.roster_member(class_id, number)
        student_agreed = False
        if status == "withdrawn":
            from desktop.store.family_codes import ClassExports

            question = tr("class.page.withdraw_confirm", number=number, nickname=member.nickname)
            files = ClassExports(self.workspace.db, self.workspace.vault).paths(member.person.id)
            if files:  # exactly what will be deleted, the report files included
                question += "\n\n" + "\n".join([tr("classprivacy.withdraw_files"), *(f"  {path}" for path in files)])
            answer = QMessageBox.question(self, tr("class.page.consent_withdrawn"), question,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if status == "given" and member.age_band == "14to17":
            dialog = GivenConsentDialog(member, self)
            if not dialog.exec():
                return
            student_agreed = dialog.student_agreed.isChecked()
        rows = sum(classes.consents.data_left(member.person.id).values())
        classes.set_consent(class_id, number, status, student_agreed=student_agreed)
        self.refresh_class()
        message = consent_recorded_message(classes.roster_member(class_id, number))
        if status == "withdrawn":
            from desktop.reports.student_reports import withdrawal_file_lines

            message += "\n" + tr("class.consent.wiped", rows=rows)
            message = "\n".join([message, *withdrawal_file_lines(classes.consents.last_wipe)])
        self.say(message)

    def print_letters(self) -> None:
        class_id = self.current_class_id()
        if class_id is None:
            return
        lang = self.letter_language.currentData()
        suggested = str(Path.home() / i18n.tr("class.page.letters_file", lang=lang))
        path, _ = QFileDialog.getSaveFileName(self, tr("class.page.letters_title"), suggested,
                                              tr("class.page.pdf_filter"))
        if path:
            self.write_letters(Path(path), lang)

    def write_letters(self, target: Path, lang: str) -> None:
        from desktop.reports.consent_letter import consent_letters

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
                                       on_progress=progress)
            except OSError as exc:
                from desktop.reports.output import save_error

                raise save_error(exc, target, "consent-letters.pdf") from exc

        self._busy(True)
        self._task = self.window_ref.runner.run_task(
            work,
            on_done=lambda path: (self._busy(False), self.say(tr("class.letters.written", count=len(students),
                                                                  path=str(path)))),
            on_error=self._letters_failed,
            on_progress=self._on_progress,
            on_cancelled=lambda: (self._busy(False), self.say("")),
            owner=self,
        )

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
