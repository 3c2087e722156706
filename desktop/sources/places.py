"""The places a family links, by the names they know (카카오톡, 네이버 블로그, 학교 홈페이지…), and what Jikimi can
do at each: read it (a feed, a page, a public profile, an export) or, where a login is needed, guide a manual
check and take an optional folder of photos the parent saved from it, with the visibility the parent states.

Each place turns what the parent types (a blog ID, a channel address, a username) into a source kind and
target (``resolve``), with a plain message when that is not possible. The manual guides point at checklist
items (``MANUAL_GUIDES``): one table, so the steps stay the checklist's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from desktop.sources.base import SourceError


@dataclass(frozen=True)
class Place:
    id: str
    kind: str  # the source kind it becomes ("folder" for a manual check's saved photos)
    manual: bool = False  # needs a login Jikimi does not have: a guided check by the parent
    default_owner: str = "self"
    group: str = "korean"  # korean | more (the picker lists the Korean platforms first)

    @property
    def name_id(self) -> str:
        return f"sources.place.{self.id}"

    @property
    def explain_id(self) -> str:
        return f"sources.place.{self.id}.explain"

    @property
    def hint_id(self) -> str:
        return f"sources.place.{self.id}.hint"


PLACES: tuple[Place, ...] = (
    Place("kakaotalk", "folder", manual=True),
    Place("instagram", "instagram"),
    Place("naver_blog", "feed"),
    Place("naver_band", "web"),
    Place("youtube", "feed"),
    Place("tiktok", "tiktok-export"),
    Place("school_homepage", "web", default_owner="school"),
    Place("class_app", "folder", manual=True, default_owner="school"),
    Place("closed_group", "folder", manual=True, default_owner="club"),
    Place("kakaostory", "web"),
    Place("bluesky", "bluesky", group="more"),
    Place("mastodon", "mastodon", group="more"),
    Place("feed", "feed", group="more"),
    Place("web", "web", group="more"),
    Place("instagram-export", "instagram-export", group="more"),
    Place("facebook-export", "facebook-export", group="more"),
    Place("x-export", "x-export", group="more"),
    Place("takeout", "takeout", group="more"),
    Place("folder", "folder", group="more"),
)

# What a parent checks by hand where Jikimi cannot look: checklist items (assets/content/*/checklist.yaml) that
# say who can see it and which settings to change. Places without checklist items have their own steps in the
# catalogs (sources.place.<id>.guide).
MANUAL_GUIDES: dict[str, tuple[str, ...]] = {
    "kakaotalk": ("kakaotalk.profile_visibility", "kakaotalk.old_profile_photos", "kakaotalk.multi_profile"),
    "closed_group": ("naver.band_visibility",),
    "class_app": (),
}

# Who can see the photos there, as the parent states it (a manual check's saved photos).
STATED_VISIBILITIES = ("friends", "public", "private", "unknown")

# The platform a place's findings belong to (recommendations name it).
PLACE_PLATFORMS = {"kakaotalk": "kakaotalk", "naver_band": "band", "closed_group": "band", "class_app": "class_app",
                   "kakaostory": "kakaostory", "naver_blog": "naver", "youtube": "youtube", "tiktok": "tiktok",
                   "school_homepage": "website"}


def place(place_id: str) -> Place:
    for entry in PLACES:
        if entry.id == place_id:
            return entry
    raise SourceError("sources.bad_kind", kind=place_id, kinds=", ".join(p.id for p in PLACES))


def place_for_source(kind: str, place_id: str | None) -> Place:
    """The picker entry for a stored source: the place it was added as, else the one of its kind."""
    if place_id:
        try:
            return place(place_id)
        except SourceError:
            pass
    if kind == "tiktok-export":
        return place("tiktok")
    return next((p for p in PLACES if p.kind == kind and p.group == "more"), place(kind))


NAVER_ID = re.compile(r"^[A-Za-z0-9_-]{2,40}$")
CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
SCHEME_TYPO = re.compile(r"^(h?t{0,2}ps?)(:?)(/{1,3})", re.IGNORECASE)


def address_problem(text: str) -> tuple[str, dict] | None:
    """What is wrong with a web address a person typed, as (message id, values), or None when it looks right.
    "htp//host/galery" would otherwise be stored as "https://htp//host/galery"."""
    value = text.strip()
    if not value:
        return ("sources.target_empty", {})
    if any(ch.isspace() for ch in value):
        return ("sources.address.spaces", {})
    typo = SCHEME_TYPO.match(value)
    if typo and (typo.group(1).lower() not in ("http", "https") or not typo.group(2) or len(typo.group(3)) != 2):
        return ("sources.address.start", {"start": value[:typo.end()]})
    if "://" in value and not value.lower().startswith(("http://", "https://")):
        return ("sources.address.start", {"start": value.split("://", 1)[0] + "://"})
    host = (urlsplit(value if "://" in value else "https://" + value).hostname or "")
    if not host:
        return ("sources.address.host", {"host": value})
    if "." not in host and ":" not in host and host != "localhost" and "://" not in value:
        return ("sources.address.host", {"host": host})  # "gallery/x"; "http://intranet/x" is a real address
    return None


def _check_address(text: str) -> None:
    problem = address_problem(text)
    if problem is not None:
        raise SourceError(problem[0], **problem[1])


def resolve(place_id: str, text: str) -> tuple[str, str]:
    """(kind, target) for what the parent typed at a place, or a SourceError saying in plain words what to
    type instead."""
    entry = place(place_id)
    value = (text or "").strip()
    if not value:
        raise SourceError("sources.target_empty")
    if entry.id == "naver_blog":
        return "feed", _naver_blog_feed(value)
    if entry.id == "youtube":
        return "feed", _youtube_feed(value)
    if entry.id in ("naver_band", "kakaostory", "school_homepage", "web", "feed"):
        _check_address(value)
        host = (urlsplit(value if "://" in value else "https://" + value).hostname or "").lower()
        if entry.id == "naver_band" and not host.endswith("band.us"):
            raise SourceError("sources.place.naver_band.bad")
        if entry.id == "kakaostory" and not host.endswith("story.kakao.com"):
            raise SourceError("sources.place.kakaostory.bad")
    return entry.kind, value


def _naver_blog_feed(value: str) -> str:
    if NAVER_ID.match(value):
        return f"https://rss.blog.naver.com/{value}.xml"
    _check_address(value)
    from desktop.sources.feed import resolve_feed_url

    feed = resolve_feed_url(value)
    if not (urlsplit(feed).hostname or "").lower() == "rss.blog.naver.com":
        raise SourceError("sources.place.naver_blog.bad")
    return feed


def _youtube_feed(value: str) -> str:
    if CHANNEL_ID.match(value):
        return f"https://www.youtube.com/feeds/videos.xml?channel_id={value}"
    if value.startswith("@"):
        raise SourceError("sources.place.youtube.handle", handle=value)
    _check_address(value)
    parts = urlsplit(value if "://" in value else "https://" + value)
    host = (parts.hostname or "").lower()
    if host not in ("www.youtube.com", "youtube.com", "m.youtube.com"):
        raise SourceError("sources.place.youtube.bad")
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["feeds"] and parse_qs(parts.query).get("channel_id"):
        return value if "://" in value else "https://" + value
    if len(segments) >= 2 and segments[0] == "channel" and CHANNEL_ID.match(segments[1]):
        return f"https://www.youtube.com/feeds/videos.xml?channel_id={segments[1]}"
    if segments and (segments[0].startswith("@") or segments[0] in ("c", "user")):
        handle = segments[0] if segments[0].startswith("@") else "/".join(segments[:2])
        raise SourceError("sources.place.youtube.handle", handle=handle)
    raise SourceError("sources.place.youtube.bad")
