"""TikTok "Download your data" export, JSON format (``user_data_tiktok.json``, older ``user_data.json``).

The export holds links to the posts, not the files. It says who can see each post (``WhoCanView``: "Everyone",
"Friends", "Only You" …) and whether the account is private. What a stranger can see and Jikimi can check:
the profile photo, each post's cover image (``CoverImage``) and the photos of photo-mode posts (several image
addresses in ``Link``), all fetched from TikTok through the one HTTP client. Faces in videos are not checked.
Key paths have moved between export versions (``Profile`` › ``Profile Info`` until 2024, ``Profile And Settings``
› ``Profile Info``/``Settings`` from 2025); every one is read defensively.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.base import ExportConnector, dig
from desktop.sources.exports.instagram import read_flag

WHO_CAN_VIEW = {
    "everyone": "public",
    "public": "public",
    "모든 사람": "public",
    "전체 공개": "public",
    "friends": "friends",
    "followers": "friends",
    "mutual friends": "friends",
    "mutual followers": "friends",
    "close friends": "friends",
    "친구": "friends",
    "팔로워": "friends",
    "only me": "private",
    "only you": "private",
    "onlyme": "private",
    "onlyyou": "private",
    "self": "private",
    "private": "private",
    "나만": "private",
    "나만 보기": "private",
    "나만 볼 수 있음": "private",
}
VIDEO_PATHS = (
    ("Post", "Posts", "VideoList"),
    ("Video", "Videos", "VideoList"),
    ("Your Activity", "Videos", "VideoList"),
    ("Profile And Settings", "Posts", "VideoList"),
)
PROFILE_PATHS = (
    ("Profile", "Profile Info", "ProfileMap"),
    ("Profile", "Profile Information", "ProfileMap"),
    ("Profile And Settings", "Profile Info", "ProfileMap"),
    ("Profile And Settings", "Profile Information", "ProfileMap"),
)
PRIVATE_PATHS = (
    ("App Settings", "Settings", "SettingsMap", "Private Account"),
    ("Settings", "Settings", "SettingsMap", "Private Account"),
    ("Profile And Settings", "Settings", "SettingsMap", "Private Account"),
    ("Profile And Settings", "App Settings", "SettingsMap", "Private Account"),
)
URL = re.compile(r"https?://[^\s,;\"'<>]+")
IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|webp|heic|image)(?:$|[~?])|photomode|tplv-.*-image", re.IGNORECASE)


def loose_keys(mapping: dict) -> dict:
    """Keys without case, spaces or underscores: "userName", "User Name" and "user_name" are one key."""
    return {str(k).lower().replace(" ", "").replace("_", ""): v for k, v in mapping.items()}


def find_map(data, name: str, depth: int = 0):
    """The first dict under key ``name`` anywhere in the export (sections were renamed between versions)."""
    if depth > 6:
        return None
    if isinstance(data, dict):
        if isinstance(data.get(name), dict):
            return data[name]
        for value in data.values():
            found = find_map(value, name, depth + 1)
            if found is not None:
                return found
    return None


def own_posts(path: tuple[str, ...], found) -> bool:
    """A list of the account's own posts: under "Post"/"Video", or entries that say who can see them (watched
    and liked videos in the activity sections carry only a date and a link)."""
    if not isinstance(found, list):
        return False
    if path[0] in ("Post", "Video"):
        return True
    return any(isinstance(item, dict) and ("WhoCanView" in item or "Likes" in item) for item in found)


def photo_urls(link: str) -> list[str]:
    """The image addresses of a photo-mode post (``Link`` holds one per photo); [] for a video post."""
    urls = URL.findall(link or "")
    images = [u for u in urls if IMAGE_PATH.search(urlsplit(u).path + "?" + urlsplit(u).query)]
    return images if (images and (len(urls) > 1 or images == urls)) else []


class TikTokExportConnector(ExportConnector):
    kind = "tiktok-export"

    def list_photos(self, ctx) -> SourceListing:
        ctx.check_cancelled()
        found = self.archive.glob("user_data_tiktok.json", "user_data.json")
        if not found:
            if self.archive.glob("user_data*.txt") or self.archive.glob("*/Posts.txt"):
                raise SourceError("sources.tiktok_txt_export")
            raise SourceError("sources.export_wrong_kind", platform="TikTok")
        data = self.load_json(found[0])
        private = None
        for path in PRIVATE_PATHS:
            private = read_flag(dig(data, *path))
            if private is not None:
                break
        if private is None:
            private = read_flag(dig(find_map(data, "SettingsMap"), "Private Account"))
        visibility = "unknown" if private is None else ("private" if private else "public")
        listing = SourceListing(visibility=visibility)
        if private is not None:
            listing.account_flags["private"] = private
        else:
            listing.notices.append("sources.export_visibility_unknown")
        profile = next((dig(data, *p) for p in PROFILE_PATHS if isinstance(dig(data, *p), dict)), None)
        profile = loose_keys(profile or find_map(data, "ProfileMap") or {})
        username = profile.get("username")
        if username:
            listing.account_flags["username"] = username
        listing.profile_text = str(profile.get("biodescription") or profile.get("bio") or "")
        profile_url = f"https://www.tiktok.com/@{username}" if username else None
        photo = profile.get("profilephoto")
        if isinstance(photo, str) and photo.startswith("https://"):
            listing.photos.append(PhotoRef(photo, profile_url, None, str(username or ""), "public", "avatar"))
        videos: list = next((dig(data, *p) for p in VIDEO_PATHS if own_posts(p, dig(data, *p))), []) or []
        counts = {"public": 0, "friends": 0, "private": 0, "unknown": 0}
        for video in videos:
            if isinstance(video, dict):
                counts[self._post(video, private, profile_url, listing)] += 1
        listing.read(found[0], "posts", len(videos), len(listing.photos))
        listing.account_flags["videos"] = sum(counts.values())
        for key, count in counts.items():
            listing.account_flags[f"videos_{key}"] = count
        if counts["public"]:
            listing.notices.append("sources.tiktok_public_videos")
        if videos:
            listing.notices.append("sources.tiktok_videos_not_in_export")
        ctx.progress(1, 1, "")
        return listing

    @staticmethod
    def _post(video: dict, private: bool | None, profile_url: str | None, listing: SourceListing) -> str:
        """Lists one post's cover and photos; returns who can see it."""
        who = str(video.get("WhoCanView") or video.get("Who Can View") or "").strip().lower()
        visibility = WHO_CAN_VIEW.get(who, "unknown")
        if private and visibility == "public":
            visibility = "friends"  # a private account shows its posts to approved followers only
        link = str(video.get("Link") or video.get("VideoLink") or "")
        images = photo_urls(link)
        if visibility == "private":
            listing.skip("sources.skipped.only_you")  # nobody else sees it, nor its cover
            return visibility
        taken = dates.from_formats(str(video.get("Date") or ""), ("%Y-%m-%d %H:%M:%S",))
        caption = str(video.get("Title") or video.get("Description") or "")
        post_url = None if images else (link.strip() if URL.fullmatch(link.strip()) else profile_url)
        for url in images:
            listing.photos.append(PhotoRef(url, post_url or profile_url, taken, caption, visibility, "post"))
        cover = video.get("CoverImage") or video.get("Cover Image") or video.get("coverImage")
        if isinstance(cover, str) and cover.startswith("https://"):
            listing.photos.append(PhotoRef(cover, post_url or profile_url, taken, caption, visibility, "thumbnail"))
        if not images:
            listing.skip("sources.skipped.tiktok_videos")
        return visibility
