"""Google Takeout: YouTube video metadata and Blogger blogs.

YouTube: ``YouTube and YouTube Music/video metadata/videos.csv`` (folder and column names are translated
in non-English Takeouts, so columns are recognised by meaning). A public or unlisted video's thumbnail is
what a stranger sees; it is fetched from YouTube through the one HTTP client. Blogger:
``Blogger/Blogs/<title>/feed.atom`` (posts with their status) and ``Blogger/Albums/<title>/`` photos.
"""

from __future__ import annotations

import csv
import io
import re

import feedparser

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.archive import is_image_name
from desktop.sources.exports.base import ExportConnector
from desktop.sources.html_images import images_in_soup, parse_html

PRIVACY = {
    "public": "public",
    "공개": "public",
    "unlisted": "unlisted",
    "일부 공개": "unlisted",
    "미등록": "unlisted",
    "private": "private",
    "비공개": "private",
}
ID_COLUMN = re.compile(r"(video\s*id|동영상\s*id|영상\s*id)", re.IGNORECASE)
TITLE_COLUMN = re.compile(r"(title|제목)", re.IGNORECASE)
PRIVACY_COLUMN = re.compile(r"(privacy|공개\s*상태|공개\s*범위|개인정보)", re.IGNORECASE)
DATE_COLUMN = re.compile(r"(create|publish|timestamp|생성|게시|업로드)", re.IGNORECASE)
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
BLOGGER_STATUS = {"live": "public", "draft": "not_posted", "scheduled": "not_posted", "soft_trashed": "private"}


def _column(header: list[str], pattern: re.Pattern) -> int | None:
    for index, name in enumerate(header):
        if pattern.search(name or ""):
            return index
    return None


class TakeoutConnector(ExportConnector):
    kind = "takeout"

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        youtube = [n for n in archive.names if n.lower().endswith(".csv") and "youtube" in n.lower()]
        blogs = archive.glob("Blogger/Blogs/*/feed.atom", "Blogger/*/feed.atom")
        albums = [n for n in archive.names if "/blogger/albums/" in ("/" + n.lower()) and is_image_name(n)]
        if not youtube and not blogs and not albums:
            raise SourceError("sources.export_wrong_kind", platform="Google Takeout")
        listing = SourceListing(visibility="unknown")
        counts = {"public": 0, "unlisted": 0, "private": 0, "unknown": 0}
        for name in youtube:
            ctx.check_cancelled()
            self._youtube(name, listing, counts)
        if sum(counts.values()):
            for key, count in counts.items():
                listing.account_flags[f"videos_{key}"] = count
        for name in blogs:
            ctx.check_cancelled()
            self._blog(name, listing)
        for name in albums:
            listing.photos.append(PhotoRef(name, None, None, "", "unknown", "post"))
        visibilities = {p.visibility for p in listing.photos}
        if "public" in visibilities:
            listing.visibility = "public"
        elif "unlisted" in visibilities:
            listing.visibility = "unlisted"
        ctx.progress(1, 1, "")
        return listing

    def _youtube(self, name: str, listing: SourceListing, counts: dict[str, int]) -> None:
        rows = list(csv.reader(io.StringIO(self.archive.read_text(name))))
        if not rows:
            return
        header = rows[0]
        id_col = _column(header, ID_COLUMN)
        if id_col is None:
            return  # another YouTube CSV (playlists, comments, subscriptions)
        title_col, privacy_col, date_col = (_column(header, p) for p in (TITLE_COLUMN, PRIVACY_COLUMN, DATE_COLUMN))
        for row in rows[1:]:
            if id_col >= len(row) or not VIDEO_ID.fullmatch(row[id_col].strip()):
                continue
            video_id = row[id_col].strip()
            raw_privacy = row[privacy_col].strip().lower() if privacy_col is not None and privacy_col < len(row) else ""
            visibility = PRIVACY.get(raw_privacy, "unknown")
            counts[visibility] += 1
            if visibility == "private":
                continue  # nobody else sees a private video or its thumbnail
            title = row[title_col] if title_col is not None and title_col < len(row) else ""
            taken = dates.from_iso(row[date_col]) if date_col is not None and date_col < len(row) else None
            listing.photos.append(
                PhotoRef(
                    f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg",
                    f"https://www.youtube.com/watch?v={video_id}",
                    taken,
                    title,
                    visibility,
                    "thumbnail",
                )
            )

    def _blog(self, name: str, listing: SourceListing) -> None:
        parsed = feedparser.parse(self.archive.read_bytes(name), sanitize_html=False, resolve_relative_uris=False)
        for entry in parsed.entries:
            kind = str(entry.get("blogger_type") or "").lower()
            if kind and kind != "post":
                continue  # comments, pages, settings
            status = str(entry.get("blogger_status") or "live").lower()
            visibility = BLOGGER_STATUS.get(status, "unknown")
            link = entry.get("link")
            taken = dates.from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
            markup = " ".join([entry.get("summary") or ""] + [c.get("value", "") for c in entry.get("content") or []])
            for image in images_in_soup(parse_html(markup), link or "https://www.blogger.com/", include_meta=False):
                listing.photos.append(
                    PhotoRef(image.url, link, taken, image.alt or entry.get("title") or "", visibility, "post")
                )
