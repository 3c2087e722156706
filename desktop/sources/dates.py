"""Dates as the platforms write them, turned into ISO-8601 (UTC when the zone is known)."""

from __future__ import annotations

import calendar
import email.utils
import time
from datetime import UTC, datetime


def from_timestamp(value) -> str | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):  # a 400-digit "timestamp" is no timestamp
        return None
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def from_struct(value: time.struct_time | None) -> str | None:
    """feedparser's ``*_parsed`` fields are UTC struct_time."""
    if not value:
        return None
    return from_timestamp(calendar.timegm(value))


def from_iso(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.isoformat(timespec="seconds")
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def from_formats(value: str | None, formats: tuple[str, ...]) -> str | None:
    if not value or not isinstance(value, str):
        return None
    for fmt in formats:
        try:
            parsed = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            return parsed.isoformat(timespec="seconds")
        return parsed.astimezone(UTC).isoformat(timespec="seconds")
    try:
        return email.utils.parsedate_to_datetime(value).astimezone(UTC).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return from_iso(value)
