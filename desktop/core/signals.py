"""Risk signals beyond the face: what a photo's caption, alt text or the profile around it gives away.

Korean and English patterns for school, class, uniform, phone numbers and addresses; the child's own name in
the text; and the platform's location tag. Deliberately conservative: a signal is shown to the parent as a
reason, so it must be explainable by pointing at the words that triggered it.
"""

from __future__ import annotations

import re
import unicodedata

SCHOOL = "school_name"
CLASS = "class_info"
UNIFORM = "uniform"
PHONE = "phone"
ADDRESS = "address"
REAL_NAME = "real_name"
LOCATION = "location"
CLEAR_FACE = "clear_face"
PROFILE_PICTURE = "profile_picture"
SAME_PHOTO_ELSEWHERE = "same_photo_elsewhere"

ALL_SIGNALS = (CLEAR_FACE, PROFILE_PICTURE, LOCATION, SCHOOL, CLASS, UNIFORM, PHONE, ADDRESS, REAL_NAME,
               SAME_PHOTO_ELSEWHERE)

_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    SCHOOL: [
        re.compile(r"[가-힣A-Za-z0-9]{1,20}(?:초등학교|중학교|고등학교|여자중학교|여자고등학교|학교|초교|여중|여고|남중|남고"
                   r"|유치원|어린이집|중학|고교)"),
        re.compile(r"\b(?:[A-Z][\w'’-]*\s){1,4}(?:Elementary|Middle|High|Primary|Secondary|Junior High|Grammar)"
                   r"\s+School\b"),
        re.compile(r"\b(?:[A-Z][\w'’-]*\s){1,4}(?:Academy|Kindergarten)\b"),
    ],
    CLASS: [
        re.compile(r"\d\s*학년\s*\d{1,2}\s*반"),
        re.compile(r"\d\s*학년"),
        re.compile(r"(?<![\d가-힣])\d{1,2}\s*반(?![가-힣])"),
        re.compile(r"\bgrade\s*\d{1,2}\b", re.IGNORECASE),
        re.compile(r"\b\d{1,2}(?:st|nd|rd|th)\s+grade\b", re.IGNORECASE),
        re.compile(r"\b(?:class|homeroom)\s*\d{1,2}\s*[-–]\s*\d{1,2}\b", re.IGNORECASE),
    ],
    UNIFORM: [
        re.compile(r"교복|체육복|생활복"),
        re.compile(r"\b(?:school\s+)?uniform\b", re.IGNORECASE),
    ],
    PHONE: [
        re.compile(r"(?<!\d)(?:\+82[-.\s]?|0)1[016789][-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)"),
        re.compile(r"(?<!\d)0\d{1,2}[-.\s]\d{3,4}[-.\s]\d{4}(?!\d)"),
        re.compile(r"(?<!\d)\+?1?[-.\s]?\(?\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}(?!\d)"),
    ],
    ADDRESS: [
        re.compile(r"[가-힣]{1,10}(?:시|도)\s?[가-힣]{1,10}(?:구|군)\s?[가-힣0-9]{1,10}(?:동|읍|면|로|길)"),
        re.compile(r"[가-힣0-9]{1,12}(?:로|길)\s?\d{1,4}(?:-\d{1,4})?(?:번길)?(?!\d)"),
        re.compile(r"\d{1,4}\s?동\s?\d{1,4}\s?호"),
        re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Ln\.|Drive|Dr\.)",
                   re.IGNORECASE),
    ],
}

# Words that look like a school or class pattern but are not (e.g. "학교폭력" is a topic, not a school).
_SCHOOL_FALSE_FRIENDS = ("학교폭력", "학교생활", "방과후학교", "학교급식", "학교 가는", "학교가")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def text_signals(text: str, person_name: str | None = None) -> set[str]:
    """The text signal kinds found in a caption, alt text or profile text."""
    text = _normalise(text)
    found: set[str] = set()
    if not text.strip():
        return found
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            for hit in pattern.finditer(text):
                if kind == SCHOOL and any(friend in text[max(0, hit.start() - 2): hit.end() + 4]
                                          for friend in _SCHOOL_FALSE_FRIENDS):
                    continue
                found.add(kind)
                break
            if kind in found:
                break
    if person_name and _mentions_name(text, person_name):
        found.add(REAL_NAME)
    return found


def _mentions_name(text: str, name: str) -> bool:
    """The child's nickname as a word in the text (Korean names may carry a particle: 민지야, 민지가)."""
    base = _normalise(name).split("(")[0].strip()
    if len(base) < 2:
        return False
    if re.search(r"[가-힣]", base):
        return base in text
    return re.search(rf"\b{re.escape(base)}\b", text, re.IGNORECASE) is not None


def is_clear_face(size_px: int, frontality: float, sharpness: float, image_short_side: int) -> bool:
    """A clear close-up: large enough to re-use, looking at the camera, and sharp."""
    large = size_px >= 100 or (image_short_side and size_px >= 0.25 * image_short_side and size_px >= 60)
    return bool(large and frontality >= 0.6 and sharpness >= 0.35)
