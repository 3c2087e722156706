"""Starting the desktop app: Qt set-up, fonts, language, unlocking the data, the main window."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__, i18n, log, paths, preferences
from desktop.resources import FONT_FAMILY, asset, font_files
from desktop.ui.qt_translations import install_qt_translations

SCREENSHOT_SIZE = (1280, 860)
DEMO_SCANNED_PAGES = ("results",)
# Benchmarks only: with JIKIMI_STARTUP_PROBE=1 the app prints STARTUP_PROBE_MARK once its first window has
# painted, then quits (benchmarks/startup.py times launch → mark).
STARTUP_PROBE_ENV = "JIKIMI_STARTUP_PROBE"
STARTUP_PROBE_MARK = "jikimi-startup-probe: first window painted"


def load_fonts() -> list[str]:
    """Register the bundled Hangul font and make it the app font, so Korean renders on any machine."""
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    font = QFont(FONT_FAMILY)
    font.setPointSize(11)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    QApplication.setFont(font)
    return families


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Jikimi")
    app.setApplicationDisplayName("Jikimi 지킴이")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Jikimi")
    icon = asset("icons", "jikimi.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    app.setStyleSheet(asset("style.qss").read_text(encoding="utf-8"))
    return app


def install_excepthook(parent_getter) -> None:
    from desktop.crash import build_report

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = build_report(exc_type, exc, tb)
        log.get_logger("crash").error("unhandled error\n%s", report)
        from desktop.ui.dialogs.crash_dialog import CrashDialog

        CrashDialog(report, parent_getter()).exec()

    sys.excepthook = hook


def unlock_workspace(app_paths, interactive: bool, known_passcode: str | None = None):
    """Open the data, asking for the passcode when it has one. None when the user gives up.
    ``known_passcode``: the one first run just set, tried before asking (nobody types it twice in a row)."""
    from desktop.secrets import KeyStore, TooManyAttempts
    from desktop.store import session
    from desktop.store.crypto import WrongPasscode
    from desktop.store.workspace import open_workspace
    from desktop.ui.dialogs.passcode_dialog import PasscodeDialog

    keys = KeyStore(app_paths)
    error_text = ""
    while True:
        passcode = None
        if keys.needs_passcode():
            if known_passcode:
                passcode, known_passcode = known_passcode, None
            elif not interactive:
                passcode = session.passcode_for(keys, ask=False)
            else:
                dialog = PasscodeDialog(error_text)
                if not dialog.exec():
                    return None
                passcode = dialog.passcode()
        try:
            return open_workspace(app_paths, passcode)
        except (TooManyAttempts, WrongPasscode) as exc:  # asked again
            error_text = session.problem_text(exc)
        except session.CANNOT_OPEN as exc:
            QMessageBox.critical(None, i18n.tr("app.cannot_open_title"), session.problem_text(exc))
            return None
        if not interactive:
            QMessageBox.critical(None, i18n.tr("app.cannot_open_title"), error_text)
            return None


def acquire_single_instance(app_paths) -> QLockFile | None:
    lock = QLockFile(str(app_paths.lock_file))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    lock.removeStaleLockFile()
    return lock if lock.tryLock(200) else None


def run_gui(args: argparse.Namespace) -> int:
    from desktop import demo

    data_dir = args.data_dir
    if args.demo:
        data_dir = str(demo.make_demo_dir())
    app_paths = paths.resolve(data_dir)
    log.start_logging(app_paths)  # a read-only or full data folder: opening the data says what is wrong
    log.get_logger("app").info("starting Jikimi %s", __version__)
    app = make_application()
    lang = args.lang
    prefs_exist = preferences.exists(app_paths)
    i18n.set_language(lang)
    install_qt_translations(app, lang)

    lock = acquire_single_instance(app_paths)
    if lock is None:
        QMessageBox.warning(None, i18n.tr("app.already_running_title"), i18n.tr("app.already_running"))
        return 3

    interactive = not args.screenshot
    first_passcode = None
    if interactive and not prefs_exist and not args.demo:
        from desktop.ui.dialogs.first_run import FirstRunDialog

        first_run = FirstRunDialog(app_paths)
        if not first_run.exec():
            return 0
        lang = first_run.language()
        first_passcode = first_run.passcode_given()
        i18n.set_language(lang)
        install_qt_translations(app, lang)
    workspace = unlock_workspace(app_paths, interactive, first_passcode)
    if workspace is None:
        return 1
    server = None
    if args.demo:
        from desktop.demo_server import DemoServer

        server = DemoServer().start()
        demo.seed(workspace)
        if args.screenshot and args.page in DEMO_SCANNED_PAGES:
            demo.run_demo_scan(workspace, server.base_url)  # the screenshot shows real findings

    from desktop.ui.main_window import MainWindow

    window = MainWindow(workspace, demo_mode=args.demo)
    install_excepthook(lambda: window)
    window.show_page(args.page)
    if args.screenshot:
        code = _screenshot(app, window, args.screenshot, getattr(args, "size", SCREENSHOT_SIZE))
        if server:
            server.stop()
        return code
    window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        _arm_startup_probe(app, window)
    elif server is not None:
        QTimer.singleShot(300, lambda: window.start_demo_scan(server.base_url))
    code = app.exec()
    if server is not None:
        server.stop()
    workspace.close()
    lock.unlock()
    if args.demo:
        import shutil

        shutil.rmtree(app_paths.data_dir, ignore_errors=True)  # the demo promises a throw-away folder
    return code


class _FirstPaintProbe(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.fired = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self.fired:
            self.fired = True
            QTimer.singleShot(0, self.report)  # after this paint has finished
        return False

    def report(self) -> None:
        if sys.stdout is not None:
            print(STARTUP_PROBE_MARK, flush=True)
        self.app.quit()


def _arm_startup_probe(app: QApplication, window) -> None:
    probe = _FirstPaintProbe(app)
    window.installEventFilter(probe)


def _screenshot(app: QApplication, window, target: str, size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    window.resize(*size)
    window.show()
    for _ in range(5):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    image = window.grab().toImage()
    ok = image.save(target, "PNG")
    window.workspace.close()
    if window.demo_mode:
        import shutil

        shutil.rmtree(window.workspace.paths.data_dir, ignore_errors=True)
    return 0 if ok else 1
