"""The kinds of source a family can link, what each one lets Jikimi see, and the connector for each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from desktop.sources.base import Connector, SourceError


@dataclass(frozen=True)
class SourceKind:
    kind: str
    network: bool  # reads the internet (else a file or folder on this computer)
    target: str  # "handle", "url", "file_or_folder", "folder"

    @property
    def name_id(self) -> str:
        return f"sources.kind.{self.kind}"

    @property
    def description_id(self) -> str:
        """What Jikimi can and cannot see there, in plain language."""
        return f"sources.kind.{self.kind}.explain"

    @property
    def target_hint_id(self) -> str:
        return f"sources.kind.{self.kind}.target_hint"


KINDS: tuple[SourceKind, ...] = (
    SourceKind("bluesky", True, "handle"),
    SourceKind("mastodon", True, "handle"),
    SourceKind("feed", True, "url"),
    SourceKind("web", True, "url"),
    SourceKind("instagram", True, "handle"),
    SourceKind("instagram-export", False, "file_or_folder"),
    SourceKind("facebook-export", False, "file_or_folder"),
    SourceKind("x-export", False, "file_or_folder"),
    SourceKind("tiktok-export", False, "file_or_folder"),
    SourceKind("takeout", False, "file_or_folder"),
    SourceKind("folder", False, "folder"),
)
KIND_NAMES = tuple(k.kind for k in KINDS)


def kind_info(kind: str) -> SourceKind:
    for info in KINDS:
        if info.kind == kind:
            return info
    raise SourceError("sources.bad_kind", kind=kind, kinds=", ".join(KIND_NAMES))


def _connector_class(kind: str) -> type[Connector]:
    cls: type[Connector]
    if kind == "bluesky":
        from desktop.sources.bluesky import BlueskyConnector as cls
    elif kind == "mastodon":
        from desktop.sources.mastodon import MastodonConnector as cls
    elif kind == "feed":
        from desktop.sources.feed import FeedConnector as cls
    elif kind == "web":
        from desktop.sources.web import WebConnector as cls
    elif kind == "instagram":
        from desktop.sources.instagram import InstagramConnector as cls
    elif kind == "instagram-export":
        from desktop.sources.exports.instagram import InstagramExportConnector as cls
    elif kind == "facebook-export":
        from desktop.sources.exports.facebook import FacebookExportConnector as cls
    elif kind == "x-export":
        from desktop.sources.exports.x import XExportConnector as cls
    elif kind == "tiktok-export":
        from desktop.sources.exports.tiktok import TikTokExportConnector as cls
    elif kind == "takeout":
        from desktop.sources.exports.takeout import TakeoutConnector as cls
    elif kind == "folder":
        from desktop.sources.folder import FolderConnector as cls
    else:
        raise SourceError("sources.bad_kind", kind=kind, kinds=", ".join(KIND_NAMES))
    return cls


def check_target(kind: str, target: str, base_url: str | None = None) -> str:
    """The target as it will be stored, or a :class:`SourceError` saying what is wrong with it."""
    info = kind_info(kind)
    text = (target or "").strip()
    if not text:
        raise SourceError("sources.target_empty")
    if base_url:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError("sources.bad_base_url")
    if kind == "bluesky":
        from desktop.sources.bluesky import normalise_handle

        normalise_handle(text)
    elif kind == "mastodon":
        from desktop.sources.mastodon import parse_target

        parse_target(text)
    elif kind == "feed":
        from desktop.sources.feed import resolve_feed_url

        resolve_feed_url(text)
    elif kind == "web":
        from desktop.sources.web import normalise_url

        text = normalise_url(text)
    elif kind == "instagram":
        from desktop.sources.instagram import username_of

        username_of(text)
    elif not info.network:
        path = Path(text).expanduser()
        if info.target == "folder" and not path.is_dir():
            raise SourceError("sources.folder_missing", path=text)
        if not path.exists():
            raise SourceError("sources.export_missing", path=text)
        text = str(path.resolve())
    return text


def connector_for(
    kind: str, target: str, client=None, base_url: str | None = None, allow_private: bool = False
) -> Connector:
    """The connector for one linked source. Network kinds need ``client`` (a :class:`HttpClient`)."""
    cls = _connector_class(kind)
    if kind_info(kind).network and client is None:
        from desktop.sources.http import HttpClient

        client = HttpClient()
    return cls(target, client=client, base_url=base_url, allow_private=allow_private)
