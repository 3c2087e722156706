"""Facebook "Download your information" export, JSON format.

Posts with photos (``posts/your_posts__check_ins__photos_and_videos_N.json``, older ``your_posts_N.json``;
photos in notes and video thumbnails too), albums (``posts/album/N.json``, older ``photos_and_videos/album``;
an ``https`` uri is listed and fetched from Facebook), uncategorised photos, videos, archived stories (only the
account sees them) and profile updates (new profile pictures and cover photos). Profile pictures and cover
photos are public on Facebook whatever the audience setting; other photos take the default audience for future
posts from the privacy settings when the export has it, else "unknown". Text is repaired from the Latin-1/UTF-8
mojibake.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

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


def _is_video(uri: str) -> bool:
    return uri.lower().split("?", 1)[0].endswith((".mp4", ".mov", ".m4v", ".webm", ".avi", ".3gp"))


def media_in_attachment(entry) -> list[dict]:
    """The media of one attachment entry: a photo or video, or the photos of a note (``note.media[]``)."""
    found = []
    media = dig(entry, "media")
    if isinstance(media, dict):
        found.append(media)
    note = dig(entry, "note")
    note_text = " ".join(str(note.get(k) or "") for k in ("title", "text")).strip() if isinstance(note, dict) else ""
    for item in dig(entry, "note", "media", default=[]) or []:
        if isinstance(item, dict):
            media = item.get("media")
            item = media if isinstance(media, dict) else item
            found.append({"description": note_text, **{k: v for k, v in item.items() if v}})
    return found


def profile_text(data) -> str:
    """What the profile says about the child that a school can be found from: schools, city, hometown, bio."""
    profile = dig(data, "profile_v2", default=None) or dig(data, "profile", default=None) or {}
    if not isinstance(profile, dict):
        return ""
    texts = [str(dig(school, "name", default="")) for school in dig(profile, "education_experiences", default=[]) or []
             if isinstance(school, dict)]
    for key in ("current_city", "hometown"):
        texts.append(str(dig(profile, key, "name", default="")))
    texts.append(str(dig(profile, "intro_bio", default="") if isinstance(dig(profile, "intro_bio"), str) else ""))
    return " ".join(t.strip() for t in texts if t and t.strip())


def profile_update_role(title: str) -> str | None:
    """What a profile update changed, from its title ("Jiwoo updated her cover photo.")."""
    lowered = title.lower()
    if any(words in lowered for words in ("cover photo", "커버 사진")):
        return "header"
    if any(words in lowered for words in ("profile picture", "프로필 사진")):
        return "avatar"
    return None


class FacebookExportConnector(ExportConnector):
    kind = "facebook-export"

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        posts = archive.glob("posts/your_posts__check_ins__photos_and_videos_*.json", "posts/your_posts_*.json")
        albums = archive.glob("posts/album/*.json", "photos_and_videos/album/*.json")
        uncategorised = archive.glob(
            "posts/your_uncategorized_photos.json", "photos_and_videos/your_uncategorized_photos.json"
        )
        videos = archive.glob("posts/your_videos.json", "photos_and_videos/your_videos.json")
        stories = archive.glob("stories/archived_stories.json", "stories/stories.json")
        profile = archive.glob("profile_information/profile_update_history.json")
        if not (posts or albums or uncategorised or videos or stories):
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
        for name in archive.glob("profile_information/profile_information.json"):
            listing.profile_text = profile_text(self.load_json(name, repair=True))
            listing.read(name, "profile_text", 1, 0)
        seen: set[str] = set()
        files = [(n, "albums") for n in albums] + [(n, "posts") for n in posts]
        files += [(n, "uncategorised") for n in uncategorised] + [(n, "videos") for n in videos]
        files += [(n, "stories") for n in stories] + [(n, "profile") for n in profile]

        def add(media: dict, near: str, text: str, role: str, vis: str, fallback_time=None) -> None:
            uri = str(media.get("uri") or "").strip()
            thumbnail = dig(media, "thumbnail", "uri")
            if _is_video(uri):
                if isinstance(thumbnail, str) and thumbnail:
                    add({**media, "uri": thumbnail, "thumbnail": None}, near, text, "thumbnail", vis, fallback_time)
                else:
                    listing.skip("sources.skipped.videos")
                return
            taken = dates.from_timestamp(media.get("creation_timestamp") or fallback_time)
            caption = str(media.get("description") or media.get("title") or text or "")
            member: str | None
            if uri.startswith(("https://", "http://")):
                # named by its Facebook address: the file in the export when it is there, else fetched from there
                address = urlsplit(uri)
                if not (is_image_name(address.path) or (address.hostname or "").endswith(".fbcdn.net")):
                    listing.skip("sources.skipped.not_photos")  # a link to a page, not a photo
                    return
                member = archive.by_file_name(PurePosixPath(address.path).name) or uri
            elif is_image_name(uri):
                member = archive.resolve(uri, near=near)
                if member is None:
                    listing.skip("sources.skipped.missing")
                    return
            else:
                if uri:
                    listing.skip("sources.skipped.not_photos")
                return
            if member in seen:
                return
            seen.add(member)
            listing.photos.append(PhotoRef(member, None, taken, caption, vis, role))

        for done, (name, part) in enumerate(files, start=1):
            ctx.check_cancelled()
            before, items = len(listing.photos), 0
            data = self.load_json(name, repair=True)
            if part == "albums":
                album_name = str(dig(data, "name", default="")).strip()
                role = PROFILE_ALBUMS.get(album_name.lower(), "post")
                vis = "public" if role in ("avatar", "header") else visibility
                photos = [p for p in dig(data, "photos", default=[]) or [] if isinstance(p, dict)]
                cover = dig(data, "cover_photo")
                for photo in photos + ([cover] if isinstance(cover, dict) else []):
                    add(photo, name, album_name, role, vis)
                items = len(photos)
            elif part == "posts":
                if isinstance(data, dict):  # some versions wrap the list: {"status_updates_v2": [...]}
                    data = next((v for v in data.values() if isinstance(v, list)), [])
                for post in data if isinstance(data, list) else []:
                    if not isinstance(post, dict):
                        continue
                    items += 1
                    text = " ".join(
                        d["post"] for d in dig(post, "data", default=[]) or [] if isinstance(d, dict) and d.get("post")
                    ) or str(post.get("title") or "")
                    for attachment in dig(post, "attachments", default=[]) or []:
                        for entry in dig(attachment, "data", default=[]) or []:
                            for media in media_in_attachment(entry):
                                add(media, name, text, "post", visibility, post.get("timestamp"))
            elif part == "profile":
                updates = dig(data, "profile_updates_v2", default=None)
                for update in (updates if isinstance(updates, list) else data if isinstance(data, list) else []):
                    if not isinstance(update, dict):
                        continue
                    items += 1
                    title = str(update.get("title") or "")
                    update_role = profile_update_role(title)  # profile pictures and cover photos are always public
                    for attachment in dig(update, "attachments", default=[]) or []:
                        for entry in dig(attachment, "data", default=[]) or []:
                            for media in media_in_attachment(entry):
                                add(media, name, title, update_role or "post", "public" if update_role else visibility,
                                    update.get("timestamp"))
            else:
                key = {"uncategorised": "other_photos_v2", "videos": "videos_v2", "stories": "archived_stories_v2"}
                entries = data if isinstance(data, list) else dig(data, key[part], default=None)
                if entries is None and isinstance(data, dict):
                    entries = next((v for v in data.values() if isinstance(v, list)), [])
                vis = "private" if part == "stories" and name.endswith("archived_stories.json") else visibility
                for media in entries or []:
                    if isinstance(media, dict):
                        items += 1
                        add(media, name, "", "post", vis)
            listing.read(name, part, items, len(listing.photos) - before)
            ctx.progress(done, len(files), "")
        missing = listing.skipped.get("sources.skipped.missing", 0)
        if missing:
            listing.account_flags["missing_files"] = missing
            listing.notices.append("sources.export_media_missing")
        return listing
