"""The top bar shows one current page: after a switch the Home button is neither current nor focused (unless
the keyboard is there), and keyboard focus in the bar moves with the current page, as in a tab bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


def shown(qtbot, workspace, page="home"):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page(page)  # as the app starts: the page is chosen before the window is shown
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window


def looks_current(button) -> bool:
    return bool(button.property("current")) or button.isChecked()


def test_after_a_shortcut_only_the_new_page_looks_current(qtbot, workspace):
    window = shown(qtbot, workspace)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "classroom"
    home = window.nav_buttons["home"]
    assert not looks_current(home)
    assert not home.hasFocus()
    assert [page for page, button in window.nav_buttons.items() if looks_current(button)] == ["classroom"]
    assert window.nav_buttons["classroom"].isChecked()


def test_a_window_opened_on_another_page_does_not_focus_home(qtbot, workspace):
    window = shown(qtbot, workspace, "classroom")
    assert not window.nav_buttons["home"].hasFocus()
    assert not looks_current(window.nav_buttons["home"])


def test_keyboard_focus_in_the_bar_follows_the_current_page(qtbot, workspace):
    window = shown(qtbot, workspace)
    window.nav_buttons["family"].setFocus(Qt.FocusReason.TabFocusReason)  # the keyboard is in the bar
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.nav_buttons["classroom"].hasFocus()  # still in the bar, where it can be seen
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_page == "help"
    assert window.help_button.hasFocus()


def test_focus_in_a_page_stays_out_of_the_bar(qtbot, workspace):
    window = shown(qtbot, workspace)
    window.pages["home"].entrances["family"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert focused is not None
    assert focused not in window.nav_buttons.values()


def test_a_nav_button_pressed_with_the_keyboard_keeps_the_focus(qtbot, workspace):
    window = shown(qtbot, workspace)
    button = window.nav_buttons["checklist"]
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.current_page == "checklist"
    assert button.hasFocus() and button.isChecked()
    assert not window.nav_buttons["home"].isChecked()


def test_a_page_outside_the_bar_takes_the_focus_from_it(qtbot, workspace):
    window = shown(qtbot, workspace)
    window.nav_buttons["home"].setFocus(Qt.FocusReason.TabFocusReason)
    window.show_page("found")
    assert not any(button.hasFocus() or button.isChecked() for button in window.nav_buttons.values())
    focused = QApplication.focusWidget()
    assert focused is None or window.pages["found"].isAncestorOf(focused)
