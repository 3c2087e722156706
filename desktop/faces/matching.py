"""Who is in a face: the enrolled people's references, read from the encrypted store, and the calibrated
two-level decision of ``calibration.py``. Feedback from the family ("yes, this is my child" / "not my child")
becomes new references: a confirmed face joins the person's own, a rejected one covers that face and its
near-duplicates in later scans, and can be taken back.

The references are kept by ``desktop/store/face_references.py``; the store sits above this package, so the code
here reaches that repository as ``workspace.face_references`` on the workspace it is given."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from desktop.faces.calibration import Classifier, PersonModel
from desktop.faces.types import MatchResult

ENCODING = "face_references.encoding"
DETAIL = "face_references.detail"
PHOTO = "face_references.photo"

POSITIVE_ORIGINS = ("enrolment", "confirmed")


def encoding_bytes(encoding) -> bytes:
    return np.asarray(encoding, dtype="<f8").tobytes()


def encoding_from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<f8").astype(np.float64)


def _stack(vectors: list[np.ndarray]) -> np.ndarray:
    return np.vstack(vectors) if vectors else np.empty((0, 128))


class Matcher:
    """Classifies face encodings against a set of enrolled people."""

    def __init__(self, models: list[PersonModel], possible_ceiling: float | None = None, cohort=None):
        self.classifier = Classifier(models, possible_ceiling=possible_ceiling, cohort=cohort)

    @classmethod
    def for_persons(cls, workspace, person_ids: Iterable[int], possible_ceiling: float | None = None,
                    cohort=None) -> Matcher:
        models = []
        for person_id in person_ids:
            refs = workspace.face_references.by_origin(person_id)
            positives = refs["enrolment"] + refs["confirmed"]
            models.append(PersonModel(person_id, _stack(positives), _stack(refs["rejected"])))
        return cls(models, possible_ceiling=possible_ceiling, cohort=cohort)

    @property
    def persons(self) -> list[PersonModel]:
        return self.classifier.models

    def thresholds(self, person_id: int) -> dict | None:
        for model in self.classifier.models:
            if model.person_id == person_id:
                return model.describe()
        return None

    def classify(self, encoding) -> MatchResult:
        return self.classifier.classify(encoding)


def record_feedback(workspace, person_id: int, encoding, confirmed: bool) -> None:
    """Store the family's answer about one face: a ``confirmed`` reference or a ``rejected`` one. Answering again
    about the same face replaces the earlier answer."""
    if encoding is None or len(encoding) != 128:
        raise ValueError("a 128-value face encoding is needed")
    workspace.face_references.record_answer(person_id, encoding, confirmed)


def forget_rejected(workspace, person_id: int, encoding, within: float) -> int:
    """Undo "not my child": drop the person's rejected faces within ``within`` of this face. Returns how many."""
    vector = np.asarray(encoding, dtype=np.float64)
    references = workspace.face_references
    gone = [ref_id for ref_id, rejected in references.rejected(person_id)
            if np.linalg.norm(rejected - vector) <= within]
    if gone:
        references.delete(gone)
    return len(gone)
