"""The home screen: three entrances and help."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QPushButton

from desktop.i18n import tr
from desktop.ui.pages.base import Page
from desktop.ui.widgets import CardButton

ENTRANCES = [
    ("family", "home.family", "home.family_desc"),
    ("classroom", "home.classroom", "home.classroom_desc"),
    ("checklist", "home.checklist", "home.checklist_desc"),
    ("help", "home.help", "home.help_desc"),
]


class HomePage(Page):
    name = "home"
    title_id = "home.title"
    lead_id = "home.lead"

    def build(self) -> None:
        grid = QGridLayout()
        grid.setSpacing(16)
        self.entrances: dict[str, QPushButton] = {}
        for position, (page, title_id, desc_id) in enumerate(ENTRANCES):
            button = CardButton(tr(title_id), tr(desc_id))
            button.clicked.connect(lambda _=False, target=page: self.window_ref.show_page(target))
            grid.addWidget(button, position // 2, position % 2)
            self.entrances[page] = button
        self.body.addLayout(grid)
