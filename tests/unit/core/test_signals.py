"""What captions give away, in Korean and English."""

import pytest

from desktop.core import signals as sig


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오늘 한빛초등학교 운동회!", {sig.SCHOOL}),
        ("서울중학교 3학년 2반 소풍", {sig.SCHOOL, sig.CLASS}),
        ("새 교복 입은 첫날", {sig.UNIFORM}),
        ("연락은 010-1234-5678", {sig.PHONE}),
        ("서울시 마포구 합정동 근처", {sig.ADDRESS}),
        ("101동 1203호로 이사", {sig.ADDRESS}),
        ("Sports day at Riverside Elementary School", {sig.SCHOOL}),
        ("First day of 5th grade in her new uniform", {sig.CLASS, sig.UNIFORM}),
        ("call me at 555-123-4567", {sig.PHONE}),
        ("we live at 42 Maple Street", {sig.ADDRESS}),
        ("바닷가에서 즐거운 하루", set()),
        ("학교폭력 예방 캠페인 포스터", set()),
        ("", set()),
    ],
)
def test_text_signals(text, expected):
    assert sig.text_signals(text) == expected


def test_the_childs_name_in_a_caption_is_a_signal():
    assert sig.REAL_NAME in sig.text_signals("민지야 생일 축하해", person_name="민지")
    assert sig.REAL_NAME in sig.text_signals("Happy birthday Minji!", person_name="Minji")
    assert sig.REAL_NAME not in sig.text_signals("Happy birthday Minjin!", person_name="Minji")


def test_clear_face_needs_size_frontality_and_sharpness():
    assert sig.is_clear_face(180, 0.9, 0.8, 1080)
    assert not sig.is_clear_face(40, 0.9, 0.8, 1080)
    assert not sig.is_clear_face(180, 0.2, 0.8, 1080)
    assert not sig.is_clear_face(180, 0.9, 0.1, 1080)
