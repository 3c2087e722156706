"""One entry per platform setting: a parent reading a recommendation and a student ticking the checklist are told
the same path, with its source and date, and a path no official page states says "check" in both languages."""

import datetime as dt
import warnings

import pytest

from desktop import i18n
from desktop.core import content, content_check, guidance
from desktop.core import recommendations as rec

LANGS = ("ko", "en")


def all_steps(lang):
    for template in content.load("recommendations", lang)["recommendations"]:
        for step in template["steps"]:
            yield template, step


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_and_a_student_are_given_the_same_path_for_the_same_setting(lang):
    """Issue 18: Bluesky and Mastodon used to read differently in the recommendations and the checklist."""
    i18n.set_language(lang)
    checklist = {item.setting.id: item for p in guidance.checklist(lang) for item in p.items}
    shown = 0
    for template, step in all_steps(lang):
        for setting_id in step.get("settings", []):
            item = checklist[setting_id]  # the student sees this setting too
            choice = rec.Choice(template["id"], template["id"], 1, step["id"] if step["id"] != "any" else None)
            rendered = rec.render(choice, "민지")
            line = guidance.setting(lang, setting_id).where_line(lang)
            assert any(line in s for s in rendered.steps)
            assert item.setting == guidance.setting(lang, setting_id)
            assert setting_id in rendered.settings and item.id in rendered.checklist_items
            shown += 1
    assert shown >= 20


def test_bluesky_reads_the_same_in_the_recommendation_and_the_checklist():
    i18n.set_language("ko")
    step = rec.render(rec.Choice("make_private.bluesky", "make_private", 1, "bluesky"), "민지").steps[0]
    item = guidance.checklist_item("ko", "bluesky.logged_out_visibility")
    assert item.setting.where("ko") in step
    assert "로그아웃 사용자에게 표시" in step and "검토(Moderation)" not in step


@pytest.mark.parametrize("lang", LANGS)
def test_no_step_or_checklist_item_writes_a_path_of_its_own(lang):
    assert content_check.step_findings(lang) == []
    for platform in content.load("checklist", lang)["platforms"]:
        for item in platform["items"]:
            assert set(item) <= {"id", "what", "why", "setting", "verifiable_by"}


def test_a_step_that_writes_its_own_path_is_an_error(monkeypatch):
    real_load = content.load.__wrapped__

    def load(name, lang):
        tree = real_load(name, lang)
        if name == "recommendations" and lang == "en":
            step = tree["recommendations"][0]["steps"][0]
            step["text"] = "Instagram: Settings → Privacy → Account privacy → Private account."
        return tree

    monkeypatch.setattr(content, "load", load)
    errors = content_check.errors(content_check.findings(today=dt.date(2026, 12, 3)))
    assert [e.where for e in errors] == ["recommendations/make_private.instagram"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_setting_names_its_source_and_the_day_it_was_checked(lang):
    entries = guidance.settings(lang).values()
    assert entries
    for entry in entries:
        assert isinstance(entry.checked, dt.date)
        assert entry.paths and all(p.source.startswith(("https://", "http://")) for p in entry.paths)
        assert all(p.kind in ("official", "unconfirmed") for p in entry.paths)


def test_a_setting_without_a_source_or_a_date_fails_the_content_check(monkeypatch):
    real_load = content.load.__wrapped__

    def load(name, lang):
        tree = real_load(name, lang)
        if name == "settings":
            tree["entries"][0]["paths"][0]["source"] = None
            del tree["entries"][1]["checked"]
        return tree

    monkeypatch.setattr(content, "load", load)
    errors = content_check.errors(content_check.findings(today=dt.date(2026, 12, 3)))
    assert {(e.where, e.message) for e in errors} == {
        ("settings/general.location_off", "a path without a source URL"),
        ("settings/general.no_uniform_school", "no checked date"),
    }


def test_the_content_check_lists_old_and_unofficial_entries_without_failing():
    today = dt.date(2026, 12, 3)
    found = content_check.findings(today=today)
    assert content_check.errors(found) == []
    warned = {f.where for f in found}
    assert "settings/kakaotalk.profile_visibility" in warned  # only a blog states the path
    assert "settings/youtube.visibility" not in warned  # YouTube Help states it, checked today
    later = content_check.findings(today=today + dt.timedelta(days=content_check.MAX_AGE_DAYS + 1))
    old = {f.where for f in later if "days ago" in f.message}
    assert "settings/youtube.visibility" in old and "hotlines/police" in old


@pytest.mark.parametrize(("lang", "check"), [("ko", "확인 필요"), ("en", "Check:")])
def test_an_unconfirmed_path_says_check_wherever_it_is_shown(lang, check):
    from desktop.reports.checklist_pdf import item_text

    i18n.set_language(lang)
    kakao = guidance.checklist_item(lang, "kakaotalk.old_profile_photos")
    assert check in kakao.setting.caution(lang) and check in item_text(kakao, lang)
    youtube = guidance.checklist_item(lang, "youtube.visibility")
    assert youtube.setting.caution(lang) is None and check not in item_text(youtube, lang)
    step = rec.render(rec.Choice("tag_approval.x", "tag_approval", 4, "x"), "Minji").steps[0]
    assert check in step


def test_a_path_that_differs_by_phone_names_each_phone():
    location = guidance.setting("ko", "general.location_off")
    text = location.path_text("ko")
    assert text.startswith("아이폰: 설정 → 개인정보 보호 및 보안 → 위치 서비스 → 카메라 → 안 함")
    assert "안드로이드: " in text and "(확인 필요)" in text
    assert guidance.setting("en", "general.location_off").path_text("en").startswith("iPhone: Settings → ")


def test_self_test_content_prints_the_same_list(capsys, isolated_home):
    from desktop.app import main

    code = main(["--lang", "en", "self-test", "--content"])
    out = capsys.readouterr().out
    assert code == 0
    for finding in content_check.findings():
        assert finding.line() in out
    assert "0 errors" in out


def test_a_setting_official_on_one_phone_only_says_which_path_to_check():
    location = guidance.setting("en", "general.location_off")
    assert [p.official for p in location.paths] == [True, False]
    caution = location.caution("en")
    assert caution.startswith("Check: no official help page states the paths marked (check)")
    assert location.path_text("en").count("(check)") == 1


def test_the_guidance_doc_lists_every_fact_with_its_source_and_date():
    from pathlib import Path

    doc = (Path(__file__).parents[3] / "docs" / "guidance.md").read_text(encoding="utf-8")
    for entry in guidance.settings("en").values():
        for path in entry.paths:
            assert f"| `{entry.id}` | {path.device} | {path.kind} | {entry.checked} | {path.source} |" in doc
    for line in guidance.hotlines("en"):
        assert f"`{line.id}`" in doc and str(line.verified) in doc


@pytest.mark.filterwarnings("always::UserWarning")  # the project turns warnings into errors; these are a list
def test_content_check_in_ci_warns_about_each_old_or_unofficial_entry_and_fails_only_on_errors():
    """The warning-level check CI runs: each entry to look at again shows up as a warning in the test report."""
    found = content_check.findings()
    for finding in found:
        if finding.level == content_check.WARNING:
            warnings.warn(finding.line(), UserWarning, stacklevel=1)
    assert [f.line() for f in content_check.errors(found)] == []


def test_official_means_a_government_site_or_the_body_that_answers_the_line():
    assert content_check.is_official_host("https://korea.kr/news/policyNewsView.do?newsId=148941931")
    assert content_check.is_official_host("https://www.ktv.go.kr/ktvmedia/T000016/view?content_id=560808")
    assert content_check.is_official_host("https://d4u.stop.or.kr")
    assert not content_check.is_official_host("https://news1.kr/amp/society/women-family/5524052")
    assert not content_check.is_official_host("https://notgo.kr/page")
    assert "hotlines/women1366" not in {f.where for f in content_check.findings() if "official" in f.message}


@pytest.mark.parametrize(("lang", "check"), [("ko", "(확인 필요)"), ("en", "(check)")])
def test_a_lesson_slide_marks_an_unconfirmed_path_briefly(lang, check):
    x = guidance.setting(lang, "x.protect_posts")
    assert x.where_short(lang).endswith(check)
    assert not guidance.setting(lang, "youtube.visibility").where_short(lang).endswith(check)
    assert guidance.setting(lang, "general.location_off").where_short(lang).count(check) == 1


def test_self_test_content_speaks_korean_with_lang_ko(capsys, isolated_home):
    from desktop.app import main

    code = main(["--lang", "ko", "self-test", "--content"])
    out = capsys.readouterr().out
    assert code == 0
    assert "경고: settings/x.protect_posts: 공식 출처가 없는 경로: all" in out
    assert "warning:" not in out and "no official source" not in out
    for finding in content_check.findings():
        assert finding.line("ko") in out
