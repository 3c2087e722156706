"""Every date and time shown to a person, in their local time.

Stored times are UTC ISO strings (``2026-03-01T23:30:00+00:00``). Cutting the first ten characters shows the
UTC date, which in Korea is the previous day until 09:00: use these helpers instead, on screens, in the
command line, in PDFs and letters. The zone is the system's (Korea time on a Korean computer);
``JIKIMI_TZ`` (an IANA name such as ``Asia/Seoul``) overrides it, for tests and for a computer set to UTC.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TZ_ENV = "JIKIMI_TZ"


def utc_now() -> str:
    """Now, as stored: a UTC ISO timestamp to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def display_zone() -> tzinfo | None:
    """The zone times are shown in: ``JIKIMI_TZ`` when set and known, else the system's (None)."""
    name = os.environ.get(TZ_ENV, "").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def parse_moment(value: str | datetime | None) -> datetime | None:
    """A stored timestamp as an aware datetime (a zoneless one is taken as UTC), or None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def to_local(value: str | datetime | None) -> datetime | None:
    moment = parse_moment(value)
    return moment.astimezone(display_zone()) if moment else None


def local_date(value: str | datetime | None) -> str:
    """``2026-03-02`` in local time; "" when there is no time, the raw text when it cannot be read."""
    moment = to_local(value)
    if moment is None:
        return "" if not value else str(value)[:10]
    return moment.strftime("%Y-%m-%d")


def local_datetime(value: str | datetime | None, seconds: bool = False) -> str:
    """``2026-03-02 08:30`` in local time (no zone name: it is the person's own clock)."""
    moment = to_local(value)
    if moment is None:
        return "" if not value else str(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_datetime_with_zone(value: str | datetime | None) -> str:
    """``2026-03-02 08:30 KST`` (or ``+0900``): for records read by others (evidence, letters)."""
    moment = to_local(value)
    if moment is None:
        return "" if not value else str(value)
    name = moment.strftime("%Z")
    if not name or name.startswith(("+", "-")) or name == "UTC" and moment.utcoffset():
        name = moment.strftime("%z")
    return f"{moment.strftime('%Y-%m-%d %H:%M')} {name}"
