"""Calibrated matching: two levels, per-person thresholds, lookalikes, and the family's feedback."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.faces.calibration import MATCH_CEILING, Classifier, PersonModel
from desktop.faces.matching import Matcher, record_feedback, store_reference


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
    assert both.models[0].match_threshold < alone.models[0].match_threshold  # the neighbour tightens it
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
        store_reference(workspace, child.id, "enrolment", name.encode(), enc(portrait_analyses, name))
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


def test_rejected_lookalike_tightens_the_threshold(workspace, child, portrait_analyses):
    for name in ("obama.jpg", "obama3.jpg"):
        store_reference(workspace, child.id, "enrolment", name.encode(), enc(portrait_analyses, name))
    before = Matcher.for_persons(workspace, [child.id]).thresholds(child.id)
    near = enc(portrait_analyses, "obama.jpg") + 0.02
    record_feedback(workspace, child.id, near * 1.0 + np.full(128, 0.03), confirmed=False)
    after = Matcher.for_persons(workspace, [child.id]).thresholds(child.id)
    assert after["rejected"] == 1
    assert after["match_threshold"] <= before["match_threshold"]
