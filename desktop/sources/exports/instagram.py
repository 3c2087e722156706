"""Instagram "Download your information" export, JSON format.

Posts (``content/posts_N.json``, older ``media/posts_N.json``), reels, archived posts, stories and profile
photos, each media ``uri`` relative to the export root. "Private Account" in personal_information.json gives
the posts' visibility. An HTML export cannot be read reliably: the user is asked to export again as JSON.
Text is repaired from Instagram's Latin-1/UTF-8 mojibake.
"""

from __future__ import annotations

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing, count_of
from desktop.sources.exports.archive import is_image_name
from desktop.sources.exports.base import ExportConnector, dig

TRUE_WORDS = {"true", "yes", "on", "enabled", "1", "예", "사용"}
FALSE_WORDS = {"false", "no", "off", "disabled", "0", "아니요", "사용 안 함"}


def read_flag(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None


def _media_items(item) -> list[tuple[dict, dict]]:
    """(media, post) pairs from one post entry in any of the shapes Instagram has used."""
    if not isinstance(item, dict):
        return []
    if isinstance(item.get("media"), list):
        return [(m, item) for m in item["media"] if isinstance(m, dict)]
    if item.get("uri"):
        return [(item, item)]
    return []


class InstagramExportConnector(ExportConnector):
    kind = "instagram-export"

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        posts = archive.glob("content/posts_*.json", "media/posts_*.json", "posts_*.json")
        reels = archive.glob("content/reels.json", "media/reels.json")
        archived = archive.glob("content/archived_posts.json", "media/archived_posts.json")
        stories = archive.glob("content/stories.json", "media/stories.json")
        profile = archive.glob("content/profile_photos.json", "media/profile_photos.json")
        if not (posts or reels or archived or stories or profile):
            if archive.glob("*.html"):
                raise SourceError("sources.instagram_html_export")
            raise SourceError("sources.export_wrong_kind", platform="Instagram")
        private, username = self._account()
        visibility = "unknown" if private is None else ("friends" if private else "public")
        listing = SourceListing(visibility=visibility)
        if private is not None:
            listing.account_flags["private"] = private
        if username:
            listing.account_flags["username"] = username
        if private is None:
            listing.notices.append("sources.export_visibility_unknown")
        files = [(n, "posts") for n in posts] + [(n, "reels") for n in reels] + [(n, "archived") for n in archived]
        files += [(n, "stories") for n in stories] + [(n, "profile") for n in profile]
        seen: set[str] = set()
        missing = 0
        for done, (name, part) in enumerate(files, start=1):
            ctx.check_cancelled()
            data = self.load_json(name, repair=True)
            for media, post in self._entries(data, part):
                uri = media.get("uri")
                if not isinstance(uri, str) or not is_image_name(uri):
                    continue  # videos are not checked
                member = archive.resolve(uri, near=name)
                if member is None:
                    missing += 1
                    continue
                if member in seen:
                    continue
                seen.add(member)
                role, vis = "post", visibility
                if part == "archived":
                    vis = "private"
                elif part == "stories":
                    vis = "unknown"
                elif part == "profile":
                    role, vis = (
                        "avatar",
                        ("public" if not any(p.role == "avatar" for p in listing.photos) else "unknown"),
                    )
                taken = dates.from_timestamp(media.get("creation_timestamp") or post.get("creation_timestamp"))
                caption = media.get("title") or post.get("title") or ""
                listing.photos.append(PhotoRef(member, None, taken, caption, vis, role))
            ctx.progress(done, len(files), "")
        if missing:
            listing.notices.append("sources.export_media_missing")
            listing.account_flags["missing_files"] = missing
        return listing

    @staticmethod
    def _entries(data, part: str) -> list[tuple[dict, dict]]:
        if part == "posts":
            items = data if isinstance(data, list) else dig(data, "ig_posts", default=[]) or []
        elif part == "reels":
            items = dig(data, "ig_reels_media", default=[]) if isinstance(data, dict) else data
        elif part == "archived":
            items = dig(data, "ig_archived_post_media", default=[]) if isinstance(data, dict) else data
        elif part == "stories":
            items = dig(data, "ig_stories", default=[]) if isinstance(data, dict) else data
        else:
            items = dig(data, "ig_profile_picture", default=[]) if isinstance(data, dict) else data
            if isinstance(items, list):
                items = sorted(
                    (i for i in items if isinstance(i, dict)),
                    key=lambda i: -count_of(i.get("creation_timestamp")),
                )
        pairs = []
        for item in items or []:
            pairs.extend(_media_items(item))
        return pairs

    def _account(self) -> tuple[bool | None, str | None]:
        found = self.archive.glob("personal_information/personal_information.json")
        if not found:
            return None, None
        data = self.load_json(found[0], repair=True)
        strings = dig(data, "profile_user", 0, "string_map_data", default={}) or {}
        private = read_flag(dig(strings, "Private Account", "value"))
        username = dig(strings, "Username", "value")
        return private, username if isinstance(username, str) else None
