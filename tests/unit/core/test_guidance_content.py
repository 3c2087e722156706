"""The guidance content: well-formed, complete in both languages, and saying the facts it must say."""

import copy
import datetime as dt

import pytest

from desktop.core import content, guidance

NAMES = ("hotlines", "found_something", "checklist", "sharenting", "lesson")


def test_every_content_file_passes_the_schema_and_twin_checks():
    assert content.validate_all() == []


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_guidance_file_exists_and_matches_its_schema(name, lang):
    assert content.check_schema(name, content.load(name, lang)) == []


def test_schema_check_names_what_is_wrong():
    tree = copy.deepcopy(content.load("hotlines", "en"))
    entry = tree["entries"][0]
    del entry["verified"]
    entry["audience"] = ["teachers"]
    entry["web"][0]["url"] = "d4u.stop.or.kr"
    problems = content.check_schema("hotlines", tree)
    assert "entries[0]: missing verified" in problems
    assert any("entries[0].audience[0]: 'teachers' is not one of" in p for p in problems)
    assert any("entries[0].web[0].url: 'd4u.stop.or.kr' is not a web address" in p for p in problems)


def test_schema_check_catches_broken_cross_references():
    tree = copy.deepcopy(content.load("checklist", "en"))
    tree["platforms"][1]["items"][0]["id"] = "facebook.private_account"
    problems = content.check_schema("checklist", tree)
    assert problems == ["item facebook.private_account: id must start with instagram."]
    lesson = copy.deepcopy(content.load("lesson", "ko"))
    lesson["slides"][0]["section"] = "nowhere"
    assert content.check_schema("lesson", lesson) == ["slide welcome: unknown section nowhere"]


def test_a_korean_entry_without_an_english_twin_fails(monkeypatch):
    real_load = content.load.__wrapped__

    def load(name, lang):
        tree = real_load(name, lang)
        if name == "hotlines" and lang == "ko":
            tree["entries"].append(dict(tree["entries"][0], id="only_in_korean"))
        return tree

    monkeypatch.setattr(content, "load", load)
    problems = content.validate_all()
    assert any("only_in_korean in ko has no en twin" in p for p in problems)


def test_a_phone_number_changed_in_one_language_only_fails(monkeypatch):
    real_load = content.load.__wrapped__

    def load(name, lang):
        tree = real_load(name, lang)
        if name == "hotlines" and lang == "en":
            tree["entries"][0]["phones"][1]["number"] = "02-735-8894"  # the typo the facts warn about
        return tree

    monkeypatch.setattr(content, "load", load)
    problems = content.check_twin_facts("hotlines")
    assert problems and "acosav.numbers differs" in problems[0]


def test_every_hotline_carries_what_the_issue_requires():
    for lang in ("ko", "en"):
        for line in guidance.hotlines(lang):
            assert line.name and line.what and line.country and line.audience and line.sources
            assert line.phones or line.web or line.chat
            assert isinstance(line.verified, dt.date)


def test_korea_comes_first_in_korean_and_the_international_list_is_always_there():
    ko_groups = [g.country for g in guidance.hotline_groups("ko")]
    en_groups = [g.country for g in guidance.hotline_groups("en")]
    assert ko_groups[0] == "KR" and "INT" in ko_groups
    assert en_groups[0] == "INT" and "KR" in en_groups


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_numbers_the_issue_names_are_listed(lang):
    numbers = {p.number for line in guidance.hotlines(lang) for p in line.phones}
    urls = {w.url for line in guidance.hotlines(lang) for w in line.web}
    assert {"1366", "02-735-8994", "1377", "112", "117", "1388", "0345 6000 459"} <= numbers
    assert {"https://d4u.stop.or.kr", "https://ecrm.police.go.kr/minwon/main", "https://takeitdown.ncmec.org",
            "https://stopncii.org", "https://report.cybertip.org"} <= urls
    assert "02-735-8894" not in numbers  # the typo in one news report
    assert not any("d4u.or.kr" in u for u in urls)  # the wrong address from an aggregator
    ids = {line.id for line in guidance.hotlines(lang)}
    assert {"seoul_center", "chungbuk_deepfake", "gyeonggi_onestop", "uk_revenge_porn_helpline", "esafety"} <= ids


def test_unverified_facts_are_marked_as_such():
    kcsc = guidance.hotline("en", "kcsc")
    assert kcsc.caveat and "not confirmed" in kcsc.caveat
    assert guidance.hotline("ko", "gyeonggi_onestop").hours is None  # the source gives no hours
    naver = guidance.checklist_item("en", "naver.blog_visibility")
    assert naver.path_basis == "unconfirmed" and naver.setting.caution("en").startswith("Check:")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_found_something_has_a_path_for_each_role_with_the_key_steps(lang):
    paths = guidance.found_something(lang)
    assert list(paths) == ["victim", "parent", "friend", "teacher"]
    victim = [s.id for s in paths["victim"].steps]
    assert victim[:3] == ["calm", "do_not_keep", "record"]
    assert {"deletion", "police", "platform", "hashes"} <= set(victim)
    deletion = next(s for s in paths["victim"].steps if s.id == "deletion")
    assert "acosav" in deletion.contacts
    known = {h.id for h in guidance.hotlines(lang)}
    assert all(c in known for p in paths.values() for s in p.steps for c in s.contacts)


def test_the_possession_law_is_stated_in_the_do_not_keep_step():
    en = next(s for s in guidance.found_something("en")["parent"].steps if s.id == "do_not_keep")
    ko = next(s for s in guidance.found_something("ko")["parent"].steps if s.id == "do_not_keep")
    assert "October 2024" in en.body and "crime" in en.body
    assert "2024년 10월" in ko.body and "범죄" in ko.body


def test_checklist_has_every_platform_and_the_item_ids_others_rely_on():
    platforms = {p.id for p in guidance.checklist("en")}
    assert {"instagram", "facebook", "tiktok", "x", "kakaotalk", "youtube", "snapchat", "threads", "naver",
            "bluesky", "mastodon", "general"} == platforms
    required = {
        "instagram.private_account", "instagram.tag_approval", "instagram.profile_picture",
        "instagram.remove_followers", "facebook.audience", "facebook.tag_review", "facebook.profile_picture",
        "tiktok.private_account", "tiktok.downloads_off", "x.protect_posts", "x.photo_tagging",
        "kakaotalk.profile_visibility", "kakaotalk.old_profile_photos", "youtube.visibility",
        "snapchat.ghost_mode", "threads.private_profile", "naver.blog_visibility",
        "bluesky.logged_out_visibility", "mastodon.locked_account", "general.location_off",
    }
    assert required <= set(guidance.checklist_item_ids())
    assert guidance.checklist_item("ko", "instagram.private_account").verifiable_by == "account_public"
    assert guidance.checklist_item("en", "general.location_off").verifiable_by == "location_in_photos"


def test_lesson_expands_checklist_and_help_slides_from_the_other_files():
    lesson = guidance.lesson("ko")
    kinds = [s.kind for s in lesson.slides]
    assert kinds.count("checklist") == len(guidance.checklist("ko"))
    assert kinds.count("quiz") >= 5
    help_slide = next(s for s in lesson.slides if s.kind == "help")
    assert help_slide.hotlines[0].id == "acosav" and help_slide.hotlines[0].phones[0].number == "1366"
    law = next(s for s in lesson.slides if s.id == "law_2024")
    assert any("7년" in p for p in law.points) and any("3년" in p for p in law.points)
    assert [sid for sid, _ in lesson.sections] == ["intro", "deepfakes", "law", "checklist", "quiz", "help"]
