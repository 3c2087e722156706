"""Crisis records survive: deleting a child asks, listing exactly what goes, with No as the default, and keeps
the child's evidence cases unless the parent ticks to delete them too. A report is dated when it is made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    return win


def select(page, person_id):
    page.refresh(select_id=person_id)
    assert page.selected_person_id() == person_id


def test_deleting_a_child_lists_what_goes_and_keeps_the_evidence_case(window, workspace, monkeypatch):
    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    workspace.sources.add(person_id=child.id, kind="bluesky", target="minji.bsky.social", owner="self")
    case = workspace.cases.create("Fake photo in a group chat", person_id=child.id)
    workspace.cases.record_report(case.id, "acosav", reference="D4U-2026-17")
    page = window.pages["family"]
    window.show_page("family")
    select(page, child.id)

    box = page.removal_question(child)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert "linked accounts and pages: 1" in box.text() and "face data: 0 photos" in box.text()
    assert box.informativeText().startswith("Kept: 1 evidence cases")
    assert box.checkBox().text() == "Also delete the 1 evidence cases about Minji" and not box.checkBox().isChecked()

    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    page.remove_selected()
    assert workspace.persons.list() == []
    kept = workspace.cases.get(case.id)
    assert kept.former_person == "Minji"
    assert workspace.cases.events(case.id, "report")[0].detail["reference"] == "D4U-2026-17"
    window.show_page("evidence")
    assert "About Minji" in window.pages["evidence"].case_summary.text()


def test_the_evidence_case_goes_only_when_its_box_is_ticked(window, workspace, monkeypatch):
    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    workspace.cases.create("Fake photo", person_id=child.id)
    page = window.pages["family"]
    select(page, child.id)

    def tick_and_yes(box):
        box.checkBox().setChecked(True)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", tick_and_yes)
    page.remove_selected()
    assert workspace.cases.list() == []


def test_a_report_is_dated_when_it_is_recorded_not_when_the_page_opened(window, workspace, monkeypatch):
    case = workspace.cases.create("Fake photo")
    window.show_page("evidence")
    page = window.pages["evidence"]
    page.refresh()
    # The page has been open for a while (its time field shows an hour ago) when the parent records the report.
    page.report_when.blockSignals(True)
    page.report_when.setDateTime(page.report_when.dateTime().addSecs(-3600))
    page.report_when.blockSignals(False)
    page.add_report()
    [event] = workspace.cases.events(case.id, "report")
    recorded = datetime.fromisoformat(event.occurred_at)
    assert abs(recorded - datetime.now(UTC)) < timedelta(minutes=1)

    # A time the parent types is kept as typed.
    page.report_when.setDateTime(page.report_when.dateTime().addDays(-2))
    page.add_report()
    reports = workspace.cases.events(case.id, "report")  # in time order: the typed one comes first
    assert len(reports) == 2
    typed = datetime.fromisoformat(reports[0].occurred_at)
    assert timedelta(days=1, hours=23) < datetime.now(UTC) - typed < timedelta(days=2, hours=1)


def test_deleting_a_case_lists_what_goes_and_defaults_to_no(window, workspace, monkeypatch):
    case = workspace.cases.create("Fake photo")
    workspace.cases.record_report(case.id, "police", reference="ECRM-7")
    window.show_page("evidence")
    page = window.pages["evidence"]
    page.refresh()
    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((text, default))
        return default  # the person just pressed Enter

    monkeypatch.setattr(QMessageBox, "question", question)
    page.delete_case()
    assert asked[0][1] == QMessageBox.StandardButton.No
    assert "0 evidence records, 1 reports with their dates and reference numbers" in asked[0][0]
    assert [c.id for c in workspace.cases.list()] == [case.id]  # Enter deleted nothing


def test_deleting_a_child_runs_off_the_window_thread_and_the_list_updates_after(qtbot, workspace, monkeypatch):
    """Deleting waits for a running scan and rewrites the database file: the window stays responsive."""
    import threading

    from desktop.ui.worker import TaskRunner

    window = MainWindow(workspace, runner=TaskRunner())
    qtbot.addWidget(window)
    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    page = window.pages["family"]
    window.show_page("family")
    select(page, child.id)
    threads = []
    real_delete = type(workspace.consents).delete_person

    def delete_and_note_thread(self, person_id, delete_cases=False):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_delete(self, person_id, delete_cases=delete_cases)

    monkeypatch.setattr(type(workspace.consents), "delete_person", delete_and_note_thread)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    page.remove_selected()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert threads == [False]  # not on the window's thread
    names = [page.people.item(row).text() for row in range(page.people.count())]
    assert workspace.persons.list() == [] and not any("Minji" in name for name in names) and page.isEnabled()
