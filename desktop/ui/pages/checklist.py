"""The student privacy checklist: per person, platform by platform, ticks saved; where a linked source
lets Jikimi check an item it shows what it saw and when; a printable PDF. An unconfirmed path carries a short tag,
explained once at the top. The advice on children's photos is for parents and schools: folded away behind a toggle."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
)

from desktop.core import guidance
from desktop.i18n import current_language, tr
from desktop.reports.checklist_pdf import fact_text
from desktop.store.checklist import ChecklistRepository, source_facts
from desktop.store.db import StorageError
from desktop.ui.guidance_widgets import GUIDANCE_QSS, wrapped
from desktop.ui.pages.base import Page
from desktop.ui.widgets import make_button


class ItemRow(QFrame):
    def __init__(self, item: guidance.ChecklistItem, on_toggled):
        super().__init__()
        self.item = item
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(2)
        self.checkbox = QCheckBox(item.what)
        self.checkbox.setAccessibleName(item.what)
        self.checkbox.setAccessibleDescription(item.why)
        self.checkbox.toggled.connect(lambda checked: on_toggled(item.id, checked))
        layout.addWidget(self.checkbox)
        indent = QVBoxLayout()
        indent.setContentsMargins(28, 0, 0, 0)
        indent.addWidget(wrapped(item.why))
        lang = current_language()
        self.path_label = wrapped(item.setting.where(lang), "muted", selectable=True)
        self.path_label.setToolTip("\n".join(filter(None, [*item.setting.sources, item.setting.note])))
        indent.addWidget(self.path_label)
        tag = item.setting.tag(lang)
        self.caution_label = wrapped(tag, "caveat") if tag else None
        if self.caution_label is not None:
            self.caution_label.setToolTip(item.setting.caution(lang) or "")
        if self.caution_label is not None:
            indent.addWidget(self.caution_label)
        self.fact_label = wrapped("", "verifiedOk")
        self.fact_label.hide()
        indent.addWidget(self.fact_label)
        layout.addLayout(indent)

    def show_fact(self, fact) -> None:
        if fact is None:
            self.fact_label.hide()
            return
        self.fact_label.setText(fact_text(self.item, fact, current_language()))
        self.fact_label.setObjectName("verifiedOk" if fact.ok else "verifiedNo")
        self.fact_label.style().unpolish(self.fact_label)
        self.fact_label.style().polish(self.fact_label)
        self.fact_label.show()


class ChecklistPage(Page):
    name = "checklist"
    title_id = "checklist.title"
    lead_id = "checklist.lead"

    def build(self) -> None:
        self.setStyleSheet(GUIDANCE_QSS)
        self.lang = current_language()
        self.platforms = guidance.checklist(self.lang)
        _, intro = guidance.checklist_intro(self.lang)
        self.person_id: int | None = None

        top = QHBoxLayout()
        who = QLabel(tr("guidance.checklist.person"))
        self.person_box = QComboBox()
        self.person_box.setAccessibleName(tr("guidance.checklist.person"))
        self.person_box.setMinimumWidth(220)
        self.person_box.currentIndexChanged.connect(self._person_changed)
        who.setBuddy(self.person_box)
        self.start_mine = make_button(tr("guidance.checklist.start_mine"), self.start_own_checklist)
        self.print_button = make_button(tr("guidance.checklist.print"), self.save_pdf, "primary",
                                        tr("guidance.checklist.print_tip"))
        top.addWidget(who)
        top.addWidget(self.person_box)
        top.addWidget(self.start_mine)
        top.addStretch(1)
        top.addWidget(self.print_button)
        self.body.addLayout(top)
        self.pdf_status = wrapped("", "verifiedOk", selectable=True)
        self.pdf_status.hide()
        self.body.addWidget(self.pdf_status)
        self.no_person = wrapped(tr("guidance.checklist.no_person"), "caveat")
        self.body.addWidget(self.no_person)
        overall_row = QHBoxLayout()
        self.overall_label = QLabel()
        self.overall_bar = QProgressBar()
        self.overall_bar.setAccessibleName(tr("guidance.checklist.overall_accessible"))
        overall_row.addWidget(self.overall_label)
        overall_row.addWidget(self.overall_bar, 1)
        self.body.addLayout(overall_row)
        self.body.addWidget(wrapped(intro, "muted"))
        self.check_explained = wrapped(tr("guidance.checklist.check_explained"), "caveat")
        self.body.addWidget(self.check_explained)

        self.rows: dict[str, ItemRow] = {}
        self.platform_bars: dict[str, QProgressBar] = {}
        self.platform_labels: dict[str, QLabel] = {}
        for platform in self.platforms:
            card = QFrame()
            card.setObjectName("platformCard")
            layout = QVBoxLayout(card)
            layout.setContentsMargins(16, 10, 16, 10)
            header = QHBoxLayout()
            name = QLabel(platform.name)
            name.setObjectName("sectionTitle")
            bar = QProgressBar()
            bar.setMaximumWidth(220)
            bar.setAccessibleName(tr("guidance.checklist.platform_accessible", platform=platform.name))
            count = QLabel()
            header.addWidget(name, 1)
            header.addWidget(count)
            header.addWidget(bar)
            layout.addLayout(header)
            self.platform_bars[platform.id] = bar
            self.platform_labels[platform.id] = count
            for item in platform.items:
                row = ItemRow(item, self.toggle)
                self.rows[item.id] = row
                layout.addWidget(row)
            self.body.addWidget(card)
        self._advice()

    def _advice(self) -> None:
        title, sections = guidance.sharenting(self.lang)
        self.adult_toggle = QCheckBox(tr("guidance.checklist.adult_toggle"))
        self.adult_toggle.setToolTip(tr("guidance.checklist.adult_toggle_tip"))
        self.adult_toggle.setAccessibleDescription(tr("guidance.checklist.adult_toggle_tip"))
        self.body.addWidget(self.adult_toggle)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        self.body.addWidget(heading)
        self.advice_heading = heading
        self.advice_cards = []
        for section in sections:
            card = QFrame()
            card.setObjectName("adviceCard")
            layout = QVBoxLayout(card)
            layout.setContentsMargins(16, 10, 16, 10)
            name = wrapped(section.title, "hotlineName")
            layout.addWidget(name)
            layout.addWidget(wrapped(section.lead))
            for _, text in section.items:
                layout.addWidget(wrapped(f"• {text}", selectable=True))
            self.advice_cards.append(card)
            self.body.addWidget(card)
        self.adult_toggle.toggled.connect(self._show_advice)
        self._show_advice(False)

    def _show_advice(self, shown: bool) -> None:
        self.advice_heading.setVisible(shown)
        for card in self.advice_cards:
            card.setVisible(shown)

    # --- data ---------------------------------------------------------------------------------------
    @property
    def repo(self) -> ChecklistRepository:
        return ChecklistRepository(self.workspace.db)

    def refresh(self) -> None:
        keep = self.person_id
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for person in self.workspace.persons.list():
            self.person_box.addItem(f"{person.name} · {tr(f'role.{person.role}')}", person.id)
        index = self.person_box.findData(keep) if keep is not None else 0
        self.person_box.setCurrentIndex(max(index, 0) if self.person_box.count() else -1)
        self.person_box.blockSignals(False)
        self._person_changed()

    def _person_changed(self, *_args) -> None:
        self.person_id = self.person_box.currentData()
        has_person = self.person_id is not None
        self.no_person.setVisible(not has_person)
        self.start_mine.setVisible(not has_person)
        self.person_box.setEnabled(has_person)
        done = self.repo.done_items(self.person_id) if has_person else set()
        facts = source_facts(self.workspace, self.person_id, self.platforms) if has_person else {}
        for item_id, row in self.rows.items():
            row.checkbox.blockSignals(True)
            row.checkbox.setChecked(item_id in done)
            row.checkbox.setEnabled(has_person)
            row.checkbox.blockSignals(False)
            row.show_fact(facts.get(item_id))
        self._show_progress()

    def _show_progress(self) -> None:
        if self.person_id is None:
            progress = None
        else:
            progress = self.repo.progress(self.person_id, self.platforms)
        for platform in self.platforms:
            value = progress.per_platform[platform.id] if progress else None
            done, total = (value.done, value.total) if value else (0, len(platform.items))
            bar = self.platform_bars[platform.id]
            bar.setRange(0, total)
            bar.setValue(done)
            self.platform_labels[platform.id].setText(tr("guidance.checklist.count", done=done, total=total))
        overall = progress.overall if progress else None
        done = overall.done if overall else 0
        total = overall.total if overall else sum(len(p.items) for p in self.platforms)
        self.overall_bar.setRange(0, total)
        self.overall_bar.setValue(done)
        self.overall_label.setText(tr("guidance.checklist.overall", done=done, total=total))

    def toggle(self, item_id: str, checked: bool) -> None:
        if self.person_id is None:
            return
        try:
            self.repo.set_done(self.person_id, item_id, checked)
        except StorageError as exc:
            QMessageBox.warning(self, tr("checklist.title"), tr(exc.message_id, **exc.values))
            self._person_changed()
            return
        self._show_progress()

    def start_own_checklist(self) -> None:
        name = tr("guidance.checklist.me_name")
        persons = self.workspace.persons
        try:
            person = persons.find(name) or persons.add(name, role="self")
        except StorageError as exc:
            QMessageBox.warning(self, tr("checklist.title"), tr(exc.message_id, **exc.values))
            return
        self.person_id = person.id
        self.refresh()

    # --- printing -----------------------------------------------------------------------------------
    def ask_pdf_target(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("guidance.checklist.print"), tr("guidance.checklist.pdf_name"), "PDF (*.pdf)"
        )
        return path

    def save_pdf(self) -> None:
        target = self.ask_pdf_target()
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        lang = self.lang
        person_id = self.person_id
        done = self.repo.done_items(person_id) if person_id is not None else set()
        facts = source_facts(self.workspace, person_id, self.platforms) if person_id is not None else {}
        name = self.workspace.persons.get(person_id).name if person_id is not None else None
        adult_advice = self.adult_toggle.isChecked()
        self.print_button.setEnabled(False)
        self.pdf_status.setText(tr("guidance.checklist.saving"))
        self.pdf_status.show()

        def work(ctx):
            from desktop.reports.checklist_pdf import write_checklist_pdf

            ctx.progress(0, 1, "")
            return write_checklist_pdf(target, lang, done, name, facts, adult_advice=adult_advice)

        def done_ok(path) -> None:
            self.print_button.setEnabled(True)
            self.pdf_status.setText(tr("guidance.checklist.saved", path=str(path)))
            self.pdf_status.show()

        def failed(exc) -> None:
            self.print_button.setEnabled(True)
            QMessageBox.warning(self, tr("guidance.checklist.print"),
                                tr("guidance.checklist.save_failed", path=target, error=str(exc)))

        self.window_ref.runner.run_task(work, done_ok, on_error=failed, owner=self)
