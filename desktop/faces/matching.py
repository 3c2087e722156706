"""Who is in a face: the enrolled people's references, read from the encrypted store, and the calibrated
two-level decision of ``calibration.py``. Feedback from the family ("yes, this is my child" / "not my child")
becomes new references: a confirmed face joins the person's own, a rejected one covers that face and its
near-duplicates in later scans, and can be taken back."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from desktop.core.local_time import utc_now
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


def store_reference(
    workspace, person_id: int, origin: str, photo_index: bytes, encoding, detail: dict | None = None, conn=None
) -> None:
    vault = workspace.vault
    row = (
        person_id,
        origin,
        photo_index,
        vault.seal(encoding_bytes(encoding), ENCODING),
        vault.seal_json(detail, DETAIL) if detail else None,
        utc_now(),
    )
    sql = (
        "INSERT INTO face_references(person_id, origin, photo_index, encoding_enc, detail_enc, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
    )
    if conn is not None:
        conn.execute(sql, row)
    else:
        with workspace.db.transaction() as own:
            own.execute(sql, row)


def forget_enrolment(conn, person_id: int) -> int:
    """Delete the person's enrolment references (inside the caller's transaction); answers and rejections stay."""
    return conn.execute("DELETE FROM face_references WHERE person_id = ? AND origin = 'enrolment'",
                        (person_id,)).rowcount


def load_references(workspace, person_id: int) -> dict[str, list[np.ndarray]]:
    """The person's decrypted encodings by origin (``enrolment``, ``confirmed``, ``rejected``)."""
    found: dict[str, list[np.ndarray]] = {"enrolment": [], "confirmed": [], "rejected": []}
    rows = workspace.db.query(
        "SELECT origin, encoding_enc FROM face_references WHERE person_id = ? ORDER BY id", (person_id,)
    )
    for row in rows:
        found[row["origin"]].append(encoding_from_bytes(workspace.vault.open(row["encoding_enc"], ENCODING)))
    return found


def reference_photo_indexes(workspace, person_id: int) -> set[bytes]:
    rows = workspace.db.query(
        "SELECT photo_index FROM face_references WHERE person_id = ? AND origin = 'enrolment'", (person_id,)
    )
    return {bytes(row["photo_index"]) for row in rows}


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
            refs = load_references(workspace, person_id)
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
    """Store the family's answer about one face: a ``confirmed`` reference or a ``rejected`` one."""
    if encoding is None or len(encoding) != 128:
        raise ValueError("a 128-value face encoding is needed")
    raw = encoding_bytes(encoding)
    index = workspace.vault.index(raw, PHOTO)
    origin = "confirmed" if confirmed else "rejected"
    with workspace.db.transaction() as conn:
        # Answering again about the same face replaces the earlier answer.
        conn.execute(
            "DELETE FROM face_references WHERE person_id = ? AND photo_index = ? AND origin != 'enrolment'",
            (person_id, index),
        )
        store_reference(workspace, person_id, origin, index, encoding, conn=conn)


def forget_rejected(workspace, person_id: int, encoding, within: float) -> int:
    """Undo "not my child": drop the person's rejected faces within ``within`` of this face. Returns how many."""
    vector = np.asarray(encoding, dtype=np.float64)
    rows = workspace.db.query(
        "SELECT id, encoding_enc FROM face_references WHERE person_id = ? AND origin = 'rejected'", (person_id,)
    )
    gone = [row["id"] for row in rows
            if np.linalg.norm(encoding_from_bytes(workspace.vault.open(row["encoding_enc"], ENCODING)) - vector)
            <= within]
    if gone:
        with workspace.db.transaction() as conn:
            conn.executemany("DELETE FROM face_references WHERE id = ?", [(ref_id,) for ref_id in gone])
    return len(gone)
