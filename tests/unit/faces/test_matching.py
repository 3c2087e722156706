"""Calibrated matching: two levels, per-person thresholds, lookalikes, and the family's feedback."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from desktop.faces.calibration import MATCH_CEILING, Classifier, PersonModel
from desktop.faces.matching import Matcher, record_feedback
from tests.unit.faces.conftest import fixture_bytes, jpeg_bytes


def enc(analyses, name):
    return np.array(analyses[name].faces[0].encoding)


def around(centre, spread, count, seed):
    """Encodings scattered at about ``spread`` from ``centre`` (synthetic, for the threshold rules)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        step = rng.normal(size=128)
        out.append(centre + step / np.linalg.norm(step) * spread)
    return np.array(out)


def test_own_photos_match_and_another_person_does_not(portrait_analyses):
    matcher = Matcher([PersonModel(1, np.array([enc(portrait_analyses, "obama.jpg")]))])
    same = matcher.classify(enc(portrait_analyses, "obama2.jpg"))
    assert same.person_id == 1 and same.level in ("match", "possible") and same.distance < 0.5
    other = matcher.classify(enc(portrait_analyses, "biden.jpg"))
    assert other.person_id is None and other.level is None and other.distance > 0.6


def test_two_enrolled_people_are_told_apart(portrait_analyses):
    matcher = Matcher([
        PersonModel(1, np.array([enc(portrait_analyses, "obama.jpg"), enc(portrait_analyses, "obama3.jpg")])),
        PersonModel(2, np.array([enc(portrait_analyses, "biden.jpg")])),
    ])
    result = matcher.classify(enc(portrait_analyses, "obama2.jpg"))
    assert (result.person_id, result.level) == (1, "match")


def test_match_threshold_follows_the_spread_of_the_persons_photos():
    centre = np.zeros(128)
    tight = Classifier([PersonModel(1, around(centre, 0.2, 4, 1))]).models[0]
    loose = Classifier([PersonModel(1, around(centre, 0.3, 4, 2))]).models[0]
    assert tight.match_threshold < loose.match_threshold <= MATCH_CEILING
    assert tight.possible_threshold <= 0.6 and loose.possible_threshold <= 0.6


def test_lookalike_enrolled_second_never_turns_into_a_match():
    rng = np.random.default_rng(7)
    child = rng.normal(size=128)
    child /= np.linalg.norm(child) * 2
    direction = rng.normal(size=128)
    lookalike = child + direction / np.linalg.norm(direction) * 0.32
    child_refs, lookalike_refs = around(child, 0.25, 4, 3), around(lookalike, 0.25, 4, 4)
    alone = Classifier([PersonModel(1, child_refs)])
    both = Classifier([PersonModel(1, child_refs), PersonModel(2, lookalike_refs)])
    # An enrolled neighbour no longer lowers the child's thresholds (a class of lookalikes would all sit at the
    # floor); faces between the two are settled one by one, by which person is nearer and by how much.
    assert both.models[0].match_threshold == alone.models[0].match_threshold
    for probe in around(lookalike, 0.18, 25, 5):
        result = both.classify(probe)
        assert not (result.person_id == 1 and result.level == "match")
        nearer_child = np.linalg.norm(probe - child) < np.linalg.norm(probe - lookalike)
        if not nearer_child:
            assert result.person_id in (2, None)


def test_a_face_equally_near_two_people_is_only_possible():
    a, b = np.zeros(128), np.zeros(128)
    b[0] = 0.5
    classifier = Classifier([PersonModel(1, around(a, 0.2, 3, 8)), PersonModel(2, around(b, 0.2, 3, 9))])
    middle = np.zeros(128)
    middle[0] = 0.24
    result = classifier.classify(middle)
    assert result.level in ("possible", None)


@pytest.fixture
def child(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


def test_references_are_read_back_decrypted_and_feedback_changes_the_answer(workspace, child, portrait_analyses):
    for name in ("obama.jpg", "obama3.jpg"):
        workspace.face_references.add(child.id, "enrolment", name.encode(), enc(portrait_analyses, name))
    probe = enc(portrait_analyses, "obama2.jpg")
    before = Matcher.for_persons(workspace, [child.id]).classify(probe)
    assert before.person_id == child.id
    record_feedback(workspace, child.id, probe, confirmed=False)
    after = Matcher.for_persons(workspace, [child.id]).classify(probe)
    assert after.person_id is None  # "not my child" is remembered
    record_feedback(workspace, child.id, probe, confirmed=True)
    confirmed = Matcher.for_persons(workspace, [child.id]).classify(probe)
    assert (confirmed.person_id, confirmed.level) == (child.id, "match")
    rows = workspace.db.query("SELECT origin, encoding_enc FROM face_references WHERE person_id = ?", (child.id,))
    assert sorted(r["origin"] for r in rows) == ["confirmed", "enrolment", "enrolment"]
    raw = probe.astype("<f8").tobytes()
    assert all(raw[:16] not in bytes(r["encoding_enc"]) for r in rows)  # stored encrypted


def test_not_my_child_covers_that_photo_and_its_copies_and_nothing_else(workspace, child, portrait_analyses):
    """The parent answers "not my child" about one photo (here, wrongly, a real photo of the child): that face
    and the same photo posted again smaller are skipped; the child's other photos are judged as before."""
    from desktop.faces.engine import analyse_image

    for name in ("obama.jpg", "obama3.jpg"):
        workspace.face_references.add(child.id, "enrolment", name.encode(), enc(portrait_analyses, name))
    answered = enc(portrait_analyses, "obama2.jpg")
    picture = Image.open(io.BytesIO(fixture_bytes("obama2.jpg")))
    smaller = jpeg_bytes(picture.resize((picture.width * 3 // 4, picture.height * 3 // 4)), quality=70)
    reposted = np.array(analyse_image(smaller).faces[0].encoding)
    others = [enc(portrait_analyses, name) for name in ("obama.jpg", "obama3.jpg")]
    before = Matcher.for_persons(workspace, [child.id])
    first = [before.classify(face) for face in [answered, reposted, *others]]
    assert all(result.person_id == child.id for result in first)

    record_feedback(workspace, child.id, answered, confirmed=False)
    after = Matcher.for_persons(workspace, [child.id])
    for face in (answered, reposted):
        result = after.classify(face)
        assert (result.person_id, result.level, result.rejected_by) == (None, None, child.id)
        assert result.rejected_level in ("match", "possible")  # what it would have been, kept on record
    assert [after.classify(face) for face in others] == first[2:]
    assert after.thresholds(child.id) == {**before.thresholds(child.id), "rejected": 1}


def test_a_rejected_photo_of_the_child_never_hides_the_childs_other_photos():
    """Faces nearer a rejected face than the child's references are still the child's, unless they are that
    face's near-duplicates."""
    rng = np.random.default_rng(11)
    centre = rng.normal(size=128)
    centre /= np.linalg.norm(centre) * 2
    references = around(centre, 0.25, 4, 12)
    step = rng.normal(size=128)
    rejected = centre + step / np.linalg.norm(step) * 0.3
    alone = Classifier([PersonModel(1, references)])
    answered = Classifier([PersonModel(1, references, np.array([rejected]))])
    probes = around(rejected, 0.2, 40, 13)
    nearer_rejected = [p for p in probes if np.linalg.norm(p - rejected) < np.linalg.norm(p - centre)]
    assert nearer_rejected  # the faces the old rule dropped
    for probe in probes:
        assert answered.classify(probe) == alone.classify(probe)
    for copy in around(rejected, 0.05, 5, 14):
        result = answered.classify(copy)
        assert result.person_id is None and result.rejected_by == 1


def test_an_answer_about_a_copy_of_an_enrolled_photo_covers_only_that_face():
    """A rejected face that is itself a near-copy of an enrolled photo reaches no further than half-way to it:
    the enrolled photo's other copies stay the child's."""
    rng = np.random.default_rng(21)
    references = around(np.zeros(128), 0.25, 3, 22)
    enrolled = references[0]
    rejected = around(enrolled, 0.06, 1, 23)[0]
    classifier = Classifier([PersonModel(1, references, np.array([rejected]))])
    assert float(classifier.models[0].negative_reach[0]) == pytest.approx(np.linalg.norm(rejected - enrolled) / 2)
    assert classifier.classify(rejected).rejected_by == 1
    other_copy = enrolled + (enrolled - rejected)  # as near the enrolled photo, on the other side
    step = rng.normal(size=128)
    other_copy = other_copy + step / np.linalg.norm(step) * 0.001
    result = classifier.classify(other_copy)
    assert result.person_id == 1 and result.rejected_by is None


def test_an_evaluation_can_leave_identities_out_of_the_shipped_cohort(monkeypatch):
    """Benchmarks that enrol LFW people judge them with a cohort without their own photos; the app never sets it."""
    from desktop.faces.background import LEAVE_OUT_VARIABLE, background_cohort, load_background

    background = load_background()
    whole = len(background_cohort())
    monkeypatch.setenv(LEAVE_OUT_VARIABLE, "Jackie_Chan,Not_A_Name")
    assert len(background_cohort()) == whole - len(background.of("Jackie_Chan")) > 0
