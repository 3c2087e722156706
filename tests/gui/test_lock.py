"""With an app passcode, the window locks on demand and after idle time, forgets the key while locked, and
comes back only with the passcode."""

import pytest

from desktop import preferences
from desktop.ui.lock import LockScreen
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def protected(workspace):
    workspace.persons.add("Minji", consent_by=["guardian"])
    workspace.keys.set_passcode("s3cret")
    return workspace


def make_window(qtbot, workspace):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("family")
    return window


def test_lock_now_hides_everything_and_only_the_passcode_brings_it_back(qtbot, protected):
    window = make_window(qtbot, protected)
    assert window.lock.lock_now()
    assert isinstance(window.centralWidget(), LockScreen)
    assert window.workspace is None  # the data is closed and the key released
    window.show_page("help")  # shortcuts do nothing while locked
    assert isinstance(window.centralWidget(), LockScreen)
    assert not window.lock.unlock("wrong")
    assert window.lock.screen.error.text() == "That passcode is not right."
    assert window.lock.unlock("s3cret")
    assert window.current_page == "family"
    assert window.pages["family"].people.item(0).text().startswith("Minji")


def test_the_app_locks_itself_after_idle_time(qtbot, protected):
    preferences.save(protected.paths, idle_lock_minutes=0.002)  # about 120 ms, for the test
    window = make_window(qtbot, protected)
    window.lock.restart_timer()
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    assert window.workspace is None


def test_without_a_passcode_locking_explains_why_not(qtbot, workspace, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    window = make_window(qtbot, workspace)
    assert not window.lock.lock_now()
    assert "needs an app passcode" in shown[0]
    assert window.workspace is workspace


def test_a_running_task_postpones_the_idle_lock(qtbot, protected):
    window = make_window(qtbot, protected)
    window.runner.busy = True  # a scan is running
    window.lock._idle()
    assert not window.lock.locked and window.lock.timer.isActive()
    window.runner.busy = False
    window.lock._idle()
    assert window.lock.locked


def test_wrong_passcodes_are_throttled_on_the_lock_screen(qtbot, protected):
    window = make_window(qtbot, protected)
    window.lock.lock_now()
    for _ in range(3):
        window.lock.unlock("wrong")
    window.lock.unlock("wrong")
    assert "Wait" in window.lock.screen.error.text()


def test_help_stays_one_click_away_while_locked(qtbot, protected):
    window = make_window(qtbot, protected)
    window.lock.lock_now()
    dialog = window.lock.show_help()
    qtbot.addWidget(dialog)
    assert "1366" in " ".join(label.text() for label in dialog.findChildren(type(window.lock.screen.error)))
