"""Instagram public profile: exactly what a logged-out visitor gets, and nothing more.

A logged-out visitor sees the profile picture (``og:image``) and the counts in ``og:description``; posts sit
behind a login wall. The wall is reported ("import your data export"), never worked around.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError, SourceListing
from desktop.sources.html_images import meta, parse_html
from desktop.sources.http import with_base

USERNAME = re.compile(r"[A-Za-z0-9._]{1,30}")
COUNTS = {
    "followers": re.compile(r"([\d.,]+[KkMm]?)\s*(?:Followers|팔로워)|팔로워\s*([\d.,]+[KkMm만천]?)", re.IGNORECASE),
    "following": re.compile(r"([\d.,]+[KkMm]?)\s*(?:Following|팔로잉)|팔로잉\s*([\d.,]+[KkMm만천]?)", re.IGNORECASE),
    "posts": re.compile(r"([\d.,]+[KkMm]?)\s*(?:Posts|게시물)|게시물\s*([\d.,]+[KkMm만천]?)", re.IGNORECASE),
}
PRIVATE_MARKERS = ("This account is private", "This Account is Private", "비공개 계정입니다")
# Instagram's page for logged-out visitors, served with status 200 at the profile's address: its text is
# Instagram's, not the child's.
LOGIN_WALL_TEXT = re.compile(
    r"^\s*(?:Create an account or log in to Instagram|Log ?in|Sign up|Instagram 계정을 만들거나 로그인|"
    r"로그인|가입하기)",
    re.IGNORECASE,
)
IS_PRIVATE = re.compile(r'"is_private"\s*:\s*(true|false)')


def username_of(target: str) -> str:
    text = target.strip()
    if text.startswith(("http://", "https://")):
        parts = [p for p in urlsplit(text).path.split("/") if p]
        text = parts[0] if parts else ""
    text = text.lstrip("@")
    if not USERNAME.fullmatch(text) or text.lower() in ("accounts", "explore", "p", "reel", "stories"):
        raise SourceError("sources.bad_target_instagram")
    return text.lower()


def parse_count(text: str | None) -> int | None:
    if not text:
        return None
    value = text.replace(",", "").strip()
    multiplier = 1
    if value[-1:] in "Kk천":
        multiplier, value = 1000, value[:-1]
    elif value[-1:] in "Mm":
        multiplier, value = 1_000_000, value[:-1]
    elif value[-1:] == "만":
        multiplier, value = 10_000, value[:-1]
    try:
        return int(float(value) * multiplier)
    except ValueError:
        return None


class InstagramConnector(Connector):
    kind = "instagram"

    def profile_url(self) -> str:
        return with_base(f"https://www.instagram.com/{username_of(self.target)}/", self.base_url)

    def list_photos(self, ctx) -> SourceListing:
        url = self.profile_url()
        ctx.check_cancelled()
        page = self.client.get_page(url, allow_private=self.allow_private, headers={"Accept-Language": "en"})
        ctx.progress(1, 1, "")
        listing = SourceListing(visibility="unknown")
        if "/accounts/login" in urlsplit(page.final_url).path:
            listing.notices.append("sources.instagram_login_wall")
            listing.account_flags["login_wall"] = True
            return listing
        soup = parse_html(page.body)
        description = meta(soup, "og:description")
        image = meta(soup, "og:image")
        title = meta(soup, "og:title") or ""
        counts = {}
        for key, pattern in COUNTS.items():
            match = pattern.search(description or "")
            count = parse_count(next((g for g in match.groups() if g), None)) if match else None
            if count is not None:
                counts[key] = count
        if not description or LOGIN_WALL_TEXT.match(description) or not counts:
            # no profile in the page (Instagram's own sign-up text, or nothing recognisable): a wall
            listing.notices.append("sources.instagram_login_wall")
            listing.account_flags["login_wall"] = True
            return listing
        listing.account_flags.update(counts)
        text = page.body.decode("utf-8", "replace")
        flagged = IS_PRIVATE.search(text)
        if any(marker in text for marker in PRIVATE_MARKERS) or (flagged and flagged.group(1) == "true"):
            listing.visibility = "private"
            listing.account_flags["private"] = True
        listing.profile_text = " ".join(filter(None, [title, description]))
        if image:
            # The profile picture is public even on a private account.
            listing.photos.append(PhotoRef(image, page.final_url, None, title, "public", "avatar"))
        listing.notices.append("sources.instagram_login_wall")
        return listing

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        return self.client.get_image(photo.image_url, allow_private=self.allow_private)
