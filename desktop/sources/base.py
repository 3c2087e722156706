"""The contract between connectors and the scan.

A connector turns one linked source (a Bluesky handle, a feed, an export ZIP, …) into a
:class:`SourceListing` — the photos a stranger can see there, with the account's visibility — and fetches
each photo's bytes on request. Connectors never decide whether a photo shows the child; the scan does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from desktop.core.tasks import TaskContext

# As a logged-out stranger sees it. "not_posted" is a local folder (photos about to be posted).
VISIBILITIES = ("public", "unlisted", "friends", "private", "unknown", "not_posted")
PHOTO_ROLES = ("post", "avatar", "header", "thumbnail", "page_image")


@dataclass(frozen=True)
class PhotoRef:
    """One photo at a source.

    ``image_url`` is an http(s) URL, or for exports and folders the photo's path inside the export/folder
    (POSIX separators). It is the photo's identity within its source.
    """

    image_url: str
    post_url: str | None = None
    taken_at: str | None = None  # ISO-8601 when known
    caption: str = ""  # caption, alt text, title: what a stranger reads next to the photo
    visibility: str = "unknown"
    role: str = "post"
    location: str | None = None  # a location tag given by the platform or the export (EXIF is read later)


@dataclass
class SourceListing:
    visibility: str  # the account's or page's visibility as a logged-out stranger sees it
    photos: list[PhotoRef] = field(default_factory=list)
    account_flags: dict[str, bool | str | int] = field(default_factory=dict)  # e.g. locked, discoverable
    notices: list[str] = field(default_factory=list)  # message ids to show the user (e.g. a login wall)
    profile_text: str = ""  # bio / page text, checked for school names and phone numbers


@dataclass(frozen=True)
class FetchedImage:
    data: bytes  # empty when not_modified
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    not_modified: bool = False  # 304: the bytes are what the previous scan saw


class SourceError(Exception):
    """A problem with one source that the user can understand and act on.

    ``message_id`` names the translated explanation (with ``values``); ``retry_after`` is set for rate limits.
    """

    def __init__(self, message_id: str, detail: str = "", retry_after: float | None = None, **values: object):
        super().__init__(detail or message_id)
        self.message_id = message_id
        self.values = values
        self.retry_after = retry_after


class Connector(ABC):
    kind: ClassVar[str]

    def __init__(self, target: str, client=None, base_url: str | None = None, allow_private: bool = False):
        self.target = target
        self.client = client  # desktop.sources.http.HttpClient for network sources, else None
        self.base_url = base_url
        # "Allow the local network" opens exactly the linked host (and a test or self-hosted base address), never
        # every local address a page or a redirect points at: the HTTP client checks every other host as usual.
        self.allow_private: frozenset[str] = linked_hosts(target, base_url) if allow_private else frozenset()

    @abstractmethod
    def list_photos(self, ctx: TaskContext) -> SourceListing:
        """Everything a stranger sees here. Raises :class:`SourceError` for problems the user can act on."""

    @abstractmethod
    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        """The photo's bytes (capped), or ``not_modified`` when a conditional request says nothing changed."""

    def content_addressed(self, photo: PhotoRef) -> bool:
        """True when the photo's address names its content (a hash in the URL), so the bytes behind it can
        never change: a re-scan that already analysed them need not ask again."""
        return False


def linked_hosts(target: str, base_url: str | None = None) -> frozenset[str]:
    """The host names a source's address names: a URL's host, ``@user@host``'s host, and the base address's."""
    hosts = set()
    for text in (base_url, target):
        text = (text or "").strip()
        if not text:
            continue
        if "://" not in text:
            text = "https://" + text.rsplit("@", 1)[-1]
        try:
            host = urlsplit(text).hostname
        except ValueError:
            host = None
        if host:
            hosts.add(host.lower())
    return frozenset(hosts)
