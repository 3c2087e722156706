"""The teacher's class-wide work on the Classroom page: scan the class, add a school page, write the family
reports, check school photos and blur photos before publishing — with progress, and no names beside results."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.faces.enrol import enrol
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.integration.fake_platforms import Platforms, Post, serve
from tests.integration.test_class_audit import InProcessEngine, fast_scanner
from tests.unit.faces.conftest import FIXTURES, fixture_bytes


@pytest.fixture
def page(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show_page("classroom")
    window.show()
    page = window.pages["classroom"]
    page.audit.show_results = False
    return page


@pytest.fixture
def school_class(page, workspace):
    page.create_class("2-3")
    classes = workspace.classes
    class_id = page.current_class_id()
    page.add_student_values(1, "하늘", "under14")
    page.add_student_values(2, "민준", "under14")
    classes.set_consent(class_id, 1, "given")
    assert enrol(workspace, classes.member(class_id, 1), [FIXTURES / "obama2.jpg", FIXTURES / "obama3.jpg"]).accepted
    page.refresh_class()
    return class_id


def test_the_class_buttons_appear_with_a_class(page):
    assert not page.audit.widget.isVisible() and not page.audit.scan_button.isEnabled()
    page.create_class("2-3")
    assert page.audit.widget.isVisible() and page.audit.scan_button.isEnabled()
    assert page.actions_row.indexOf(page.audit.scan_button) == 0
    assert page.audit.blur_button.accessibleName() == "Blur photos before publishing…"


def test_scan_the_class_school_page_and_reports(page, school_class, workspace, tmp_path):
    platforms = Platforms(images={"obama.jpg": fixture_bytes("obama.jpg")}, gallery_pages=[[Post("obama.jpg")]])
    server, base = serve(platforms)
    try:
        assert page.audit.add_school_page("web", f"{base}/gallery?page=1", allow_private=True)
        assert "School page added to 2-3" in page.status.text()
        page.audit.scanner_factory = lambda: fast_scanner(workspace)
        page.audit.scan_class()
    finally:
        server.shutdown()
        server.server_close()
    assert page.status.text() == "Class scan finished: 1 scanned, 1 skipped, 0 failed."
    lines = page.audit.last_result.text.toPlainText().splitlines()
    assert "Student 1: scanned" in lines
    assert "Student 2: not scanned: no consent recorded: cannot be enrolled or scanned" in lines
    assert "하늘" not in page.audit.last_result.text.toPlainText()
    assert page.scanned_card.value_label.text() == "fewer than 3"  # the overview refreshed, still aggregate
    page.audit.write_codes(tmp_path / "codes.pdf")
    assert page.status.text().startswith("Wrote family code slips for 2 students")
    page.audit.write_reports(tmp_path / "reports")
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["student-01.pdf"]
    assert "1 family reports written" in page.status.text()
    assert "Each report opens only with its family's code" in page.status.text()


def test_scan_with_nobody_scannable_says_why(page):
    page.create_class("2-3")
    page.add_student_values(1, "하늘", "under14")
    page.audit.scan_class()
    assert "No student can be scanned yet" in page.status.text()
    assert page.audit.progress_dialog is None


def test_check_photos_and_blur_from_the_page(page, school_class, workspace, tmp_path):
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "obama.jpg").write_bytes(fixture_bytes("obama.jpg"))
    (folder / "biden.jpg").write_bytes(fixture_bytes("biden.jpg"))
    page.audit.engine_factory = InProcessEngine
    page.audit.run_check(str(folder))
    text = page.audit.last_result.text.toPlainText()
    assert text.splitlines()[0].startswith("Photos checked: 2. Identifiable faces: 2. Photos to take down: 0. "
                                           "Photos to look at: 1")
    assert "  biden.jpg: 1 unknown face" in text.splitlines()

    assert page.audit.keepable_students() == [("1. 하늘", "하늘")]
    page.audit.run_blur(str(folder), str(tmp_path / "out"), ["하늘"])
    assert page.status.text().startswith("Copies written: 2. Faces blurred: 1; faces kept visible: 1.")
    copy = Image.open(io.BytesIO((tmp_path / "out" / "biden.jpg").read_bytes()))
    assert copy.size == Image.open(io.BytesIO(fixture_bytes("biden.jpg"))).size

    page.audit.run_blur(str(folder), str(folder / "inside"), [])
    assert "inside it" in page.status.text() and not (folder / "inside").exists()


def test_blur_asks_for_both_folders_and_explains_a_wrong_one_without_closing(page, school_class, tmp_path):
    """An empty photo folder would have meant 'the folder the app started in': the teacher can't run it."""
    from desktop.ui.pages.classroom_audit import BlurDialog

    photos = tmp_path / "sports-day"
    photos.mkdir()
    dialog = BlurDialog(page.audit.keepable_students(), page)
    assert not dialog.ok_button.isEnabled()
    dialog.output.setText(str(tmp_path / "copies"))
    assert not dialog.ok_button.isEnabled()  # the photo folder is still empty
    dialog.source.setText(str(photos))
    dialog.output.setText(str(photos / "copies"))  # inside the photo folder
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "inside" in dialog.error.text() and dialog.source.text() == str(photos)
    dialog.output.setText(str(tmp_path / "copies"))
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.source.minimumWidth() >= 400  # a chosen path is readable before an irreversible blur


def test_check_photos_explains_a_folder_that_does_not_exist(page, school_class, tmp_path):
    from desktop.ui.pages.classroom_audit import CheckPhotosDialog

    dialog = CheckPhotosDialog(page)
    assert not dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Check photos"
    dialog.source.setText(str(tmp_path / "no-such-folder"))
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.error.text()


def test_a_mistyped_school_page_can_be_removed(page, school_class, workspace, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.pages.classroom_audit import SchoolPagesDialog

    assert page.audit.add_school_page("web", "https://www.school.example.kr/gallery")
    assert page.audit.add_school_page("web", "https://school.example.kr/bbs/album")
    dialog = SchoolPagesDialog(workspace.sources.list_for_class(school_class), page,
                               on_remove=page.audit.remove_school_page)
    assert not dialog.remove_button.isEnabled()
    dialog.listing.setCurrentRow(0)
    assert dialog.remove_button.isEnabled() and dialog.remove_button.accessibleName() == "Remove the selected page"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert [s.target for s in workspace.sources.list_for_class(school_class)] == [
        "https://school.example.kr/bbs/album"]
    assert dialog.listing.count() == 1 and "bbs/album" in dialog.listing.item(0).text()
    assert "Removed the school page" in page.status.text()


def test_withdrawing_consent_lists_the_family_reports_it_deletes_and_defaults_to_no(page, school_class, workspace,
                                                                                    tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.store.family_codes import ClassExports, FamilyCodes, new_code
    from tests.classroom_rows import add_finished_scan

    student = workspace.classes.member(school_class, 1)
    add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", [])]}])
    FamilyCodes(workspace.db, workspace.vault).issue({student.id: new_code()})
    page.audit.write_reports(tmp_path / "reports")
    report = (tmp_path / "reports" / "student-01.pdf").resolve()
    asked = []

    def answer(parent, title, text, buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.table.selectRow(0)
    page.withdraw_button.click()
    text, default = asked[0]
    assert f"These family report files will be deleted too:\n  {report}" in text
    assert default == QMessageBox.StandardButton.No and report.exists()  # "No": nothing deleted
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    page.table.selectRow(0)
    page.withdraw_button.click()
    assert not report.exists() and f"Deleted the family report {report}." in page.status.text()
    assert ClassExports(workspace.db, workspace.vault).paths(student.id) == []


def test_the_results_page_never_shows_a_class_members_results(page, school_class, workspace):
    """Results are per person for families; a class member's are their family's, so even asked for by id the page
    does not show them."""
    from tests.classroom_rows import add_finished_scan

    student = workspace.classes.member(school_class, 1)
    add_finished_scan(workspace, student.id, [{"visibility": "public", "exposures": [("match", ["phone"])]}])
    results = page.window_ref.pages["results"]
    results.person_id = student.id
    page.window_ref.show_page("results")
    assert results.person_id is None
    assert [results.person_box.itemText(i) for i in range(results.person_box.count())] == []


def test_scanning_with_a_school_page_on_a_refused_local_address_says_not_read_and_how(page, school_class,
                                                                                       workspace):
    platforms = Platforms(images={"obama.jpg": fixture_bytes("obama.jpg")}, gallery_pages=[[Post("obama.jpg")]])
    server, base = serve(platforms)
    try:
        assert page.audit.add_school_page("web", f"{base}/gallery?page=1")  # the intranet box not ticked
        page.audit.scanner_factory = lambda: fast_scanner(workspace)
        page.audit.scan_class()
    finally:
        server.shutdown()
        server.server_close()
    assert page.status.text().startswith("Class scan finished with pages not read: 1 scanned")
    assert page.status.styleSheet() == "color: #a4262c;"  # shown as a problem, not as done
    lines = page.audit.last_result.text.toPlainText().splitlines()
    assert any(line.startswith(f"Not read — Web page or gallery: {base}/gallery?page=1") for line in lines)
    assert any("remove it and add it again" in line for line in lines)
    assert page.incomplete_label.isVisibleTo(page) and f"{base}/gallery?page=1" in page.incomplete_label.text()


def test_printing_new_family_codes_asks_first_and_no_changes_nothing(page, school_class, workspace, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desktop.store.family_codes import FamilyCodes

    asked, chosen = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, buttons, default: (
        asked.append((text, default)) or QMessageBox.StandardButton.No))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: chosen.append(a) or ("", ""))
    page.audit.codes_button.click()
    text, default = asked[0]
    assert text.startswith("Print new family codes for all 2 students of this class?")
    assert default == QMessageBox.StandardButton.No and chosen == []
    assert FamilyCodes(workspace.db, workspace.vault).code(workspace.classes.member(school_class, 1).id) is None
