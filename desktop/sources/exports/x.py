"""X (Twitter) archive: ``data/tweets.js`` and the photos in ``data/tweets_media``.

The ``.js`` files are JavaScript assignments (``window.YTD.tweets.part0 = [...]``): everything after the first
``=`` is parsed as JSON, never evaluated. ``protected-history.js`` says whether the posts are protected
(followers only) now.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.base import ExportConnector, dig

TWITTER_DATE = ("%a %b %d %H:%M:%S %z %Y",)


def parse_ytd(text: str, name: str):
    """The JSON value assigned in an archive ``.js`` file."""
    head, equals, rest = text.partition("=")
    if not equals or "window.YTD" not in head:
        raise SourceError("sources.export_bad_file", "no assignment", name=name)
    try:
        return json.loads(rest.strip().rstrip(";"))
    except ValueError as exc:
        raise SourceError("sources.export_bad_file", str(exc), name=name) from exc


class XExportConnector(ExportConnector):
    kind = "x-export"

    def _js(self, name: str):
        return parse_ytd(self.archive.read_text(name), name.rsplit("/", 1)[-1])

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        tweet_files = archive.glob("data/tweets.js", "data/tweet.js", "data/tweets-part*.js", "data/tweet-part*.js")
        if not tweet_files:
            raise SourceError("sources.export_wrong_kind", platform="X")
        username = None
        for name in archive.glob("data/account.js"):
            username = dig(self._js(name), 0, "account", "username")
        protected = None
        for name in archive.glob("data/protected-history.js"):
            history = [dig(item, "protectedHistory") for item in self._js(name) or []]
            history = [h for h in history if isinstance(h, dict)]
            history.sort(key=lambda h: str(h.get("protectedAt") or ""))
            if history:
                protected = str(history[-1].get("action", "")).lower() == "protect"
            else:
                protected = False
        visibility = "unknown" if protected is None else ("friends" if protected else "public")
        listing = SourceListing(visibility=visibility)
        if protected is not None:
            listing.account_flags["protected"] = protected
        else:
            listing.notices.append("sources.export_visibility_unknown")
        if username:
            listing.account_flags["username"] = username
        members = set(archive.names)
        media_dir = {n.rsplit("/", 1)[0] for n in archive.glob("data/tweets_media/*", "data/tweet_media/*")}
        seen: set[str] = set()
        missing = 0
        for done, name in enumerate(tweet_files, start=1):
            ctx.check_cancelled()
            for item in self._js(name) or []:
                tweet = dig(item, "tweet") or item
                if not isinstance(tweet, dict):
                    continue
                tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
                media = dig(tweet, "extended_entities", "media", default=None) or dig(tweet, "entities", "media") or []
                taken = dates.from_formats(tweet.get("created_at"), TWITTER_DATE)
                post_url = f"https://x.com/{username or 'i/web'}/status/{tweet_id}" if tweet_id else None
                text = tweet.get("full_text") or tweet.get("text") or ""
                for entry in media:
                    if not isinstance(entry, dict):
                        continue
                    remote = entry.get("media_url_https") or entry.get("media_url") or ""
                    basename = PurePosixPath(urlsplit(remote).path).name
                    if not basename:
                        continue
                    member = next(
                        (f"{d}/{tweet_id}-{basename}" for d in media_dir if f"{d}/{tweet_id}-{basename}" in members),
                        None,
                    )
                    if member is None:
                        missing += 1
                        continue
                    if member in seen:
                        continue
                    seen.add(member)
                    role = "post" if entry.get("type", "photo") == "photo" else "thumbnail"
                    listing.photos.append(PhotoRef(member, post_url, taken, text, visibility, role))
            ctx.progress(done, len(tweet_files), "")
        if missing:
            listing.account_flags["missing_files"] = missing
            listing.notices.append("sources.export_media_missing")
        return listing
