"""Korean particles chosen from the word they follow (민지는 / 하늘은, 민지를 / 하늘을).

Catalog templates write the particle as a format spec: ``{name:을}`` becomes "하늘을" or "민지를". Either
form of a pair may be written (``{name:를}`` is the same as ``{name:을}``). Words that do not end in a Hangul
syllable are judged by how they are read: a final digit by its Korean reading (1 → 일, ends in a consonant),
a final Latin letter by its usual English sound; where that is unknowable the hedged form "을(를)" is kept.
"""

from __future__ import annotations

# particle written in the template -> (after a final consonant, after a vowel)
_PAIRS: dict[str, tuple[str, str]] = {}
for _consonant_form, _vowel_form in (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("아", "야"),
                                     ("이나", "나"), ("이랑", "랑"), ("이에요", "예요"), ("이라고", "라고"),
                                     ("이라는", "라는"), ("이며", "며"), ("이다", "다")):
    _PAIRS[_consonant_form] = _PAIRS[_vowel_form] = (_consonant_form, _vowel_form)
# 으로/로: after ㄹ the vowel form is used (서울로)
_PAIRS["으로"] = _PAIRS["로"] = ("으로", "로")

PARTICLES = frozenset(_PAIRS)

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the final consonants
# How a final digit is read in Korean: 영 일 이 삼 사 오 육 칠 팔 구 -> has a final consonant?
_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                "8": True, "9": False}
_DIGIT_RIEUL = {"1", "7", "8"}
# A final Latin letter as an English word usually ends (Anna, Tom, Max); l/r read as ㄹ.
_LATIN_CONSONANT = set("bcdgkmnpt")
_LATIN_VOWEL = set("aeiosuvwxyzfhjqr")


def _final_sound(word: str) -> tuple[bool, bool] | None:
    """(ends in a consonant, that consonant is ㄹ) for the word's last readable character, or None."""
    for char in reversed(word.strip()):
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            final = (code - _HANGUL_FIRST) % 28
            return final != 0, final == _RIEUL
        if char in _DIGIT_FINAL:
            return _DIGIT_FINAL[char], char in _DIGIT_RIEUL
        lower = char.lower()
        if lower == "l":
            return True, True
        if lower in _LATIN_CONSONANT:
            return True, False
        if lower in _LATIN_VOWEL:
            return False, False
        if char.isalnum():
            return None  # another script: unknowable
        # punctuation and closing brackets ("하늘(3반)") are skipped
    return None


def attach(word: object, particle: str) -> str:
    """``word`` followed by the form of ``particle`` that fits it."""
    text = str(word)
    forms = _PAIRS.get(particle)
    if forms is None:
        raise ValueError(f"unknown particle {particle!r}")
    consonant_form, vowel_form = forms
    sound = _final_sound(text)
    if sound is None:
        return f"{text}{consonant_form}({vowel_form})" if consonant_form != vowel_form else text + vowel_form
    has_final, is_rieul = sound
    if consonant_form == "으로":
        return text + ("로" if (not has_final or is_rieul) else "으로")
    return text + (consonant_form if has_final else vowel_form)
