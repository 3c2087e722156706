"""A parent reads the results: the score and its reasons, what to change with remembered checkboxes, the
photos with the face boxed, and answers that change the results at once."""

import pytest
from PySide6.QtCore import Qt

from desktop import demo
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def server(demo_server):
    return demo_server


@pytest.fixture
def workspace_scanned(scanned_workspace):
    return scanned_workspace


@pytest.fixture
def scanned(scanned_workspace):
    return demo.demo_child(scanned_workspace)


def open_results(qtbot, workspace, child):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.pages["results"].show_person(child.id)
    window.show_page("results")
    return window, window.pages["results"]


def test_the_results_screen_tells_the_parent_what_is_exposed_and_what_to_do(qtbot, workspace_scanned, scanned):
    workspace = workspace_scanned
    window, page = open_results(qtbot, workspace, scanned)
    assert page.score_label.accessibleName() == "Exposure score 90 of 100, high"
    reasons = [label.text() for label in page.reason_labels]
    assert "• 5 public photos show Haneul's face clearly." in reasons
    assert page.photos_heading.text() == "Photos with the face (5, found in 6 places)"  # sports day: two places
    titles = list(page.recommendation_boxes)
    assert titles[:2] == ["make_private.bluesky", "change_profile_picture.bluesky"]
    assert page.grid.count() == 6
    page.level_filter[1].setCurrentIndex(page.level_filter[1].findData("possible"))
    assert page.grid.count() == 0
    page.level_filter[1].setCurrentIndex(0)
    page.signal_filter[1].setCurrentIndex(page.signal_filter[1].findData("location"))
    assert page.grid.count() == 1

    # The checkbox of a recommendation is remembered after the app is closed and opened again.
    page.recommendation_boxes["make_private.bluesky"].setChecked(True)
    _, reopened = open_results(qtbot, workspace, scanned)
    assert reopened.recommendation_boxes["make_private.bluesky"].isChecked()
    assert not reopened.recommendation_boxes["change_profile_picture.bluesky"].isChecked()


def test_answering_not_my_child_removes_the_photo_and_lowers_the_score(qtbot, workspace_scanned, scanned, monkeypatch):
    workspace = workspace_scanned
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.results import photo_dialog

    window, page = open_results(qtbot, workspace, scanned)
    before = page.data.scan.risk_score
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def answer_not_me(dialog):
        dialog._answer("not_me", page.answer)
        return True

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", answer_not_me)
    school_item = next(page.grid.item(i) for i in range(page.grid.count())
                       if any(e["finding_id"] == page.grid.item(i).data(Qt.ItemDataRole.UserRole)
                              and e["source_kind"] == "web" for e in page.data.exposures))
    page.open_photo(school_item)
    assert page.grid.count() == 4  # the school's sports-day photo, and the same photo on Bluesky
    assert page.data.scan.risk_score < before


def item_showing(page, name: str):
    shown = {e["finding_id"]: e for e in page.data.exposures + page.data.answered}
    return next(page.grid.item(i) for i in range(page.grid.count())
                if shown[page.grid.item(i).data(Qt.ItemDataRole.UserRole)]["image_url"].endswith("/" + name))


def button_named(dialog, name: str):
    from PySide6.QtWidgets import QPushButton

    return next((b for b in dialog.findChildren(QPushButton) if b.accessibleName() == name), None)


def test_not_my_child_is_asked_first_and_an_answered_photo_can_be_found_and_undone(qtbot, workspace_scanned, scanned,
                                                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.results import photo_dialog

    window, page = open_results(qtbot, workspace_scanned, scanned)
    assert page.grid.count() == 6 and not page.answered_hint.isVisibleTo(page)
    score_before = page.data.scan.risk_score
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text)
                        or answers.pop(0))
    dialogs = []

    def click_not_my_child(dialog):
        dialogs.append(dialog)
        button_named(dialog, "Not my child").click()
        return dialog.result()

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", click_not_my_child)
    page.open_photo(item_showing(page, "avatar.jpg"))
    # The parent is asked what it does and that it can be undone; "No" leaves everything as it was.
    assert asked[0].startswith("Mark this face as not Haneul? The photo stops counting in the score")
    assert "You can undo this" in asked[0]
    assert dialogs[0].answer is None and page.grid.count() == 6 and page.data.scan.risk_score == score_before

    page.open_photo(item_showing(page, "avatar.jpg"))
    assert page.grid.count() == 5 and page.data.scan.risk_score < score_before
    assert page.photos_heading.text() == "Photos with the face (4, found in 5 places)"
    assert page.answered_hint.isVisibleTo(page)
    assert page.answered_hint.text() == ("1 photo you answered “not my child” about is not shown. To see it or undo "
                                         "the answer, choose Status: “Answered: not my child”.")

    status = page.status_filter[1]
    assert status.itemText(status.findData("not_me")) == "Answered: not my child"
    status.setCurrentIndex(status.findData("not_me"))
    assert page.grid.count() == 1 and page.grid.item(0).text() == "not my child"
    assert page.grid.item(0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Photo, not my child; ")
    assert not page.answered_hint.isVisibleTo(page)

    # From the keyboard: Enter opens the photo, where "Undo answer" has the focus; Space presses it.
    def undo_by_keyboard(dialog):
        undo = button_named(dialog, "Undo answer")
        assert undo is not None and button_named(dialog, "Not my child") is None
        assert undo.focusPolicy() & Qt.FocusPolicy.TabFocus and dialog.focusWidget() is undo
        qtbot.keyClick(undo, Qt.Key.Key_Space)
        return dialog.result()

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", undo_by_keyboard)
    page.grid.setCurrentRow(0)
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert page.grid.count() == 6 and page.data.scan.risk_score == score_before
    assert page.data.answered == [] and not page.answered_hint.isVisibleTo(page)


def test_the_scan_dialog_shows_progress_per_source_and_finishes(qtbot, workspace, server):
    from desktop.ui.results.scan_dialog import ScanDialog

    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    demo.seed(workspace)
    child = demo.demo_child(workspace)
    finished = []
    dialog = ScanDialog(window, child, on_finished=finished.append,
                        work=lambda ctx: demo.run_demo_scan(workspace, server.base_url, ctx))
    qtbot.addWidget(dialog)
    dialog.start()
    assert finished and finished[0].state == "done"
    assert len(dialog.rows) == 3  # one progress bar per linked source
    assert all(bar.value() == bar.maximum() for _, bar, _ in dialog.rows.values())


def test_a_scan_refused_for_lack_of_enrolment_explains_why(qtbot, workspace):
    from desktop.ui.results.scan_dialog import ScanDialog

    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    child = workspace.persons.add("Minji", consent_by=["guardian"])
    dialog = ScanDialog(window, child)
    qtbot.addWidget(dialog)
    dialog.start()
    assert "not enrolled yet" in dialog.error_text


def test_linked_sources_are_named_in_words_not_kind_ids(qtbot, workspace):
    from PySide6.QtWidgets import QLabel

    from tests.classroom_rows import add_finished_scan

    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    add_finished_scan(workspace, child.id, [{"kind": "folder", "visibility": "public"}])
    _, page = open_results(qtbot, workspace, child)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert any(text.startswith("<b>Folder on this computer</b> · ") for text in texts)
    assert not any(text.startswith("<b>folder</b>") for text in texts)


def test_saving_the_report_where_it_cannot_go_says_why_in_words(qtbot, workspace_scanned, scanned, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window, page = open_results(qtbot, workspace_scanned, scanned)
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder), "PDF (*.pdf)"))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    page.save_pdf()
    assert warned and warned[0].startswith(f"{folder} is a folder")
    assert list(folder.iterdir()) == []  # nothing half-written


def test_the_pdf_report_is_drawn_off_the_window_thread_and_then_said_saved(qtbot, workspace_scanned, scanned, tmp_path,
                                                                           monkeypatch):
    import threading

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desktop.reports import family_report
    from desktop.ui.worker import TaskRunner

    window, page = open_results(qtbot, workspace_scanned, scanned)
    window.runner = TaskRunner()
    target = tmp_path / "haneul.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    said, threads = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    real_write = family_report.write
    monkeypatch.setattr(family_report, "write", lambda *a, **k: (
        threads.append(threading.current_thread() is threading.main_thread()), real_write(*a, **k))[1])
    page.save_pdf()
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert threads == [False] and target.exists() and said == [f"Saved {target}"]
