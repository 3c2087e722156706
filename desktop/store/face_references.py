"""The faces a person is known by, encrypted: the ``face_references`` rows a matcher is built from.

Each row is one face encoding with its origin: ``enrolment`` (a photo the family chose, keyed by the photo's
content), ``confirmed`` ("yes, this is my child") or ``rejected`` ("not my child"), both keyed by the face's
encoding, so answering again about the same face replaces the earlier answer. What an encoding is and how a
matcher weighs the origins is ``desktop/faces/matching.py``; this is where they are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from desktop.faces.matching import DETAIL, ENCODING, PHOTO, encoding_bytes, encoding_from_bytes
from desktop.store.crypto import Vault
from desktop.store.db import Database, utc_now

ORIGINS = ("enrolment", "confirmed", "rejected")

_INSERT = ("INSERT INTO face_references(person_id, origin, photo_index, encoding_enc, detail_enc, created_at)"
           " VALUES (?, ?, ?, ?, ?, ?)")


class FaceReferenceRepository:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    def _row(self, person_id: int, origin: str, photo_index: bytes, encoding, detail: dict | None) -> tuple:
        return (person_id, origin, photo_index, self.vault.seal(encoding_bytes(encoding), ENCODING),
                self.vault.seal_json(detail, DETAIL) if detail else None, utc_now())

    def answer_index(self, encoding) -> bytes:
        """The key of an answer about a face: the face's own encoding, so the same face answered again (wherever
        it was found) is the same row."""
        return self.vault.index(encoding_bytes(encoding), PHOTO)

    # --- reading -----------------------------------------------------------------------------------
    def by_origin(self, person_id: int) -> dict[str, list[np.ndarray]]:
        """The person's decrypted encodings by origin (``enrolment``, ``confirmed``, ``rejected``), oldest first."""
        found: dict[str, list[np.ndarray]] = {origin: [] for origin in ORIGINS}
        rows = self.db.query(
            "SELECT origin, encoding_enc FROM face_references WHERE person_id = ? ORDER BY id", (person_id,)
        )
        for row in rows:
            found[row["origin"]].append(encoding_from_bytes(self.vault.open(row["encoding_enc"], ENCODING)))
        return found

    def enrolment_photo_indexes(self, person_id: int) -> set[bytes]:
        """The keys of the photos the person was enrolled from (the same photo is not learnt twice)."""
        rows = self.db.query(
            "SELECT photo_index FROM face_references WHERE person_id = ? AND origin = 'enrolment'", (person_id,)
        )
        return {bytes(row["photo_index"]) for row in rows}

    def enrolment_count(self, person_id: int) -> int:
        """How many faces the person was enrolled with (answers not counted)."""
        return self.db.count("SELECT count(*) FROM face_references WHERE person_id = ? AND origin = 'enrolment'",
                             (person_id,))

    def has_any(self, person_id: int) -> bool:
        """Whether any face of the person is kept, whatever its origin (as ``PersonRepository.enrolled_ids``)."""
        return self.db.query_one("SELECT 1 FROM face_references WHERE person_id = ?", (person_id,)) is not None

    def rejected(self, person_id: int) -> list[tuple[int, np.ndarray]]:
        """(reference id, encoding) of every face the family said is not this person."""
        rows = self.db.query(
            "SELECT id, encoding_enc FROM face_references WHERE person_id = ? AND origin = 'rejected'", (person_id,)
        )
        return [(row["id"], encoding_from_bytes(self.vault.open(row["encoding_enc"], ENCODING))) for row in rows]

    # --- writing -----------------------------------------------------------------------------------
    def add(self, person_id: int, origin: str, photo_index: bytes, encoding, detail: dict | None = None) -> None:
        with self.db.transaction() as conn:
            conn.execute(_INSERT, self._row(person_id, origin, photo_index, encoding, detail))

    def add_enrolment(self, person_id: int, faces: Iterable[tuple[bytes, object, dict | None]],
                      replace: bool = False) -> None:
        """Keep the faces an enrolment accepted, (photo key, encoding, detail) each, all or none; ``replace``: in
        the same transaction, forget the person's earlier enrolment faces (answers and rejections stay)."""
        with self.db.transaction() as conn:
            if replace:
                conn.execute("DELETE FROM face_references WHERE person_id = ? AND origin = 'enrolment'", (person_id,))
            for photo_index, encoding, detail in faces:
                conn.execute(_INSERT, self._row(person_id, "enrolment", photo_index, encoding, detail))

    def record_answer(self, person_id: int, encoding, confirmed: bool) -> None:
        """The family's answer about one face, as a ``confirmed`` or ``rejected`` reference; it replaces an
        earlier answer about the same face in the same transaction."""
        index = self.answer_index(encoding)
        origin = "confirmed" if confirmed else "rejected"
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM face_references WHERE person_id = ? AND photo_index = ? AND origin != 'enrolment'",
                (person_id, index),
            )
            conn.execute(_INSERT, self._row(person_id, origin, index, encoding, None))

    def forget_confirmed(self, person_id: int, encoding) -> None:
        """Take back "yes, this is my child" about this face: the matcher no longer counts it as the person."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM face_references WHERE person_id = ? AND photo_index = ?"
                         " AND origin = 'confirmed'", (person_id, self.answer_index(encoding)))

    def delete(self, reference_ids: list[int]) -> None:
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM face_references WHERE id = ?", [(ref_id,) for ref_id in reference_ids])
