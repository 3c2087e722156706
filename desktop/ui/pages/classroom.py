"""Classroom sessions: the teacher's entrance."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.i18n import tr
from desktop.ui.pages.base import Page


class ClassroomPage(Page):
    name = "classroom"
    title_id = "classroom.title"
    lead_id = "classroom.lead"

    def build(self) -> None:
        steps = QLabel(tr("classroom.steps"))
        steps.setWordWrap(True)
        steps.setTextFormat(steps.textFormat())
        self.body.addWidget(steps)
