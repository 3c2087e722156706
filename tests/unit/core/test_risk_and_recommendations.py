"""A parent's results: the score goes up with clear public faces and what captions reveal; the
recommendations say what to change first."""

import pytest

from desktop import i18n
from desktop.core import recommendations as rec
from desktop.core import risk
from desktop.core import signals as sig
from desktop.core.models import Exposure, SourceSummary, effective_visibility

INSTA = SourceSummary(1, "instagram", "instagram", "self", "public", 30)
SCHOOL = SourceSummary(2, "web", "website", "school", "public", 12)
PRIVATE_X = SourceSummary(3, "x-export", "x", "self", "private", 40)


def exposure(key, source=INSTA, level="match", signals=(), visibility=None, role="post", review="open"):
    return Exposure(key, source.source_id, source.platform, source.owner, visibility or source.visibility,
                    level, 0.4, role, frozenset(signals), review)


def test_nothing_found_scores_zero_and_says_so():
    result = risk.assess([], [INSTA], "Minji")
    assert (result.score, result.level) == (0, "low")
    assert rec.render_reason(result.reasons[0]) == "No public photo of Minji was found in the linked sources."


def test_clear_public_close_ups_with_school_names_score_high_with_plain_reasons():
    exposures = [exposure(f"p{i}", signals={sig.CLEAR_FACE}) for i in range(9)]
    exposures += [exposure(f"s{i}", SCHOOL, signals={sig.CLEAR_FACE, sig.SCHOOL}) for i in range(3)]
    result = risk.assess(exposures, [INSTA, SCHOOL], "Minji")
    assert result.level == "high" and result.score >= 60
    texts = [rec.render_reason(r) for r in result.reasons]
    assert "12 public photos show Minji's face clearly." in texts
    assert "3 carry a school's name." in texts


def test_faces_to_confirm_are_named_in_both_languages():
    exposures = [exposure("p1", signals={sig.CLEAR_FACE}), exposure("p2", level="possible"),
                 exposure("p3", level="possible")]
    result = risk.assess(exposures, [INSTA], "Minji")
    every_reason = [rec.render_reason(r) for r in result.reasons]
    assert "2 more faces might be Minji's: please confirm them." in every_reason
    i18n.set_language("ko")
    assert "Minji일 수도 있는 얼굴이 2개 더 있습니다. 확인해 주세요." in [rec.render_reason(r) for r in result.reasons]


def test_private_accounts_count_far_less_than_public_ones():
    public = risk.assess([exposure("a", signals={sig.CLEAR_FACE})], [INSTA], "M").score
    private = risk.assess([exposure("a", PRIVATE_X, signals={sig.CLEAR_FACE})], [PRIVATE_X], "M").score
    assert public > 3 * private


def test_not_my_child_and_removed_photos_stop_counting():
    exposures = [exposure("a", review="not_me"), exposure("b", review="removed")]
    assert risk.assess(exposures, [INSTA], "M").score == 0


def test_a_private_account_makes_its_public_posts_private():
    assert effective_visibility("private", "public") == "private"
    assert effective_visibility("public", "unlisted") == "unlisted"
    assert effective_visibility("unknown", "unknown") == "unknown"


def test_recommendations_are_prioritised_and_tied_to_the_platform():
    exposures = [exposure("avatar", role="avatar", signals={sig.PROFILE_PICTURE, sig.CLEAR_FACE})]
    exposures += [exposure(f"p{i}", signals={sig.CLEAR_FACE} if i < 4 else set()) for i in range(10)]
    exposures += [exposure("loc", signals={sig.LOCATION}), exposure("school", SCHOOL, signals={sig.SCHOOL})]
    choices = rec.choose(exposures, [INSTA, SCHOOL])
    ids = [c.id for c in choices]
    assert ids[:2] == ["make_private.instagram", "change_profile_picture.instagram"]
    assert {"hide_photos_first", "remove_location", "remove_school_details", "ask_school",
            "tag_approval.instagram"} <= set(ids)
    hide = next(c for c in choices if c.id == "hide_photos_first")
    assert hide.count == rec.HIDE_FIRST_MAX
    assert hide.photo_keys[:4] == ("p0", "p1", "p2", "p3")  # the clear faces first
    first = rec.render(choices[0], "Minji")
    assert first.title == "Make the Instagram account private"
    assert first.steps[0].startswith("Instagram: Settings → Privacy → Account privacy")
    assert first.checklist_items == ("instagram.private_account",)


def test_recommendations_in_korean():
    i18n.set_language("ko")
    choice = rec.Choice("hide_photos_first", "hide_photos_first", 2, None, 7)
    assert rec.render(choice, "민지").title == "이 사진 7장부터 숨기세요"


def test_school_photos_ask_the_school_rather_than_make_private():
    choices = rec.choose([exposure("s", SCHOOL)], [SCHOOL])
    ids = [c.id for c in choices]
    assert "ask_school" in ids and not any(i.startswith("make_private") for i in ids)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_blur_step_names_the_classroom_button_as_it_reads_on_screen(lang):
    """A parent told to use "Classroom → …" must find a button with exactly that label."""
    i18n.set_language(lang)
    step = rec.render(rec.Choice("blur_before_posting", "blur_before_posting", 5, None, 3), "Minji").steps[0]
    assert f"{i18n.tr('nav.classroom')} → {i18n.tr('classaudit.page.blur')}" in step
