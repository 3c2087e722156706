"""Classroom sessions: the teacher's entrance."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel

from desktop.i18n import tr
from desktop.ui.pages.base import Page
from desktop.ui.widgets import make_button


class ClassroomPage(Page):
    name = "classroom"
    title_id = "classroom.title"
    lead_id = "classroom.lead"

    def build(self) -> None:
        steps = QLabel(tr("classroom.steps"))
        steps.setWordWrap(True)
        steps.setTextFormat(steps.textFormat())
        self.body.addWidget(steps)
        row = QHBoxLayout()
        self.lesson_button = make_button(tr("lesson.start"), self.start_lesson, "primary", tr("lesson.start_tip"))
        self.lesson_preview_button = make_button(tr("lesson.open_preview"),
                                                 lambda: self.window_ref.show_page("lesson"))
        row.addWidget(self.lesson_button)
        row.addWidget(self.lesson_preview_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def start_lesson(self) -> None:
        self.window_ref.pages["lesson"].start_lesson()
