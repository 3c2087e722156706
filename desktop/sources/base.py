"""The contract between connectors and the scan.

A connector turns one linked source (a Bluesky handle, a feed, an export ZIP, …) into a
:class:`SourceListing` — the photos a stranger can see there, with the account's visibility — and fetches
each photo's bytes on request. Connectors never decide whether a photo shows the child; the scan does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar
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
    # What was left out and why: reason message id ("sources.skipped.retweets") -> how many.
    skipped: dict[str, int] = field(default_factory=dict)
    # For ``source check --explain``: which file of an export gave what, with counts (never its content).
    files_read: list[FileRead] = field(default_factory=list)

    def skip(self, reason: str, count: int = 1) -> None:
        if count > 0:
            self.skipped[reason] = self.skipped.get(reason, 0) + count

    def read(self, path: str, part: str, items: int, photos: int) -> None:
        self.files_read.append(FileRead(path, part, items, photos))


@dataclass(frozen=True)
class FileRead:
    """One file of an export as ``--explain`` shows it: where it sits, what it held, how much was read."""

    path: str  # path inside the export
    part: str  # what the file is, as a message id suffix: "posts", "albums", "tweets", "videos", …
    items: int  # entries read (posts, tweets, videos, rows)
    photos: int  # photos listed from it


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
        self.values: dict[str, Any] = values  # message placeholders
        self.retry_after = retry_after


# What a connector's own code raises when an answer or an export has the wrong shape ("postsCount": "lots",
# "images": "abc", "uri": 5, 50,000-deep nesting, a 400-digit count): a message for that source, never a crash.
SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError, RecursionError)
MAX_FLAG_INT = 10**15
MAX_PHOTOS_PER_SOURCE = 2000  # beyond this only the first are checked, and the listing says so


class Connector(ABC):
    """Every subclass's ``list_photos`` is guarded at the edge (:func:`_guarded`): a wrong-shaped answer becomes
    ``sources.unexpected_answer`` and what it returns is checked (photo addresses must be text, counts sane)."""

    kind: ClassVar[str]
    # Photos checked per source at most (a hostile feed or page can list any number); None: no cap.
    max_photos: ClassVar[int | None] = MAX_PHOTOS_PER_SOURCE

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "list_photos" in cls.__dict__:
            setattr(cls, "list_photos", _guarded(cls.__dict__["list_photos"]))  # noqa: B010 - wraps the method

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


def _guarded(list_photos):
    import functools

    @functools.wraps(list_photos)
    def guarded(self, ctx):
        try:
            listing = list_photos(self, ctx)
        except SourceError:
            raise
        except SHAPE_ERRORS as exc:
            from desktop.log import get_logger

            # the traceback goes to the (redacted) log, so a connector bug stays findable
            get_logger("sources").warning("%s answer of an unexpected shape", self.kind, exc_info=True)
            raise SourceError("sources.unexpected_answer", type(exc).__name__) from exc
        return checked_listing(listing, self.max_photos)

    return guarded


def count_of(value) -> int:
    """A count from an API answer: an int, or ASCII digits; anything else ("lots", 1e400, a list) is 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value if 0 <= value < MAX_FLAG_INT else 0
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 16:
        return int(value)
    return 0


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def checked_listing(listing: SourceListing, max_photos: int | None = MAX_PHOTOS_PER_SOURCE) -> SourceListing:
    """The listing with what a hostile answer could slip in removed: photo addresses that are not text (numbers,
    objects) are dropped, other fields of the wrong type emptied, absurd counts left out."""
    photos = []
    for photo in listing.photos:
        if not isinstance(photo.image_url, str) or not photo.image_url.strip():
            continue
        photos.append(replace(
            photo,
            post_url=_text(photo.post_url),
            taken_at=_text(photo.taken_at),
            caption=_text(photo.caption) or "",
            visibility=photo.visibility if photo.visibility in VISIBILITIES else "unknown",
            role=photo.role if photo.role in PHOTO_ROLES else "post",
            location=_text(photo.location),
        ))
    if max_photos is not None and len(photos) > max_photos:
        photos = photos[:max_photos]
        listing.notices.append("sources.source_photo_cap_reached")
    listing.photos = photos
    listing.account_flags = {
        str(key): value for key, value in listing.account_flags.items()
        if isinstance(value, (bool, str)) or (isinstance(value, int) and abs(value) < MAX_FLAG_INT)
    }
    listing.notices = [notice for notice in listing.notices if isinstance(notice, str)]
    listing.profile_text = _text(listing.profile_text) or ""
    if listing.visibility not in VISIBILITIES:
        listing.visibility = "unknown"
    return listing
