"""A teacher on the Classroom page: creates a class, imports the roster, records consent, sees totals only."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.classroom_rows import add_finished_scan


@pytest.fixture
def page(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show_page("classroom")
    window.show()
    return window.pages["classroom"]


def table_rows(page):
    return [[page.table.item(row, column).text() for column in range(3)] for row in range(page.table.rowCount())]


def test_without_a_class_the_page_asks_to_create_one(page):
    assert page.no_class_label.isVisible() and not page.class_area.isVisible()
    page.create_class("2-3", "Maple Middle")
    assert page.class_combo.currentText() == "2-3 · Maple Middle"
    assert page.class_area.isVisible()
    assert page.actions_row is not None  # lesson mode and the class scan add their buttons here


def test_import_a_korean_excel_roster_and_see_it(page, tmp_path):
    page.create_class("2-3")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_bytes("번호,별명\r\n1,민준\r\n2,똠방\r\n3,하늘\r\n".encode("cp949"))
    assert page.import_file(csv_file)
    assert table_rows(page) == [["1", "민준", "not asked yet"], ["2", "똠방", "not asked yet"],
                                ["3", "하늘", "not asked yet"]]
    assert "Imported 3 students" in page.status.text()


def test_a_bad_roster_lists_each_bad_line_and_imports_nothing(page, tmp_path):
    page.create_class("2-3")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("1,민준\n1,서연\n", encoding="utf-8")
    assert not page.import_file(csv_file)
    assert page.table.rowCount() == 0
    assert "Line 2: number 1 is already used on line 1" in page.status.text()


def test_recording_and_withdrawing_consent_from_the_roster(page, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(1, "민준")
    page.table.selectRow(0)
    page.given_button.click()
    assert table_rows(page)[0][2] == "given"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectRow(0)
    page.withdraw_button.click()
    assert table_rows(page)[0][2] == "withdrawn"
    assert "deleted this student's face data" in page.status.text()


def test_consent_buttons_need_a_selected_student(page):
    page.create_class("2-3")
    page.add_student_values(1, "민준")
    page.table.clearSelection()
    page.given_button.click()
    assert page.status.text() == "Select a student in the roster first."


def _class_with_scans(page, workspace, public_students):
    page.create_class("2-3")
    class_id = page.current_class_id()
    for number in range(1, 6):
        student = workspace.classes.add_student(class_id, number, f"Zelda{number}")
        workspace.classes.set_consent(class_id, number, "given")
        add_finished_scan(workspace, student.id, [{
            "visibility": "public" if number <= public_students else "private",
            "exposures": [("match", ["clear_face"] if number <= 4 else ["phone"])] * 2,
        }], ["make_private"])
    page.refresh()


@pytest.mark.parametrize("lang, fewer", [("en", "fewer than 3"), ("ko", "3 미만")])
def test_the_overview_shows_totals_and_fewer_than_3(qtbot, workspace, lang, fewer):
    i18n.set_language(lang)
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("classroom")
    page = window.pages["classroom"]
    _class_with_scans(page, workspace, public_students=2)
    assert page.scanned_card.value_label.text() == "5"
    assert page.public_card.value_label.text() == fewer
    assert page.exposed_card.value_label.text() == "10"
    signals = dict(zip([label for label, _ in page.signal_chart.rows], page.signal_chart.value_texts(),
                       strict=True))
    assert list(signals.values())[0] == "4"  # clear face: 4 students
    assert fewer in signals.values()  # the one student with a phone number is not countable
    overview_text = " ".join(
        [card.accessibleDescription() for card in (page.scanned_card, page.public_card, page.exposed_card)]
        + [page.signal_chart.accessibleDescription(), page.level_chart.accessibleDescription(),
           page.recommendations.text()])
    assert "Zelda" not in overview_text  # no student's nickname in the overview


def test_letters_are_written_through_the_runner(page, tmp_path):
    page.create_class("2-3")
    page.add_student_values(1, "민준")
    page.add_student_values(2, "서연")
    target = tmp_path / "letters.pdf"
    page.write_letters(target, "ko")
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert "Wrote 2 consent letters" in page.status.text()
    assert not page.progress.isVisible()


def test_the_class_chooser_is_keyboard_reachable_and_named(page):
    page.create_class("2-3")
    assert page.class_combo.accessibleName() == "Choose a class"
    assert page.table.accessibleName() == "Roster"
    assert page.class_combo.focusPolicy() & Qt.FocusPolicy.TabFocus
