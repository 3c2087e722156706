"""The real test images of the face_recognition project (../shared/data/faces): identities, groups, hard cases."""

from __future__ import annotations

import pytest

from desktop.faces.engine import analyse_image
from desktop.faces.matching import Matcher, PersonModel

pytestmark = pytest.mark.shared

IDENTITIES = ("alex_lacamoire", "biden", "kit_harington", "obama", "rose_leslie")


@pytest.fixture(scope="module")
def knn(request):
    from tests.conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (it is beside the repository in CI and on developer machines)")
    root = SHARED_DATA / "faces" / "examples" / "knn_examples"
    import numpy as np

    models = []
    for number, person in enumerate(IDENTITIES):
        encodings = []
        for path in sorted((root / "train" / person).iterdir()):
            faces = analyse_image(path.read_bytes()).identifiable_faces
            encodings.append(max(faces, key=lambda f: f.size_px).encoding)
        models.append(PersonModel(number, np.array(encodings)))
    return root, Matcher(models)


def names(matcher, analysis):
    found = []
    for face in analysis.identifiable_faces:
        result = matcher.classify(face.encoding)
        found.append(IDENTITIES[result.person_id] if result.person_id is not None else None)
    return found


@pytest.mark.parametrize(
    "photo, expected",
    [
        ("obama1.jpg", ["obama"]),
        ("alex_lacamoire1.jpg", ["alex_lacamoire"]),
        ("johnsnow_test1.jpg", ["kit_harington"]),
    ],
)
def test_known_identities_are_found(knn, photo, expected):
    root, matcher = knn
    assert names(matcher, analyse_image((root / "test" / photo).read_bytes())) == expected


def test_two_person_photos(knn):
    root, matcher = knn
    both = names(matcher, analyse_image((root / "test" / "obama_and_biden.jpg").read_bytes()))
    assert {"obama", "biden"} <= set(both)
    assert both.count("obama") == 1 and both.count("biden") == 1  # the third face is nobody enrolled
    couple = names(matcher, analyse_image((root / "test" / "kit_with_rose.jpg").read_bytes()))
    assert sorted(couple) == ["kit_harington", "rose_leslie"]


def test_other_identities_are_not_matched(knn, shared_data):
    root, _ = knn
    import numpy as np

    only_obama = Matcher([PersonModel(0, np.array([
        analyse_image(p.read_bytes()).faces[0].encoding for p in sorted((root / "train" / "obama").iterdir())
    ]))])
    for person in ("biden", "alex_lacamoire", "kit_harington", "rose_leslie"):
        for path in (root / "train" / person).iterdir():
            for face in analyse_image(path.read_bytes()).identifiable_faces:
                assert only_obama.classify(face.encoding).person_id is None, path.name


def test_partial_faces_and_32_bit_png(knn, shared_data):
    _, matcher = knn
    images = shared_data / "faces" / "tests" / "test_images"
    for name in ("obama_partial_face.jpg", "obama_partial_face2.jpg"):
        assert names(matcher, analyse_image((images / name).read_bytes())) == ["obama"]
    png = analyse_image((images / "32bit.png").read_bytes())
    assert png.error is None and (png.width, png.height) == (626, 1200)
    assert names(matcher, png) == ["obama"]


def test_one_face_at_every_resolution(knn, shared_data):
    _, matcher = knn
    examples = shared_data / "faces" / "examples"
    for name in ("obama-240p.jpg", "obama-480p.jpg", "obama-720p.jpg", "obama-1080p.jpg", "obama_small.jpg"):
        assert names(matcher, analyse_image((examples / name).read_bytes())) == ["obama"], name
