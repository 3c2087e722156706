"""A parent reads the results: every number counts photos, one photo found in two places being one photo, and
the recommendations say the same numbers as the reasons they follow from."""

from __future__ import annotations

import pytest

from desktop import demo, i18n
from desktop.scan import report

DEMO_REASONS = {
    "en": [
        "5 public photos show Haneul's face clearly.",
        "The profile picture on Bluesky shows Haneul's face, and profile pictures stay public.",
        "1 carries a school's name.",
        "2 give away a grade or class.",
        "1 carries a location (GPS data or a place tag).",
        "1 shows a phone number.",
        "1 names Haneul in the caption.",
        "1 is public in more than one place.",
        "3 linked accounts with these photos are public.",
    ],
    "ko": [
        "공개 사진 5장에 Haneul의 얼굴이 또렷하게 보입니다.",
        "블루스카이 프로필 사진에 Haneul의 얼굴이 보입니다. 프로필 사진은 계속 공개됩니다.",
        "1장에 학교 이름이 있습니다.",
        "2장에서 학년이나 반을 알 수 있습니다.",
        "1장에 위치(GPS 정보나 장소 태그)가 있습니다.",
        "1장에 전화번호가 보입니다.",
        "1장의 설명에 Haneul의 이름이 나옵니다.",
        "1장은 여러 곳에 공개되어 있습니다.",
        "이 사진들이 있는 연결 계정 3개가 공개 상태입니다.",
    ],
}
DEMO_HIDE_FIRST = {
    "en": ("Hide these 4 photos first",
           "A clear, front-facing close-up is exactly what a deepfake is made from. These photos show Haneul's face "
           "most clearly, publicly. The profile picture shows it clearly too: it has its own step, since it is "
           "changed rather than hidden."),
    "ko": ("이 사진 4장부터 숨기세요",
           "얼굴이 정면으로 또렷하게 나온 사진은 딥페이크의 재료 그 자체입니다. "
           "이 사진들이 Haneul의 얼굴을 가장 또렷하게, 공개적으로 보여 줍니다. "
           "프로필 사진도 얼굴이 또렷하게 보이지만, 숨기는 대신 바꿔야 하므로 따로 안내합니다."),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_demo_results_count_photos_and_the_numbers_agree(scanned_workspace, lang):
    """Five photos show Haneul: sports day is on her Bluesky and on the school's page (one photo, two
    places), and one is her profile picture, which has its own step: so four to hide."""
    child = demo.demo_child(scanned_workspace)  # "Haneul": the demo was made in English
    i18n.set_language(lang)
    data = report.load(scanned_workspace, child)
    assert data.reasons == DEMO_REASONS[lang]
    hide = next(r for r in data.recommendations if r.id == "hide_photos_first")
    assert (hide.title, hide.why) == DEMO_HIDE_FIRST[lang]
    titles = {r.id: r.title for r in data.recommendations}
    assert titles["ask_school"] == {"en": "Ask the school to take down or blur 2 photos",
                                    "ko": "학교에 사진 2장을 내리거나 흐리게 해 달라고 요청하세요"}[lang]
    assert (data.photo_count, len(data.exposures)) == (5, 6)
