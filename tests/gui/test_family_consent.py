"""A parent records consent after adding a child (Family › Record consent…), or withdraws it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop import i18n
from desktop.ui.dialogs.consent_dialog import RecordConsentDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("family")
    win.show()
    return win


def test_the_teens_own_agreement_is_recorded_later_with_the_keyboard(qtbot, window, workspace, monkeypatch):
    haneul = workspace.persons.add("Haneul", role="child", age_band="14to17", consent_by=["guardian"])
    page = window.pages["family"]
    page.refresh()
    page.people.setCurrentRow(0)
    assert "the young person (14+) must agree too" in page.people.item(0).text()
    assert page.people.item(0).toolTip() == "To record it, choose Haneul in the list and press “Record consent…”."
    assert page.consent_button.accessibleName() == "Record consent…" and page.consent_button.isEnabled()

    seen = {}

    def answer_with_the_keyboard(dialog):
        dialog.show()
        seen["guardian"] = (dialog.guardian.isChecked(), dialog.guardian.isEnabled())
        seen["names"] = [dialog.guardian.accessibleName(), dialog.young_person.accessibleName(),
                         dialog.withdraw_button.accessibleName()]
        assert dialog.young_person.focusPolicy() & Qt.FocusPolicy.TabFocus
        qtbot.keyClick(dialog.young_person, Qt.Key.Key_Space)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(RecordConsentDialog, "exec", answer_with_the_keyboard)
    qtbot.mouseClick(page.consent_button, Qt.MouseButton.LeftButton)
    assert seen["guardian"] == (True, False)  # already recorded: taking it back is a withdrawal
    assert seen["names"] == ["I am this child's parent or guardian and I agree that Jikimi may learn the child's face"
                             " and check the linked sources.", "The young person (14 or older) has agreed too.",
                             "Withdraw consent…"]
    assert page.people.item(0).text().startswith("Haneul · my child · consent recorded: may be enrolled and scanned")
    assert page.selected_person_id() == haneul.id
    assert workspace.persons.consent(haneul.id).given_by == "guardian+self"


def test_the_dialog_asks_who_agreed_instead_of_recording_nothing(qtbot, workspace):
    jiho = workspace.persons.add("Jiho", role="child", age_band="under14")
    dialog = RecordConsentDialog(jiho, workspace.persons.consent(jiho.id))
    qtbot.addWidget(dialog)
    assert dialog.young_person.isHidden()  # under 14: the guardian decides
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Tick who has agreed. To take consent back, use “Withdraw consent…”."


def test_withdrawing_consent_from_the_family_page_deletes_the_data(qtbot, window, workspace, tmp_path,
                                                                   monkeypatch):
    minji = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    workspace.sources.add(person_id=minji.id, kind="folder", target=str(tmp_path), owner="parent")
    page = window.pages["family"]
    page.refresh()
    page.people.setCurrentRow(0)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))

    def withdraw(dialog):
        qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(RecordConsentDialog, "exec", withdraw)
    page.record_consent()
    assert asked[0].startswith("Withdraw consent for Minji?")
    assert told[0].startswith("Consent withdrawn. Jikimi deleted Minji's face data, linked sources and findings")
    assert workspace.sources.list_for_person(minji.id) == []
    assert "consent withdrawn: cannot be enrolled or scanned" in page.people.item(0).text()


def test_enrolling_without_consent_says_where_to_record_it_in_korean(window, workspace, monkeypatch):
    i18n.set_language("ko")
    workspace.persons.add("하늘", role="child", age_band="under14")
    page = window.pages["family"]
    page.refresh()
    page.people.setCurrentRow(0)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page.enrol_selected()
    assert shown == ["동의 기록 없음: 등록·검사 불가\n\n기록하려면 목록에서 하늘을 고르고 ‘동의 기록…’을 누르세요."]


def test_a_childs_row_says_how_far_along_they_are(qtbot, window, workspace):
    from desktop.store.scan_writer import ScanWriter

    minji = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    page = window.pages["family"]
    page.refresh()
    assert page.people.item(0).text().endswith(" · 0 face photos enrolled · 0 sources linked")

    workspace.face_references.add_enrolment(minji.id, [(b"photo", [0.1] * 128, None)])
    workspace.face_references.record_answer(minji.id, [0.2] * 128, confirmed=False)  # an answer is not enrolled
    source = workspace.sources.add(person_id=minji.id, kind="bluesky", target="minji.bsky.social")
    writer = ScanWriter(workspace.db, workspace.vault)
    writer.finish(writer.start(minji.id, [source.id]).id, "done", 42, "medium", {"recommendations": []})
    page.refresh()
    assert page.people.item(0).text().endswith(" · 1 face photo enrolled · 1 source linked · last scan: 42 (medium)")
