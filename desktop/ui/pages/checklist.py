"""The student privacy checklist entrance."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.i18n import tr
from desktop.ui.pages.base import Page


class ChecklistPage(Page):
    name = "checklist"
    title_id = "checklist.title"
    lead_id = "checklist.lead"

    def build(self) -> None:
        steps = QLabel(tr("checklist.steps"))
        steps.setWordWrap(True)
        self.body.addWidget(steps)
