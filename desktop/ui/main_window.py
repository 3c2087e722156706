"""The main window: a header with navigation and Help on every screen, banners, and the pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import tr
from desktop.ui.pages.base import Page
from desktop.ui.pages.checklist import ChecklistPage
from desktop.ui.pages.classroom import ClassroomPage
from desktop.ui.pages.evidence import EvidencePage
from desktop.ui.pages.family import FamilyPage
from desktop.ui.pages.found import FoundPage
from desktop.ui.pages.help import HelpPage
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.lesson import LessonPage
from desktop.ui.pages.results import ResultsPage
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.qt_translations import install_qt_translations
from desktop.ui.widgets import make_button
from desktop.ui.worker import TaskRunner

PAGE_CLASSES = [
    HomePage,
    FamilyPage,
    ResultsPage,
    ClassroomPage,
    ChecklistPage,
    HelpPage,
    FoundPage,
    LessonPage,
    SettingsPage,
    EvidencePage,
]

# The top bar, left to right; Ctrl+1… follow the bar's order.
NAVIGATION = [
    ("home", "nav.home", "Alt+Home"),
    ("family", "nav.family", "Ctrl+1"),
    ("results", "nav.results", "Ctrl+2"),
    ("classroom", "nav.classroom", "Ctrl+3"),
    ("checklist", "nav.checklist", "Ctrl+4"),
    ("evidence", "nav.evidence", "Ctrl+5"),
    ("settings", "nav.settings", "Ctrl+,"),
]


class MainWindow(QMainWindow):
    def __init__(self, workspace, demo_mode: bool = False, runner=None):
        super().__init__()
        self.workspace = workspace
        self.demo_mode = demo_mode
        self.runner = runner or TaskRunner()
        self.pages: dict[str, Page] = {}
        self.current_page = "home"
        self.app_paths = workspace.paths
        self.pending_language: str | None = None
        self.setMinimumSize(900, 620)
        self.build()
        self._install_shortcuts()
        from desktop.ui.lock import LockController

        self.lock = LockController(self)

    # --- layout ------------------------------------------------------------------------------------
    def build(self) -> None:
        self.setWindowTitle(tr("app.window_title"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.demo_banner = self._banner("demoBanner", tr("demo.banner"))
        self.key_banner = self._banner("banner", tr("settings.key_fallback_banner"), "settings.open")
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.key_banner)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages = {}
        for page_class in PAGE_CLASSES:
            self.add_page(page_class(self))
        self.refresh_banners()

    def add_page(self, page) -> None:
        self.pages[page.name] = page
        self.stack.addWidget(page)

    def _header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        title = QLabel(tr("app.title"))
        title.setObjectName("appTitle")
        row.addWidget(title)
        row.addSpacing(12)
        self.nav_buttons: dict[str, QPushButton] = {}
        for page, label_id, shortcut in NAVIGATION:
            button = make_button(tr(label_id), lambda target=page: self.show_page(target),
                                 tooltip=f"{tr(label_id)} ({shortcut})")
            button.setCheckable(True)  # the current page's button is checked: shown, and told to screen readers
            row.addWidget(button)
            self.nav_buttons[page] = button
        row.addStretch(1)
        self.help_button = make_button(tr("nav.help"), lambda: self.show_page("help"), "helpButton",
                                       f"{tr('nav.help')} (F1)")
        row.addWidget(self.help_button)
        return header

    def _install_shortcuts(self) -> None:
        """Once per window: the pages are rebuilt on a language switch or unlock, the keys are not (a second
        set would make every key ambiguous, and Qt then fires neither)."""
        self.shortcuts: list[QShortcut] = []
        keys: list[tuple[QKeySequence, Callable[[], object]]] = [
            (QKeySequence(shortcut), partial(self.show_page, page)) for page, _, shortcut in NAVIGATION]
        keys += [
            (QKeySequence(QKeySequence.StandardKey.HelpContents), partial(self.show_page, "help")),
            (QKeySequence("Ctrl+L"), lambda: self.lock.lock_now()),
        ]
        for key, action in keys:
            shortcut = QShortcut(key, self)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    # --- locking -----------------------------------------------------------------------------------
    def busy(self) -> bool:
        return self.runner.busy

    def release_workspace(self) -> None:
        """Close the data and forget the key (the lock screen replaces every page)."""
        old = self.centralWidget()
        if old is not None:
            old.deleteLater()
        self.pages = {}
        self.workspace.close()
        self.workspace = None

    def restore_workspace(self, workspace) -> None:
        current = self.current_page
        self.workspace = workspace
        self.build()
        self.show_page(current)

    def _banner(self, object_name: str, text: str, action_id: str | None = None) -> QFrame:
        frame = QFrame()
        frame.setObjectName(object_name)
        row = QHBoxLayout(frame)
        row.setContentsMargins(16, 6, 16, 6)
        label = QLabel(text)
        label.setWordWrap(True)
        row.addWidget(label, 1)
        if action_id:
            button = QPushButton(tr(action_id))
            button.setAccessibleName(tr(action_id))
            button.clicked.connect(lambda: self.show_page("settings"))
            row.addWidget(button)
        return frame

    # --- behaviour ---------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        if self.workspace is None:  # locked: every shortcut waits for the passcode
            return
        page = self.pages.get(name) or self.pages["home"]
        self.current_page = page.name
        focused = self.focusWidget()
        page.refresh()
        self.stack.setCurrentWidget(page)
        for target, button in self.nav_buttons.items():
            button.setChecked(target == page.name)
        self._move_focus_from_the_bar(focused, page)
        self.setWindowTitle(f"{tr(page.title_id)} — {tr('app.window_title')}")

    def _move_focus_from_the_bar(self, focused, page: Page) -> None:
        """As in a tab bar, focus in the top bar moves with the current page: a focus ring left on another
        button (Home, which Qt focuses when the window opens, or the one a shortcut switched away from) would
        look like a second current page. Focus inside a page is the stack's to move."""
        bar: dict[str, QPushButton] = {**self.nav_buttons, "help": self.help_button}
        if focused is not None and focused not in bar.values():
            return
        button = bar.get(page.name)
        if button is not None:
            button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        first = self._first_tab_stop(page)  # a page outside the bar: its first Tab stop
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        elif focused is not None:
            focused.clearFocus()

    def _first_tab_stop(self, page: Page) -> QWidget | None:
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (page.isAncestorOf(widget) and widget.isVisibleTo(self) and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def refresh_banners(self) -> None:
        self.demo_banner.setVisible(self.demo_mode)
        self.key_banner.setVisible(self.workspace.keys.status().is_fallback and not self.demo_mode)

    def change_language(self, lang: str) -> bool:
        """Rebuild every screen in the new language, staying on the current page.

        While work runs (a scan, a hash, letters) its screen must stay: the switch waits until the work has
        ended, and returns False to say so.
        """
        if self.runner.busy:
            self.pending_language = lang
            QTimer.singleShot(250, self._apply_pending_language)
            return False
        self.pending_language = None
        i18n.set_language(lang)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_qt_translations(app, lang)
        current = self.current_page
        old = self.centralWidget()
        self.build()
        if old is not None:
            old.deleteLater()
        self.show_page(current)
        return True

    def _apply_pending_language(self) -> None:
        if self.pending_language is not None and self.workspace is not None:
            self.change_language(self.pending_language)

    # --- closing -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing while work runs asks first (default: keep working), then stops the work and waits for it,
        so the data is never closed under a running scan."""
        running = self.runner.running_count
        if running:
            answer = QMessageBox.question(
                self, tr("app.quit_busy_title"), tr("app.quit_busy", count=running),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.runner.cancel_all()
            self.runner.wait_for_done(60_000)
            QApplication.processEvents()  # deliver the "cancelled" callbacks before the pages go
        event.accept()

    def start_demo_scan(self, base_url: str) -> None:
        """The demo scans its fictional family on first open, with the same progress view as a real scan."""
        from desktop import demo
        from desktop.ui.results.scan_dialog import ScanDialog

        workspace = self.workspace
        demo.seed(workspace)
        child = demo.demo_child(workspace)
        results = cast(ResultsPage, self.pages["results"])
        dialog = ScanDialog(self, child, on_finished=lambda outcome: results.show_person(child.id),
                            work=lambda ctx: demo.run_demo_scan(workspace, base_url, ctx))
        self.show_page("results")
        self.demo_scan_dialog = dialog  # not modal: the window stays usable while the demo scans
        dialog.start()
        if dialog.handle is not None and dialog.handle.running:
            dialog.show()

    def delete_all_data(self) -> None:
        if not self.workspace.delete_all_data():
            QMessageBox.warning(self, tr("settings.delete_all"), tr("settings.keyring_entry_left"))
        QApplication.quit()
