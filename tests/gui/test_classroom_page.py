"""A teacher on the Classroom page: creates a class, imports the roster, records consent, sees totals only."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLabel, QRadioButton

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.classroom import AddStudentDialog, GivenConsentDialog, SetAgeDialog
from desktop.ui.pages.classroom_dialogs import ConfirmDeleteDialog, ImportPreviewDialog
from desktop.ui.worker import SyncTaskRunner
from tests.classroom_rows import add_finished_scan, finish_audit


@pytest.fixture
def page(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show_page("classroom")
    window.show()
    return window.pages["classroom"]


def table_rows(page):
    """Number, nickname, age and consent, as the teacher reads them."""
    return [[page.table.item(row, column).text() for column in range(4)] for row in range(page.table.rowCount())]


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
    assert page.import_file(csv_file, "under14")
    assert table_rows(page) == [["1", "민준", "under 14", "not asked yet"], ["2", "똠방", "under 14", "not asked yet"],
                                ["3", "하늘", "under 14", "not asked yet"]]
    assert page.status.text() == "Imported 3 students (file encoding: cp949)."
    # Never asked: no date in the "Since" column (as `jikimi class roster` shows it), not today's.
    assert [page.table.item(row, 4).text() for row in range(3)] == ["—", "—", "—"]


def test_a_bad_roster_lists_each_bad_line_and_imports_nothing(page, tmp_path):
    page.create_class("2-3")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("1,민준\n1,서연\n", encoding="utf-8")
    assert not page.import_file(csv_file, "under14")
    assert page.table.rowCount() == 0
    assert "Line 2: number 1 is already used on line 1" in page.status.text()


def test_a_roster_full_of_mistakes_lists_the_first_twenty_and_a_missing_file_says_why(page, tmp_path):
    page.create_class("2-3")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("".join(f"{n},\n" for n in range(1, 41)), encoding="utf-8")  # 40 empty nicknames
    assert not page.import_file(csv_file, "under14")
    shown = page.status.text().splitlines()
    assert len(shown) == 1 + 20 + 1 and shown[-1] == "…and 20 more problems"
    assert not page.import_file(tmp_path / "gone.csv", "under14")
    assert "No such file" not in page.status.text() and page.status.text()


def test_recording_and_withdrawing_consent_from_the_roster(page, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    page.table.selectRow(0)
    page.given_button.click()
    assert table_rows(page)[0][3] == "given"
    assert page.table.item(0, 4).text()[:2] == "20"  # the local date the answer was recorded
    asked = _answer(ConfirmDeleteDialog, monkeypatch, lambda dialog: True)
    page.table.selectRow(0)
    page.withdraw_button.click()
    assert [asked[0].listing.item(i).text() for i in range(asked[0].listing.count())] == ["1 민준: nothing held"]
    assert table_rows(page)[0][3] == "withdrawn"
    assert "this student's face data, linked pages and findings are deleted" in page.status.text()


def test_consent_buttons_need_a_selected_student(page):
    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
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
    finish_audit(workspace, class_id)
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
    page.add_student_values(1, "민준", "under14")
    page.add_student_values(2, "서연", "under14")
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


def _answer(dialog_class, monkeypatch, act):
    """The next ``dialog_class`` the page opens is answered by ``act(dialog)`` (True: OK, False: Cancel)."""
    seen = []

    def answer(dialog):
        seen.append(dialog)
        if not act(dialog):
            return QDialog.DialogCode.Rejected
        ok = getattr(dialog, "ok_button", None)
        if ok is None:
            return QDialog.DialogCode.Accepted
        ok.click()  # as the teacher would: the dialog may refuse and stay open
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", answer)
    return seen


def _choose(band):
    def act(dialog):
        assert not dialog.ok_button.isEnabled()  # nothing is chosen for the teacher
        dialog.age.buttons[band].click()
        return dialog.ok_button.isEnabled()
    return act


def test_a_high_school_roster_waits_for_each_students_own_agreement(page, workspace, tmp_path, monkeypatch):
    page.create_class("2-3")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("1,Minjun\n2,Seoyeon\n", encoding="utf-8")
    _answer(ImportPreviewDialog, monkeypatch, _choose("14to17"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_file), ""))
    page.import_button.click()
    assert table_rows(page) == [["1", "Minjun", "14 or older", "not asked yet"],
                                ["2", "Seoyeon", "14 or older", "not asked yet"]]
    assert "These students are 14 or older" in page.status.text()

    asked = _answer(GivenConsentDialog, monkeypatch, lambda dialog: True)  # the guardian's slip, not the student
    page.table.selectRow(0)
    page.given_button.click()
    assert "Student 1 (Minjun) is 14 or older" in asked[0].findChild(QLabel).text()
    assert table_rows(page)[0][3] == "guardian agreed — waiting for the student's own agreement"
    assert page.table.item(0, 3).toolTip() == "the young person (14+) must agree too before enrolling or scanning"
    assert "The student is 14 or older, so they must agree too" in page.status.text()
    assert "waiting for the student: 1" in page.roster_summary.text()
    assert page.scanned_card.note_label.text() == "0 students have consent"

    def student_agreed_too(dialog):
        dialog.student_agreed.click()
        return True

    _answer(GivenConsentDialog, monkeypatch, student_agreed_too)
    page.table.selectRow(0)
    page.given_button.click()
    assert table_rows(page)[0][3] == "given (guardian and student)"
    assert page.status.text().startswith("Student 1 (Minjun): consent given by the guardian and the student, ")
    assert workspace.classes.roster_member(page.current_class_id(), 1).may_be_scanned
    assert page.scanned_card.note_label.text() == "1 students have consent"


def test_a_student_found_to_be_14_is_not_scanned_on_the_guardians_word_alone(page, workspace, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(1, "민준", "under14")
    _answer(GivenConsentDialog, monkeypatch, lambda dialog: pytest.fail("under 14: the guardian's consent is all"))
    page.table.selectRow(0)
    page.given_button.click()
    assert table_rows(page)[0][2:] == ["under 14", "given"]

    def now_14(dialog):
        assert dialog.age.value() == "under14"  # what is recorded now is chosen
        dialog.age.buttons["14to17"].click()
        return True

    _answer(SetAgeDialog, monkeypatch, now_14)
    page.table.selectRow(0)
    page.set_age_button.click()
    assert table_rows(page)[0][2:] == ["14 or older", "guardian agreed — waiting for the student's own agreement"]
    assert page.status.text() == ("Student 1 (민준): age recorded as 14 or older.\nThe guardian's consent alone is no "
                                  "longer enough: the student must agree too before enrolling or scanning.")
    assert not workspace.classes.roster_member(page.current_class_id(), 1).may_be_scanned


def test_adding_a_student_asks_the_age_and_suggests_the_one_the_class_has(page, monkeypatch):
    page.create_class("2-3")

    def add(number, nickname, suggested, band):
        def act(dialog):
            assert dialog.age.value() == suggested
            assert dialog.ok_button.isEnabled() == (suggested is not None)
            dialog.number.setValue(number)
            dialog.nickname.setText(nickname)
            dialog.age.buttons[band].click()
            return True

        _answer(AddStudentDialog, monkeypatch, act)
        page.add_button.click()

    add(1, "Minjun", None, "14to17")  # an empty class: nothing is chosen for the teacher
    assert page.status.text().endswith("This student is 14 or older: they must agree too, as well as their "
                                       "guardian, before enrolling or scanning.")
    add(2, "Seoyeon", "14to17", "14to17")
    add(3, "Jiwoo", "14to17", "under14")  # a younger student joins
    add(4, "Hana", None, "under14")  # a mixed class: no suggestion
    assert [row[1:3] for row in table_rows(page)] == [["Minjun", "14 or older"], ["Seoyeon", "14 or older"],
                                                      ["Jiwoo", "under 14"], ["Hana", "under 14"]]


def test_the_age_and_consent_controls_are_named_and_keyboard_reachable(page, qtbot):
    page.create_class("2-3")
    page.add_student_values(1, "Minjun", "14to17")
    assert page.set_age_button.accessibleName() == "Set age…"
    assert page.set_age_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.table.horizontalHeaderItem(2).text() == "Age"
    member = page.workspace.classes.roster_member(page.current_class_id(), 1)
    dialogs = [ImportPreviewDialog("2 new", [], "Age of the 2 new students", "Add 2"), SetAgeDialog(member),
               GivenConsentDialog([member]), AddStudentDialog(2)]
    controls = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        controls += dialog.findChildren(QRadioButton) + dialog.findChildren(QCheckBox)
    assert len(controls) >= len(dialogs)
    for control in controls:
        assert control.accessibleName() == control.text()
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert dialogs[2].student_agreed.accessibleName() == "The student (14 or older) agreed too"
    choose = dialogs[0]
    choose.show()
    qtbot.waitExposed(choose)
    choose.age.buttons["under14"].setFocus()
    qtbot.keyClick(choose.age.buttons["under14"], Qt.Key.Key_Space)  # Space picks the focused choice
    assert choose.age.value() == "under14" and choose.ok_button.isEnabled()


def test_letters_from_the_page_ask_a_student_of_14_or_older_to_sign_too(page, tmp_path):
    from tests.unit.reports.test_consent_letter import pdf_pages

    page.create_class("2-3")
    page.add_student_values(1, "Minjun", "14to17")
    page.add_student_values(2, "Seoyeon", "under14")
    target = tmp_path / "letters.pdf"
    page.write_letters(target, "en")
    _, minjun, _, seoyeon = pdf_pages(target)  # the letter, then the form, per student
    assert "Student's signature" in minjun and "Student's signature" not in seoyeon


def test_a_taken_number_is_explained_in_the_dialog_and_what_was_typed_stays(page, monkeypatch):
    page.create_class("2-3")
    page.add_student_values(1, "Minjun", "under14")

    def act(dialog):
        dialog.number.setValue(1)
        dialog.nickname.setText("Seoyeon")
        dialog.age.buttons["under14"].click()
        return True

    seen = _answer(AddStudentDialog, monkeypatch, act)
    page.add_button.click()
    dialog = seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted  # still open
    assert dialog.error.isVisibleTo(dialog) and "1" in dialog.error.text()
    assert dialog.nickname.text() == "Seoyeon"
    dialog.number.setValue(2)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [row[1] for row in table_rows(page)] == ["Minjun", "Seoyeon"]


def test_tab_leaves_the_roster_for_the_buttons(page, qtbot):
    page.create_class("2-3")
    for number, nickname in ((1, "Minjun"), (2, "Seoyeon")):
        page.add_student_values(number, nickname, "under14")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    page.show()
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.table


@pytest.mark.parametrize("lang, not_checked", [("en", "not checked"), ("ko", "확인 못 함")])
def test_a_school_page_the_last_audit_could_not_read_shows_not_checked_not_zero(qtbot, workspace, lang,
                                                                                  not_checked):
    i18n.set_language(lang)
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("classroom")
    page = window.pages["classroom"]
    page.create_class("2-3")
    class_id = page.current_class_id()
    for number in range(1, 5):
        student = workspace.classes.add_student(class_id, number, f"Zelda{number}")
        workspace.classes.set_consent(class_id, number, "given")
        add_finished_scan(workspace, student.id, [
            {"visibility": "unknown", "owner": "school", "class_id": class_id, "state": "failed"},
            {"visibility": "private"}])
    page.refresh()
    assert page.overview_message.text() == i18n.tr("class.dash.no_audit", button=i18n.tr("classaudit.page.scan"))
    finish_audit(workspace, class_id)
    page.refresh()
    assert page.exposed_card.value_label.text() == not_checked
    assert set(page.level_chart.value_texts()) == {not_checked}
    assert page.incomplete_label.isVisibleTo(page) and ".example.org" in page.incomplete_label.text()
    assert "0" not in page.exposed_card.value_label.text()
    assert page.public_card.value_label.text() == "0"  # the students' own pages were read: that count stands


@pytest.mark.parametrize("lang, words", [("en", "may be higher"), ("ko", "실제보다 적을 수")])
def test_the_dashboard_says_its_photo_counts_may_be_higher_when_faces_were_too_small(qtbot, workspace, lang, words):
    """The class photo's back row was too small for the engine in three students' scans: the teacher reads that
    the counts are a floor, in the window as in the command line."""
    i18n.set_language(lang)
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("classroom")
    page = window.pages["classroom"]
    page.create_class("2-4")
    class_id = page.current_class_id()
    for number in range(1, 5):
        student = workspace.classes.add_student(class_id, number, f"Yuna{number}")
        workspace.classes.set_consent(class_id, number, "given")
        scan_id = add_finished_scan(workspace, student.id, [{"visibility": "public",
                                                            "exposures": [("match", ["clear_face"])]}])
        workspace.db.conn.execute("UPDATE scans SET summary_enc = ? WHERE id = ?", (workspace.vault.seal_json(
            {"counts": {"not_fully_checked": 1 if number <= 3 else 0}}, "scans.summary"), scan_id))
    finish_audit(workspace, class_id)
    page.refresh()
    assert page.incomplete_label.isVisibleTo(page) and words in page.incomplete_label.text()
    assert page.exposed_card.value_label.text() == "4"  # the count stays a number: what was found is true


@pytest.mark.parametrize(("lang", "label", "name"), [("en", "Letter language:", "Letter language"),
                                                      ("ko", "동의서 언어:", "동의서 언어")])
def test_the_letters_language_box_is_labelled_as_the_letters_not_the_apps(request, lang, label, name):
    import json

    from desktop.resources import asset

    i18n.set_language(lang)  # before the window is made: its labels are read then
    catalog = json.loads(asset(f"i18n/{lang}/class.json").read_text(encoding="utf-8"))
    assert catalog["class.page.letters_language_label"] == label
    page = request.getfixturevalue("page")
    page.create_class("2-3")
    shown = page.letter_language_label
    assert isinstance(shown, QLabel) and shown.text() == label
    assert shown.buddy() is page.letter_language
    assert shown.isVisible() and page.letter_language.isVisible()
    assert page.letter_language.accessibleName() == name  # screen readers keep the box's own name
    # beside the box, on the letters' row, before it
    assert shown.geometry().right() <= page.letter_language.geometry().left()
    assert abs(shown.geometry().center().y() - page.letter_language.geometry().center().y()) <= 4
