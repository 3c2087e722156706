"""The main window: a header with navigation and Help on every screen, banners, and the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import tr
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
        self.pages: dict[str, QWidget] = {}
        self.current_page = "home"
        self.app_paths = workspace.paths
        self.setMinimumSize(900, 620)
        self.build()
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
            QShortcut(QKeySequence(shortcut), self, activated=lambda target=page: self.show_page(target))
            row.addWidget(button)
            self.nav_buttons[page] = button
        row.addStretch(1)
        self.help_button = make_button(tr("nav.help"), lambda: self.show_page("help"), "helpButton",
                                       f"{tr('nav.help')} (F1)")
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self, activated=lambda: self.show_page("help"))
        row.addWidget(self.help_button)
        self._extra_shortcuts()
        return header

    def _extra_shortcuts(self) -> None:
        QShortcut(QKeySequence("Ctrl+L"), self, activated=lambda: self.lock.lock_now())

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
        page.refresh()
        self.stack.setCurrentWidget(page)
        for target, button in self.nav_buttons.items():
            button.setProperty("current", target == page.name)
            button.style().unpolish(button)
            button.style().polish(button)
        self.setWindowTitle(f"{tr(page.title_id)} — {tr('app.window_title')}")

    def refresh_banners(self) -> None:
        self.demo_banner.setVisible(self.demo_mode)
        self.key_banner.setVisible(self.workspace.keys.status().is_fallback and not self.demo_mode)

    def change_language(self, lang: str) -> None:
        """Rebuild every screen in the new language, staying on the current page."""
        i18n.set_language(lang)
        app = QApplication.instance()
        if app is not None:
            from desktop.ui.app_shell import install_qt_translations

            install_qt_translations(app, lang)
        current = self.current_page
        old = self.centralWidget()
        self.build()
        old.deleteLater()
        self.show_page(current)

    def start_demo_scan(self, base_url: str) -> None:
        """The demo scans its fictional family on first open, with the same progress view as a real scan."""
        from desktop import demo
        from desktop.ui.results.scan_dialog import ScanDialog

        workspace = self.workspace
        demo.seed(workspace)
        child = demo.demo_child(workspace)
        results = self.pages["results"]
        dialog = ScanDialog(self, child, on_finished=lambda outcome: results.show_person(child.id),
                            work=lambda ctx: demo.run_demo_scan(workspace, base_url, ctx))
        self.show_page("results")
        self.demo_scan_dialog = dialog  # not modal: the window stays usable while the demo scans
        dialog.start()
        if dialog.handle is not None and dialog.handle.running:
            dialog.show()

    def delete_all_data(self) -> None:
        self.workspace.delete_all_data()
        QApplication.instance().quit()

    def focus_help(self) -> None:
        self.help_button.setFocus(Qt.FocusReason.ShortcutFocusReason)
