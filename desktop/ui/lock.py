"""Locking the app: on demand (Ctrl+L) and after a period without input, when an app passcode is set.

Locking drops the data key from memory (the database is closed and the vault released) and covers the window
with a passcode screen; unlocking derives the key again from the passcode, with the same throttling of wrong
passcodes as at start. Without a passcode there is nothing to lock with, and the app says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop import preferences
from desktop.i18n import tr
from desktop.ui.widgets import make_button

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    def __init__(self, on_unlock, on_help=None):
        super().__init__()
        self.setObjectName("page")
        outer = QHBoxLayout(self)
        column = QWidget()
        column.setMaximumWidth(720)
        outer.addStretch(1)
        outer.addWidget(column, 3)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.addStretch(1)
        title = QLabel(tr("lock.title"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(QLabel(tr("lock.prompt")))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(tr("passcode.field"))
        self.field.setMaximumWidth(360)
        self.field.returnPressed.connect(lambda: on_unlock(self.field.text()))
        layout.addWidget(self.field)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.error)
        self.unlock_button = make_button(tr("lock.unlock"), lambda: on_unlock(self.field.text()), "primary")
        self.unlock_button.setMaximumWidth(200)
        layout.addWidget(self.unlock_button)
        forgot = QLabel(tr("passcode.forgot"))
        forgot.setWordWrap(True)
        forgot.setObjectName("lead")
        layout.addWidget(forgot)
        if on_help is not None:  # help needs no data: it stays one click away while locked
            self.help_button = make_button(tr("nav.help"), on_help, "helpButton", f"{tr('nav.help')} (F1)")
            self.help_button.setMaximumWidth(240)
            layout.addWidget(self.help_button)
        layout.addStretch(2)
        layout.setContentsMargins(48, 24, 48, 24)


class LockController(QObject):
    """Watches for inactivity and locks the window; lives as long as the window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.screen: LockScreen | None = None
        self._idle_minutes: float | None = None  # read once, not on every key press or mouse move
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart_timer()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def idle_minutes(self) -> float:
        if self._idle_minutes is None:
            self._idle_minutes = float(preferences.load(self.window.app_paths).get("idle_lock_minutes") or 0)
        return self._idle_minutes

    def preferences_changed(self) -> None:
        """Settings saved a new idle time: read it again and restart the count."""
        self._idle_minutes = None
        self.restart_timer()

    def can_lock(self) -> bool:
        from desktop.secrets import KeyStore

        return KeyStore(self.window.app_paths).needs_passcode()

    def restart_timer(self) -> None:
        minutes = self.idle_minutes()
        if minutes > 0 and not self.locked:
            self.timer.start(int(minutes * 60_000))
        else:
            self.timer.stop()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in _ACTIVITY and not self.locked:
            self.restart_timer()
        return False

    def _idle(self) -> None:
        if not self.can_lock():
            return
        if self.window.busy():
            self.restart_timer()  # never pull the data away from a running scan; try again later
            return
        self.lock()

    def lock_now(self) -> bool:
        if not self.can_lock():
            QMessageBox.information(self.window, tr("lock.title"), tr("lock.needs_passcode"))
            return False
        if self.window.busy():
            QMessageBox.information(self.window, tr("lock.title"), tr("lock.busy"))
            return False
        self.lock()
        return True

    def lock(self) -> None:
        if self.locked:
            return
        self.timer.stop()
        self.window.release_workspace()
        self.screen = LockScreen(self.unlock, self.show_help)
        self.window.setCentralWidget(self.screen)
        self.screen.field.setFocus()

    def show_help(self) -> QDialog:
        """Help & hotlines over the lock screen (it reads only the bundled content, never the data)."""
        from desktop.ui.pages.help import HelpPage

        dialog = QDialog(self.window)
        dialog.setWindowTitle(tr("nav.help"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(HelpPage(self.window))
        dialog.resize(900, 700)
        dialog.open()
        return dialog

    def unlock(self, passcode: str) -> bool:
        from desktop.secrets import TooManyAttempts
        from desktop.store.crypto import WrongPasscode
        from desktop.store.session import problem_text
        from desktop.store.workspace import open_workspace

        screen = self.screen
        assert screen is not None  # unlocking is offered only by the lock screen
        try:
            workspace = open_workspace(self.window.app_paths, passcode)
        except TooManyAttempts as exc:
            screen.error.setText(problem_text(exc))
            return False
        except WrongPasscode as exc:
            screen.error.setText(problem_text(exc))
            screen.field.selectAll()
            return False
        self.screen = None
        self.window.restore_workspace(workspace)
        self.restart_timer()
        return True
