"""Enrolment as a parent does it: choose photos, see which were used and why the others were not."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFilter

from desktop.faces.enrol import enrol
from desktop.faces.matching import Matcher
from desktop.store.persons import ConsentRequired
from tests.unit.faces.conftest import FIXTURES, fixture_bytes


@pytest.fixture
def child(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


def write(tmp_path, name, image):
    path = tmp_path / name
    image.save(path, quality=92)
    return path


def test_enrolment_needs_consent(workspace, tmp_path):
    person = workspace.persons.add("Jiho", role="student")
    with pytest.raises(ConsentRequired):
        enrol(workspace, person, [FIXTURES / "obama.jpg"])
    assert workspace.db.query_one("SELECT count(*) FROM face_references")[0] == 0


def test_good_photos_are_learnt_and_bad_ones_explained(workspace, child, tmp_path):
    portrait = Image.open(io.BytesIO(fixture_bytes("obama3.jpg")))
    sharp = Image.open(io.BytesIO(fixture_bytes("obama.jpg")))
    blurred = write(tmp_path, "blurred.jpg", sharp.filter(ImageFilter.GaussianBlur(5)))
    empty = write(tmp_path, "wall.jpg", Image.new("RGB", (640, 480), (200, 190, 170)))
    small = portrait.copy()
    small.thumbnail((262, 427))
    far = Image.new("RGB", (640, 480), (240, 240, 240))
    far.paste(small, (300, 40))
    far_path = write(tmp_path, "far.jpg", far)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(fixture_bytes("obama.jpg")[:3000])
    photos = [FIXTURES / "obama.jpg", FIXTURES / "obama2.jpg", FIXTURES / "obama.jpg", FIXTURES / "obama3.jpg",
              blurred, empty, far_path, broken]
    report = enrol(workspace, child, photos)
    reasons = {o.path.name + str(i): o.reason for i, o in enumerate(report.outcomes)}
    assert [o.accepted for o in report.outcomes] == [True, True, False, True, False, False, False, False]
    assert reasons["obama.jpg2"] == "faces.enrol.duplicate"
    assert reasons["blurred.jpg4"] == "faces.enrol.blurry"
    assert reasons["wall.jpg5"] == "faces.enrol.no_face"
    assert reasons["far.jpg6"] == "faces.enrol.too_small"
    assert reasons["broken.jpg7"] == "faces.image_corrupt"
    assert report.references == 3 and report.quality == "fair"
    rows = workspace.db.query("SELECT origin, photo_index FROM face_references WHERE person_id = ?", (child.id,))
    assert [r["origin"] for r in rows] == ["enrolment"] * 3
    # Learnt: a photo of the same person is now recognised, and another person is not.
    from desktop.faces.engine import analyse_image

    matcher = Matcher.for_persons(workspace, [child.id])
    biden = analyse_image(fixture_bytes("biden.jpg")).faces[0].encoding
    assert matcher.classify(biden).person_id is None


def test_enrolling_the_same_photo_again_later_is_a_duplicate(workspace, child):
    enrol(workspace, child, [FIXTURES / "obama.jpg"])
    again = enrol(workspace, child, [FIXTURES / "obama.jpg"])
    assert again.outcomes[0].reason == "faces.enrol.duplicate" and again.references == 1
    assert again.quality == "weak"


def test_several_faces_the_chosen_one_is_learnt(workspace, child, tmp_path):
    left = Image.open(io.BytesIO(fixture_bytes("obama.jpg")))
    right = Image.open(io.BytesIO(fixture_bytes("biden.jpg")))
    group = Image.new("RGB", (left.width + right.width, 640), (255, 255, 255))
    group.paste(left, (0, 0))
    group.paste(right, (left.width, 0))
    path = write(tmp_path, "group.jpg", group)
    asked = []

    def choose(photo, analysis):
        asked.append(len(analysis.identifiable_faces))
        faces = analysis.identifiable_faces
        return max(range(len(faces)), key=lambda i: faces[i].box.left)  # the right-hand face: Biden

    report = enrol(workspace, child, [path], choose_face=choose)
    assert asked == [2] and report.outcomes[0].accepted and report.outcomes[0].chosen == 1
    from desktop.faces.engine import analyse_image

    matcher = Matcher.for_persons(workspace, [child.id])
    assert matcher.classify(analyse_image(fixture_bytes("biden.jpg")).faces[0].encoding).person_id == child.id
    assert matcher.classify(analyse_image(fixture_bytes("obama2.jpg")).faces[0].encoding).person_id is None


def test_leaving_out_a_group_photo(workspace, child, tmp_path):
    left = Image.open(io.BytesIO(fixture_bytes("obama.jpg")))
    group = Image.new("RGB", (left.width * 2, 640), (255, 255, 255))
    group.paste(left, (0, 0))
    group.paste(Image.open(io.BytesIO(fixture_bytes("biden.jpg"))), (left.width, 0))
    report = enrol(workspace, child, [write(tmp_path, "g.jpg", group)], choose_face=lambda p, a: None)
    assert report.outcomes[0].reason == "faces.enrol.skipped" and report.quality == "none"
