"""Google Takeout: the child's own YouTube uploads and Blogger blogs.

YouTube: only the account's own uploads are read, from the CSV that lists them with their privacy
(``YouTube and YouTube Music/video metadata/videos.csv``; Korean ``YouTube 및 YouTube Music/동영상 메타데이터/
동영상.csv``; folder and column names are translated, so columns are recognised by meaning). Playlists ("Watch
later", "My mix"), live chats and the other metadata CSVs name other people's videos or repeat the uploads
without their privacy: they are skipped. A public or unlisted video's thumbnail is what a stranger sees; it is
fetched from YouTube through the one HTTP client. Blogger: ``Blogger/Blogs/<title>/feed.atom`` (posts with
their status), the classic backup file ``blog-MM-DD-YYYY.xml`` (drafts marked ``app:draft``) and
``Blogger/Albums/<title>/`` photos.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import feedparser

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.archive import is_image_name
from desktop.sources.exports.base import ExportConnector
from desktop.sources.feed import entry_markup, post_link
from desktop.sources.html_images import html_to_text, images_in_soup, parse_html

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
PRIVACY_COLUMN = re.compile(r"(privacy|visibility|공개\s*상태|공개\s*범위|개인\s*정보)", re.IGNORECASE)
DATE_COLUMN = re.compile(r"(create|publish|timestamp|생성|게시|업로드)", re.IGNORECASE)
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIDEO_FILES = (".mp4", ".mov", ".webm", ".mkv", ".avi", ".3gp")
BLOGGER_KIND = "http://schemas.google.com/blogger/2008/kind#"
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
        youtube = [n for n in archive.names if n.lower().endswith(".csv") and _in_youtube(n)]
        blogs = archive.glob("Blogger/Blogs/*/feed.atom", "Blogger/*/feed.atom", "blog-*.xml")
        albums = [n for n in archive.names if "/blogger/albums/" in ("/" + n.lower()) and is_image_name(n)]
        in_youtube = [n for n in archive.names if _in_youtube(n)]
        if not in_youtube and not blogs and not albums:
            raise SourceError("sources.export_wrong_kind", platform="Google Takeout")
        listing = SourceListing(visibility="unknown")
        counts = {"public": 0, "unlisted": 0, "private": 0, "unknown": 0}
        seen_videos: set[str] = set()
        tables = [(name, list(csv.reader(io.StringIO(archive.read_text(name))))) for name in youtube]
        # the uploads (with their privacy) first, so other files repeating them are not counted as others' videos
        tables.sort(key=lambda table: not (table[1] and _column(table[1][0], PRIVACY_COLUMN) is not None))
        for name, rows in tables:
            ctx.check_cancelled()
            self._youtube(name, rows, listing, counts, seen_videos)
        if sum(counts.values()):
            for key, count in counts.items():
                listing.account_flags[f"videos_{key}"] = count
        elif in_youtube:
            # a YouTube folder without the list of the channel's own videos: nothing was checked there
            listing.notices.append("sources.takeout_no_uploads_list")
        listing.skip("sources.skipped.videos", len([n for n in in_youtube if n.lower().endswith(VIDEO_FILES)]))
        for name in blogs:
            ctx.check_cancelled()
            before = len(listing.photos)
            posts = self._blog(name, listing)
            listing.read(name, "blog", posts, len(listing.photos) - before)
        for name in albums:
            listing.photos.append(PhotoRef(name, None, None, "", "unknown", "post"))
        if albums:
            listing.read(albums[0].rsplit("/", 2)[0] + "/", "blog_albums", len(albums), len(albums))
        visibilities = {p.visibility for p in listing.photos}
        if "public" in visibilities:
            listing.visibility = "public"
        elif "unlisted" in visibilities:
            listing.visibility = "unlisted"
        ctx.progress(1, 1, "")
        return listing

    @staticmethod
    def _youtube(name: str, rows: list[list[str]], listing: SourceListing, counts: dict[str, int], seen: set[str]):
        if not rows:
            return
        header = rows[0]
        id_col = _column(header, ID_COLUMN)
        if id_col is None:
            return  # comments, subscriptions, channel settings: no videos
        privacy_col = _column(header, PRIVACY_COLUMN)
        ids = [row[id_col].strip() for row in rows[1:] if id_col < len(row) and VIDEO_ID.fullmatch(row[id_col].strip())]
        if privacy_col is None:
            # playlists, "Watch later", "My mix", live chats, video texts: other people's videos, or the
            # uploads again without their privacy
            listing.skip("sources.skipped.not_own_videos", len([i for i in ids if i not in seen]))
            listing.read(name, "youtube_other", len(ids), 0)
            return
        title_col, date_col = (_column(header, p) for p in (TITLE_COLUMN, DATE_COLUMN))
        before = len(listing.photos)
        for row in rows[1:]:
            if id_col >= len(row) or not VIDEO_ID.fullmatch(row[id_col].strip()):
                continue
            video_id = row[id_col].strip()
            if video_id in seen:
                continue
            seen.add(video_id)
            raw_privacy = row[privacy_col].strip().lower() if privacy_col < len(row) else ""
            visibility = PRIVACY.get(raw_privacy, "unknown")
            counts[visibility] += 1
            if visibility == "private":
                listing.skip("sources.skipped.private_videos")
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
        listing.read(name, "youtube_uploads", len(ids), len(listing.photos) - before)

    def _blog(self, name: str, listing: SourceListing) -> int:
        parsed = feedparser.parse(self.archive.read_bytes(name), sanitize_html=False, resolve_relative_uris=False)
        posts = 0
        for entry in parsed.entries:
            kind = str(entry.get("blogger_type") or "").lower()
            classic = [t.get("term", "") for t in entry.get("tags") or [] if t.get("term", "").startswith(BLOGGER_KIND)]
            if classic:
                kind = classic[0].rsplit("#", 1)[-1].lower()
            if kind and kind != "post":
                continue  # comments, pages, settings, the template
            posts += 1
            status = str(entry.get("blogger_status") or "live").lower()
            if str(entry.get("app_draft") or "").strip().lower() == "yes":
                status = "draft"
            visibility = BLOGGER_STATUS.get(status, "unknown")
            link = post_link(entry)
            taken = dates.from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
            markup = entry_markup(entry)
            title = html_to_text(entry.get("title"))
            for image in images_in_soup(parse_html(markup), link or "https://www.blogger.com/", include_meta=False):
                listing.photos.append(
                    PhotoRef(image.url, link, taken, html_to_text(image.alt) or title, visibility, "post")
                )
        return posts


def _in_youtube(name: str) -> bool:
    """A file under the YouTube folder of a Takeout, whatever language its folder names are in."""
    folders = unicodedata.normalize("NFC", name).lower().split("/")[:-1]
    return any("youtube" in folder for folder in folders)
