"""Blur before publishing, in the window: the review comes before anything is saved — every copy as it will be,
its counts and warnings — and Cancel writes nothing; "Save the copies" writes them."""

from __future__ import annotations

import io

from PIL import Image

from desktop.faces.blur import plan_blur
from desktop.ui.dialogs.blur_review_dialog import BlurReviewDialog, render_previews
from tests.gui.test_classroom_audit import page, school_class  # noqa: F401 - fixtures
from tests.unit.faces.conftest import fixture_bytes
from tests.unit.faces.test_group_photos import group_photo


def test_the_review_dialog_shows_each_copy_with_its_warnings(qtbot, tmp_path):
    src = tmp_path / "event"
    src.mkdir()
    data, _truth = group_photo()
    small = Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS)
    small.save(src / "class-sns.jpg", quality=80)
    (src / "portrait.jpg").write_bytes(fixture_bytes("biden.jpg"))
    plan = plan_blur(src, tmp_path / "out")
    previews = render_previews(plan)
    assert set(previews) == {"class-sns.jpg", "portrait.jpg"}
    preview = Image.open(io.BytesIO(previews["class-sns.jpg"]))
    assert max(preview.size) == 640
    dialog = BlurReviewDialog(plan, previews)
    qtbot.addWidget(dialog)
    captions = dialog.captions
    assert captions["portrait.jpg"] == ["portrait.jpg: 1 blurred, 0 kept"]
    assert captions["class-sns.jpg"][0].startswith("class-sns.jpg: ")
    assert any("smallest size Jikimi can find" in line for line in captions["class-sns.jpg"][1:])
    dialog.reject()
    assert not (tmp_path / "out").exists()


def test_the_page_reviews_then_writes_and_names_a_kept_student_not_found(page, school_class, tmp_path):  # noqa: F811
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "biden.jpg").write_bytes(fixture_bytes("biden.jpg"))
    page.audit.run_blur(str(folder), str(tmp_path / "out"), ["하늘"])
    review = page.audit.last_review
    assert review.notes and "하늘 was not recognised in any photo" in review.notes[0].text()
    assert (tmp_path / "out" / "biden.jpg").is_file()  # accepted (no dialogs shown in tests)
    assert (tmp_path / "out-review.pdf").read_bytes().startswith(b"%PDF")
    lines = page.audit.last_result.text.toPlainText()
    assert "하늘 was not recognised in any photo" in lines
