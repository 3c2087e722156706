"""A parent opens the app: home screen in both languages, the three entrances, Help from everywhere."""

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("home")
    win.show()
    return win


@pytest.mark.parametrize(
    ("lang", "title", "entrances"),
    [
        ("en", "Which photos can a stranger see?", ["Family", "Classroom", "Student checklist", "Help & hotlines"]),
        ("ko", "낯선 사람이 볼 수 있는 사진은 무엇일까요?", ["가족", "학급", "학생 체크리스트", "도움·상담 전화"]),
    ],
)
def test_home_screen_in_each_language(qtbot, workspace, lang, title, entrances):
    i18n.set_language(lang)
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("home")
    home = win.pages["home"]
    assert home.title.text() == title
    assert [button.accessibleName() for button in home.entrances.values()] == entrances


@pytest.mark.parametrize("entrance", ["family", "classroom", "checklist", "help"])
def test_each_entrance_opens_its_screen(qtbot, window, entrance):
    qtbot.mouseClick(window.pages["home"].entrances[entrance], Qt.MouseButton.LeftButton)
    assert window.current_page == entrance
    assert window.stack.currentWidget() is window.pages[entrance]


def test_keyboard_shortcuts_reach_every_entrance_in_the_order_of_the_top_bar(qtbot, window):
    bar = [page for page, button in window.nav_buttons.items() if page not in ("home", "settings")]
    assert bar == ["family", "results", "classroom", "checklist", "evidence"]  # the evidence kit is in the bar
    for number, page in enumerate(bar, start=1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page == page
        assert f"(Ctrl+{number})" in window.nav_buttons[page].toolTip()


def test_switching_language_in_settings_redraws_everything(qtbot, window):
    window.show_page("settings")
    settings = window.pages["settings"]
    settings.language.setCurrentIndex(settings.language.findData("ko"))
    assert i18n.current_language() == "ko"
    assert window.current_page == "settings"
    assert window.pages["settings"].title.text() == "설정"
    assert window.help_button.accessibleName() == "도움·상담 전화"


def test_settings_shows_the_keyring_fallback_plainly(qtbot, window):
    window.show_page("settings")
    settings = window.pages["settings"]
    assert settings.key_banner.isVisible()
    assert "No system keyring" in settings.key_banner_text.text()
    assert window.key_banner.isVisible()


def test_every_button_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    for name in window.pages:
        window.show_page(name)
    buttons = window.findChildren(QPushButton)
    assert len(buttons) > 20  # every page's buttons were built and looked at
    assert [b.text() for b in buttons if not b.accessibleName()] == []


def test_adding_a_child_from_the_family_screen(qtbot, window, monkeypatch):
    from desktop.ui.dialogs import add_person_dialog

    def fill_and_accept(dialog):
        dialog.name.setText("Minji")
        dialog.guardian.setChecked(True)
        return True

    monkeypatch.setattr(add_person_dialog.AddPersonDialog, "exec", fill_and_accept)
    window.show_page("family")
    family = window.pages["family"]
    qtbot.mouseClick(family.add_button, Qt.MouseButton.LeftButton)
    assert family.people.count() == 1
    assert family.people.item(0).text().startswith("Minji · my child · consent recorded")
