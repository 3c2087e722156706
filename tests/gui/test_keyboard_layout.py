"""Keyboard and layout: Enter opens a home card, no Tab stop is invisible, Help's focus ring can be seen, and at
the default 900×620 window Results does not scroll sideways nor clip its buttons (Korean and English)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop import demo, i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


def shown(qtbot, workspace, page="home"):
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show()
    window.resize(900, 620)
    window.show_page(page)
    QApplication.processEvents()
    return window


def test_enter_opens_a_home_card(qtbot, workspace):
    window = shown(qtbot, workspace)
    card = window.pages["home"].entrances["checklist"]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert window.current_page == "checklist"


def test_every_tab_stop_has_a_name_and_can_be_seen(qtbot, workspace):
    window = shown(qtbot, workspace)
    window.nav_buttons["home"].setFocus()
    seen = []
    for _ in range(40):
        window.focusNextChild()
        widget = QApplication.focusWidget()
        if widget is None or widget in seen:
            break
        seen.append(widget)
    assert len(seen) > 5
    unnamed = [type(w).__name__ for w in seen if not (w.accessibleName() or getattr(w, "text", lambda: "")())]
    assert unnamed == []


@pytest.fixture
def app_style():
    from desktop.resources import asset

    app = QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(asset("style.qss").read_text(encoding="utf-8"))  # as the app runs
    yield
    app.setStyleSheet(before)


def test_the_help_buttons_focus_ring_is_visible(qtbot, workspace, app_style):
    window = shown(qtbot, workspace)
    button = window.help_button
    middle = button.height() // 2
    plain = button.grab().toImage().pixelColor(1, middle)
    button.setFocus()
    QApplication.processEvents()
    focused = button.grab().toImage().pixelColor(1, middle)
    assert focused.lightness() < 80 and plain.lightness() > 120  # a dark ring on the yellow button


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_results_fit_the_default_window(qtbot, scanned_workspace, lang):
    child = demo.demo_child(scanned_workspace)
    i18n.set_language(lang)
    window = shown(qtbot, scanned_workspace, "results")
    page = window.pages["results"]
    page.show_person(child.id)
    QApplication.processEvents()
    assert page.scroll.horizontalScrollBar().maximum() == 0
    assert page.pdf_button.width() >= page.pdf_button.sizeHint().width()
    assert window.help_button.width() >= window.help_button.sizeHint().width()


def test_the_passcode_set_at_first_run_is_not_asked_again_at_once(qtbot, app_paths, monkeypatch):
    from desktop.ui.app_shell import unlock_workspace
    from desktop.ui.dialogs import passcode_dialog
    from desktop.ui.dialogs.first_run import FirstRunDialog

    first = FirstRunDialog(app_paths)
    qtbot.addWidget(first)
    first.passcode.setText("haneul-2026")
    first.repeat.setText("haneul-2026")
    first._accept()
    asked = []
    monkeypatch.setattr(passcode_dialog.PasscodeDialog, "exec", lambda self: asked.append(1) or 0)
    workspace = unlock_workspace(app_paths, True, first.passcode_given())
    try:
        assert workspace is not None and asked == []
    finally:
        workspace.close()
    # The next start asks, as it should.
    assert unlock_workspace(app_paths, True) is None and asked == [1]
