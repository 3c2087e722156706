"""The exposure score: 0-100 with a level, and the reasons in plain words.

Weights (documented in docs/scoring.md):

- every counted exposure earns points = (BASE_MATCH or BASE_POSSIBLE + the sum of its signal weights)
  × how public it is (VISIBILITY_EXPOSURE: public 1.0, unlisted 0.7, unknown 0.5, friends 0.15,
  private 0.05, not posted 0);
- a public account with the person's face on it adds PUBLIC_ACCOUNT once per source;
- the score saturates: ``score = round(100 × (1 − e^(−points / SCALE)))``, so a few clear public close-ups
  already make it high, and 0 points make 0;
- level: low below 25, medium below 60, high from 60.

The points are per place (a photo public in two places is more exposed); every number in the reasons counts
distinct photos (the same content found in two places is one photo).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from desktop.core import signals as sig
from desktop.core.models import VISIBILITY_EXPOSURE, Exposure, SourceSummary, photo_count

BASE_MATCH = 5.0
BASE_POSSIBLE = 1.5
PUBLIC_ACCOUNT = 4.0
SCALE = 40.0
SIGNAL_WEIGHTS = {
    sig.CLEAR_FACE: 4.0,
    sig.PROFILE_PICTURE: 4.0,
    sig.LOCATION: 3.0,
    sig.SCHOOL: 3.0,
    sig.CLASS: 2.0,
    sig.UNIFORM: 2.0,
    sig.PHONE: 5.0,
    sig.ADDRESS: 5.0,
    sig.REAL_NAME: 2.0,
    sig.SAME_PHOTO_ELSEWHERE: 2.0,
}
LOW_BELOW = 25
MEDIUM_BELOW = 60


@dataclass(frozen=True)
class Reason:
    message_id: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RiskResult:
    score: int
    level: str
    reasons: tuple[Reason, ...]


def exposure_points(exposure: Exposure) -> float:
    base = BASE_MATCH if exposure.level == "match" else BASE_POSSIBLE
    extra = sum(SIGNAL_WEIGHTS.get(kind, 0.0) for kind in exposure.signals)
    return (base + extra) * VISIBILITY_EXPOSURE.get(exposure.visibility, 0.5)


def level_for(score: int) -> str:
    if score < LOW_BELOW:
        return "low"
    return "medium" if score < MEDIUM_BELOW else "high"


def assess(exposures: list[Exposure], sources: list[SourceSummary], person_name: str) -> RiskResult:
    counted = [e for e in exposures if e.counts]
    total = sum(exposure_points(e) for e in counted)
    exposed_sources = {e.source_id for e in counted if e.visibility == "public"}
    public_accounts = [s for s in sources if s.visibility == "public" and s.source_id in exposed_sources]
    total += PUBLIC_ACCOUNT * len(public_accounts)
    score = round(100 * (1 - math.exp(-total / SCALE))) if total > 0 else 0
    return RiskResult(score, level_for(score), tuple(_reasons(counted, public_accounts, person_name)))


def public_exposures(counted: list[Exposure]) -> list[Exposure]:
    """The places a stranger can (or may) see the face: public, unlisted, or of unknown visibility."""
    return [e for e in counted if e.visibility in ("public", "unlisted", "unknown")]


def faces_shown(counted: list[Exposure]) -> tuple[str, list[Exposure]]:
    """What the first reason counts: the public places that show the face clearly (``clear``) when there are
    any, else those where the face is certain (``confident``). The hide-first recommendation follows it."""
    confident = [e for e in public_exposures(counted) if e.level == "match"]
    clear = [e for e in confident if sig.CLEAR_FACE in e.signals]
    return ("clear", clear) if clear else ("confident", confident)


def _reasons(counted: list[Exposure], public_accounts: list[SourceSummary], name: str) -> list[Reason]:
    """The reasons in plain words. Every number counts distinct photos: one photo found in two places is one
    photo (and "public in more than one place")."""
    reasons: list[Reason] = []
    public = public_exposures(counted)
    basis, shown = faces_shown(counted)
    if shown:
        message_id = "risk.reason_clear_faces" if basis == "clear" else "risk.reason_faces"
        reasons.append(Reason(message_id, {"count": photo_count(shown), "name": name}))
    avatars = sorted({e.platform for e in public if sig.PROFILE_PICTURE in e.signals})
    for platform in avatars:
        reasons.append(Reason("risk.reason_profile_picture", {"name": name, "platform": platform}))
    photos_with: dict[str, set[str]] = defaultdict(set)
    for exposure in public:
        for kind in exposure.signals:
            photos_with[kind].add(exposure.photo_key)
    counts = {kind: len(photos) for kind, photos in photos_with.items()}
    for kind, message_id in (
        (sig.SCHOOL, "risk.reason_school"),
        (sig.CLASS, "risk.reason_class"),
        (sig.UNIFORM, "risk.reason_uniform"),
        (sig.LOCATION, "risk.reason_location"),
        (sig.PHONE, "risk.reason_phone"),
        (sig.ADDRESS, "risk.reason_address"),
        (sig.REAL_NAME, "risk.reason_real_name"),
        (sig.SAME_PHOTO_ELSEWHERE, "risk.reason_same_photo"),
    ):
        if counts.get(kind):
            reasons.append(Reason(message_id, {"count": counts[kind], "name": name}))
    if public_accounts:
        reasons.append(Reason("risk.reason_public_accounts", {"count": len(public_accounts)}))
    possible = [e for e in counted if e.level == "possible"]
    if possible:
        reasons.append(Reason("risk.reason_possible", {"count": photo_count(possible), "name": name}))
    if not counted:
        reasons.append(Reason("risk.reason_nothing_found", {"name": name}))
    return reasons
