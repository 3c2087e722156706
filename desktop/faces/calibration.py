"""Per-person thresholds and the two-level decision (``match`` / ``possible``), with no storage in sight.

Why not one threshold: dlib's encoder (and the ``face_recognition`` default of 0.6) was tuned on adult, mostly
Western faces. Measured on LFW (``benchmarks/accuracy_lfw.py``, results in ``docs/accuracy.md``), about 40 %
of pairs of *different* East Asian people fall within 0.6 and 5 % within 0.5, against 4 % and 0.2 % for
Western pairs; children's faces are closer together still. So:

- ``possible`` keeps the peer's reach (0.6 at most, tighter when the person's own photos are tight): a person
  must look at it and say "yes, my child" or "not my child".
- ``match`` (confident) needs a much smaller distance, derived per person from the spread of their own
  reference encodings, never above :data:`MATCH_CEILING`, and lowered when another enrolled person lies
  near the person's references.
- A face is only ever attributed to the enrolled person it is nearest; a ``match`` also needs a clear gap to
  the next person. A face nearer to another enrolled person is never a ``match`` for this one.
- Confirmed faces join the person's references and change the thresholds. A rejected face ("not my child")
  is narrow: it covers that face and its near-duplicates (the same photo re-posted, resized, re-compressed;
  :data:`NEAR_DUPLICATE`) and nothing else. Other photos are judged by the person's references as if the
  answer had not been given: one mistaken or odd answer must never hide the child's other photos.
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
# A match needs this much clearance to the next enrolled person.
RELATIVE_GAP = 0.06
# The match threshold stays this far below the distance between this person and anyone else enrolled.
NEIGHBOUR_GAP = 0.10
# How far a "not my child" answer reaches: the face it was given about and its near-duplicates, i.e. the same
# photo re-posted, resized or re-compressed, which the encoder places a little apart. Measured with
# benchmarks/near_duplicates.py on LFW (../shared/data/faces-lfw, as in docs/accuracy.md) and the demo photos:
# copies of one photo (75 %, 50 %, 150 % size, JPEG quality 60, a 10 % crop) land a median 0.07 from the
# original, 94 % of them within 0.15; two *different* photos of the same person came within 0.15 once in 1,137
# pairs (1st percentile 0.26, median 0.40), and two different people never nearer than 0.37. Children's photos
# sit closer together than adults' (docs/accuracy.md), so the reach stays far below MATCH_FLOOR: 0.15 takes in
# the usual copies and, in practice, none of the child's other photos.
NEAR_DUPLICATE = 0.15


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
    # Per negative: how far its "not my child" reaches (NEAR_DUPLICATE, less near the person's own references).
    negative_reach: np.ndarray = field(default_factory=lambda: np.empty(0))

    def rejected(self, encoding: np.ndarray) -> bool:
        """Whether a "not my child" answer covers this face (it is the rejected face or a near-duplicate)."""
        if len(self.negatives) == 0:
            return False
        reach = self.negative_reach if len(self.negative_reach) == len(self.negatives) else NEAR_DUPLICATE
        return bool((distances(self.negatives, encoding) <= reach).any())

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


def rejection_reach(positives: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """How far each rejected face's "not my child" reaches: :data:`NEAR_DUPLICATE`, but never more than half
    way to the person's nearest own reference (enrolled or confirmed). A face it covers is therefore always at
    least as near the rejected face as any reference: an answer about a copy of an enrolled photo covers that
    exact face only, never the enrolled photo's other copies."""
    if len(negatives) == 0:
        return np.empty(0)
    if len(positives) == 0:
        return np.full(len(negatives), NEAR_DUPLICATE)
    nearest = np.linalg.norm(negatives[:, None, :] - positives[None, :, :], axis=2).min(axis=1)
    return np.minimum(NEAR_DUPLICATE, nearest / 2)


def calibrate(models: list[PersonModel]) -> list[PersonModel]:
    """Set each person's thresholds from their own spread and their neighbours, and how far each of their
    rejected faces reaches."""
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
        model.negative_reach = rejection_reach(model.positives, model.negatives)
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
        if best_distance > possible_limit:
            return MatchResult(person_id=None, level=None, distance=round(best_distance, 4))
        confident = best_distance <= best.match_threshold and best_distance + RELATIVE_GAP <= runner_up
        level = MATCH if confident else POSSIBLE
        if best.rejected(vector):
            # The family said this face (or a copy of it) is not this person: nobody's finding, but the caller
            # learns what it would have been, to keep it on record as answered.
            return MatchResult(person_id=None, level=None, distance=round(best_distance, 4),
                               rejected_by=best.person_id, rejected_level=level)
        return MatchResult(person_id=best.person_id, level=level, distance=round(best_distance, 4))
