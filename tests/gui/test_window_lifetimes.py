"""The window with its real threaded task runner: switching language, quitting and Esc while work runs."""

import hashlib
import threading

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n
from desktop.ui import qt_translations
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import TaskRunner


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=TaskRunner())
    qtbot.addWidget(win)
    win.show_page("home")
    win.show()
    yield win
    win.runner.cancel_all()
    win.runner.wait_for_done(5000)


def _hold_hash_job(window, monkeypatch, tmp_path):
    """Start the evidence page's hash job on a real pool thread, held until the returned event is set."""
    release = threading.Event()
    import desktop.reports.evidence as evidence

    real_hash = evidence.hash_file
    monkeypatch.setattr(evidence, "hash_file", lambda path: (release.wait(10), real_hash(path))[1])
    photo = tmp_path / "photo.txt"
    photo.write_text("a file to hash")
    window.show_page("evidence")
    window.pages["evidence"].hash_files([str(photo)])
    return release


def test_switching_language_during_a_hash_waits_and_the_result_still_arrives(qtbot, window, monkeypatch,
                                                                              tmp_path):
    release = _hold_hash_job(window, monkeypatch, tmp_path)
    assert window.runner.busy
    output = window.pages["evidence"].hash_output
    shown: list[str] = []
    output.textChanged.connect(lambda: shown.append(output.toPlainText()))
    assert window.change_language("ko") is False  # the hash job's screen stays while it works
    assert i18n.current_language() == "en"
    release.set()
    qtbot.waitUntil(lambda: i18n.current_language() == "ko", timeout=10000)
    assert not window.runner.busy
    digest = hashlib.sha256(b"a file to hash").hexdigest()
    assert len(shown) == 1 and digest in shown[0]  # shown on the screen it was started from, before the rebuild


def test_keys_still_work_after_switching_language_twice(qtbot, window):
    before = len(window.findChildren(QShortcut))
    window.change_language("ko")
    window.change_language("en")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old pages are gone
    assert len(window.findChildren(QShortcut)) == before
    window.show_page("home")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_page == "help"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "family"


def test_one_qt_translator_at_a_time(qtbot, window):
    window.change_language("ko")
    window.change_language("en")
    window.change_language("ko")
    assert len(qt_translations.installed_translators()) <= 1


def test_quitting_during_work_asks_and_no_keeps_working(qtbot, window, monkeypatch, tmp_path):
    release = _hold_hash_job(window, monkeypatch, tmp_path)
    asked = []
    def answer_no(*args):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    assert window.close() is False
    assert asked and "Stop the work and quit?" in asked[0]
    assert window.runner.busy
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)


def test_quitting_during_work_stops_it_and_waits_before_closing(qtbot, window, monkeypatch):
    started = threading.Event()

    def endless(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            threading.Event().wait(0.01)

    outcome = []
    window.runner.run_task(endless, on_done=outcome.append, on_cancelled=lambda: outcome.append("stopped"),
                           owner=window)
    assert started.wait(5)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert window.close() is True
    assert outcome == ["stopped"]  # the work had ended before the window (and the data) closed
    assert window.runner.running_count == 0


def test_esc_on_the_scan_window_stops_the_scan(qtbot, window):
    from desktop.ui.results.scan_dialog import ScanDialog

    person = window.workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    started = threading.Event()

    def slow_scan(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            threading.Event().wait(0.01)

    dialog = ScanDialog(window, person, work=slow_scan)
    dialog.start()
    dialog.show()
    assert started.wait(5)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    assert dialog.headline.text() == i18n.tr("scan.cancelled")
    assert not dialog.isVisible()
    QApplication.processEvents()
