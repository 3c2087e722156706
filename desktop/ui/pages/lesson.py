"""Lesson mode from the Classroom page: a preview of the slides to rehearse with, and the button that
starts the full-screen lesson. ``jikimi --screenshot --page lesson`` renders this page on the first slide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel

from desktop.core import guidance
from desktop.core.lesson import LessonNavigator
from desktop.i18n import current_language, tr
from desktop.ui.guidance_widgets import wrapped
from desktop.ui.lesson.slide_view import SlideView
from desktop.ui.lesson.window import LessonWindow, footer_for
from desktop.ui.pages.base import Page
from desktop.ui.widgets import make_button


class LessonPage(Page):
    name = "lesson"
    title_id = "lesson.page_title"
    lead_id = "lesson.page_lead"

    def build(self) -> None:
        self.nav = LessonNavigator(guidance.lesson(current_language()))
        self.nav.timer.running = False
        row = QHBoxLayout()
        self.start_button = make_button(tr("lesson.start"), self.start_lesson, "primary", tr("lesson.start_tip"))
        self.previous_button = make_button(tr("lesson.previous"), lambda: self._move(self.nav.previous))
        self.next_button = make_button(tr("lesson.next"), lambda: self._move(self.nav.forward))
        self.position = QLabel()
        row.addWidget(self.start_button)
        row.addStretch(1)
        row.addWidget(self.previous_button)
        row.addWidget(self.position)
        row.addWidget(self.next_button)
        self.body.addLayout(row)
        self.preview = SlideView()
        self.preview.setMinimumHeight(470)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.addWidget(self.preview, 1)
        self.body.addWidget(wrapped(tr("lesson.keys"), "lead"))
        self.lesson_window: LessonWindow | None = None
        self._show()

    def _move(self, action) -> None:
        action()
        self._show()

    def _show(self) -> None:
        self.preview.show_slide(self.nav.slide, self.nav.revealed, footer_for(self.nav))
        self.position.setText(tr("lesson.position", number=self.nav.index + 1, total=self.nav.count))

    def start_lesson(self, presenter: bool | None = None, full_screen: bool = True) -> LessonWindow:
        if self.lesson_window is not None:
            self.lesson_window.close()
        self.lesson_window = LessonWindow(current_language(), presenter=presenter)
        self.lesson_window.nav.go(self.nav.index)
        self.lesson_window.update_view()
        if full_screen:
            self.lesson_window.start()
        return self.lesson_window
