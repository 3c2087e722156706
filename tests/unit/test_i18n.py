"""Korean and English are both complete, placeholder for placeholder."""

import pytest

from desktop import i18n


def test_every_message_exists_in_both_languages():
    ko, en = i18n.catalog("ko"), i18n.catalog("en")
    assert sorted(ko.keys() - en.keys()) == []
    assert sorted(en.keys() - ko.keys()) == []


def test_placeholders_match_across_languages():
    ko, en = i18n.catalog("ko"), i18n.catalog("en")
    assert [k for k in en if i18n.placeholders(en[k]) != i18n.placeholders(ko[k])] == []


def test_no_message_is_left_empty_or_untranslated():
    ko = i18n.catalog("ko")
    hangul = [k for k, v in ko.items() if any("\uac00" <= ch <= "\ud7a3" for ch in v)]
    assert len(ko) == len(i18n.catalog("en")) > 100
    assert all(v.strip() for v in ko.values())
    # A few entries are names or pure placeholders; nearly everything must read as Korean.
    assert len(hangul) >= 0.95 * len(ko)


def test_messages_fill_placeholders_in_the_active_language():
    i18n.set_language("ko")
    assert i18n.tr("person.added", name="민지", role="내 아이") == "내 아이 민지를 추가했습니다."
    assert i18n.tr("person.added", name="하늘", role="나") == "나 하늘을 추가했습니다."
    i18n.set_language("en")
    assert i18n.tr("person.added", name="Minji", role="my child") == "Added Minji (my child)."


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LC_ALL": "ko_KR"}, "ko")],
)
def test_language_follows_the_system(monkeypatch, env, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert i18n.system_language() == expected


def test_unknown_message_ids_fail_loudly():
    with pytest.raises(i18n.MissingTranslation):
        i18n.tr("no.such.message")


def test_a_message_missing_a_value_shows_a_gap_to_users_instead_of_crashing(monkeypatch):
    import pytest

    from desktop import i18n

    with pytest.raises(KeyError):  # in the tests a forgotten value fails loudly
        i18n.tr("risk.reason_possible", count=2)
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert i18n.tr("risk.reason_possible", count=2) == "2 more faces might be …'s: please confirm them."


def test_every_source_kind_has_a_name_in_both_languages_for_progress_and_reports():
    from desktop import i18n
    from desktop.scan.orchestrator import source_label
    from desktop.sources.registry import KINDS

    for lang in ("en", "ko"):
        assert [k.kind for k in KINDS if not i18n.has(f"sources.kind.{k.kind}", lang)] == []
    i18n.set_language("ko")
    label = source_label("web", "https://school.example.kr/bbs/board.php?bo_table=album_2026_sports_day&page=1")
    assert label.startswith("웹 페이지") and "…" in label and len(label) < 70


def test_korean_says_출처_for_a_linked_source_everywhere():
    """One word for "source" in Korean: a parent who reads 출처 on the results page finds 출처 in the dialog."""
    from desktop.resources import asset

    texts = {f"i18n:{key}": value for key, value in i18n.catalog("ko").items()}
    for path in sorted(asset("content", "ko").glob("*.yaml")):
        texts[f"content:{path.name}"] = path.read_text(encoding="utf-8")
    assert [where for where, text in texts.items() if "소스" in text] == []
    assert i18n.tr("sources.family.button", "ko") == "연결된 출처…"


@pytest.mark.parametrize(("message_id", "values", "expected"), [
    ("scan.done_line", {"name": "Haneul", "score": 12, "level": "low", "count": 1},
     "Haneul: exposure score 12 (low), the face found in 1 place."),
    ("scan.done_line", {"name": "Haneul", "score": 62, "level": "high", "count": 4},
     "Haneul: exposure score 62 (high), the face found in 4 places."),
    ("class.list_line", {"name": "2-3", "school": "-", "count": 1, "consenting": 1},
     "2-3\t-\t1 student, 1 with consent"),
])
def test_one_of_something_is_singular_in_english(message_id, values, expected):
    assert i18n.tr(message_id, "en", **values) == expected


def test_plural_forms_follow_cldr_for_each_language(monkeypatch):
    monkeypatch.setattr(i18n, "catalog", lambda lang: {"photos": "{count} photos", "photos.one": "{count} photo"})
    assert i18n.tr("photos", lang="en", count=1) == "1 photo"
    assert i18n.tr("photos", lang="en", count=0) == "0 photos"  # CLDR: zero is "other" in English
    assert i18n.tr("photos", lang="en", count=21) == "21 photos"  # not "one" as in Russian
    assert i18n.plural_category("ko", 1) == "other"
    assert i18n.plural_category("en", 1) == "one"


def test_korean_catalogs_never_hedge_a_particle():
    """"하늘을(를)" reads as a machine wrote it: templates pick the particle from the word ({name:을})."""
    forms = ("을(를)", "를(을)", "이(가)", "가(이)", "은(는)", "는(은)", "(으)로", "와(과)", "과(와)", "(이)라")
    hedged = [(key, text) for key, text in i18n.catalog("ko").items() if any(form in text for form in forms)]
    assert hedged == []
