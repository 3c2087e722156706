"""Conditional-request validators per URL, encrypted, so a re-scan downloads nothing that did not change.

Rows live in the ``http_cache`` table, keyed by ``vault.index(url, "http_cache.url")``. ``validators_enc``
seals the ETag and Last-Modified and, for pages and API answers, the body too: a ``304 Not Modified`` must
still give the connector something to parse. Images keep only their validators (the bytes are never kept).
"""

from __future__ import annotations

import json

from desktop.sources.http import SavedValidators
from desktop.store.crypto import DecryptionFailed, Vault
from desktop.store.db import Database, utc_now

URL = "http_cache.url"
VALIDATORS = "http_cache.validators"
CONTENT = "http_cache.content"


class HttpValidatorStore:
    def __init__(self, db: Database, vault: Vault):
        self.db = db
        self.vault = vault

    def get(self, url: str) -> SavedValidators | None:
        row = self.db.query_one(
            "SELECT validators_enc FROM http_cache WHERE url_index = ?", (self.vault.index(url, URL),)
        )
        if row is None:
            return None
        try:
            plain = self.vault.open(row["validators_enc"], VALIDATORS)
        except DecryptionFailed:
            return None
        header, _, body = plain.partition(b"\x00")
        meta = json.loads(header)
        return SavedValidators(meta.get("etag"), meta.get("last_modified"), body if meta.get("has_body") else None)

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes | None = None) -> None:
        meta = {"etag": etag, "last_modified": last_modified, "has_body": body is not None}
        plain = json.dumps(meta).encode("utf-8") + b"\x00" + (body or b"")
        content = self.vault.index(body, CONTENT) if body is not None else None
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO http_cache(url_index, validators_enc, content_index, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(url_index) DO UPDATE SET validators_enc = excluded.validators_enc,"
                " content_index = excluded.content_index, fetched_at = excluded.fetched_at",
                (self.vault.index(url, URL), self.vault.seal(plain, VALIDATORS), content, utc_now()),
            )

    def forget(self, url: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM http_cache WHERE url_index = ?", (self.vault.index(url, URL),))

    def clear(self) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM http_cache")
