"""'Found something?': choose who it happened to, then one calm step at a time, with the numbers to
call right in the step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import guidance
from desktop.i18n import current_language, tr
from desktop.ui.guidance_widgets import GUIDANCE_QSS, HotlineCard, wrapped
from desktop.ui.pages.base import Page
from desktop.ui.widgets import CardButton, make_button


class FoundFlow:
    """Where the user is in the flow: the chosen role and the step. Kept apart from the widgets."""

    def __init__(self, paths: dict[str, guidance.RolePath]):
        self.paths = paths
        self.role: str | None = None
        self.index = 0

    @property
    def steps(self) -> tuple[guidance.Step, ...]:
        return self.paths[self.role].steps if self.role else ()

    def choose(self, role: str) -> None:
        self.role, self.index = role, 0

    def go(self, index: int) -> None:
        if self.steps:
            self.index = max(0, min(index, len(self.steps) - 1))

    @property
    def at_start(self) -> bool:
        return self.index == 0

    @property
    def at_end(self) -> bool:
        return self.index >= len(self.steps) - 1


class FoundPage(Page):
    name = "found"
    title_id = "guidance.found.title"

    def build(self) -> None:
        self.setStyleSheet(GUIDANCE_QSS)
        self.lang = current_language()
        title, intro = guidance.found_intro(self.lang)
        self.title.setText(title)
        self.intro = wrapped(intro, "lead")
        self.body.addWidget(self.intro)
        # Always on screen, above the role cards and the steps: who to call right now.
        self.urgent_strip = wrapped(tr("guidance.found.urgent_strip"), "urgentStrip", selectable=True)
        self.urgent_strip.setAccessibleName(tr("guidance.found.urgent_strip"))
        self.urgent_strip.setStyleSheet("background: #fde9c4; color: #1d2433; font-weight: bold; font-size: 12pt;"
                                        " border: 1px solid #f2b84b; border-radius: 6px; padding: 8px 12px;")
        self.body.addWidget(self.urgent_strip)
        self.flow = FoundFlow(guidance.found_something(self.lang))
        self.stack = QStackedWidget()
        self.body.addWidget(self.stack, 1)
        self.stack.addWidget(self._chooser())
        self.stack.addWidget(self._stepper())
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self).activated.connect(self.next_step)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self).activated.connect(self.previous_step)

    # --- layout ------------------------------------------------------------------------------------
    def _chooser(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        question = QLabel(tr("guidance.found.who"))
        question.setObjectName("sectionTitle")
        layout.addWidget(question)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.role_buttons: dict[str, CardButton] = {}
        for position, (role, path) in enumerate(self.flow.paths.items()):
            button = CardButton(path.title, path.lead)
            button.clicked.connect(lambda _=False, r=role: self.choose(r))
            grid.addWidget(button, position // 2, position % 2)
            self.role_buttons[role] = button
        layout.addLayout(grid)
        layout.addStretch(1)
        return panel

    def _stepper(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.role_title = QLabel()
        self.role_title.setObjectName("sectionTitle")
        self.change_role = make_button(tr("guidance.found.change_role"), self.show_chooser)
        top.addWidget(self.role_title, 1)
        top.addWidget(self.change_role)
        layout.addLayout(top)
        self.role_lead = wrapped("", "lead")
        layout.addWidget(self.role_lead)
        row = QHBoxLayout()
        self.step_list = QListWidget()
        self.step_list.setAccessibleName(tr("guidance.found.all_steps"))
        self.step_list.setMinimumWidth(260)
        self.step_list.setMaximumWidth(340)
        self.step_list.setWordWrap(True)
        self.step_list.currentRowChanged.connect(self._row_changed)
        row.addWidget(self.step_list)
        card = QFrame()
        card.setObjectName("stepCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(18, 14, 18, 14)
        self.step_counter = QLabel()
        self.step_counter.setObjectName("muted")
        self.step_title = wrapped("", "stepTitle")
        self.step_title.setAccessibleName(tr("guidance.found.step_title"))
        self.step_body = wrapped("", "stepBody", selectable=True)
        card_layout.addWidget(self.step_counter)
        card_layout.addWidget(self.step_title)
        card_layout.addWidget(self.step_body)
        self.contacts_box = QVBoxLayout()
        card_layout.addLayout(self.contacts_box)
        card_layout.addStretch(1)
        buttons = QHBoxLayout()
        self.previous_button = make_button(tr("guidance.found.previous"), self.previous_step,
                                           tooltip=tr("guidance.found.previous_tip"))
        self.next_button = make_button(tr("guidance.found.next"), self.next_step, "primary",
                                       tooltip=tr("guidance.found.next_tip"))
        self.help_button = make_button(tr("guidance.found.all_hotlines"), lambda: self.window_ref.show_page("help"))
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.help_button)
        card_layout.addLayout(buttons)
        row.addWidget(card, 1)
        layout.addLayout(row, 1)
        self.contact_cards: list[HotlineCard] = []
        return panel

    # --- behaviour ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.flow.role is None:
            self.stack.setCurrentIndex(0)

    def show_chooser(self) -> None:
        self.flow.role = None
        self.stack.setCurrentIndex(0)
        first = next(iter(self.role_buttons.values()), None)
        if first:
            first.setFocus()

    def choose(self, role: str) -> None:
        self.flow.choose(role)
        path = self.flow.paths[role]
        self.role_title.setText(path.title)
        self.role_lead.setText(path.lead)
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for number, step in enumerate(path.steps, start=1):
            self.step_list.addItem(QListWidgetItem(f"{number}. {step.title}"))
        self.step_list.blockSignals(False)
        self.stack.setCurrentIndex(1)
        self.show_step(0)
        self.next_button.setFocus()

    def _row_changed(self, row: int) -> None:
        if row >= 0 and row != self.flow.index:
            self.show_step(row)

    def next_step(self) -> None:
        if self.flow.role and not self.flow.at_end:
            self.show_step(self.flow.index + 1)

    def previous_step(self) -> None:
        if self.flow.role and not self.flow.at_start:
            self.show_step(self.flow.index - 1)

    def show_step(self, index: int) -> None:
        self.flow.go(index)
        step = self.flow.steps[self.flow.index]
        total = len(self.flow.steps)
        self.step_counter.setText(tr("guidance.found.step_of", number=self.flow.index + 1, total=total))
        self.step_title.setText(step.title)
        self.step_body.setText(step.body)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(self.flow.index)
        self.step_list.blockSignals(False)
        for card in self.contact_cards:
            self.contacts_box.removeWidget(card)
            card.deleteLater()
        self.contact_cards = []
        for contact in step.contacts:
            card = HotlineCard(guidance.hotline(self.lang, contact), compact=True)
            self.contacts_box.addWidget(card)
            self.contact_cards.append(card)
        self.previous_button.setEnabled(not self.flow.at_start)
        self.next_button.setEnabled(not self.flow.at_end)
        self.next_button.setText(tr("guidance.found.next"))
