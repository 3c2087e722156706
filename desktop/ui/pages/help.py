"""Help & hotlines: reachable in one click (F1) from every screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.i18n import tr
from desktop.ui.pages.base import Page


class HelpPage(Page):
    name = "help"
    title_id = "help.title"
    lead_id = "help.lead"

    def build(self) -> None:
        urgent = QLabel(tr("help.urgent"))
        urgent.setWordWrap(True)
        urgent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        urgent.setAccessibleName(tr("help.urgent_label"))
        self.body.addWidget(urgent)
