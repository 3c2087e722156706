"""Mastodon (and compatible servers): what the instance shows a visitor without an account.

``/api/v1/accounts/lookup?acct=`` then ``/api/v1/accounts/:id/statuses?only_media=true`` following the
``Link: <…>; rel="next"`` header. Each status carries its own ``visibility``; the account says whether it is
``locked`` or ``discoverable``. Servers in whitelist mode answer 401 to anonymous API calls: then the public
RSS (``/@user.rss``) is read instead, when the server offers it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from requests.utils import parse_header_links

from desktop.sources import dates
from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError, SourceListing, count_of
from desktop.sources.feed import parse_feed
from desktop.sources.html_images import html_to_text
from desktop.sources.http import HttpStatusError

PAGE_LIMIT = 40
MAX_PAGES = 100
# 300 requests per 5 minutes per IP address: one per second stays well inside it.
API_INTERVAL = 1.0
STATUS_VISIBILITY = {"public": "public", "unlisted": "unlisted", "private": "friends", "direct": "private"}
DEFAULT_PICTURE = re.compile(r"/(avatars|headers)/original/missing\.png$")


def parse_target(target: str) -> tuple[str, str]:
    """``(user, instance host)`` from ``@user@host``, ``user@host`` or ``https://host/@user``."""
    text = target.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        segments = [s for s in parts.path.split("/") if s]
        if parts.hostname and segments and segments[0].startswith("@") and len(segments[0]) > 1:
            return segments[0][1:].split("@")[0], parts.hostname.lower()
        raise SourceError("sources.bad_target_mastodon")
    bits = text.lstrip("@").split("@")
    if len(bits) == 2 and all(bits) and re.fullmatch(r"[A-Za-z0-9_.-]+", bits[0]) and "." in bits[1]:
        return bits[0], bits[1].lower()
    raise SourceError("sources.bad_target_mastodon")


class MastodonConnector(Connector):
    kind = "mastodon"

    def _origin(self, host: str) -> str:
        return (self.base_url or f"https://{host}").rstrip("/")

    def list_photos(self, ctx) -> SourceListing:
        user, host = parse_target(self.target)
        origin = self._origin(host)
        self.client.set_host_interval(urlsplit(origin).hostname or host, API_INTERVAL)
        ctx.check_cancelled()
        try:
            account = self.client.get_json(
                f"{origin}/api/v1/accounts/lookup?acct={quote(user)}", allow_private=self.allow_private
            )
        except HttpStatusError as exc:
            if exc.status == 401:
                return self._from_rss(origin, user, ctx)
            raise
        if not isinstance(account, dict) or "id" not in account:
            raise SourceError("sources.bad_json", "account without id")
        if account.get("suspended"):
            raise SourceError("sources.account_suspended")
        flags: dict[str, bool | str | int] = {
            key: bool(account.get(key))
            for key in ("locked", "discoverable", "indexable", "noindex", "bot")
            if key in account
        }
        if account.get("moved"):
            flags["moved"] = True
        flags["statuses"] = count_of(account.get("statuses_count"))
        listing = SourceListing(
            visibility="public",
            account_flags=flags,
            profile_text=" ".join(filter(None, [account.get("display_name"), html_to_text(account.get("note"))])),
        )
        if flags.get("moved"):
            listing.notices.append("sources.mastodon_moved")
        profile_url = account.get("url") or f"https://{host}/@{user}"
        for key, role in (("avatar", "avatar"), ("header", "header")):
            url = account.get(key)
            if url and not DEFAULT_PICTURE.search(urlsplit(url).path):
                listing.photos.append(
                    PhotoRef(url, profile_url, None, account.get("display_name") or "", "public", role)
                )
        query = f"only_media=true&exclude_reblogs=true&limit={PAGE_LIMIT}"
        url = f"{origin}/api/v1/accounts/{quote(str(account['id']))}/statuses?{query}"
        pages, seen = 0, set()
        while url and pages < MAX_PAGES and url not in seen:
            ctx.check_cancelled()
            seen.add(url)
            try:
                page = self.client.get_page(
                    url, allow_private=self.allow_private, headers={"Accept": "application/json"}
                )
            except HttpStatusError as exc:
                if exc.status == 401 and pages == 0:
                    listing.notices.append("sources.mastodon_statuses_need_login")
                    break
                raise
            statuses = page.json()
            if not isinstance(statuses, list):
                raise SourceError("sources.bad_json", "statuses is not a list")
            pages += 1
            for status in statuses:
                self._add_status(listing, status)
            ctx.progress(pages, None, "")
            url = self._next_link(page.headers.get("link", ""), origin) if statuses else None
        return listing

    @staticmethod
    def _next_link(header: str, origin: str) -> str | None:
        for link in parse_header_links(header) if header else []:
            if link.get("rel") == "next" and link.get("url"):
                target = link["url"]
                # Only ever follow paging on the same server.
                if urlsplit(target).netloc == urlsplit(origin).netloc:
                    return target
        return None

    def _add_status(self, listing: SourceListing, status) -> None:
        if not isinstance(status, dict) or status.get("reblog"):
            return
        visibility = STATUS_VISIBILITY.get(status.get("visibility", ""), "unknown")
        taken = dates.from_iso(status.get("created_at"))
        text = html_to_text(status.get("spoiler_text")) or html_to_text(status.get("content"))
        for media in status.get("media_attachments") or []:
            if not isinstance(media, dict):
                continue
            kind = media.get("type")
            if kind == "image":
                url, role = media.get("url") or media.get("remote_url"), "post"
            elif kind in ("video", "gifv"):
                url, role = media.get("preview_url"), "thumbnail"
            else:
                continue
            if url:
                listing.photos.append(
                    PhotoRef(
                        url,
                        status.get("url") or status.get("uri"),
                        taken,
                        media.get("description") or text,
                        visibility,
                        role,
                    )
                )

    def _from_rss(self, origin: str, user: str, ctx) -> SourceListing:
        ctx.check_cancelled()
        try:
            page = self.client.get_page(f"{origin}/@{quote(user)}.rss", allow_private=self.allow_private)
        except HttpStatusError as exc:
            if exc.status in (401, 403, 404):
                raise SourceError("sources.mastodon_login_required") from exc
            raise
        listing = parse_feed(page.body, page.final_url, visibility="public")
        listing.notices.append("sources.mastodon_rss_fallback")
        listing.account_flags["api_login_required"] = True
        return listing

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        return self.client.get_image(photo.image_url, allow_private=self.allow_private)
