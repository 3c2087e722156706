"""Instagram "Download your information" export, JSON format.

Posts (``content/posts_N.json``, older ``media/posts_N.json``), reels, archived posts, stories, profile photos,
"other content" (``content/other_content.json``) and recently deleted posts (private to the account), each media
``uri`` relative to the export root; the 2018 – 2020 export's single ``media.json`` too. "Private Account" in
personal_information.json (``private_account`` in the old ``profile.json``) gives the posts' visibility. An HTML
export cannot be read reliably: the user is asked to export again as JSON.
Text is repaired from Instagram's Latin-1/UTF-8 mojibake.
"""

from __future__ import annotations

from datetime import UTC, datetime

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


LEGACY_SECTIONS = {"legacy_posts": ("photos", "videos"), "legacy_stories": ("stories",), "legacy_profile": ("profile",)}


def legacy_entries(data, part: str) -> list[tuple[dict, dict]]:
    """The 2018 – 2020 export's single ``media.json`` ({"photos": [{"caption", "taken_at", "path"}], "stories",
    "profile", "videos"}), in the shape the later exports use."""
    pairs = []
    for section in LEGACY_SECTIONS[part]:
        items = dig(data, section, default=[]) if isinstance(data, dict) else []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                taken = dates.from_iso(item.get("taken_at"))
                parsed = datetime.fromisoformat(taken) if taken else None
                if parsed is not None and parsed.tzinfo is None:
                    parsed = parsed.replace(tzinfo=UTC)  # these exports wrote UTC without saying so
                stamp = parsed.timestamp() if parsed else None
                media = {"uri": item["path"], "creation_timestamp": stamp, "title": str(item.get("caption") or "")}
                pairs.append((media, media))
    if part == "legacy_profile":  # the active picture first: it is the one strangers see
        pairs.sort(key=lambda pair: -(pair[0]["creation_timestamp"] or 0))
    return pairs


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
        other = archive.glob("content/other_content.json", "media/other_content.json")
        deleted = archive.glob(
            "content/recently_deleted_content.json", "media/recently_deleted_content.json",
            "content/recently_deleted*.json", "media/recently_deleted*.json",
        )
        deleted = list(dict.fromkeys(deleted))
        legacy = [n for n in archive.glob("media.json") if "/" not in n or n.count("/") == 1]
        if not (posts or reels or archived or stories or profile or other or deleted or legacy):
            if archive.glob("*.html"):
                raise SourceError("sources.instagram_html_export")
            raise SourceError("sources.export_wrong_kind", platform="Instagram")
        private, username, bio = self._account()
        visibility = "unknown" if private is None else ("friends" if private else "public")
        listing = SourceListing(visibility=visibility, profile_text=bio)
        if private is not None:
            listing.account_flags["private"] = private
        if username:
            listing.account_flags["username"] = username
        if private is None:
            listing.notices.append("sources.export_visibility_unknown")
        files = [(n, "posts") for n in posts] + [(n, "reels") for n in reels] + [(n, "archived") for n in archived]
        files += [(n, "stories") for n in stories] + [(n, "profile") for n in profile]
        files += [(n, "other") for n in other] + [(n, "deleted") for n in deleted]
        files += [(n, part) for n in legacy for part in ("legacy_posts", "legacy_stories", "legacy_profile")]
        seen: set[str] = set()
        missing = 0
        for done, (name, part) in enumerate(files, start=1):
            ctx.check_cancelled()
            data = self.load_json(name, repair=True)
            entries = self._entries(data, part)
            section = part.removeprefix("legacy_")  # the 2018 – 2020 media.json has the same sections
            before = len(listing.photos)
            for media, post in entries:
                uri = media.get("uri")
                uri = uri if isinstance(uri, str) else ""  # "uri": 5 is no file name
                if not is_image_name(uri):
                    listing.skip("sources.skipped.videos" if uri else "sources.skipped.not_photos")
                    continue  # videos are not checked
                member = archive.resolve(uri, near=name)
                if member is None:
                    missing += 1
                    listing.skip("sources.skipped.missing")
                    continue
                if member in seen:
                    continue
                seen.add(member)
                role, vis = "post", visibility
                if section in ("archived", "deleted"):
                    vis = "private"  # only the account sees archived and recently deleted posts
                elif section == "stories":
                    vis = "unknown"
                elif section == "profile":
                    role, vis = (
                        "avatar",
                        ("public" if not any(p.role == "avatar" for p in listing.photos) else "unknown"),
                    )
                taken = dates.from_timestamp(media.get("creation_timestamp") or post.get("creation_timestamp"))
                caption = media.get("title") or post.get("title") or ""
                listing.photos.append(PhotoRef(member, None, taken, caption, vis, role))
            listing.read(name, section, len(entries), len(listing.photos) - before)
            ctx.progress(done, len(files), "")
        if missing:
            listing.notices.append("sources.export_media_missing")
            listing.account_flags["missing_files"] = missing
        return listing

    @staticmethod
    def _entries(data, part: str) -> list[tuple[dict, dict]]:
        if part.startswith("legacy_"):
            return legacy_entries(data, part)
        if part == "posts":
            items = data if isinstance(data, list) else dig(data, "ig_posts", default=[]) or []
        elif part == "reels":
            items = dig(data, "ig_reels_media", default=[]) if isinstance(data, dict) else data
        elif part == "archived":
            items = dig(data, "ig_archived_post_media", default=[]) if isinstance(data, dict) else data
        elif part == "stories":
            items = dig(data, "ig_stories", default=[]) if isinstance(data, dict) else data
        elif part in ("other", "deleted"):
            key = "ig_other_media" if part == "other" else "ig_recently_deleted_media"
            items = data if isinstance(data, list) else dig(data, key, default=None)
            if items is None and isinstance(data, dict):  # the key's name is not documented: any list of media
                items = [i for v in data.values() if isinstance(v, list) for i in v]
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

    def _account(self) -> tuple[bool | None, str | None, str]:
        """Whether the account is private, its username and its bio (checked for school names, phone numbers)."""
        found = self.archive.glob("personal_information/personal_information.json")
        if not found:
            legacy = [n for n in self.archive.glob("profile.json") if n.count("/") <= 1]
            if legacy:  # the 2018 – 2020 export: {"private_account": true, "username": …, "biography": …}
                data = self.load_json(legacy[0], repair=True)
                username, bio = dig(data, "username"), dig(data, "biography")
                return (read_flag(dig(data, "private_account")), username if isinstance(username, str) else None,
                        bio if isinstance(bio, str) else "")
            return None, None, ""
        data = self.load_json(found[0], repair=True)
        strings = dig(data, "profile_user", 0, "string_map_data", default={}) or {}
        private = read_flag(dig(strings, "Private Account", "value"))
        username, bio = dig(strings, "Username", "value"), dig(strings, "Bio", "value")
        return private, username if isinstance(username, str) else None, bio if isinstance(bio, str) else ""
