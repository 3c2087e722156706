"""Face analysis per image content: an unchanged or reposted photo is analysed once.

Keyed by ``vault.index(sha256_hex, "content")`` (the keyed hash the scan also stores for photos), the analysis
sealed, with the engine version beside it so a changed engine analyses again.
"""

from __future__ import annotations

from desktop.faces.types import ImageAnalysis
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, utc_now

ANALYSIS = "face_cache.analysis"
CONTENT = "content"


class FaceCache:
    def __init__(self, db: Database, vault: Vault, engine_version: str | None = None):
        self.db = db
        self.vault = vault
        if engine_version is None:
            from desktop.faces.version import ENGINE_VERSION

            engine_version = ENGINE_VERSION
        self.engine_version = engine_version
        self.hits = 0
        self.misses = 0

    def _key(self, sha256_hex: str) -> bytes:
        return self.vault.index(sha256_hex.lower(), CONTENT)

    def get(self, sha256_hex: str) -> ImageAnalysis | None:
        from desktop.faces.serial import analysis_from_dict

        row = self.db.query_one(
            "SELECT engine_version, analysis_enc FROM face_cache WHERE content_index = ?", (self._key(sha256_hex),)
        )
        if row is None or row["engine_version"] != self.engine_version:
            self.misses += 1
            return None
        try:
            analysis = analysis_from_dict(self.vault.open_json(row["analysis_enc"], ANALYSIS))
        except (DecryptionFailed, KeyError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return analysis

    def put(self, sha256_hex: str, analysis: ImageAnalysis) -> None:
        from desktop.faces.serial import analysis_to_dict

        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO face_cache(content_index, engine_version, analysis_enc, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(content_index) DO UPDATE SET engine_version = excluded.engine_version,"
                " analysis_enc = excluded.analysis_enc, created_at = excluded.created_at",
                (
                    self._key(sha256_hex),
                    self.engine_version,
                    self.vault.seal_json(analysis_to_dict(analysis), ANALYSIS),
                    utc_now(),
                ),
            )

    def all_analyses(self):
        """Every readable cached analysis, as (content index, analysis): for withdrawal, which must find the
        person's face in photos that other people's scans also read."""
        from desktop.faces.serial import analysis_from_dict

        for row in self.db.query("SELECT content_index, analysis_enc FROM face_cache"):
            try:
                analysis = analysis_from_dict(self.vault.open_json(row["analysis_enc"], ANALYSIS))
            except (DecryptionFailed, KeyError, TypeError, ValueError):
                continue
            yield bytes(row["content_index"]), analysis
