"""A parent opens Evidence & takedown: opens a case, adds a file, records a report, hashes a file."""

import pytest

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.unit.reports.test_evidence import IMAGE


@pytest.fixture
def page(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("evidence")
    return window.pages["evidence"]


def test_a_case_from_start_to_report(page, workspace, tmp_path):
    assert page.case_list.item(0).text() == "No case files yet."
    assert not page.add_file_button.isEnabled()
    case_id = page.create_case("Fake photo in a group chat")
    assert page.selected_case_id() == case_id and page.add_file_button.isEnabled()
    photo = tmp_path / "screenshot.jpg"
    photo.write_bytes(IMAGE)
    page.add_file(str(photo))
    assert page.task_status.text() == "Evidence record added."
    assert "screenshot.jpg" in page.evidence_list.item(0).text()
    [stored] = workspace.cases.evidence(case_id)
    assert not stored.has_kept_image
    page.report_target.setCurrentIndex(page.report_target.findData("acosav"))
    page.report_ref.setText("D4U-2025-01")
    page.add_report()
    history = [page.history.item(i).text() for i in range(page.history.count())]
    assert any("Reported to ACOSAV" in line and "D4U-2025-01" in line for line in history)
    assert workspace.cases.get(case_id).status == "reported"
    assert page.status.currentData() == "reported"
    page.note.setPlainText("Called 1366")
    page.add_note()
    assert any("Note: Called 1366" in page.history.item(i).text() for i in range(page.history.count()))
    page.export("zip", str(tmp_path / "case.zip"))
    assert (tmp_path / "case.zip").exists() and "case.zip" in page.task_status.text()


def test_hashing_a_file_shows_the_hashes(page, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(IMAGE)
    page.hash_files([str(photo), str(tmp_path / "missing.jpg")])
    text = page.hash_output.toPlainText()
    assert "SHA-256: " in text and "PDQ: " in text and "missing.jpg: no such file" in text
    assert "nothing was sent anywhere" in text


def test_takedown_section_in_korean(qtbot, workspace):
    i18n.set_language("ko")
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("evidence")
    page = window.pages["evidence"]
    text = page.takedown_text.text()
    assert "Take It Down" in text and "StopNCII" in text and "PDQ" in text and "MD5" in text
    assert "기기 밖으로 나가지 않으며" in text
    assert page.hash_button.accessibleName() == "파일 해시 계산…"
