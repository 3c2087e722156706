"""The full-screen lesson window, and the presenter view with notes when a second screen is present.

Keys: → / Space / PageDown / Enter next (Space first reveals a quiz answer), ← / PageUp / Backspace
previous, Home / End, 1–9 jump to a section, F1 or H the help slide, T pause/resume the timer, R reset
it, S show/hide the presenter view, Esc leave.

The presenter view (notes, quiz answers, what comes next) opens only on a screen other than the one the slides
are on: with one screen, or a projector that mirrors the teacher's screen, it would be on the picture the class
sees. There S shows a line saying how to get it (extend the display instead of mirroring)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core import guidance
from desktop.core.lesson import LessonNavigator
from desktop.i18n import current_language, tr
from desktop.ui.lesson.slide_view import SlideView
from desktop.ui.widgets import button_text

NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter,
             Qt.Key.Key_Down)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up)


def footer_for(nav: LessonNavigator) -> str:
    return tr("lesson.footer", number=nav.index + 1, total=nav.count, time=nav.timer.text)


class KeyHandler:
    """Turns key presses into navigator calls; shared by the window and the presenter view."""

    def __init__(self, nav: LessonNavigator, on_change, on_close, on_toggle_presenter):
        self.nav = nav
        self.on_change = on_change
        self.on_close = on_close
        self.on_toggle_presenter = on_toggle_presenter

    def handle(self, key: int) -> bool:
        nav = self.nav
        if key == Qt.Key.Key_Escape:
            self.on_close()
            return True
        if key in NEXT_KEYS:
            nav.forward()
        elif key in PREVIOUS_KEYS:
            nav.previous()
        elif key == Qt.Key.Key_Home:
            nav.go(0)
        elif key == Qt.Key.Key_End:
            nav.go(nav.count - 1)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            if not nav.section(key - Qt.Key.Key_0):
                return True
        elif key in (Qt.Key.Key_F1, Qt.Key.Key_H):
            nav.help()
        elif key == Qt.Key.Key_A:
            nav.reveal()
        elif key == Qt.Key.Key_T:
            nav.timer.toggle()
        elif key == Qt.Key.Key_R:
            nav.timer.reset()
        elif key == Qt.Key.Key_S:
            self.on_toggle_presenter()
            return True
        else:
            return False
        self.on_change()
        return True


PRESENTER_MIN_SIZE = (960, 600)


def teacher_screen(slides_screen):
    """A screen for the presenter view: one that is not showing the slides (a mirrored projector shows the same
    picture as the screen it copies, so screens with the same geometry count as one). ``None`` when there is
    none: then the notes are not shown at all."""
    if slides_screen is None:
        slides_screen = QGuiApplication.primaryScreen()
    taken = slides_screen.geometry() if slides_screen is not None else None
    for screen in QGuiApplication.screens():
        if screen is not slides_screen and screen.geometry() != taken:
            return screen
    return None


class PresenterView(QWidget):
    """For the teacher's screen: the current slide small, the speaker notes, what comes next, the timer."""

    key_pressed = Signal(int)

    def __init__(self):
        super().__init__()
        self.setWindowTitle(tr("lesson.presenter_title"))
        self.setObjectName("presenterView")
        self.setStyleSheet("QWidget#presenterView { background: #f6f7fb; } QLabel { color: #1d2433; }")
        self.setMinimumSize(*PRESENTER_MIN_SIZE)  # below this the notes and the key help would overlap
        layout = QHBoxLayout(self)
        self.preview = SlideView()
        self.preview.setMinimumSize(480, 300)
        layout.addWidget(self.preview, 3)
        side = QVBoxLayout()
        self.timer_label = QLabel()
        self.timer_label.setStyleSheet("font-size: 40px; font-weight: bold; color: #1f3a5f;")
        self.timer_label.setAccessibleName(tr("lesson.timer"))
        self.position_label = QLabel()
        notes_title = QLabel(tr("lesson.notes"))
        notes_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("font-size: 18px;")
        self.notes_label.setAccessibleName(tr("lesson.notes"))
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.answer_label.setStyleSheet("font-size: 16px; color: #7a4b00;")
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("font-size: 16px; color: #4a5468;")
        self.keys_label = QLabel(tr("lesson.keys"))
        self.keys_label.setWordWrap(True)
        self.keys_label.setStyleSheet("font-size: 13px; color: #4a5468;")
        for widget in (self.timer_label, self.position_label, notes_title, self.notes_label, self.answer_label,
                       self.next_label):
            side.addWidget(widget)
        side.addStretch(1)
        side.addWidget(self.keys_label)
        layout.addLayout(side, 2)

    def show_state(self, nav: LessonNavigator) -> None:
        slide = nav.slide
        self.preview.show_slide(slide, nav.revealed, footer_for(nav))
        self.timer_label.setText(nav.timer.text + ("" if nav.timer.running else f"  {tr('lesson.paused')}"))
        self.position_label.setText(tr("lesson.position", number=nav.index + 1, total=nav.count))
        self.notes_label.setText(slide.notes)
        answer = slide.answer if slide.kind == "quiz" else ""
        self.answer_label.setText(tr("lesson.answer_for_presenter", answer=answer) if answer else "")
        upcoming = nav.next_slide
        self.next_label.setText(tr("lesson.next_slide", title=upcoming.title) if upcoming else tr("lesson.last_slide"))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.key_pressed.emit(event.key())


class LessonWindow(QWidget):
    """The audience's window. ``presenter`` forces the presenter view on or off; by default it opens when
    the computer has a second screen."""

    closed = Signal()

    def __init__(self, lang: str | None = None, presenter: bool | None = None, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.lang = lang or current_language()
        self.nav = LessonNavigator(guidance.lesson(self.lang))
        self.setWindowTitle(tr("lesson.window_title", title=self.nav.lesson.title))
        self.setObjectName("lessonWindow")
        self.setStyleSheet("QWidget#lessonWindow { background: #13263f; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = SlideView()
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 4, 16, 8)
        self.help_button = QPushButton(button_text(tr("lesson.help_button")))
        self.help_button.setAccessibleName(tr("lesson.help_button"))
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the slides
        self.help_button.setStyleSheet("background: #f2b84b; color: #1d2433; font-weight: bold; padding: 6px 14px;")
        self.help_button.clicked.connect(self._show_help)
        self.close_button = QPushButton(tr("lesson.close_button"))
        self.close_button.setAccessibleName(tr("lesson.close_button"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close)
        hint = QLabel(tr("lesson.keys_short"))
        hint.setStyleSheet("color: #c9d6ea; font-size: 13px;")
        bar.addWidget(hint, 1)
        # Why S did not open the notes on a single (or mirrored) screen, and what to do instead.
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #f2b84b; font-size: 13px;")
        self.notice.hide()
        bar.addWidget(self.notice, 2)
        bar.addWidget(self.help_button)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)
        self.keys = KeyHandler(self.nav, self.update_view, self.close, self.toggle_presenter)
        self.presenter: PresenterView | None = None
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.tick)
        if presenter is None:
            presenter = teacher_screen(QGuiApplication.primaryScreen()) is not None
        if presenter:
            self.open_presenter()
        self.update_view()

    # --- presenting -------------------------------------------------------------------------------
    def start(self) -> None:
        """Full screen on the last screen (the projector); the presenter view stays on the first."""
        screens = QGuiApplication.screens()
        own = teacher_screen(screens[-1]) if screens else None
        if self.presenter is not None and own is not None:
            self.setScreen(screens[-1])
            self.move(screens[-1].geometry().topLeft())
            self._place_presenter(own)
            self.presenter.show()
        self.showFullScreen()
        self.clock.start()
        self.activateWindow()
        self.setFocus()

    def open_presenter(self) -> None:
        if self.presenter is None:
            self.presenter = PresenterView()
            self.presenter.key_pressed.connect(self.keys.handle)
        self.presenter.show_state(self.nav)

    def _place_presenter(self, screen) -> None:
        presenter = self.presenter
        if presenter is None:
            return
        presenter.setScreen(screen)
        presenter.move(screen.geometry().topLeft())
        available = screen.availableGeometry().size()
        presenter.resize(max(PRESENTER_MIN_SIZE[0], available.width()), max(PRESENTER_MIN_SIZE[1], available.height()))

    def toggle_presenter(self) -> None:
        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.hide()
            return
        own = teacher_screen(self.screen())
        if own is None:  # the only screen is the one the class sees: notes and answers stay hidden
            self.notice.setText(tr("classprivacy.lesson.one_screen"))
            self.notice.show()
            return
        self.notice.hide()
        self.open_presenter()
        self._place_presenter(own)
        assert self.presenter is not None  # open_presenter() just made it
        self.presenter.show()

    def tick(self) -> None:
        self.nav.timer.tick()
        self.view.set_footer(footer_for(self.nav))
        if self.presenter is not None:
            self.presenter.show_state(self.nav)

    def _show_help(self) -> None:
        self.nav.help()
        self.update_view()

    def update_view(self) -> None:
        self.view.show_slide(self.nav.slide, self.nav.revealed, footer_for(self.nav))
        if self.presenter is not None:
            self.presenter.show_state(self.nav)

    # --- events -----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self.keys.handle(event.key()):
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.clock.stop()
        if self.presenter is not None:
            self.presenter.close()
        self.closed.emit()
        super().closeEvent(event)
