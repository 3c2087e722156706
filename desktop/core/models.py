"""Domain records shared by the store, the scan and the screens."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("child", "student", "self")
AGE_BANDS = ("under14", "14to17", "adult")
STUDENT_AGE_BANDS = AGE_BANDS[:2]  # a class member is a child: under 14, or 14 to 17
CONSENT_STATUSES = ("none", "requested", "given", "withdrawn", "refused")
SOURCE_OWNERS = ("self", "parent", "school", "club", "other")
VISIBILITIES = ("public", "unlisted", "friends", "private", "unknown", "not_posted")


@dataclass(frozen=True)
class Consent:
    status: str
    given_by: str | None
    scope: str
    recorded_at: str
    note: str | None = None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    age_band: str | None
    created_at: str
    class_id: int | None = None
    student_number: int | None = None

# How public each visibility is, for a stranger: used to pick the stricter of account and photo visibility.
VISIBILITY_EXPOSURE = {
    "public": 1.0,
    "unlisted": 0.7,  # anyone with the link
    "unknown": 0.5,  # we could not tell: assume it may be public
    "friends": 0.15,
    "private": 0.05,
    "not_posted": 0.0,  # a local folder: a warning for the future, not an exposure today
}


def effective_visibility(account: str, photo: str) -> str:
    """The stricter of the account's and the photo's visibility ("private account, public post" is private)."""
    known = [v for v in (account, photo) if v in VISIBILITY_EXPOSURE and v != "unknown"]
    if not known:
        return "unknown"
    return min(known, key=lambda v: VISIBILITY_EXPOSURE[v])


@dataclass(frozen=True)
class SourceSummary:
    """One linked source as the risk rules see it."""

    source_id: int
    kind: str
    platform: str
    owner: str
    visibility: str
    photos_checked: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Exposure:
    """One face of the person found in one photo at one place, with everything that makes it risky."""

    key: str  # stable per finding
    source_id: int
    platform: str
    owner: str
    visibility: str  # effective visibility for a stranger
    level: str  # "match" or "possible"
    distance: float
    role: str = "post"  # post | avatar | header | thumbnail | page_image
    signals: frozenset[str] = frozenset()
    review: str = "open"  # open | confirmed | not_me | removed
    photo: str = ""  # which photo: the same content found in two places is one photo (default: this finding)

    @property
    def counts(self) -> bool:
        """Whether it still counts: everything but a face the parent answered "not my child" about. A photo the
        parent said was removed still counts until a scan no longer finds it (then it is gone, not counted)."""
        return self.review != "not_me"

    @property
    def photo_key(self) -> str:
        return self.photo or self.key


def photo_count(exposures) -> int:
    """How many distinct photos: the parent counts photos, not the places one photo was found."""
    return len({e.photo_key for e in exposures})
