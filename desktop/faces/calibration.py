"""Per-person thresholds and the two-level decision (``match`` / ``possible``), with no storage in sight.

Why not one threshold: dlib's encoder (and the ``face_recognition`` default of 0.6) was tuned on adult, mostly
Western faces. Measured on LFW (``benchmarks/accuracy_lfw.py``, results in ``docs/accuracy.md``), about 40 %
of pairs of *different* East Asian people fall within 0.6 and 5 % within 0.5, against 4 % and 0.2 % for
Western pairs; children's faces are closer together still. So:

- ``possible`` keeps the peer's reach (0.6 at most, tighter when the person's own photos are tight): a person
  must look at it and say "yes, my child" or "not my child".
- ``match`` (confident) needs a much smaller distance, derived per person from the spread of their own
  reference encodings, never above :data:`MATCH_CEILING`, and lowered when another enrolled person or a
  face the family rejected ("not my child") lies near the person's references.
- A face is only ever attributed to the enrolled person it is nearest; a ``match`` also needs a clear gap to
  the next person and to the person's rejected faces. A face nearer to another enrolled person is never a
  ``match`` for this one.
- Confirmed faces join the person's references; rejected ones become negatives. Both change the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from desktop.faces.types import MatchResult

MATCH = "match"
POSSIBLE = "possible"

# Upper bounds, whatever the spread: the peer's default for "possible", and a level for "match" where
# fewer than 2 % of East Asian impostor pairs fall on LFW.
POSSIBLE_CEILING = 0.60
MATCH_CEILING = 0.46
MATCH_FLOOR = 0.34
POSSIBLE_FLOOR = 0.50
# With a single reference photo nothing is known about the spread: stay cautious.
SINGLE_REFERENCE_MATCH = 0.42
# How far above the typical distance between a person's own photos a new photo of them may still fall.
SPREAD_ALLOWANCE = 0.08
# A match needs this much clearance to the next enrolled person and to rejected faces.
RELATIVE_GAP = 0.06
# The match threshold stays this far below the distance between this person and anyone else enrolled.
NEIGHBOUR_GAP = 0.10


def distances(references: np.ndarray, encoding: np.ndarray) -> np.ndarray:
    if len(references) == 0:
        return np.empty(0)
    return np.linalg.norm(references - encoding, axis=1)


def person_distance(references: np.ndarray, encoding: np.ndarray) -> float:
    """Distance from a face to a person: the mean of the two nearest references (the nearest if only one).

    Averaging two keeps a single lookalike reference from carrying a stranger to a match, while a true
    photo of the person is usually near several of their references.
    """
    found = np.sort(distances(references, encoding))
    if len(found) == 0:
        return float("inf")
    return float(found[:2].mean())


@dataclass
class PersonModel:
    person_id: int
    positives: np.ndarray  # n x 128: enrolment and confirmed faces
    negatives: np.ndarray = field(default_factory=lambda: np.empty((0, 128)))  # "not my child" faces
    match_threshold: float = MATCH_CEILING
    possible_threshold: float = POSSIBLE_CEILING
    spread: float | None = None
    nearest_other: float | None = None  # distance to the nearest other enrolled person's reference
    nearest_rejected: float | None = None

    def describe(self) -> dict:
        return {
            "person_id": self.person_id,
            "references": int(len(self.positives)),
            "rejected": int(len(self.negatives)),
            "spread": self.spread,
            "nearest_other": self.nearest_other,
            "match_threshold": round(self.match_threshold, 3),
            "possible_threshold": round(self.possible_threshold, 3),
        }


def spread_of(positives: np.ndarray) -> float | None:
    """Typical distance between a person's own reference faces (median of the pairs), None with one photo."""
    count = len(positives)
    if count < 2:
        return None
    pairwise = np.linalg.norm(positives[:, None, :] - positives[None, :, :], axis=2)
    return float(np.median(pairwise[np.triu_indices(count, 1)]))


def calibrate(models: list[PersonModel]) -> list[PersonModel]:
    """Set each person's thresholds from their own spread, their neighbours and their rejected faces."""
    for model in models:
        model.spread = spread_of(model.positives)
        if model.spread is None:
            match = SINGLE_REFERENCE_MATCH
            possible = POSSIBLE_CEILING
        else:
            match = model.spread + SPREAD_ALLOWANCE
            possible = model.spread + 3 * SPREAD_ALLOWANCE
        others = [other.positives for other in models if other is not model and len(other.positives)]
        model.nearest_other = None
        if others and len(model.positives):
            pool = np.vstack(others)
            gaps = np.linalg.norm(model.positives[:, None, :] - pool[None, :, :], axis=2)
            model.nearest_other = float(gaps.min())
            match = min(match, model.nearest_other - NEIGHBOUR_GAP)
        model.nearest_rejected = None
        if len(model.negatives) and len(model.positives):
            gaps = np.linalg.norm(model.positives[:, None, :] - model.negatives[None, :, :], axis=2)
            model.nearest_rejected = float(gaps.min())
            match = min(match, model.nearest_rejected - NEIGHBOUR_GAP)
            possible = min(possible, max(model.nearest_rejected, POSSIBLE_FLOOR))
        model.match_threshold = float(np.clip(match, MATCH_FLOOR, MATCH_CEILING))
        model.possible_threshold = float(np.clip(possible, POSSIBLE_FLOOR, POSSIBLE_CEILING))
        model.match_threshold = min(model.match_threshold, model.possible_threshold)
    return models


class Classifier:
    """Decides, for one face encoding, which enrolled person (if any) it shows, and how sure that is."""

    def __init__(self, models: list[PersonModel], possible_ceiling: float | None = None):
        self.models = calibrate([m for m in models if len(m.positives)])
        self.possible_ceiling = possible_ceiling

    def classify(self, encoding) -> MatchResult:
        vector = np.asarray(encoding, dtype=np.float64)
        if not self.models or vector.shape != (128,):
            return MatchResult(person_id=None, level=None, distance=float("inf"))
        scored = sorted(((person_distance(m.positives, vector), m) for m in self.models), key=lambda s: s[0])
        best_distance, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else float("inf")
        possible_limit = best.possible_threshold
        if self.possible_ceiling is not None:
            possible_limit = min(possible_limit, self.possible_ceiling)
        rejected = float(distances(best.negatives, vector).min()) if len(best.negatives) else float("inf")
        if best_distance > possible_limit or rejected <= best_distance:
            # Too far, or nearer to a face the family said is not this person.
            return MatchResult(person_id=None, level=None, distance=round(best_distance, 4))
        confident = (
            best_distance <= best.match_threshold
            and best_distance + RELATIVE_GAP <= runner_up
            and best_distance + RELATIVE_GAP <= rejected
        )
        return MatchResult(
            person_id=best.person_id, level=MATCH if confident else POSSIBLE, distance=round(best_distance, 4)
        )
