"""Help & hotlines: reachable in one click (F1) from every screen. Korea first when the language is
Korean, the international services always; every number selectable and copyable."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel

from desktop.core import guidance
from desktop.i18n import current_language, tr
from desktop.ui.guidance_widgets import GUIDANCE_QSS, HotlineCard, wrapped
from desktop.ui.pages.base import Page
from desktop.ui.widgets import make_button


class HelpPage(Page):
    name = "help"
    title_id = "help.title"
    lead_id = "help.lead"

    def build(self) -> None:
        lang = current_language()
        self.setStyleSheet(GUIDANCE_QSS)
        self.found_button = make_button(
            tr("guidance.help.found_button"), lambda: self.window_ref.show_page("found"), "urgentButton",
            tr("guidance.help.found_tooltip"),
        )
        self.found_button.setAccessibleDescription(tr("guidance.help.found_tooltip"))
        self.evidence_button = make_button(tr("help_links.evidence_kit"),
                                           lambda: self.window_ref.show_page("evidence"))
        row = QHBoxLayout()
        row.addWidget(self.found_button)
        row.addWidget(self.evidence_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.groups = guidance.hotline_groups(lang)
        self.body.addWidget(wrapped(guidance.verified_note(lang), "muted"))
        self.cards: dict[str, HotlineCard] = {}
        self.group_labels: list[QLabel] = []
        for group in self.groups:
            heading = QLabel(group.title)
            heading.setObjectName("sectionTitle")
            heading.setAccessibleName(group.title)
            self.group_labels.append(heading)
            self.body.addWidget(heading)
            for entry in group.entries:
                card = HotlineCard(entry)
                self.cards[entry.id] = card
                self.body.addWidget(card)
