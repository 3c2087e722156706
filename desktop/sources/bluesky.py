"""Bluesky: the profile and every post with media, as the public AppView serves them without an account.

``app.bsky.actor.getProfile`` then ``app.bsky.feed.getAuthorFeed?filter=posts_with_media`` page by page
(``cursor``). Reposts and other authors' posts are skipped; images come from ``images``,
``recordWithMedia`` and ``gallery`` embeds (video embeds give their thumbnail). An account labelled
``!no-unauthenticated`` asked Bluesky apps to hide it from logged-out visitors: it is not treated as public.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from desktop.sources import dates
from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError, SourceListing, count_of
from desktop.sources.http import HttpStatusError

PUBLIC_APPVIEW = "https://public.api.bsky.app"
PAGE_LIMIT = 100
MAX_PAGES = 100
HIDE_LOGGED_OUT = "!no-unauthenticated"
CDN_PATH = re.compile(r"/img/[a-z_]+/plain/did:[a-z0-9]+:[A-Za-z0-9._:%-]+/b[a-z2-7]{20,}@[a-z]+$")
PROFILE_ERRORS = {
    "AccountDeactivated": "sources.account_deactivated",
    "AccountTakedown": "sources.account_suspended",
    "BlockedActor": "sources.blocked",
    "BlockedByActor": "sources.blocked",
}


def normalise_handle(target: str) -> str:
    text = target.strip()
    if text.startswith(("http://", "https://")):
        parts = [p for p in urlsplit(text).path.split("/") if p]
        if len(parts) >= 2 and parts[0] == "profile":
            text = parts[1]
        else:
            raise SourceError("sources.bad_target_bluesky")
    text = text.lstrip("@")
    if text.startswith("did:"):
        return text
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+", text):
        raise SourceError("sources.bad_target_bluesky")
    return text.lower()


def _hidden_from_logged_out(labels) -> bool:
    return any(isinstance(label, dict) and label.get("val") == HIDE_LOGGED_OUT for label in labels or ())


def _web_url(uri: str, handle: str) -> str | None:
    # at://<did>/app.bsky.feed.post/<rkey>
    match = re.fullmatch(r"at://([^/]+)/app\.bsky\.feed\.post/([^/]+)", uri or "")
    if not match:
        return None
    return f"https://bsky.app/profile/{handle or match.group(1)}/post/{match.group(2)}"


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _embed_images(embed: dict | None) -> list[tuple[str, str, str]]:
    """(url, alt, role) for every picture in a post's embed view."""
    if not isinstance(embed, dict):
        return []
    kind = embed.get("$type", "")
    if kind.startswith("app.bsky.embed.recordWithMedia"):
        return _embed_images(embed.get("media"))
    out = []
    if kind.startswith("app.bsky.embed.images"):
        for image in _dicts(embed.get("images")):
            url = image.get("fullsize") or image.get("thumb")
            if isinstance(url, str) and url:
                out.append((url, _str(image.get("alt")), "post"))
    elif kind.startswith("app.bsky.embed.gallery"):
        for item in _dicts(embed.get("items")):
            url = item.get("fullsize") or item.get("thumbnail")
            if isinstance(url, str) and url:
                out.append((url, _str(item.get("alt")), "post"))
    elif kind.startswith("app.bsky.embed.video"):
        if isinstance(embed.get("thumbnail"), str) and embed["thumbnail"]:
            out.append((embed["thumbnail"], _str(embed.get("alt")), "thumbnail"))
    return out


class BlueskyConnector(Connector):
    kind = "bluesky"

    def _api(self, method: str, **params: str | None) -> dict:
        base = (self.base_url or PUBLIC_APPVIEW).rstrip("/")
        query = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in params.items() if value is not None)
        url = f"{base}/xrpc/{method}?{query}"
        try:
            data = self.client.get_json(url, allow_private=self.allow_private)
        except HttpStatusError as exc:
            body = exc.json() or {}
            name = body.get("error") if isinstance(body, dict) else None
            if name in PROFILE_ERRORS:
                raise SourceError(PROFILE_ERRORS[name], str(name)) from exc
            message = (body.get("message") or "").lower() if isinstance(body, dict) else ""
            if exc.status == 400 and ("not found" in message or "could not find" in message or name == "NotFound"):
                raise SourceError("sources.not_found") from exc
            raise
        if not isinstance(data, dict):
            raise SourceError("sources.bad_json", "not an object")
        return data

    def list_photos(self, ctx) -> SourceListing:
        handle = normalise_handle(self.target)
        ctx.check_cancelled()
        profile = self._api("app.bsky.actor.getProfile", actor=handle)
        did = profile.get("did")
        if not did:
            raise SourceError("sources.bad_json", "profile without did")
        handle = profile.get("handle") or handle
        hidden = _hidden_from_logged_out(profile.get("labels"))
        account_visibility = "unlisted" if hidden else "public"
        listing = SourceListing(
            visibility=account_visibility,
            account_flags={"logged_out_hidden": hidden, "posts": count_of(profile.get("postsCount"))},
            profile_text=" ".join(filter(None, [profile.get("displayName"), profile.get("description")])),
        )
        if hidden:
            listing.notices.append("sources.bluesky_logged_out_hidden")
        profile_url = f"https://bsky.app/profile/{handle}"
        if profile.get("avatar"):
            listing.photos.append(
                PhotoRef(
                    profile["avatar"], profile_url, None, profile.get("displayName") or "", account_visibility, "avatar"
                )
            )
        if profile.get("banner"):
            listing.photos.append(PhotoRef(profile["banner"], profile_url, None, "", account_visibility, "header"))
        cursor, seen_cursors, page = None, set(), 0
        while page < MAX_PAGES:
            ctx.check_cancelled()
            feed = self._api(
                "app.bsky.feed.getAuthorFeed",
                actor=did,
                filter="posts_with_media",
                limit=str(PAGE_LIMIT),
                cursor=cursor,
            )
            page += 1
            for item in feed.get("feed") or []:
                self._add_post(listing, item, did, handle, account_visibility)
            ctx.progress(page, None, "")
            cursor = feed.get("cursor")
            if not cursor or cursor in seen_cursors or not feed.get("feed"):
                break
            seen_cursors.add(cursor)
        return listing

    def _add_post(self, listing: SourceListing, item: dict, did: str, handle: str, account_visibility: str) -> None:
        if not isinstance(item, dict):
            return
        reason = item.get("reason") or {}
        if isinstance(reason, dict) and reason.get("$type", "").startswith("app.bsky.feed.defs#reasonRepost"):
            return
        post = item.get("post") or {}
        author = post.get("author") or {}
        if author.get("did") != did:
            return
        record = post.get("record") or {}
        visibility = "unlisted" if _hidden_from_logged_out(author.get("labels")) else account_visibility
        taken = dates.from_iso(record.get("createdAt")) or dates.from_iso(post.get("indexedAt"))
        post_url = _web_url(post.get("uri", ""), handle)
        text = _str(record.get("text"))
        for url, alt, role in _embed_images(post.get("embed")):
            # A stranger reads the post text and the alt text: both can give the child away.
            caption = "\n".join(part for part in dict.fromkeys((text, alt)) if part)
            listing.photos.append(PhotoRef(url, post_url, taken, caption, visibility, role))

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        return self.client.get_image(photo.image_url, allow_private=self.allow_private)

    def content_addressed(self, photo: PhotoRef) -> bool:
        # cdn.bsky.app/img/<preset>/plain/<did>/<cid>@<format>: the CID is the hash of the blob itself.
        return CDN_PATH.search(urlsplit(photo.image_url).path) is not None
