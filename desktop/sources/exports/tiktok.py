"""TikTok "Download your data" export, JSON format (``user_data_tiktok.json``, older ``user_data.json``).

The export holds links to the videos, not the videos, and no photos except the profile photo's address: so
the listing tells who can see each video (``WhoCanView``) and whether the account is private, and offers the
profile photo (fetched from TikTok through the one HTTP client) for checking. Key paths have moved between
export versions; every one is read defensively.
"""

from __future__ import annotations

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
    "친구": "friends",
    "팔로워": "friends",
    "only me": "private",
    "onlyme": "private",
    "private": "private",
    "나만": "private",
    "나만 보기": "private",
}
VIDEO_PATHS = (
    ("Post", "Posts", "VideoList"),
    ("Video", "Videos", "VideoList"),
    ("Your Activity", "Videos", "VideoList"),
)
PROFILE_PATHS = (("Profile", "Profile Info", "ProfileMap"), ("Profile", "Profile Information", "ProfileMap"))
PRIVATE_PATHS = (
    ("App Settings", "Settings", "SettingsMap", "Private Account"),
    ("Settings", "Settings", "SettingsMap", "Private Account"),
)


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
        visibility = "unknown" if private is None else ("private" if private else "public")
        listing = SourceListing(visibility=visibility)
        if private is not None:
            listing.account_flags["private"] = private
        else:
            listing.notices.append("sources.export_visibility_unknown")
        profile = next((dig(data, *p) for p in PROFILE_PATHS if isinstance(dig(data, *p), dict)), {}) or {}
        username = profile.get("userName") or profile.get("username")
        if username:
            listing.account_flags["username"] = username
        listing.profile_text = str(profile.get("bioDescription") or "")
        videos = next((dig(data, *p) for p in VIDEO_PATHS if isinstance(dig(data, *p), list)), []) or []
        counts = {"public": 0, "friends": 0, "private": 0, "unknown": 0}
        for video in videos:
            if not isinstance(video, dict):
                continue
            who = str(video.get("WhoCanView") or video.get("Who Can View") or "").strip().lower()
            video_visibility = WHO_CAN_VIEW.get(who, "unknown")
            if private and video_visibility == "public":
                video_visibility = "friends"  # a private account shows videos to approved followers only
            counts[video_visibility] += 1
        listing.account_flags["videos"] = sum(counts.values())
        for key, count in counts.items():
            listing.account_flags[f"videos_{key}"] = count
        if counts["public"]:
            listing.notices.append("sources.tiktok_public_videos")
        if videos:
            listing.notices.append("sources.tiktok_videos_not_in_export")
        photo = profile.get("profilePhoto") or profile.get("ProfilePhoto")
        if isinstance(photo, str) and photo.startswith("https://"):
            profile_url = f"https://www.tiktok.com/@{username}" if username else None
            listing.photos.append(PhotoRef(photo, profile_url, None, str(username or ""), "public", "avatar"))
        ctx.progress(1, 1, "")
        return listing
