"""Facebook "Download your information" export, JSON format.

Posts with photos (``posts/your_posts__check_ins__photos_and_videos_N.json``, older ``your_posts_N.json``)
and albums (``posts/album/N.json``). Profile pictures and cover photos are public on Facebook whatever the
audience setting; other photos take the default audience for future posts from the privacy settings when the
export has it, else "unknown". Text is repaired from the Latin-1/UTF-8 mojibake.
"""

from __future__ import annotations

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.archive import is_image_name
from desktop.sources.exports.base import ExportConnector, dig

PROFILE_ALBUMS = {
    "profile pictures": "avatar",
    "프로필 사진": "avatar",
    "cover photos": "header",
    "커버 사진": "header",
}
AUDIENCES = {
    "public": "public",
    "전체 공개": "public",
    "공개": "public",
    "friends": "friends",
    "친구": "friends",
    "friends of friends": "friends",
    "친구의 친구": "friends",
    "only me": "private",
    "나만 보기": "private",
}
FUTURE_POSTS = ("future posts", "향후 게시물", "앞으로 올릴 게시물")


def default_audience(data) -> str | None:
    """The audience of future posts, searched defensively through a privacy-settings file."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = str(node.get("name") or node.get("label") or "").lower()
            value = node.get("value")
            if any(words in name for words in FUTURE_POSTS) and isinstance(value, str):
                return AUDIENCES.get(value.strip().lower(), "friends")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


class FacebookExportConnector(ExportConnector):
    kind = "facebook-export"

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        posts = archive.glob("posts/your_posts__check_ins__photos_and_videos_*.json", "posts/your_posts_*.json")
        albums = archive.glob("posts/album/*.json", "photos_and_videos/album/*.json")
        if not posts and not albums:
            if archive.glob("*.html"):
                raise SourceError("sources.facebook_html_export")
            raise SourceError("sources.export_wrong_kind", platform="Facebook")
        audience = None
        for name in archive.glob("privacy_settings.json"):
            audience = default_audience(self.load_json(name, repair=True)) or audience
        visibility = audience or "unknown"
        listing = SourceListing(visibility=visibility)
        if audience:
            listing.account_flags["default_audience"] = audience
        else:
            listing.notices.append("sources.export_visibility_unknown")
        seen: set[str] = set()
        total = len(posts) + len(albums)

        def add(media: dict, near: str, text: str, role: str, vis: str, fallback_time=None) -> None:
            uri = media.get("uri") or ""
            if not is_image_name(uri):
                return
            member = archive.resolve(uri, near=near)
            if member is None:
                listing.account_flags["missing_files"] = int(listing.account_flags.get("missing_files", 0)) + 1
                return
            if member in seen:
                return
            seen.add(member)
            taken = dates.from_timestamp(media.get("creation_timestamp") or fallback_time)
            caption = media.get("description") or media.get("title") or text
            listing.photos.append(PhotoRef(member, None, taken, caption or "", vis, role))

        done = 0
        for name in albums:
            ctx.check_cancelled()
            album = self.load_json(name, repair=True)
            album_name = str(dig(album, "name", default="")).strip()
            role = PROFILE_ALBUMS.get(album_name.lower(), "post")
            vis = "public" if role in ("avatar", "header") else visibility
            for photo in dig(album, "photos", default=[]) or []:
                if isinstance(photo, dict):
                    add(photo, name, album_name, role, vis)
            done += 1
            ctx.progress(done, total, "")
        for name in posts:
            ctx.check_cancelled()
            items = self.load_json(name, repair=True)
            for post in items if isinstance(items, list) else []:
                if not isinstance(post, dict):
                    continue
                text = " ".join(
                    d["post"] for d in dig(post, "data", default=[]) or [] if isinstance(d, dict) and d.get("post")
                )
                for attachment in dig(post, "attachments", default=[]) or []:
                    for entry in dig(attachment, "data", default=[]) or []:
                        media = dig(entry, "media")
                        if isinstance(media, dict):
                            add(
                                media,
                                name,
                                text or str(post.get("title") or ""),
                                "post",
                                visibility,
                                post.get("timestamp"),
                            )
            done += 1
            ctx.progress(done, total, "")
        if listing.account_flags.get("missing_files"):
            listing.notices.append("sources.export_media_missing")
        return listing
