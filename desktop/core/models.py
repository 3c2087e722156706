"""Domain records shared by the store, the scan and the screens."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("child", "student", "self")
AGE_BANDS = ("under14", "14to17", "adult")
CONSENT_STATUSES = ("none", "requested", "given", "withdrawn")
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
