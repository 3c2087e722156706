"""Canonical JSON for evidence records: one byte-exact form, so a SHA-256 of it detects any later change."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8 (Hangul kept as is)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_sha256(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(record)).hexdigest()
