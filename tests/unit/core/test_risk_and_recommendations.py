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


def exposure(key, source=INSTA, level="match", signals=(), visibility=None, role="post", review="open", photo=""):
    return Exposure(key, source.source_id, source.platform, source.owner, visibility or source.visibility,
                    level, 0.4, role, frozenset(signals), review, photo)


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


def test_not_my_child_stops_counting_but_i_removed_it_counts_until_a_scan_agrees():
    assert risk.assess([exposure("a", review="not_me")], [INSTA], "M").score == 0
    said_removed = risk.assess([exposure("b", review="removed")], [INSTA], "M").score
    assert said_removed == risk.assess([exposure("b")], [INSTA], "M").score > 0


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
    # The reason counts 5 clear photos (the avatar and p0-p3); the avatar has its own step, so 4 to hide.
    hide = next(c for c in choices if c.id == "hide_photos_first")
    assert hide.count == 4
    assert hide.photo_keys == ("p0", "p1", "p2", "p3")
    first = rec.render(choices[0], "Minji")
    assert first.title == "Make the Instagram account private"
    assert first.steps[0].startswith("Instagram: turn on Private account.")
    assert "Where: Profile → Menu (≡) → Settings and privacy → Account privacy → Private account" in first.steps[0]
    assert first.checklist_items == ("instagram.private_account", "instagram.remove_followers")


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


def test_every_number_counts_photos_and_a_photo_posted_twice_is_one_photo():
    """The demo's case: 5 photos show the child clearly, one of them (sports day) both on the child's account
    and on the school's page, one the profile picture. The reasons and what to do say the same numbers."""
    sports = {sig.CLEAR_FACE, sig.SAME_PHOTO_ELSEWHERE}
    exposures = [
        exposure("avatar", role="avatar", signals={sig.PROFILE_PICTURE, sig.CLEAR_FACE}, photo="a"),
        exposure("sports-insta", signals=sports | {sig.SCHOOL, sig.CLASS}, photo="s"),
        exposure("sports-school", SCHOOL, signals=sports, photo="s"),
        exposure("weekend", signals={sig.CLEAR_FACE, sig.LOCATION}, photo="w"),
        exposure("birthday", signals={sig.CLEAR_FACE, sig.PHONE}, photo="b"),
        exposure("trip", SCHOOL, signals={sig.CLEAR_FACE, sig.CLASS}, photo="t"),
    ]
    reasons = [rec.render_reason(r) for r in risk.assess(exposures, [INSTA, SCHOOL], "Minji").reasons]
    assert "5 public photos show Minji's face clearly." in reasons
    assert "1 is public in more than one place." in reasons
    assert "2 give away a grade or class." in reasons
    choices = {c.id: c for c in rec.choose(exposures, [INSTA, SCHOOL])}
    hide = rec.render(choices["hide_photos_first"], "Minji")
    assert hide.title == "Hide these 4 photos first"  # 5 clear photos, less the profile picture
    assert "The profile picture shows it clearly too: it has its own step" in hide.why
    keys = choices["hide_photos_first"].photo_keys
    assert "avatar" not in keys and {"sports-insta", "sports-school"} <= set(keys)  # both places to hide
    assert rec.render(choices["ask_school"], "Minji").title == "Ask the school to take down or blur 2 photos"
    i18n.set_language("ko")
    reasons = [rec.render_reason(r) for r in risk.assess(exposures, [INSTA, SCHOOL], "Minji").reasons]
    assert "공개 사진 5장에 Minji의 얼굴이 또렷하게 보입니다." in reasons
    assert "1장은 여러 곳에 공개되어 있습니다." in reasons
    hide = rec.render(choices["hide_photos_first"], "Minji")
    assert hide.title == "이 사진 4장부터 숨기세요"
    assert "프로필 사진도 얼굴이 또렷하게 보이지만" in hide.why


def test_hide_first_names_at_most_seven_of_the_clearest_photos():
    exposures = [exposure(f"p{i}", signals={sig.CLEAR_FACE} | ({sig.LOCATION} if i < 2 else set()))
                 for i in range(9)]
    hide = next(c for c in rec.choose(exposures, [INSTA]) if c.id == "hide_photos_first")
    assert hide.count == rec.HIDE_FIRST_MAX and hide.photo_keys[:2] == ("p0", "p1")  # the riskiest first
    why = rec.render(hide, "Minji").why
    assert why == "A clear, front-facing close-up is exactly what a deepfake is made from. These photos show " \
                  "Minji's face most clearly, publicly."  # no profile picture was set aside


def test_someone_elses_public_account_gets_ask_the_owner_not_make_it_private():
    aunt = SourceSummary(4, "bluesky", "bluesky", "other", "public", 10)
    choices = rec.choose([exposure("a", aunt, signals={sig.CLEAR_FACE}), exposure("b", aunt)], [aunt])
    ids = [c.id for c in choices]
    assert "ask_owner.bluesky" in ids and not any(i.startswith("make_private") for i in ids)
    i18n.set_language("en")
    asked = rec.render(next(c for c in choices if c.id == "ask_owner.bluesky"), "Minji")
    assert asked.title == "Ask whoever runs the Bluesky account to take down 2 photos"
    assert asked.steps[0].startswith("Send the owner the post links")
