"""A student using Jikimi for themself is not "my child": first-person words, and under 14 a guardian agrees
too. The family list keeps the person the parent chose."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui.dialogs.add_person_dialog import AddPersonDialog
from desktop.ui.dialogs.sources_dialog import SourceFormDialog, SourcesDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("family")
    return win


def test_a_twelve_year_old_checking_themself_needs_a_guardian_too(qtbot, window, workspace, monkeypatch):
    dialog = AddPersonDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Jiho")
    dialog.role.setCurrentIndex(dialog.role.findData("self"))
    dialog.age_band.setCurrentIndex(dialog.age_band.findData("under14"))
    assert not dialog.guardian.isHidden() and not dialog.self_consent.isHidden()
    dialog.self_consent.setChecked(True)
    values = dialog.values()
    assert values["age_band"] == "under14" and values["consent_by"] == ["self"]
    jiho = workspace.persons.add(**values)
    from desktop.core import consent as rules

    assert rules.refusal_reason(jiho, workspace.persons.consent(jiho.id)) == "consent.needs_guardian_for_self"

    dialog.age_band.setCurrentIndex(dialog.age_band.findData("14to17"))
    assert dialog.guardian.isHidden()  # from 14, their own agreement is enough for themself


def test_sources_of_a_person_checking_themself_read_in_the_first_person(qtbot, workspace):
    me = workspace.persons.add("Seoyeon", role="self", age_band="14to17", consent_by=["self"])
    dialog = SourcesDialog(None, workspace, me, SyncTaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "My linked accounts and pages"
    form = SourceFormDialog(None, role="self")
    qtbot.addWidget(form)
    assert form.owner.currentData() == "self" and form.owner.currentText() == "my own"
    parent_form = SourceFormDialog(None, role="child")
    qtbot.addWidget(parent_form)
    assert parent_form.owner.currentText() == "my child's own"


def test_the_family_list_keeps_the_chosen_person_after_a_refresh(window, workspace):
    workspace.persons.add("Minji", consent_by=["guardian"])
    haneul = workspace.persons.add("Haneul", consent_by=["guardian"])
    page = window.pages["family"]
    page.refresh(select_id=haneul.id)
    page.refresh()  # e.g. after the enrol dialog closed
    assert page.selected_person_id() == haneul.id


def test_choosing_14_to_17_adds_the_young_persons_agreement_without_squashing_the_fields(qtbot):
    dialog = AddPersonDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.age_band.setCurrentIndex(dialog.age_band.findData("14to17"))
    QApplication.sendPostedEvents()  # deliver the posted layout requests now, instead of waiting 10 ms
    assert not dialog.young_person.isHidden()
    for field in (dialog.name, dialog.role, dialog.age_band):
        assert field.height() >= field.sizeHint().height()
