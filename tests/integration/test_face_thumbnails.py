"""A parent opens the results after a scan found their child in the back row of a class photo: the picture shows
the child's face, large enough to recognise, with the box on it, not the whole class shrunk to a few pixels
per face. A portrait or a selfie is still pictured whole, each face found in one class photo gets its own
crop, and a re-scan that downloads nothing still shows each finding its own face."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop.faces.engine import analyse_image
from desktop.scan.thumbnails import box_in_thumbnail, make_thumbnail
from desktop.store.scans import ScanRepository
from tests.integration.fake_platforms import Platforms, Post, serve
from tests.integration.test_rescan import scan_once
from tests.unit.faces.test_group_photos import group_photo

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"


class InProcessEngine:
    """The real face analysis, in this process, counting the photos it is given."""

    def __init__(self):
        self.analysed = 0

    def analyse_many(self, items, ctx=None):
        for key, data in items:
            self.analysed += 1
            yield key, analyse_image(data)

    def close(self, stop_now=False):
        return None




@pytest.fixture(scope="module")
def class_photo():
    return group_photo()  # 2400 x 1600: back-row faces of ~60 px, 6 px in a whole-photo thumbnail


@pytest.fixture
def scanned(workspace, class_photo):
    """A child enrolled from two portraits; their account shows the class photo and a portrait of them."""
    from desktop.faces.enrol import enrol

    data, truth = class_photo
    platforms = Platforms(images={"class.jpg": data, "me.jpg": (FACES / "obama.jpg").read_bytes()},
                          bluesky_posts=[Post("class.jpg", "our class"), Post("me.jpg")], validators=True)
    server, base = serve(platforms)
    child = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    enrol(workspace, child, [FACES / "obama.jpg", FACES / "obama2.jpg"])
    workspace.sources.add(person_id=child.id, kind="bluesky", target="child.test", owner="self",
                          base_url=base, allow_private=True)
    engine = InProcessEngine()
    try:
        assert scan_once(workspace, engine, child).state == "done"
        yield workspace, engine, child, platforms, truth
    finally:
        server.shutdown()
        server.server_close()


def pictures(workspace, child, name: str) -> list[tuple[dict, bytes]]:
    repo = ScanRepository(workspace.db, workspace.vault)
    return [(f.detail, repo.thumbnail(f.id)) for f in repo.findings(child.id)
            if f.image_url.rsplit("/", 1)[-1] == name]


def overlap(a, b) -> float:
    """Intersection over union of two (left, top, right, bottom) boxes."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - width * height
    return width * height / union if union else 0.0


def seat_of(detail, truth) -> dict:
    top, right, bottom, left = detail["box"]
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    (seat,) = [s for s in truth if s["box"][0] <= centre_x <= s["box"][0] + s["box"][2]
               and s["box"][1] <= centre_y <= s["box"][1] + s["box"][3]]
    return seat


def test_the_back_row_child_is_pictured_in_a_crop_around_their_face_with_the_box_on_it(scanned):
    workspace, _, child, _, truth = scanned
    found = pictures(workspace, child, "class.jpg")
    back_row = [(detail, thumb) for detail, thumb in found if detail["box"][0] < 600]
    assert back_row, [d["box"] for d, _ in found]
    for detail, thumb in back_row:
        image = Image.open(io.BytesIO(thumb))
        assert detail["thumb_crop"] is True
        assert max(image.size) <= 240
        left, top, right, bottom = box_in_thumbnail(detail)
        assert right - left >= 40  # today: 6 px in the whole class shrunk to 240 px
        assert 0 <= left and right <= image.width and 0 <= top and bottom <= image.height
        # The box lands on the child's face: where the photo was built to have it ...
        seat = seat_of(detail, truth)["box"]
        x, y = detail["thumb_offset"]
        scale = detail["thumb_scale"]
        where = ((seat[0] - x) * scale, (seat[1] - y) * scale, (seat[0] + seat[2] - x) * scale,
                 (seat[1] + seat[3] - y) * scale)
        assert overlap((left, top, right, bottom), where) > 0.5
        # ... and where a face is seen in the picture the parent gets.
        (face,) = analyse_image(thumb).faces
        seen = (face.box.left, face.box.top, face.box.right, face.box.bottom)
        assert overlap((left, top, right, bottom), seen) > 0.5


def test_a_portrait_keeps_the_whole_photo(scanned):
    workspace, _, child, _, _ = scanned
    ((detail, thumb),) = pictures(workspace, child, "me.jpg")
    assert detail["thumb_crop"] is False and detail["thumb_offset"] == [0, 0]
    assert thumb == make_thumbnail((FACES / "obama.jpg").read_bytes()).data  # the whole photo, as before
    assert Image.open(io.BytesIO(thumb)).size == (192, 240)


def test_two_faces_found_in_one_class_photo_get_two_different_crops(scanned):
    workspace, _, child, _, truth = scanned
    found = pictures(workspace, child, "class.jpg")
    assert len(found) >= 2
    assert len({thumb for _, thumb in found}) == len(found)
    assert len({tuple(detail["thumb_offset"]) for detail, _ in found}) == len(found)
    for detail, _ in found:  # each crop is around its own face
        top, right, bottom, left = detail["box"]
        x, y = detail["thumb_offset"]
        assert x <= left and y <= top


def test_a_rescan_that_downloads_nothing_keeps_each_face_its_own_crop(scanned):
    workspace, engine, child, platforms, _ = scanned
    before = {tuple(detail["box"]): thumb for detail, thumb in pictures(workspace, child, "class.jpg")}
    platforms.responses.clear()
    engine.analysed = 0
    assert scan_once(workspace, engine, child).state == "done"
    assert [status for path, status in platforms.responses if path.startswith("/img/")] == [304, 304]
    assert engine.analysed == 0
    after = {tuple(detail["box"]): thumb for detail, thumb in pictures(workspace, child, "class.jpg")}
    assert after == before


def test_a_face_matching_only_now_in_an_unchanged_class_photo_gets_its_own_crop(scanned):
    """The enrolment changed: a face of the unchanged class photo matches now. It is pictured around itself
    (one more download), not with the crop an earlier finding made of another face."""
    from desktop.faces.enrol import enrol

    workspace, engine, child, platforms, truth = scanned
    before = {tuple(detail["box"]): thumb for detail, thumb in pictures(workspace, child, "class.jpg")}
    enrol(workspace, child, [FACES / "biden.jpg"])  # now the Biden faces are "this child" too
    platforms.responses.clear()
    assert scan_once(workspace, engine, child).state == "done"
    assert [s for p, s in platforms.responses if p == "/img/class.jpg"] == [304, 200]  # downloaded once
    after = pictures(workspace, child, "class.jpg")
    new = [(detail, thumb) for detail, thumb in after if tuple(detail["box"]) not in before]
    assert new and all(seat_of(detail, truth)["person"] == "biden" for detail, _ in new)
    thumbs = [thumb for _, thumb in after]
    assert len(set(thumbs)) == len(thumbs)  # every face its own picture
    for detail, thumb in new:
        left, top, right, bottom = box_in_thumbnail(detail)
        assert right - left >= 40
        (face,) = analyse_image(thumb).faces
        assert overlap((left, top, right, bottom), (face.box.left, face.box.top, face.box.right,
                                                    face.box.bottom)) > 0.5


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_the_family_report_boxes_the_face_on_its_picture(scanned, tmp_path):
    """The PDF shows each picture with the face boxed, as the results grid does: on the class photo's crops
    the box sits in the middle of the picture, where the face is."""
    from desktop.reports import family_report
    from desktop.scan import report as scan_report

    workspace, _, child, _, _ = scanned
    data = scan_report.load(workspace, child)
    repo = ScanRepository(workspace.db, workspace.vault)
    assert all(e["thumb_box"] for e in data.exposures)
    thumbs = {e["finding_id"]: repo.thumbnail(e["finding_id"]) for e in data.exposures}
    target = tmp_path / "report.pdf"
    target.write_bytes(family_report.render(data, thumbs))
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(tmp_path / "page")], check=True)
    orange = 0
    for page in sorted(tmp_path.glob("page*.png")):
        pixels = np.asarray(Image.open(page).convert("RGB")).astype(int)
        orange += int(((abs(pixels[..., 0] - 242) < 25) & (abs(pixels[..., 1] - 184) < 25)
                       & (abs(pixels[..., 2] - 75) < 35)).sum())
    assert orange > 20 * len(data.exposures)  # a box around every face


@pytest.mark.parametrize("class_page", [False, True])
def test_every_picture_of_a_photo_comes_from_one_decode(monkeypatch, class_photo, class_page):
    """A class photo with several faces found: the whole photo is decoded once for all their crops, also when
    a class audit pictures every face of a school page for the next students first."""
    from types import SimpleNamespace

    from desktop.faces import loading
    from desktop.scan.class_pages import ClassPages
    from desktop.scan.recording import PhotoContent
    from desktop.scan.thumbnails import FindingThumbnails
    from desktop.sources.base import SourceListing

    data, _ = class_photo
    analysis = analyse_image(data)
    decodes: list[int] = []
    real = loading.load_image

    def counted(raw, max_side=loading.WORKING_SIDE):
        decodes.append(max_side)
        return real(raw, max_side=max_side)

    monkeypatch.setattr(loading, "load_image", counted)
    pages = ClassPages(remembering=class_page)
    pages.remember(SimpleNamespace(id=7, class_id=1), SourceListing("public"))
    thumbnails = FindingThumbnails(repo=None, client=None, class_pages=pages)
    content = PhotoContent(SimpleNamespace(id=1, source_id=7), "sha", data)
    thumbnails.keep_for_class(content, analysis)
    found = thumbnails.for_faces(content, analysis, analysis.identifiable_faces)
    assert len(found) >= 5 and all(picture is not None and picture.crop for picture in found)
    assert len({picture.data for picture in found}) == len(found)
    assert decodes == [2400]  # once, at full size: the back-row faces are enlarged to ~80 px
