"""A homeroom teacher does the whole job in the window: imports the NEIS roster again, enrols faces from a
folder of photos named by number, records consent for several students at once, fixes a typo, and removes a
student who moved away, each destructive step listing what goes and defaulting to No."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.ui.main_window import MainWindow
from desktop.ui.pages.classroom import GivenConsentDialog
from desktop.ui.pages.classroom_dialogs import ClassPhotosDialog, ConfirmDeleteDialog, ImportPreviewDialog, RenameDialog
from desktop.ui.worker import SyncTaskRunner
from tests.gui.test_classroom_page import _answer as answer
from tests.unit.faces.conftest import FIXTURES as FACES

ROSTERS = Path(__file__).resolve().parents[1] / "fixtures" / "rosters"


@pytest.fixture
def page(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show_page("classroom")
    window.show()
    return window.pages["classroom"]


def rows(page):
    return [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]


def select(page, *numbers):
    page.table.clearSelection()
    model = page.table.selectionModel()
    for row in range(page.table.rowCount()):
        if int(page.table.item(row, 0).text()) in numbers:
            model.select(page.table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def listed(widget):
    return [widget.item(i).text() for i in range(widget.count())]


def test_a_neis_roster_imports_in_the_window_and_again_adds_only_the_newcomers(page, monkeypatch):
    page.create_class("2-3")
    first = answer(ImportPreviewDialog, monkeypatch, lambda dialog: True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(ROSTERS / "neis_2-3_cp949.csv"), ""))
    page.import_button.click()
    assert first[0].age is None  # every student has a birth date: nobody is asked about
    assert page.table.rowCount() == 25
    assert [row[1] for row in rows(page)].count("김민준") == 2
    assert {row[2] for row in rows(page)} == {"under 14", "14 or older"}  # one 중2 class, two age bands

    def choose_14(dialog):
        assert not dialog.ok_button.isEnabled()  # the age of the one student without a birth date is asked
        dialog.age.buttons["14to17"].click()
        return True

    again = answer(ImportPreviewDialog, monkeypatch, choose_14)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(ROSTERS / "neis_2-3_again_utf8bom.csv"), ""))
    page.import_button.click()
    shown = [label.text() for label in again[0].findChildren(type(again[0].findChild(type(page.status))))]
    assert "New 2 · unchanged 23 · different name 1 · not in the file 1" in shown
    assert again[0].ok_button.text() == "Add 2"
    assert "numbers 27" in again[0].age.title()
    assert page.table.rowCount() == 27
    assert rows(page)[3][1] == "최하은" and rows(page)[24][1] == "양소율"  # never renamed or removed by an import
    assert rows(page)[26][1:3] == ["노현우", "14 or older"]
    assert "left as they are" in page.status.text()


def test_consent_for_several_students_at_once_asks_each_teen_separately(page, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    page.add_student_values(2, "서연", "14to17")
    page.add_student_values(3, "하늘", "14to17")
    page.add_student_values(4, "바다", "under14")
    assert page.table.selectionMode() == page.table.SelectionMode.ExtendedSelection

    def only_hanul_agreed(dialog):
        assert sorted(dialog.checks) == [2, 3] and not dialog.agreed()  # nothing ticked for the teacher
        dialog.checks[3].click()
        return True

    answer(GivenConsentDialog, monkeypatch, only_hanul_agreed)
    select(page, 1, 2, 3)
    page.given_button.click()
    assert [row[3] for row in rows(page)] == [
        "given", "guardian agreed — waiting for the student's own agreement", "given (guardian and student)",
        "not asked yet"]
    assert page.status.text() == ("Recorded 3 students as given.\n"
                                  "1 of them is 14 or older and waits for their own agreement.")
    select(page, 4)
    page.refused_button.click()
    assert rows(page)[3][3] == "refused"
    assert "refused 1" in page.roster_summary.text()


def test_a_withdrawal_lists_what_goes_for_each_student_and_enter_keeps_everything(page, workspace, monkeypatch, qtbot):
    from tests.classroom_rows import add_finished_scan

    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    page.add_student_values(2, "서연", "under14")
    class_id = page.current_class_id()
    for number in (1, 2):
        workspace.classes.set_consent(class_id, number, "given")
    add_finished_scan(workspace, workspace.classes.member(class_id, 2).id,
                      [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    page.refresh()

    def press_enter(dialog):
        assert dialog.keep_button.isDefault() and not dialog.delete_button.isDefault()
        assert listed(dialog.listing) == [
            "1 민준: nothing held",
            "2 서연: 1 linked page, 1 record of a photo seen on it, 1 photo found (with its small copy), 1 scan"]
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    answer(ConfirmDeleteDialog, monkeypatch, press_enter)
    select(page, 1, 2)
    page.withdraw_button.click()
    assert [row[3] for row in rows(page)] == ["given", "given"]  # Enter is No: nothing changed
    answer(ConfirmDeleteDialog, monkeypatch, lambda dialog: True)
    select(page, 1, 2)
    page.withdraw_button.click()
    assert [row[3] for row in rows(page)] == ["withdrawn", "withdrawn"]
    assert workspace.db.query_one("SELECT count(*) FROM findings")[0] == 0


def test_fixing_a_typo_and_removing_a_student_who_moved_away(page, workspace, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(4, "최하은", "under14")
    page.add_student_values(25, "양소율", "under14")
    workspace.classes.set_consent(page.current_class_id(), 4, "given")
    page.refresh()

    def fix(dialog):
        assert dialog.name.text() == "최하은"
        dialog.name.setText("  ")
        dialog.ok_button.click()
        assert dialog.error.text() == "the name is empty"  # the dialog stays open and says why
        dialog.name.setText("최하윤")
        return True

    answer(RenameDialog, monkeypatch, fix)
    select(page, 4)
    page.rename_button.click()
    assert rows(page)[0][1::2] == ["최하윤", "given"]
    select(page, 4, 25)
    page.rename_button.click()
    assert page.status.text() == "Select just one student."

    def check_list(dialog):
        assert listed(dialog.listing) == [
            "25 양소율: the person's entry (name; for a student, number and age), 1 consent record"]
        return True

    answer(ConfirmDeleteDialog, monkeypatch, check_list)
    select(page, 25)
    page.remove_button.click()
    assert [row[1] for row in rows(page)] == ["최하윤"]
    assert page.status.text() == "Removed 1 student and everything about them: 25 양소율"


def test_the_new_buttons_are_named_and_reachable_by_keyboard(page):
    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    for button in (page.photos_button, page.refused_button, page.rename_button, page.remove_button):
        assert button.accessibleName() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert [page.rename_button.accessibleName(), page.remove_button.accessibleName()] == ["Fix name…", "Remove…"]
    assert page.remove_button.toolTip().startswith("Remove the selected students from the class")


def test_faces_are_enrolled_from_a_folder_of_photos_named_by_number(page, workspace, monkeypatch, tmp_path):
    page.create_class("2-3")
    class_id = page.current_class_id()
    for number, name in ((3, "민준"), (5, "서연")):
        page.add_student_values(number, name, "under14")
    workspace.classes.set_consent(class_id, 3, "given")
    workspace.classes.set_consent(class_id, 5, "refused")
    folder = tmp_path / "학생사진"
    folder.mkdir()
    shutil.copy(FACES / "obama.jpg", folder / "03.jpg")
    shutil.copy(FACES / "obama3.jpg", folder / "3번_2.jpg")
    (folder / "3").mkdir()
    shutil.copy(FACES / "obama2.jpg", folder / "3" / "교복.jpg")
    shutil.copy(FACES / "biden.jpg", folder / "05.jpg")
    shutil.copy(FACES / "biden.jpg", folder / "단체.jpg")

    def preview(dialog):
        assert [[dialog.table.item(0, c).text() for c in range(3)]] == [["3", "민준", "03.jpg, 3/교복.jpg, 3번_2.jpg"]]
        assert listed(dialog.left_out) == [
            "05.jpg: student 5: consent refused: will not be enrolled or scanned",
            "단체.jpg: the file name does not start with a student number (e.g. 03.jpg, 3번.jpg)"]
        return True

    answer(ClassPhotosDialog, monkeypatch, preview)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    page.photos_button.click()
    assert page.status.text().splitlines()[:2] == [
        "Faces enrolled for 1 student(s): 3 photo(s) learnt, 0 could not be used.",
        "Student 3, 민준: 3 learnt — " + page.status.text().splitlines()[1].split(" — ")[1]]
    student = workspace.classes.member(class_id, 3)
    assert workspace.db.query_one("SELECT count(*) FROM face_references WHERE person_id = ?", (student.id,))[0] == 3
    assert workspace.db.query_one("SELECT count(*) FROM face_references")[0] == 3  # nothing for the refusal
    assert not page.progress.isVisible()


def test_a_misfiled_photo_is_pointed_out_and_replacing_in_the_window_puts_it_right(page, workspace, monkeypatch,
                                                                                     tmp_path):
    page.create_class("2-3")
    class_id = page.current_class_id()
    for number, name in ((3, "민준"), (5, "서연")):
        page.add_student_values(number, name, "under14")
        workspace.classes.set_consent(class_id, number, "given")
    folder = tmp_path / "학생사진"
    folder.mkdir()
    shutil.copy(FACES / "obama.jpg", folder / "03.jpg")
    shutil.copy(FACES / "obama2.jpg", folder / "03_2.jpg")
    shutil.copy(FACES / "obama3.jpg", folder / "05.jpg")  # student 3's face, filed as student 5's
    answer(ClassPhotosDialog, monkeypatch, lambda dialog: not dialog.replace.isChecked())  # off unless ticked
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    page.photos_button.click()
    assert "Check: student 3 (03.jpg, 03_2.jpg) and student 5 (05.jpg) look like the same child" in page.status.text()

    (folder / "05.jpg").unlink()
    shutil.copy(FACES / "biden.jpg", folder / "05.jpg")

    def tick_replace(dialog):
        assert dialog.replace.accessibleName()
        dialog.replace.setChecked(True)
        return True

    answer(ClassPhotosDialog, monkeypatch, tick_replace)
    page.photos_button.click()
    assert "look like the same child" not in page.status.text()
    student_5 = workspace.classes.member(class_id, 5)
    assert workspace.db.query_one("SELECT count(*) FROM face_references WHERE person_id = ?", (student_5.id,))[0] == 1


def test_the_letter_dialog_asks_for_the_deadline_retention_and_contact_and_the_pdf_carries_them(
        page, monkeypatch, tmp_path):
    import datetime as dt

    from desktop.ui.pages.classroom_dialogs import LetterDetailsDialog
    from tests.unit.reports.test_consent_letter import pdf_pages

    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")

    def fill(dialog):
        assert dialog.keep_until.date().toPython().month == 2  # the end of the school year by default
        assert dialog.return_by.date().toPython() == dt.date.today() + dt.timedelta(days=7)
        assert all(field.accessibleName() for field in (dialog.date, dialog.return_by, dialog.keep_until,
                                                        dialog.contact))
        dialog.contact.setText("Ms Kim, 02-123-4567")
        return True

    answer(LetterDetailsDialog, monkeypatch, fill)
    target = tmp_path / "letters.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.letter_language.setCurrentIndex(1)
    page.letters_button.click()
    notice = " ".join(pdf_pages(target)[0].split())
    assert "Questions: Ms Kim, 02-123-4567" in notice
    due = dt.date.today() + dt.timedelta(days=7)
    assert f"by {due.day}/{due.month}/{due.year}" in notice


def test_the_retention_the_letter_promised_is_recorded_and_a_class_past_it_is_deleted_on_request(
        page, workspace, monkeypatch, tmp_path):
    import datetime as dt

    from desktop.reports.consent_letter import LetterDetails

    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    page.write_letters(tmp_path / "letters.pdf", "en", LetterDetails(keep_until=dt.date(2027, 2, 28)))
    assert page.retention_label.text() == "Data kept until 2027-02-28"
    assert "Recorded the retention period the letter gives (until 2027-02-28)" in page.status.text()
    workspace.classes.set_keep_until(page.current_class_id(), "2020-02-29")  # as if a year had gone by
    page.refresh()
    assert page.retention_label.text().startswith("The retention period promised in the letter (until 2020-02-29)")

    def listed_then_cancel(dialog):
        assert dialog.windowTitle() == "Delete class"
        assert listed(dialog.listing) == ["1 consent record"]
        return False

    answer(ConfirmDeleteDialog, monkeypatch, listed_then_cancel)
    page.delete_class_button.click()
    assert workspace.classes.find("2-3") is not None
    answer(ConfirmDeleteDialog, monkeypatch, lambda dialog: True)
    page.delete_class_button.click()
    assert workspace.classes.find("2-3") is None and page.no_class_label.isVisible()
    assert page.status.text() == "Deleted the class 2-3 and everything about it."


def test_importing_the_same_roster_again_adds_nobody_and_says_what_differs(page, tmp_path):
    page.create_class("2-3")
    first = tmp_path / "first.csv"
    first.write_text("번호,성명\n1,민준\n2,서연\n", encoding="utf-8")
    assert page.import_file(first, "under14")
    again = tmp_path / "again.csv"
    again.write_text("번호,성명\n1,민준\n2,서윤\n", encoding="utf-8")
    assert not page.preview_import(again)
    assert page.status.text().splitlines() == [
        "New 0 · unchanged 1 · different name 1 · not in the file 0",
        "There are no new students to add.",
        "Same number, different name (not changed: use 'Fix name' for a typo, or 'Remove' and import again for "
        "another student)",
        "  2: 서연 in the class, 서윤 in the file"]
    assert [row[1] for row in rows(page)] == ["민준", "서연"]


def test_a_whole_class_of_14_year_olds_fits_the_consent_dialog_on_a_720_screen(qtbot, page):
    page.create_class("3-1")
    for number in range(1, 26):
        page.add_student_values(number, f"학생{number}", "14to17")
    members = page.workspace.classes.roster(page.current_class_id())
    dialog = GivenConsentDialog(members)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.checks) == 25 and dialog.sizeHint().height() <= 700


def test_several_students_turned_14_get_their_age_at_once_and_wait_for_their_own_agreement(page, monkeypatch):
    from desktop.ui.pages.classroom import SetAgeDialog

    page.create_class("2-3")
    for number, name in ((1, "민준"), (2, "서연"), (3, "하늘")):
        page.add_student_values(number, name, "under14")
    select(page, 1, 2, 3)
    page.given_button.click()

    def now_14(dialog):
        assert dialog.windowTitle() == "Age of 2 students" and dialog.age.value() == "under14"
        dialog.age.buttons["14to17"].click()
        return True

    answer(SetAgeDialog, monkeypatch, now_14)
    select(page, 1, 3)
    page.set_age_button.click()
    assert [row[2] for row in rows(page)] == ["14 or older", "under 14", "14 or older"]
    assert page.status.text() == ("Recorded the age of 2 students as 14 or older.\n"
                                  "2 of them are 14 or older and wait for their own agreement.")
