"""The Classroom page's dialogs for doing the whole job in the window: a roster import preview (new / unchanged /
different name / not in the file, and the age for students without a birth date), a destructive confirmation
that lists exactly what goes and defaults to No, fixing a name, recording consent for several students, and the
preview of a folder of photos named by student number. Layout only: the page computes what they show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models import STUDENT_AGE_BANDS
from desktop.i18n import tr
from desktop.ui.widgets import DialogError, accept_when_valid, ok_cancel_buttons


def _prompt(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def _line_list(lines: list[str], name: str, rows: int = 8) -> QListWidget:
    """A read-only list the keyboard can scroll (Tab reaches it, the arrow keys move)."""
    listing = QListWidget()
    listing.addItems(lines)
    listing.setWordWrap(True)
    listing.setAccessibleName(name)
    listing.setMinimumWidth(460)
    listing.setMaximumHeight(24 * rows + 8)
    return listing


class AgeChoice(QGroupBox):
    """Under 14 / 14 or older for the students a file gives no birth date for; nothing chosen until the teacher
    chooses."""

    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for band, label_id in zip(STUDENT_AGE_BANDS, ("class.page.age_all_under14", "class.page.age_all_14plus"),
                                  strict=True):
            button = QRadioButton(tr(label_id))
            button.setAccessibleName(tr(label_id))
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[band] = button

    def value(self) -> str | None:
        return next((band for band, button in self.buttons.items() if button.isChecked()), None)


class ImportPreviewDialog(QDialog):
    """What importing the chosen roster will do, before anything is added."""

    def __init__(self, summary: str, sections: list[tuple[str, list[str]]], need_age: str | None,
                 ok_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.import_title"))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(summary))
        for title, lines in sections:
            if lines:
                layout.addWidget(_prompt(title))
                layout.addWidget(_line_list(lines, title, rows=min(len(lines), 6)))
        self.age = None
        buttons = ok_cancel_buttons(self, ok_text=ok_text)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if need_age:
            self.age = AgeChoice(need_age)
            layout.addWidget(self.age)
            self.ok_button.setEnabled(False)
            self.age.group.buttonToggled.connect(lambda *_: self.ok_button.setEnabled(self.age.value() is not None))
        layout.addWidget(buttons)

    def age_band(self) -> str | None:
        return self.age.value() if self.age is not None else None


class ConfirmDeleteDialog(QDialog):
    """A destructive question: what will be deleted, line by line; "Delete" is never the default (Enter and
    Escape both keep everything)."""

    def __init__(self, title: str, question: str, lines: list[str], delete_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(question))
        self.listing = _line_list(lines, question, rows=min(max(len(lines), 2), 10))
        layout.addWidget(self.listing)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(delete_text, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setAccessibleName(delete_text)
        self.delete_button.setAutoDefault(False)
        self.delete_button.setDefault(False)
        self.keep_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.keep_button.setDefault(True)
        self.keep_button.setAutoDefault(True)
        self.delete_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_button.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.keep_button.setFocus()


class RenameDialog(QDialog):
    """Fix a student's name (a typo, a changed name); the number, consent and results stay."""

    def __init__(self, number: int, name: str, parent=None, on_submit=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.rename_title", number=number))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.rename_prompt", number=number, name=name)))
        self.name = QLineEdit(name)
        self.name.setAccessibleName(tr("class.page.col_nickname"))
        self.name.selectAll()
        layout.addWidget(self.name)
        self.error = DialogError()
        layout.addWidget(self.error)
        self.on_submit = on_submit
        buttons = ok_cancel_buttons(self, on_accept=self.submit)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    def submit(self) -> None:
        if self.on_submit is None:
            self.accept()
            return
        accept_when_valid(self, self.error, lambda: self.on_submit(self.name.text()))


class ClassPhotosDialog(QDialog):
    """Which photo goes to which student, and which files are left out and why; OK starts the enrolment."""

    def __init__(self, summary: str, rows: list[tuple[str, str, str]], left_out: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("class.photos.preview_title"))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(summary))
        layout.addWidget(_prompt(tr("class.photos.preview_table")))
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([tr("class.photos.col_number"), tr("class.photos.col_name"),
                                              tr("class.photos.col_files")])
        self.table.setAccessibleName(tr("class.photos.preview_table"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.left_out = None
        if left_out:
            layout.addWidget(_prompt(tr("class.photos.left_out_title")))
            self.left_out = _line_list(left_out, tr("class.photos.left_out_title"), rows=6)
            layout.addWidget(self.left_out)
        # Off by default: adding photos keeps what was learnt; replacing puts a misfiled photo right.
        self.replace = QCheckBox(tr("class.photos.replace"))
        self.replace.setAccessibleName(tr("class.photos.replace"))
        layout.addWidget(self.replace)
        buttons = ok_cancel_buttons(self, ok_text=tr("class.photos.start"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(bool(rows))
        layout.addWidget(buttons)


class GivenConsentDialog(QDialog):
    """Recording "given" for students of 14 or older: the guardian's consent, and for each student whether they
    agreed too (one tick box each, none ticked for the teacher)."""

    def __init__(self, members, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("class.page.given_title"))
        layout = QVBoxLayout(self)
        if len(members) == 1:
            member = members[0]
            layout.addWidget(_prompt(tr("class.page.given_prompt", number=member.number, nickname=member.nickname)))
        else:
            layout.addWidget(_prompt(tr("class.page.given_prompt_many", count=len(members))))
        self.checks: dict[int, QCheckBox] = {}
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        for member in members:
            text = (tr("class.page.student_agreed") if len(members) == 1 else
                    tr("class.page.student_agreed_named", number=member.number, nickname=member.nickname))
            box = QCheckBox(text)
            box.setAccessibleName(text)
            box.setChecked(member.consent_state == "given_with_student")  # re-marking keeps it
            column.addWidget(box)
            self.checks[member.number] = box
        if len(members) > 8:  # a whole class of 14-year-olds: the list scrolls, the buttons stay on a 720 screen
            scroller = QScrollArea()
            scroller.setWidget(boxes)
            scroller.setWidgetResizable(True)
            scroller.setMaximumHeight(320)
            layout.addWidget(scroller)
        else:
            layout.addWidget(boxes)
        self.student_agreed = next(iter(self.checks.values()))
        layout.addWidget(ok_cancel_buttons(self))

    def agreed(self) -> set[int]:
        return {number for number, box in self.checks.items() if box.isChecked()}


class LetterDetailsDialog(QDialog):
    """What the teacher fills in on the letter to families: its date, the return deadline, until when the data
    is kept (the end of the school year unless changed) and the school's contact. An empty contact prints a line
    to fill in by hand."""

    def __init__(self, today, keep_until, parent=None):
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QDateEdit, QFormLayout

        super().__init__(parent)
        self.setWindowTitle(tr("class.page.letters_title"))
        layout = QVBoxLayout(self)
        layout.addWidget(_prompt(tr("class.page.letters_prompt")))
        form = QFormLayout()

        def date_field(label_id: str, day) -> QDateEdit:
            field = QDateEdit(QDate(day.year, day.month, day.day))
            field.setCalendarPopup(True)
            field.setDisplayFormat("yyyy-MM-dd")
            field.setAccessibleName(tr(label_id))
            form.addRow(tr(label_id), field)
            return field

        import datetime as dt

        self.date = date_field("class.page.letter_date", today)
        self.return_by = date_field("class.page.letter_return_by", today + dt.timedelta(days=7))
        self.keep_until = date_field("class.page.letter_keep_until", keep_until)
        self.contact = QLineEdit()
        self.contact.setAccessibleName(tr("class.page.letter_contact"))
        self.contact.setPlaceholderText(tr("class.page.letter_contact_hint"))
        self.contact.setMinimumWidth(360)
        form.addRow(tr("class.page.letter_contact"), self.contact)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self, ok_text=tr("class.page.letters_save"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {"date": self.date.date().toPython(), "return_by": self.return_by.date().toPython(),
                "keep_until": self.keep_until.date().toPython(), "contact": self.contact.text().strip()}
