"""A child with many exposed photos: the results page shows every tile at once and fills the thumbnails in
short turns between events, so the window never freezes while they are decoded."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from PySide6.QtGui import QColor

from desktop.ui.main_window import MainWindow
from desktop.ui.pages import results
from desktop.ui.worker import SyncTaskRunner
from tests.classroom_rows import add_finished_scan
from tests.sources_helpers import jpeg

PLACEHOLDER = QColor("#e4e8f0")


def centre_colour(item) -> QColor:
    image = item.icon().pixmap(160, 160).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def test_many_exposures_show_at_once_and_their_thumbnails_arrive_in_short_turns(qtbot, workspace, monkeypatch):
    child = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    add_finished_scan(workspace, child.id, [{"visibility": "public", "exposures": [("match", ["clear_face"])] * 40}])
    red = jpeg((220, 30, 30), (400, 400))
    with workspace.db.transaction() as conn:
        for row in conn.execute("SELECT id FROM findings WHERE person_id = ?", (child.id,)).fetchall():
            conn.execute("UPDATE findings SET thumbnail_enc = ? WHERE id = ?",
                         (workspace.vault.seal(red, "findings.thumbnail"), row["id"]))
    turns: list[int] = []  # thumbnails decoded in each turn of the event loop
    decode = results.ResultsPage._decode_thumbnails

    def counted(page, round_number):
        waiting = len(page._thumbnails)
        decode(page, round_number)
        turns.append(waiting - len(page._thumbnails))

    monkeypatch.setattr(results.ResultsPage, "_decode_thumbnails", counted)
    # A slow machine, made exact: every look at the clock finds 1 ms gone, so a 3.5 ms budget holds 3 thumbnails.
    ticks = itertools.count()
    monkeypatch.setattr(results, "time", SimpleNamespace(monotonic=lambda: next(ticks) / 1000))
    monkeypatch.setattr(results, "THUMBNAIL_BUDGET", 0.0035)

    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("results")
    page = window.pages["results"]
    page.show_person(child.id)

    grid = page.grid
    assert grid.count() == 40  # every tile is there at once
    assert centre_colour(grid.item(39)) == PLACEHOLDER  # ... its picture not decoded yet
    qtbot.waitUntil(lambda: centre_colour(grid.item(39)) != PLACEHOLDER, timeout=10000)
    for row in range(40):
        colour = centre_colour(grid.item(row))
        assert colour.red() > 180 and colour.green() < 90  # the stored thumbnail, not the placeholder
    assert sum(turns) == 40 and max(turns) == 3  # decoded a few at a time between events, not in one go

    page.level_filter[1].setCurrentIndex(page.level_filter[1].findData("possible"))  # a filter refills the grid
    assert grid.count() == 0


BOX = QColor("#f2b84b")


def is_box(colour: QColor) -> bool:
    return abs(colour.red() - BOX.red()) < 30 and abs(colour.green() - BOX.green()) < 30 and colour.blue() < 130


def test_an_old_thumbnail_without_an_offset_still_has_its_box_where_it_was():
    """A finding recorded before crops existed: the whole photo, its scale, no offset. Its box is drawn where
    it always was (the photo is 400 x 200, pictured 200 x 100; the 160-px tile shows it 160 x 80, from y 40)."""
    from desktop.ui.results.widgets import boxed_thumbnail

    old = {"box": [40, 160, 120, 80], "thumb_scale": 0.5}  # top, right, bottom, left in the photo
    image = boxed_thumbnail(jpeg((90, 90, 90), (200, 100)), old).toImage()
    # the box: x 32 … 64, y 56 … 88 on the tile
    assert is_box(image.pixelColor(32, 72)) and is_box(image.pixelColor(64, 72))
    assert is_box(image.pixelColor(48, 56)) and is_box(image.pixelColor(48, 88))
    assert not is_box(image.pixelColor(48, 72)) and not is_box(image.pixelColor(100, 72))


def test_a_crop_has_its_box_on_the_face_it_was_cut_around():
    """A crop starts at its offset in the photo: a face at x 1000 … 1060 of a class photo, cropped from
    (940, 300) at scale 4/3, is boxed at 80 … 160 of the 240-px picture, on the tile 53 … 107."""
    from desktop.ui.results.widgets import boxed_thumbnail

    crop = {"box": [360, 1060, 420, 1000], "thumb_scale": 4 / 3, "thumb_offset": [940, 300], "thumb_crop": True}
    image = boxed_thumbnail(jpeg((90, 90, 90), (240, 240)), crop).toImage()
    assert is_box(image.pixelColor(53, 80)) and is_box(image.pixelColor(107, 80))
    assert is_box(image.pixelColor(80, 53)) and is_box(image.pixelColor(80, 107))
    assert not is_box(image.pixelColor(80, 80)) and not is_box(image.pixelColor(20, 20))
    # Without its offset the same box would fall far outside the picture: nothing boxed at all.
    lost = boxed_thumbnail(jpeg((90, 90, 90), (240, 240)), {**crop, "thumb_offset": None}).toImage()
    assert not any(is_box(lost.pixelColor(x, y)) for x in range(0, 160, 4) for y in range(0, 160, 4))
