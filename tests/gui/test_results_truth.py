"""The Results screen matches reality: a scan that could read nothing, a cancelled scan and a scan that could
read only some sources are said to be so at the top, in the PDF, in the JSON and in the trend, and never read
as progress. "I removed it" is believed only when a scan no longer finds the photo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop import demo
from desktop.core.tasks import Cancelled, TaskContext
from desktop.scan import report
from desktop.sources import registry
from desktop.sources.base import SourceError
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.unit.reports.test_family_report import needs_poppler, pdf_text


@pytest.fixture
def child(scanned_workspace):
    return demo.demo_child(scanned_workspace)


class DownConnector:
    """A source whose server is down: every listing fails as the real HTTP client reports it."""

    def list_photos(self, ctx=None):
        raise SourceError("sources.server_unavailable")

    def close(self):
        pass


def servers_down(monkeypatch, kinds=None):
    real = registry.connector_for

    def connector_for(kind, target, **options):
        if kinds is None or kind in kinds:
            return DownConnector()
        return real(kind, target, **options)

    monkeypatch.setattr(registry, "connector_for", connector_for)


def rescan(workspace, ctx=None):
    scanner = demo.demo_scanner(workspace)
    try:
        return scanner.scan(demo.demo_child(workspace), ctx)
    finally:
        scanner.close()


def open_results(qtbot, workspace, child):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.pages["results"].show_person(child.id)
    window.show_page("results")
    return window.pages["results"]


def test_a_scan_that_could_read_nothing_keeps_the_last_results_and_says_so(qtbot, scanned_workspace, child,
                                                                            monkeypatch):
    workspace = scanned_workspace
    before = report.load(workspace, child)
    score_before = open_results(qtbot, workspace, child).score_label.accessibleName()
    assert score_before.startswith("Exposure score ") and before.scan.risk_score is not None
    servers_down(monkeypatch)
    outcome = rescan(workspace)
    assert outcome.state == "failed" and outcome.score is None

    page = open_results(qtbot, workspace, child)
    assert not page.state_banner.isHidden()
    assert "could not open any linked account" in page.state_banner.text()
    # The score, the reasons (the public account too) and the recommendations are the last real ones.
    assert page.score_label.accessibleName() == score_before
    assert [label.text() for label in page.reason_labels] == ["• " + r for r in before.reasons]
    assert "make_private.bluesky" in page.recommendation_boxes
    # Every source says it was not checked this time, with the reason, and keeps its last known visibility.
    data = report.load(workspace, child)
    assert len(data.sources) == len(before.sources) > 0
    assert all(not s["checked"] and s["error"] and s["last_checked"] for s in data.sources)
    assert [s["visibility"] for s in data.sources] == [s["visibility"] for s in before.sources]
    # Not a point on the trend.
    assert len(report.trend(workspace, child)) == 1

    answer = report.as_json(data)
    assert answer["complete"] is False and answer["state"] == "failed"
    assert len(answer["sources"]) == len(before.sources)
    assert all(s["checked"] is False and s["error"] for s in answer["sources"])
    assert answer["risk"]["score"] == before.scan.risk_score


def test_a_first_scan_that_could_read_nothing_shows_no_score_at_all(qtbot, workspace, monkeypatch):
    from desktop.faces.enrol import enrol
    from desktop.resources import asset

    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    enrol(workspace, child, sorted(asset("demo", "enrol").glob("*.jpg")))
    workspace.sources.add(person_id=child.id, kind="bluesky", target="minji.bsky.social", owner="self")
    servers_down(monkeypatch)
    assert rescan_person(workspace, child).state == "failed"
    page = open_results(qtbot, workspace, child)
    assert "nothing has been checked yet" in page.state_banner.text()
    assert page.score_label.accessibleName() == "No score yet: nothing was checked"
    assert ">—<" in page.score_label.text() and "/ 100" not in page.score_label.text()
    answer = report.as_json(report.load(workspace, child))
    assert answer["complete"] is False and answer["risk"]["score"] is None


def test_a_partly_read_scan_with_nothing_found_is_not_an_all_clear(qtbot, workspace, monkeypatch, tmp_path):
    """One place read and clean, one not read: the parent must not read "low" and "nothing to change"."""
    from desktop.faces.enrol import enrol
    from desktop.resources import asset

    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    enrol(workspace, child, sorted(asset("demo", "enrol").glob("*.jpg")))
    empty = tmp_path / "nothing-posted"
    empty.mkdir()
    workspace.sources.add(person_id=child.id, kind="folder", target=str(empty), owner="parent")
    workspace.sources.add(person_id=child.id, kind="bluesky", target="minji.bsky.social", owner="self")
    servers_down(monkeypatch, kinds={"bluesky"})
    assert rescan_person(workspace, child).state == "done"
    page = open_results(qtbot, workspace, child)
    shown = [label.text() for label in page.findChildren(type(page.state_banner))]
    assert any("in the places that could be read (some could not)" in text for text in shown)
    assert any(text.startswith("Nothing to change was found in the places that could be read.") for text in shown)
    assert "Nothing to change right now." not in shown


def rescan_person(workspace, person):
    from desktop.scan.orchestrator import Scanner

    with Scanner(workspace) as scanner:
        return scanner.scan(person)


def test_a_cancelled_scan_is_not_a_result_and_not_a_trend_point(qtbot, scanned_workspace, child):
    workspace = scanned_workspace
    score_before = open_results(qtbot, workspace, child).score_label.accessibleName()
    assert score_before.startswith("Exposure score ")
    ctx = TaskContext(on_progress=lambda progress: ctx.cancel())
    with pytest.raises(Cancelled):
        rescan(workspace, ctx)
    page = open_results(qtbot, workspace, child)
    assert "was cancelled before it finished" in page.state_banner.text()
    assert page.score_label.accessibleName() == score_before  # the last finished scan's, unchanged
    assert len(report.trend(workspace, child)) == 1
    assert report.as_json(report.load(workspace, child))["complete"] is False


@needs_poppler
def test_a_source_that_failed_keeps_its_last_known_state_marked_not_checked(qtbot, scanned_workspace, child,
                                                                             monkeypatch, tmp_path):
    workspace = scanned_workspace
    servers_down(monkeypatch, kinds={"bluesky"})
    outcome = rescan(workspace)
    assert outcome.state == "done"
    assert outcome.score == 90  # the child's public Bluesky account did not become private by going offline

    page = open_results(qtbot, workspace, child)
    assert "1 of 3 linked accounts and pages could not be read" in page.state_banner.text()
    assert "make_private.bluesky" in page.recommendation_boxes
    not_checked = [label.text() for label in page.not_checked_labels]
    assert len(not_checked) == 1 and not_checked[0].startswith("Not checked this time: last checked ")
    trend = report.trend(workspace, child)
    assert [complete for *_, complete in trend] == [True, False]  # drawn hollow, said in words
    answer = report.as_json(report.load(workspace, child))
    assert answer["complete"] is False
    bluesky = next(s for s in answer["sources"] if s["kind"] == "bluesky")
    assert bluesky["checked"] is False and bluesky["visibility"] == "public" and bluesky["error"]
    others = [s for s in answer["sources"] if s["kind"] != "bluesky"]
    assert others and all(s["checked"] for s in others)

    from desktop.reports import family_report

    target = family_report.write(report.load(workspace, child), tmp_path / "r.pdf", {})
    text = pdf_text(target)
    assert "could not be read" in text and "Not checked this time" in text


@needs_poppler
def test_i_removed_it_is_believed_only_when_the_next_scan_no_longer_finds_the_photo(qtbot, scanned_workspace,
                                                                                    child, monkeypatch, tmp_path):
    from desktop.ui.results import photo_dialog

    workspace = scanned_workspace
    page = open_results(qtbot, workspace, child)
    before_score, before_photos = page.data.scan.risk_score, page.grid.count()
    hide = next(r for r in page.data.recommendations if r.id == "hide_photos_first")
    page.recommendation_boxes["hide_photos_first"].setChecked(True)
    removed_id = int(hide.photo_keys[0])

    def say_removed(dialog):
        dialog._answer("removed", page.answer)
        return True

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", say_removed)
    page.open_photo(tile(page, removed_id))
    # Not believed at once: the same score, the photo still in the grid, marked, and findable by its status.
    assert page.data.scan.risk_score == before_score
    assert page.grid.count() == before_photos
    assert tile(page, removed_id).text().endswith("said removed")
    page.status_filter[1].setCurrentIndex(page.status_filter[1].findData("removed"))
    assert page.grid.count() == 1

    # The next scan finds it still online: the parent is told, and the recommendation is not done.
    rescan(workspace)
    page = open_results(qtbot, workspace, child)
    assert tile(page, removed_id).text().endswith("still public")
    assert not page.recommendation_boxes["hide_photos_first"].isChecked()
    shown = {}
    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec",
                        lambda dialog: shown.setdefault("notes", [n.text() for n in dialog.note_labels]))
    page.open_photo(tile(page, removed_id))
    assert shown["notes"][0].startswith("You said removed on ") and "but it was still public on" in shown["notes"][0]

    from desktop.reports import family_report

    target = family_report.write(report.load(workspace, child), tmp_path / "r.pdf", {})
    text = pdf_text(target)
    assert "(done)" not in text and "still public on" in text


def test_i_removed_it_can_be_undone(qtbot, scanned_workspace, child, monkeypatch):
    from desktop.ui.results import photo_dialog

    page = open_results(qtbot, scanned_workspace, child)
    finding_id = page.grid.item(0).data(Qt.ItemDataRole.UserRole)
    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", lambda d: d._answer("removed", page.answer))
    page.open_photo(tile(page, finding_id))
    assert tile(page, finding_id).text().endswith("said removed")
    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", lambda d: d.undo_button.click())
    page.open_photo(tile(page, finding_id))
    assert not tile(page, finding_id).text().endswith("said removed")


def tile(page, finding_id):
    return next(page.grid.item(i) for i in range(page.grid.count())
                if page.grid.item(i).data(Qt.ItemDataRole.UserRole) == finding_id)


def confirmed_faces(workspace, child) -> int:
    return workspace.db.query_one("SELECT count(*) FROM face_references WHERE person_id = ? AND origin = 'confirmed'",
                                  (child.id,))[0]


def test_yes_this_is_my_child_is_asked_first_changes_the_tile_and_can_be_undone(qtbot, scanned_workspace, child,
                                                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.results import photo_dialog

    workspace = scanned_workspace
    page = open_results(qtbot, workspace, child)
    finding_id = page.grid.item(0).data(Qt.ItemDataRole.UserRole)

    # Enter in a freshly opened photo window answers nothing: it closes the window.
    def press_enter(dialog):
        assert dialog.focusWidget() is dialog.close_button
        assert dialog.answer_buttons and all(not b.isDefault() and not b.autoDefault()
                                             for b in dialog.answer_buttons.values())
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", press_enter)
    page.open_photo(tile(page, finding_id))
    assert confirmed_faces(workspace, child) == 0

    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", lambda d: d.answer_buttons["confirmed"].click())
    page.open_photo(tile(page, finding_id))
    assert asked[0][0].startswith("Is this really Haneul?") and asked[0][1] == QMessageBox.StandardButton.No
    assert confirmed_faces(workspace, child) == 0 and tile(page, finding_id).text() == "match"
    page.open_photo(tile(page, finding_id))
    assert confirmed_faces(workspace, child) == 1
    assert tile(page, finding_id).text() == "yes, my child"

    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec", lambda d: d.undo_button.click())
    page.open_photo(tile(page, finding_id))
    assert confirmed_faces(workspace, child) == 0 and tile(page, finding_id).text() == "match"


def test_a_person_checking_themselves_reads_first_person_words(qtbot, scanned_workspace, child, monkeypatch):
    from desktop.ui.results import photo_dialog

    workspace = scanned_workspace
    with workspace.db.transaction() as conn:
        conn.execute("UPDATE persons SET role = 'self' WHERE id = ?", (child.id,))
    page = open_results(qtbot, workspace, child)
    assert page.person_label.text() == "Whose results"
    seen = {}
    monkeypatch.setattr(photo_dialog.PhotoDialog, "exec",
                        lambda d: seen.update({a: b.text() for a, b in d.answer_buttons.items()}))
    page.open_photo(page.grid.item(0))
    assert seen["confirmed"] == "Yes, this is me" and seen["not_me"] == "Not me"
    status = page.status_filter[1]
    assert status.itemText(status.findData("not_me")) == "Answered: not me"


class HeldRunner:
    """Starts work when the test says so: the scan is "running" meanwhile, as a long scan would be."""

    busy = False
    running_count = 0  # held work is not running yet: closing the window need not wait for it

    def __init__(self):
        self.pending = []

    def cancel_all(self):
        self.pending.clear()

    def run_task(self, func, on_done, on_error=None, on_progress=None, on_cancelled=None, *, owner=None):
        from desktop.ui.worker import TaskHandle

        handle = TaskHandle(TaskContext(on_progress=on_progress))
        self.pending.append((func, handle, on_done, on_progress))
        return handle

    def finish(self):
        func, handle, on_done, _ = self.pending.pop(0)
        result = func(handle.context)
        handle.running = False
        on_done(result)


def test_a_long_scan_runs_in_the_background_and_the_window_stays_usable(qtbot, scanned_workspace, child):
    runner = HeldRunner()
    window = MainWindow(scanned_workspace, runner=runner)
    qtbot.addWidget(window)
    page = window.pages["results"]
    page.show_person(child.id)
    window.show_page("results")
    page.scan_now()
    dialog = page.scan_dialog
    window.show()
    assert dialog is not None and not dialog.isModal() and dialog.isVisible()
    assert not page.scan_status.isHidden() and page.scan_status.text()
    assert not page.scan_button.isEnabled()
    window.show_page("help")  # Help, the checklist and guidance are usable during the scan
    assert window.current_page == "help" and window.stack.currentWidget() is window.pages["help"]
    page.scan_now()  # a second press brings the running scan's progress back instead of starting another
    assert len(runner.pending) == 1
    runner.finish()
    assert page.scan_dialog is None and page.scan_status.isHidden() and page.scan_button.isEnabled()


def test_trend_labels_never_overlap_however_many_scans():
    from desktop.ui.results.widgets import LABEL_WIDTH, labelled_points

    for count, step in ((2, 400.0), (12, 50.0), (40, 12.5), (200, 2.0)):
        shown = sorted(labelled_points(count, step))
        assert shown[-1] == count - 1  # the newest score is always written
        assert all((b - a) * step >= LABEL_WIDTH for a, b in zip(shown, shown[1:], strict=False))
        fit = min(count, int((count - 1) * step / LABEL_WIDTH))  # labels the axis has room for, side by side
        assert len(shown) >= fit // 2  # and the room is used: not just the newest score
    assert labelled_points(3, 200.0) == {0, 1, 2}


def test_photos_with_faces_too_small_to_check_are_named_on_results(qtbot, scanned_workspace, child, monkeypatch):
    """A class photo's back row the engine could not check is said so, never folded into a clean result."""
    monkeypatch.setattr(report.ReportData, "photos_not_fully_checked", property(lambda self: 2))
    page = open_results(qtbot, scanned_workspace, child)
    assert page.coverage_label is not None
    assert page.coverage_label.text().startswith("2 photos may show faces too small for Jikimi to check")
