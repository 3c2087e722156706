"""Checking linked sources now: each one listed through its connector, one failure never stopping the rest.

Used by ``jikimi source check`` and the "Check this source now" button; the scan builds on the same calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop.core.tasks import Cancelled, TaskContext
from desktop.log import get_logger
from desktop.sources.base import SourceError, SourceListing
from desktop.sources.registry import connector_for

log = get_logger("sources.check")


class LinkedSource(Protocol):
    """What checking needs of a linked source (``desktop.store.sources.SourceRecord``, a layer above, has it)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def base_url(self) -> str | None: ...
    @property
    def allow_private(self) -> bool: ...


@dataclass
class CheckResult:
    source: LinkedSource
    listing: SourceListing | None = None
    error: SourceError | None = None

    @property
    def counts(self) -> dict[str, int]:
        if self.listing is None:
            return {}
        return dict(Counter(photo.visibility for photo in self.listing.photos))

    @property
    def summary(self) -> list[str]:
        """What was found by kind and what was skipped and why, in the current language (empty on failure)."""
        from desktop.sources.report import summary_lines

        return summary_lines(self.listing) if self.listing is not None else []


def visibility_message_id(listing: SourceListing) -> str:
    """Who can see the source, as a message id: a page behind a login says "members only", not "friends"."""
    if listing.visibility == "friends" and listing.account_flags.get("members_only"):
        return "sources.visibility.members"
    return f"sources.visibility.{listing.visibility}"


def check_source(source: LinkedSource, client, ctx: TaskContext) -> SourceListing:
    connector = connector_for(
        source.kind, source.target, client=client, base_url=source.base_url, allow_private=source.allow_private
    )
    try:
        return connector.list_photos(ctx)
    finally:
        close = getattr(connector, "close", None)
        if close is not None:
            close()


def check_sources(sources: Sequence[LinkedSource], client, ctx: TaskContext) -> list[CheckResult]:
    results: list[CheckResult] = []
    for number, source in enumerate(sources):
        ctx.check_cancelled()
        ctx.progress(number, len(sources), source.kind)
        try:
            results.append(CheckResult(source, listing=check_source(source, client, ctx)))
        except Cancelled:
            raise
        except SourceError as exc:
            log.info("source %d (%s) failed: %s", source.id, source.kind, exc.message_id)
            results.append(CheckResult(source, error=exc))
        except Exception as exc:  # noqa: BLE001 - one source's surprise must not stop the others
            log.exception("source %d (%s) failed unexpectedly", source.id, source.kind)
            results.append(CheckResult(source, error=SourceError("sources.unexpected", type(exc).__name__)))
    ctx.progress(len(sources), len(sources), "")
    return results
