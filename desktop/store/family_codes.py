"""What keeps one student's results between Jikimi and that student's family, not the teacher.

- :class:`FamilyCodes`: one code per student's family, sealed in the data folder. The family reports a class
  writes are PDFs encrypted with it (AES-256), and the student-level commands (``jikimi scan NAME``, ``jikimi
  report NAME`` for a class member) ask for it. The code is shown once, on the slip printed for the family
  (``desktop/reports/family_code_slips.py``); printing a slip again issues a new code, so a second copy kept
  back would not open later reports. Nothing in the app shows a code.
- :class:`ClassExports`: every family report file written, with its SHA-256, so withdrawing consent deletes
  the files that are still where they were written, unchanged, and lists the others for the teacher to delete.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from desktop.store.crypto import Vault
from desktop.store.db import Database, utc_now

CODE = "family_codes.code"
EXPORT_PATH = "class_exports.path"
# No 0/O, 1/I/L: a code is typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_SIZE = 3, 4  # "K7QM-3XRP-9TWA": about 59 bits


def normalise(code: str) -> str:
    """What the family types, compared without case, spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(raw[i:i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE))


class FamilyCodes:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    def issue(self, codes: dict[int, str]) -> None:
        """Record new codes ({person id: code}, from :func:`new_code`) once their slips are saved; the old ones
        no longer lock anything written from now on."""
        now = utc_now()
        with self.db.transaction() as conn:
            for person_id, code in codes.items():
                conn.execute("INSERT INTO family_codes(person_id, code_enc, issued_at) VALUES (?, ?, ?)"
                             " ON CONFLICT(person_id) DO UPDATE SET code_enc = excluded.code_enc,"
                             " issued_at = excluded.issued_at",
                             (person_id, self.vault.seal_text(code, CODE), now))

    def code(self, person_id: int) -> str | None:
        """The code to lock this family's report with; ``None`` when no slip was printed for them yet."""
        row = self.db.query_one("SELECT code_enc FROM family_codes WHERE person_id = ?", (person_id,))
        return self.vault.open_text(row["code_enc"], CODE) if row else None

    def verify(self, person_id: int, typed: str | None) -> bool:
        known = self.code(person_id)
        if not known or not typed:
            return False
        return hmac.compare_digest(normalise(known).encode(), normalise(typed).encode())


@dataclass(frozen=True)
class ExportCleanup:
    deleted: list[Path]
    left: list[Path]  # moved, changed, or could not be deleted: the teacher must delete these


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class ClassExports:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    def record(self, person_id: int, path: Path) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO class_exports(person_id, path_enc, sha256, created_at) VALUES (?, ?, ?, ?)",
                         (person_id, self.vault.seal_text(str(Path(path).resolve()), EXPORT_PATH),
                          file_sha256(Path(path)), utc_now()))

    def paths(self, person_id: int) -> list[Path]:
        """Every report file written about this student (for the withdrawal question)."""
        return [Path(self.vault.open_text(row["path_enc"], EXPORT_PATH))
                for row in self.db.query("SELECT path_enc FROM class_exports WHERE person_id = ? ORDER BY id",
                                         (person_id,))]

    def remove(self, person_id: int) -> ExportCleanup:
        """Delete this student's report files that are still where they were written and unchanged; list the
        others. The records go either way."""
        deleted, left = [], []
        rows = self.db.query("SELECT id, path_enc, sha256 FROM class_exports WHERE person_id = ? ORDER BY id",
                             (person_id,))
        for row in rows:
            path = Path(self.vault.open_text(row["path_enc"], EXPORT_PATH))
            try:
                if path.is_file() and file_sha256(path) == row["sha256"]:
                    path.unlink()
                    deleted.append(path)
                    continue
            except OSError:
                pass
            left.append(path)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM class_exports WHERE person_id = ?", (person_id,))
        return ExportCleanup(deleted, left)
