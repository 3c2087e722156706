"""A parent enrols a child's face from the Family page: photos, progress, picking the face, reasons."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.unit.faces.conftest import FIXTURES


@pytest.fixture
def window(qtbot, workspace):
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("family")
    return win


def group_photo(tmp_path):
    left, right = Image.open(FIXTURES / "obama2.jpg"), Image.open(FIXTURES / "biden.jpg")
    group = Image.new("RGB", (left.width + right.width, 640), (255, 255, 255))
    group.paste(left, (0, 0))
    group.paste(right, (left.width, 0))
    path = tmp_path / "group.jpg"
    group.save(path, quality=92)
    return path


def test_family_page_keeps_its_buttons_and_adds_enrol(window):
    page = window.pages["family"]
    names = [page.add_button.accessibleName(), page.enrol_button.accessibleName(), page.remove_button.accessibleName()]
    assert names == ["Add a child…", "Enrol face…", "Delete everything about this person…"]


def test_enrolment_dialog_runs_with_face_picking(qtbot, window, workspace, tmp_path, monkeypatch):
    from desktop.ui.dialogs import enrol_dialog

    person = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    photos = []
    for name in ("obama.jpg", "obama3.jpg"):
        photos.append(tmp_path / name)
        shutil.copy(FIXTURES / name, photos[-1])
    photos.append(group_photo(tmp_path))
    wall = tmp_path / "wall.jpg"
    Image.new("RGB", (300, 300), (40, 40, 40)).save(wall)
    photos.append(wall)

    pickers = []

    def fake_exec(picker):
        pickers.append(picker)
        # The user clicks the left face (obama2) on the canvas.
        picker.canvas.resize(800, 640)
        target = picker.canvas.box_rect(0).center().toPoint()
        qtbot.mouseClick(picker.canvas, Qt.MouseButton.LeftButton, pos=target)
        return picker.result()

    monkeypatch.setattr(enrol_dialog.FacePickerDialog, "exec", fake_exec)
    dialog = enrol_dialog.EnrolDialog(window, person, window)
    qtbot.addWidget(dialog)
    dialog.set_paths(photos)
    assert dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert len(pickers) == 1 and len(pickers[0].face_buttons) == 2
    lines = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert lines == [
        "✓ obama.jpg: accepted",
        "✓ obama3.jpg: accepted",
        "✓ group.jpg: accepted (face 1 of 2)",
        "✗ wall.jpg: no face found: choose a photo where the face is clearly visible",
    ]
    assert "3 new photo(s) learnt" in dialog.status.text()
    assert workspace.db.query_one("SELECT count(*) FROM face_references")[0] == 3
    assert not dialog.start_button.isEnabled()  # these photos are learnt; Enrol waits for new ones
    assert dialog.results.wordWrap()  # a long rejection reason wraps instead of being cut off

    # The advice says one or two more photos would help: with three learnt, two more may be added.
    again = enrol_dialog.EnrolDialog(window, person, window)
    qtbot.addWidget(again)
    again.set_paths([FIXTURES / "obama2.jpg"])
    assert again.start_button.isEnabled()
    assert again.count.text() == "1 photo chosen."


def test_too_few_photos_cannot_start_and_korean_labels(qtbot, window, workspace):
    from desktop.ui.dialogs.enrol_dialog import EnrolDialog

    i18n.set_language("ko")
    person = workspace.persons.add("민지", role="child", age_band="under14", consent_by=["guardian"])
    dialog = EnrolDialog(window, person, window)
    qtbot.addWidget(dialog)
    dialog.set_paths([FIXTURES / "obama.jpg"])
    assert not dialog.start_button.isEnabled()
    assert dialog.count.text() == "사진을 3장 이상 10장 이하로 고르세요."
    assert dialog.windowTitle() == "민지의 얼굴 등록"


def test_keyboard_picks_a_face(qtbot, tmp_path):
    from desktop.faces.engine import analyse_image
    from desktop.ui.dialogs.enrol_dialog import FacePickerDialog

    path = group_photo(tmp_path)
    picker = FacePickerDialog(path, analyse_image(path.read_bytes()), "Minji")
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClick(picker, Qt.Key.Key_2)
    assert picker.choice == 1


def test_delete_is_off_while_nobody_is_added_and_asks_for_a_choice_otherwise(window, workspace, monkeypatch):
    page = window.pages["family"]
    page.refresh()
    assert not page.remove_button.isEnabled()  # only the "no one yet" line is in the list
    workspace.persons.add("Jiho", role="child", age_band="under14", consent_by=["guardian"])
    page.refresh()
    assert page.remove_button.isEnabled()
    page.people.setCurrentRow(-1)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    page.remove_button.click()
    assert shown == ["Select a person in the list first."]
