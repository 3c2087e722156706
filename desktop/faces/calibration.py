"""Per-person thresholds and the two-level decision (``match`` / ``possible``), with no storage in sight.

Why not one threshold: dlib's encoder (and the ``face_recognition`` default of 0.6) was tuned on adult, mostly
Western faces. Measured on LFW (``benchmarks/accuracy_lfw.py``, results in ``docs/accuracy.md``), about 40 %
of pairs of *different* East Asian people fall within 0.6 and 5 % within 0.5, against 4 % and 0.2 % for
Western pairs; children's faces are closer together still. So each person's thresholds come from two
measurements, and enrolled classmates never lower them:

- **their own photos**: how far apart the person's reference faces lie (the spread). A new photo of them may
  fall a little further: ``match`` up to spread + :data:`SPREAD_ALLOWANCE`, ``possible`` up to spread +
  :data:`POSSIBLE_SPREAD_ALLOWANCE`.
- **strangers** (score normalisation against a background cohort): how near the faces of people who are *not*
  them come, measured with the shipped encodings of public LFW faces (``background.py``; encodings only). The
  person's *stranger edge* is the distance within which the nearest :data:`COHORT_QUANTILE` % of the cohort's
  faces fall. ``match`` stays below :data:`MATCH_COHORT_RATIO` of it and ``possible`` below
  :data:`POSSIBLE_COHORT_RATIO` of it: a person whom strangers come close to (on LFW, the East Asian people)
  gets narrower levels, and the parent's review list is not flooded with lookalikes.

Other enrolled people do not move anyone's thresholds (they used to: with a whole class enrolled, every child
sat at the floor and confident recall collapsed). They are handled face by face instead:

- a face is only ever attributed to the enrolled person it is nearest;
- a ``match`` also needs a clear gap (:data:`RELATIVE_GAP`) to the next enrolled person *and* to the nearest
  face of the cohort: a face nearer to another enrolled person, or to a stranger, is never a ``match``.

Confirmed faces ("yes, this is my child") join the person's references: the person's distance is the mean of
the two nearest references, so a confirmed photo from a new setting brings that setting's later photos to a
``match``, and the spread and stranger edge are measured again with it. A rejected face ("not my child") is
narrow: it covers that face and its near-duplicates (the same photo re-posted, resized, re-compressed;
:data:`NEAR_DUPLICATE`) and nothing else. Other photos are judged by the person's references as if the answer had
not been given: one mistaken or odd answer must never hide the child's other photos.
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
# Lower bounds, so that a person with very tight references (or strangers very near) still gets their own
# near-identical photos back.
MATCH_FLOOR = 0.30
POSSIBLE_FLOOR = 0.40
# With a single reference photo nothing is known about the spread: a new photo of the person falls further
# (on LFW with one reference 95 % of them fall within 0.55, with three references, using the mean of the two
# nearest, within 0.47).
SINGLE_REFERENCE_MATCH = 0.42
SINGLE_REFERENCE_POSSIBLE = 0.55
# How far above the typical distance between a person's own photos a new photo of them may still fall.
SPREAD_ALLOWANCE = 0.08
POSSIBLE_SPREAD_ALLOWANCE = 0.12
# Score normalisation against the background cohort: the person's stranger edge is the distance within which
# the nearest COHORT_QUANTILE % of the cohort's faces fall; the levels stay below these fractions of it.
# Chosen on LFW with the cohort built from identities other than the ones tested (benchmarks/class_enrolled.py):
# with three references, "possible" keeps 96 % of the person's photos while strangers reaching it fall from
# the peer's 151 false names at 0.6 to 14 (East Asian people: 93 % kept, 14 instead of 135).
COHORT_QUANTILE = 5.0
MATCH_COHORT_RATIO = 0.70
POSSIBLE_COHORT_RATIO = 0.82
# A match needs this much clearance to the next enrolled person and to the nearest face of the cohort.
RELATIVE_GAP = 0.06
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


def person_distances(references: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """:func:`person_distance` from many faces (k x 128) at once."""
    if len(references) == 0:
        return np.full(len(faces), np.inf)
    if len(faces) == 0:
        return np.empty(0)
    pairwise = np.sort(np.linalg.norm(faces[:, None, :] - references[None, :, :], axis=2), axis=1)
    return pairwise[:, :2].mean(axis=1)


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
    # Distance within which the nearest COHORT_QUANTILE % of the background cohort's faces fall (None without one).
    stranger_edge: float | None = None
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
            "stranger_edge": None if self.stranger_edge is None else round(self.stranger_edge, 3),
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


def stranger_edge(positives: np.ndarray, cohort: np.ndarray) -> float | None:
    """How near strangers come to this person: the distance within which the nearest :data:`COHORT_QUANTILE` %
    of the cohort's faces fall (measured as a new photo would be, by :func:`person_distance`)."""
    if len(positives) == 0 or len(cohort) == 0:
        return None
    return float(np.percentile(person_distances(positives, cohort), COHORT_QUANTILE))


def calibrate(models: list[PersonModel], cohort: np.ndarray | None = None) -> list[PersonModel]:
    """Set each person's thresholds from their own spread and how near the cohort's strangers come to them
    (never from the other enrolled people), and how far each of their rejected faces reaches."""
    cohort = np.empty((0, 128)) if cohort is None else cohort
    for model in models:
        model.spread = spread_of(model.positives)
        if model.spread is None:
            match = SINGLE_REFERENCE_MATCH
            possible = SINGLE_REFERENCE_POSSIBLE
        else:
            match = model.spread + SPREAD_ALLOWANCE
            possible = model.spread + POSSIBLE_SPREAD_ALLOWANCE
        model.stranger_edge = stranger_edge(model.positives, cohort)
        if model.stranger_edge is not None:
            match = min(match, MATCH_COHORT_RATIO * model.stranger_edge)
            possible = min(possible, POSSIBLE_COHORT_RATIO * model.stranger_edge)
        model.negative_reach = rejection_reach(model.positives, model.negatives)
        model.match_threshold = float(np.clip(match, MATCH_FLOOR, MATCH_CEILING))
        model.possible_threshold = float(np.clip(possible, POSSIBLE_FLOOR, POSSIBLE_CEILING))
        model.match_threshold = min(model.match_threshold, model.possible_threshold)
    return models


class Classifier:
    """Decides, for one face encoding, which enrolled person (if any) it shows, and how sure that is.

    ``cohort``: the strangers' faces (k x 128) the thresholds are normalised against; by default the shipped
    background (``background.py``). Benchmarks pass one without the identities they test."""

    def __init__(self, models: list[PersonModel], possible_ceiling: float | None = None,
                 cohort: np.ndarray | None = None):
        if cohort is None:
            from desktop.faces.background import background_cohort

            cohort = background_cohort()
        self.cohort = np.asarray(cohort, dtype=np.float64).reshape(-1, 128)
        self.models = calibrate([m for m in models if len(m.positives)], self.cohort)
        self.possible_ceiling = possible_ceiling

    def nearest_stranger(self, vector: np.ndarray) -> float:
        """Distance from a face to the nearest face of the cohort."""
        return float(distances(self.cohort, vector).min()) if len(self.cohort) else float("inf")

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
        clear = best_distance + RELATIVE_GAP <= min(runner_up, self.nearest_stranger(vector))
        confident = best_distance <= best.match_threshold and clear
        level = MATCH if confident else POSSIBLE
        if best.rejected(vector):
            # The family said this face (or a copy of it) is not this person: nobody's finding, but the caller
            # learns what it would have been, to keep it on record as answered.
            return MatchResult(person_id=None, level=None, distance=round(best_distance, 4),
                               rejected_by=best.person_id, rejected_level=level)
        return MatchResult(person_id=best.person_id, level=level, distance=round(best_distance, 4))
