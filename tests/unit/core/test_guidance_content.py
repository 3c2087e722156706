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
    index = [e["id"] for e in tree["entries"]].index("acosav")
    entry = tree["entries"][index]
    del entry["verified"]
    entry["audience"] = ["teachers"]
    entry["web"][0]["url"] = "d4u.stop.or.kr"
    problems = content.check_schema("hotlines", tree)
    assert f"entries[{index}]: missing verified" in problems
    assert any(f"entries[{index}].audience[0]: 'teachers' is not one of" in p for p in problems)
    assert any(f"entries[{index}].web[0].url: 'd4u.stop.or.kr' is not a web address" in p for p in problems)


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
            acosav = next(e for e in tree["entries"] if e["id"] == "acosav")
            acosav["phones"][0]["number"] = "02-735-8894"  # the typo the facts warn about
        return tree

    monkeypatch.setattr(content, "load", load)
    problems = content.check_twin_facts("hotlines")
    assert problems and "acosav.numbers differs" in problems[0]


def test_every_hotline_carries_what_the_issue_requires():
    for lang in ("ko", "en"):
        lines = guidance.hotlines(lang)
        assert len(lines) > 5, lang
        for line in lines:
            assert line.name and line.what and line.country and line.audience and line.sources
            assert line.phones or line.web or line.chat
            assert isinstance(line.verified, dt.date)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_korea_comes_first_in_both_languages_with_112_at_the_top(lang):
    """Issue 18: the English help listed UK, US and Australian lines before the Korean ones."""
    groups = [g.country for g in guidance.hotline_groups(lang)]
    assert groups[0] == "KR" and groups[-1] == "INT"
    first = guidance.hotlines(lang)[0]
    assert first.id == "police" and first.phones[0].number == "112"


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
    # 112 first, 1366 once; a class of 12-17-year-olds gets Take It Down, not the adults' StopNCII
    assert [h.id for h in help_slide.hotlines] == ["police", "women1366", "acosav", "school_violence",
                                                   "youth_counselling", "kcsc", "ecrm", "take_it_down"]
    law = next(s for s in lesson.slides if s.id == "law_2024")
    assert any("7년" in p for p in law.points) and any("3년" in p for p in law.points)
    assert [sid for sid, _ in lesson.sections] == ["intro", "deepfakes", "law", "checklist", "quiz", "help"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_1366_is_listed_once_and_says_who_answers_it(lang):
    """1366 was ACOSAV's main number and the women's emergency line at the same time. Since 17 April 2025 the
    digital sex crime counselling line is 1366 (korea.kr): one card, answered by the Women's Emergency Line 1366
    and connecting to the digital sex crime centres."""
    cards = [h for h in guidance.hotlines(lang) if any(p.number == "1366" for p in h.phones)]
    assert [h.id for h in cards] == ["women1366"]
    line = cards[0]
    assert ("여성긴급전화1366" if lang == "ko" else "Women's Emergency Line 1366") in line.what
    assert ("2025년 4월 17일" if lang == "ko" else "17 April 2025") in line.what
    assert "https://korea.kr/news/policyNewsView.do?newsId=148941931" in line.sources
    assert "1366" in guidance.hotline(lang, "acosav").what  # ACOSAV's card says 1366 reaches it, without repeating it


@pytest.mark.parametrize(("lang", "example"), [("ko", "02-1388"), ("en", "02-1388")])
def test_1388_from_a_mobile_phone_needs_the_area_code(lang, example):
    line = guidance.hotline(lang, "youth_counselling")
    assert example in line.what and "#1388" in line.what
    assert any(s.startswith("https://www.ktv.go.kr/") for s in line.sources)  # the government broadcaster


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_guide_gives_the_same_evidence_instruction_and_keeps_no_copies(lang):
    """Issue 18: "a link is enough" next to "a screenshot helps" and "capture, then block". One instruction
    everywhere: write down address, place and time; never download, screenshot or forward the picture."""
    paths = guidance.found_something(lang)
    records = [s for role in ("victim", "parent", "teacher") for s in paths[role].steps if s.id == "record"]
    assert len(records) == 3
    address, dont = ("웹 주소", "내려받거나 캡처하거나 전달하지 마세요") if lang == "ko" else \
        ("web address", "Don't download, screenshot or forward the picture")
    for step in records:
        assert address in step.body and dont in step.body
    everything = " ".join(s.body for p in paths.values() for s in p.steps)
    for old in ("캡처하면 도움", "캡처한 뒤 차단", "screenshot of the page", "Take a screenshot"):
        assert old not in everything
    strangers = guidance.checklist_item(lang, "general.strangers")
    assert ("캡처" not in strangers.what) if lang == "ko" else ("screenshot" not in strangers.what)
    assert ("저장하지 마세요" if lang == "ko" else "Don't save the picture") in strangers.setting.path_text(lang)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_nothing_tells_a_minor_that_reporting_needs_a_guardian(lang):
    texts = [s.body for p in guidance.found_something(lang).values() for s in p.steps]
    texts += [s.answer or "" for s in guidance.lesson(lang).slides]
    for text in texts:
        assert "보호자 동의가 필요할 수" not in text and "may need one" not in text
    quiz = next(s for s in guidance.lesson(lang).slides if s.id == "quiz_deletion")
    assert "112" in quiz.answer


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_law_slides_cover_classmates_under_19_and_students_under_14(lang):
    slides = {s.id: s for s in guidance.lesson(lang).slides}
    minors = " ".join(slides["law_minors"].points)
    under14 = " ".join(slides["law_under14"].points)
    if lang == "ko":
        assert "청소년성보호법 제11조" in minors and "1년 이상의 징역" in minors and "5년 이상" in minors
        assert "소년법 제4조" in under14 and "형법 제9조" in under14 and "최대 2년" in under14
    else:
        assert "Youth Sex Protection Act, Art. 11" in minors and "at least 1 year" in minors
        assert "Juvenile Act, Art. 4" in under14 and "Criminal Act, Art. 9" in under14
    law_go_kr = "https://www.law.go.kr/법령/"
    assert any(u.startswith(law_go_kr + "아동ㆍ청소년의성보호에관한법률") for u in slides["law_minors"].sources)
    assert any(u.startswith("https://www.law.go.kr/법령/소년법") for u in slides["law_under14"].sources)
    assert any(u.startswith("https://www.law.go.kr/법령/성폭력범죄의처벌등에관한특례법/제14조의2")
               for u in slides["law_2024"].sources)
    assert "quiz_under14" in slides


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_help_note_names_the_oldest_check_not_only_the_newest(lang):
    dates = sorted(h.verified for h in guidance.hotlines(lang))
    assert dates[0] != dates[-1]
    note = guidance.verified_note(lang)
    assert dates[0].isoformat() in note and dates[-1].isoformat() in note


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_family_report_urgent_lines_put_112_first_and_say_who_answers_1366(lang):
    from desktop import i18n

    text = i18n.tr("help.urgent", lang=lang)
    assert text.startswith("긴급하면 경찰 112" if lang == "ko" else "Emergency in Korea: police 112")
    assert text.count("1366") == 1 and ("디지털성범죄피해자지원센터로 연결" in text if lang == "ko"
                                        else "reaches the Digital Sex Crime Victim Support Centers" in text)
    assert ("지역번호 + 1388" if lang == "ko" else "area code + 1388") in text


# --- a 15-year-old's walkthrough of the student-facing content -------------------------------------------
def _step(lang, role, step_id):
    return next(s for s in guidance.found_something(lang)[role].steps if s.id == step_id)


def _all_student_text(lang):
    """Everything a student reads: help cards, the found-something flow, the checklist, the lesson, the UI strings."""
    import json
    from pathlib import Path

    texts = [guidance.found_intro(lang)[1]]
    for path in guidance.found_something(lang).values():
        texts += [path.title, path.lead] + [t for s in path.steps for t in (s.title, s.body)]
    for line in guidance.hotlines(lang):
        texts += [line.name, line.what]
    for platform in guidance.checklist(lang):
        for item in platform.items:
            texts += [item.what, item.why, item.setting.where(lang)]
    for slide in guidance.lesson(lang).slides:
        texts += [slide.title, *slide.points, slide.question or "", slide.answer or ""]
    i18n = Path(__file__).parents[3] / "assets" / "i18n" / lang
    for name in ("common.json", "guidance.json", "evidence.json"):
        texts += [v for v in json.loads((i18n / name).read_text(encoding="utf-8")).values() if isinstance(v, str)]
    return texts


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_uk_helpline_card_does_not_tell_a_korean_student_to_screenshot(lang):
    card = guidance.hotline(lang, "uk_revenge_porn_helpline")
    if lang == "ko":
        assert "화면을 캡처하고" not in card.what
        assert "한국에는 맞지 않아요" in card.what and "캡처하거나 내려받지 말고" in card.what
    else:
        assert "screenshot with the web address" not in card.what
        assert "does not apply in Korea" in card.what and "don't screenshot" in card.what


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_keep_means_one_thing_your_own_originals_stay_on_your_phone(lang):
    lock = _step(lang, "victim", "lock_down").body
    item = guidance.checklist_item(lang, "general.keep_originals").what
    how = guidance.checklist_item(lang, "general.keep_originals").setting.path_text(lang)
    assert ("보관" not in how) if lang == "ko" else ("keep" not in how.lower())
    if lang == "ko":
        for text in (lock, item):
            assert "합성되기 전 내 원래 사진은 휴대전화에서 지우지 마세요" in text
            assert "보관" not in text
    else:
        for text in (lock, item):
            assert "don't delete your own original photos" in text.lower() or \
                "do not delete your own original photos" in text.lower()
            assert "keep your original" not in text.lower()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_possession_warning_tells_the_victim_they_will_not_be_punished(lang):
    body = _step(lang, "victim", "do_not_keep").body
    if lang == "ko":
        assert "피해를 입은 내가 벌을 받는다는 뜻이 아니에요" in body and "링크(웹 주소)만 적어 두세요" in body
    else:
        assert "does not mean that you, the victim, will be punished" in body and "keep only the link" in body


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_hash_step_says_to_skip_it_without_the_image(lang):
    step = _step(lang, "victim", "hashes")
    if lang == "ko":
        assert "이 단계는 건너뛰세요" in step.body and "디성센터가 링크로 찾아서 대신 삭제를 요청" in step.body
    else:
        assert "skip this step" in step.body and "asks for deletion for you" in step.body


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_friend_records_the_same_things_and_is_told_about_1366(lang):
    victim = _step(lang, "victim", "record").body
    friend = _step(lang, "friend", "do_not_keep")
    items = ("웹 주소(링크)", "계정 이름", "게시물 제목", "날짜와 시각") if lang == "ko" else \
        ("web address (link)", "account name", "post's title", "date and time")
    for word in items:
        assert word in victim and word in friend.body
    assert ("적은 뒤 지우세요" in friend.title) if lang == "ko" else ("write down where you saw it" in friend.title)
    support = _step(lang, "friend", "support")
    assert "1366" in support.body and "acosav" in support.contacts
    assert ("디성센터" in support.body) if lang == "ko" else ("ACOSAV" in support.body)


def test_korean_student_text_never_says_dangsin_or_ambiguous_na_na():
    for text in _all_student_text("ko"):
        assert "당신" not in text, text
        assert "나나 " not in text, text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_age_notes_use_full_ages_in_korean_and_read_clearly(lang):
    tiktok = guidance.checklist_item(lang, "tiktok.private_account").why
    instagram = guidance.checklist_item(lang, "instagram.private_account").why
    if lang == "ko":
        assert "만 13~15세" in tiktok and "만 16~17세" in tiktok
        assert "만 14세 이상 18세 미만" in instagram
        assert "만 13~15세" in guidance.checklist_item(lang, "tiktok.downloads_off").why
        assert "만 13~17세" in guidance.checklist_item(lang, "youtube.visibility").why
    else:
        assert "13–15" in tiktok and "16–17" in tiktok
        assert "14 to under 18" in instagram


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_platform_steps_a_student_can_actually_follow(lang):
    kakao = guidance.setting(lang, "kakaotalk.old_profile_photos").path_text(lang)
    band = guidance.checklist_item(lang, "naver.band_visibility")
    blog = guidance.setting(lang, "naver.blog_visibility").path_text(lang)
    bluesky = guidance.checklist_item(lang, "bluesky.logged_out_visibility").what
    if lang == "ko":
        assert kakao.endswith("'나만 보기'로 바꾸세요")
        assert "밴드 리더(선생님·반장)" in band.what and "밴드 리더(선생님·반장)" in band.setting.path_text(lang)
        assert "글 관리" in blog and "공개설정 변경'(확인 필요)" in blog
        assert bluesky == "로그인 안 한 사람에게 내 계정 숨기기 — 완전한 비공개는 아니에요"
        tiktok = guidance.setting(lang, "tiktok.private_account").path_text(lang)
        assert "한국어 메뉴 이름은 확인 필요" in tiktok
    else:
        assert "band leader" in band.what
        assert "글 관리" in blog and "(check)" in blog
        assert bluesky.startswith("Hide your account from people who are not logged in")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_kakaotalk_has_a_face_free_default_photo_and_no_friend_add_by_number(lang):
    ids = [i.id for p in guidance.checklist(lang) if p.id == "kakaotalk" for i in p.items]
    assert "kakaotalk.default_profile_photo" in ids and "kakaotalk.friend_add" in ids
    friend_add = guidance.setting(lang, "kakaotalk.friend_add")
    assert not friend_add.official and friend_add.caution(lang)
    assert "전화번호로 친구 추가 허용" in friend_add.path_text(lang)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_character_the_checklist_pdf_prints_is_in_the_bundled_font(lang):
    from fontTools.ttLib import TTFont

    from desktop.resources import asset

    cmap = TTFont(str(asset("fonts", "NanumGothic.ttf"))).getBestCmap()
    texts = [guidance.checklist_intro(lang)[1]]
    for platform in guidance.checklist(lang):
        texts.append(platform.name)
        for item in platform.items:
            texts += [item.what, item.why, item.setting.where(lang), item.setting.caution(lang) or ""]
    texts += [line.name for line in guidance.lesson_hotlines(lang)]
    missing = {c for text in texts for c in text if not c.isspace() and ord(c) not in cmap}
    assert missing == set()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_evidence_page_tells_a_student_that_keeping_the_image_may_be_illegal(lang):
    from desktop import i18n

    keep = i18n.tr("evidence_page.keep_image", lang=lang)
    warning = i18n.tr("evidence.keep_warning", lang=lang)
    page = i18n.tr("evidence_page.warning", lang=lang)
    if lang == "ko":
        assert "불법일 수 있어요" in keep and "불법일 수 있어요" in warning and "학생이라면 저장하지 마세요" in warning
        assert "메모리" in warning and "디지털 지문" in warning
        assert "PDQ는 사진용" in page and "해시는 사진의 '디지털 지문'" in page
        assert "딥페이크" in page and "허위영상물" not in page + warning
    else:
        assert "may itself be illegal" in keep and "may itself be illegal" in warning
        assert "in memory" in warning and "digital fingerprint" in page and "PDQ is the name" in page


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("role", ["victim", "parent", "friend"])
def test_short_names_are_explained_the_first_time_a_student_meets_them(lang, role):
    text = " ".join(f"{s.title} {s.body}" for s in guidance.found_something(lang)[role].steps)
    expansions = {
        "ko": {"디성센터": ("디지털성범죄피해자지원센터", "디지털 성범죄 피해 상담"),
               "ECRM": ("사이버범죄 신고시스템",)},
        "en": {"ACOSAV": ("Digital Sex Crime Victim Support Center", "digital sex crime counselling"),
               "ECRM": ("cyber crime reporting",), "KCSC": ("Korea Communications Standards Commission",)},
    }[lang]
    for short, longs in expansions.items():
        if short in text:
            first = text.index(short)
            near = text[max(0, first - 60):first + len(short) + 60]
            assert any(long in near for long in longs), (role, short, near)
    take_it_down = guidance.hotline(lang, "take_it_down").name
    assert ("실종·착취아동센터" if lang == "ko" else "National Center for Missing") in take_it_down


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_lesson_gives_the_same_record_list_as_the_found_steps(lang):
    slide = next(s for s in guidance.lesson(lang).slides if s.id == "if_it_happens")
    point = next(p for p in slide.points if ("링크" in p if lang == "ko" else "link" in p))
    for word in (("올라온 곳", "제목", "날짜와 시각", "캡처하지") if lang == "ko" else
                 ("where it was", "title", "date and time", "screenshot")):
        assert word in point
    if lang == "ko":
        titles = [s.title for p in guidance.found_something("ko").values() for s in p.steps]
        assert not any("보관하지" in t for t in titles)
