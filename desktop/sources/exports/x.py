"""X (Twitter) archive: the child's own tweets with photos, from every archive layout X has shipped.

* 2019 to now: ``data/tweets.js`` (``tweet.js`` until 2022, ``tweets-part1.js`` … for large archives) with
  the photos in ``data/tweets_media`` (``tweet_media`` until 2022), each named ``<tweet id>-<name>``.
  Videos and GIFs are there as ``<tweet id>-<name>.mp4`` (the thumbnail named in the tweet is not).
* Before 2019 ("Grailbird"): ``data/js/tweets/YYYY_MM.js`` and ``data/js/user_details.js``. These archives
  hold no photos: the photo addresses in the tweets are listed and fetched from X through the one HTTP client.

The ``.js`` files are JavaScript assignments (``window.YTD.tweets.part0 = [...]``, ``Grailbird.data.tweets_2013_01
= [...]``): everything after the first ``=`` is parsed as JSON, never evaluated. ``protected-history.js`` says
whether the posts are protected (followers only) now. Retweets are other people's posts and are skipped.
``profile.js`` gives the bio, and ``profile_media/`` the profile photo and header (public even when protected).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from desktop.sources import dates
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.archive import is_image_name
from desktop.sources.exports.base import ExportConnector, dig

TWITTER_DATE = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S %z")
ASSIGNMENT_HEADS = ("window.YTD", "Grailbird.data", "var user_details", "var tweet_index", "var payload_details")
VIDEO_TYPES = ("video", "animated_gif")


def parse_ytd(text: str, name: str):
    """The JSON value assigned in an archive ``.js`` file."""
    head, equals, rest = text.partition("=")
    if not equals or not any(marker in head for marker in ASSIGNMENT_HEADS):
        raise SourceError("sources.export_bad_file", "no assignment", name=name)
    try:
        return json.loads(rest.strip().rstrip(";"))
    except ValueError as exc:
        raise SourceError("sources.export_bad_file", str(exc), name=name) from exc


def is_retweet(tweet: dict) -> bool:
    text = str(tweet.get("full_text") or tweet.get("text") or "")
    return bool(tweet.get("retweeted_status")) or text.startswith("RT @")


class XExportConnector(ExportConnector):
    kind = "x-export"

    def _js(self, name: str):
        return parse_ytd(self.archive.read_text(name), name.rsplit("/", 1)[-1])

    def list_photos(self, ctx) -> SourceListing:
        archive = self.archive
        ctx.check_cancelled()
        tweet_files = archive.glob("data/tweets.js", "data/tweet.js", "data/tweets-part*.js", "data/tweet-part*.js")
        grailbird = archive.glob("data/js/tweets/*.js")
        if not tweet_files and not grailbird:
            raise SourceError("sources.export_wrong_kind", platform="X")
        username = None
        for name in archive.glob("data/account.js"):
            username = dig(self._js(name), 0, "account", "username")
        for name in archive.glob("data/js/user_details.js"):
            username = username or dig(self._js(name), "screen_name")
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
        self._profile(listing, username)
        # every media file by the tweet it belongs to: "<tweet id>-<name>"
        media_files: dict[str, list[str]] = {}
        for name in archive.glob("data/tweets_media/*", "data/tweet_media/*"):
            tweet_id = PurePosixPath(name).name.split("-", 1)[0]
            media_files.setdefault(tweet_id, []).append(name)
        seen: set[str] = set()
        files = [(n, "tweets") for n in tweet_files] + [(n, "tweets_grailbird") for n in grailbird]
        for done, (name, part) in enumerate(files, start=1):
            ctx.check_cancelled()
            before = len(listing.photos)
            items = self._js(name) or []
            for item in items:
                tweet = dig(item, "tweet") or item
                if isinstance(tweet, dict):
                    self._tweet(tweet, part, media_files, username, visibility, listing, seen)
            listing.read(name, part, len(items), len(listing.photos) - before)
            ctx.progress(done, len(files), "")
        missing = listing.skipped.get("sources.skipped.missing", 0)
        if missing:
            listing.account_flags["missing_files"] = missing
            listing.notices.append("sources.export_media_missing")
        if listing.skipped.get("sources.skipped.retweets"):
            listing.account_flags["retweets_skipped"] = listing.skipped["sources.skipped.retweets"]
        return listing

    def _profile(self, listing: SourceListing, username: str | None) -> None:
        """The bio (checked for school names and phone numbers), and the profile photo and header from
        ``data/profile_media/<account id>-<name>``: both public even on a protected account."""
        archive = self.archive
        for name in archive.glob("data/profile.js"):
            profile = dig(self._js(name), 0, "profile") or {}
            bio = dig(profile, "description", "bio")
            location = dig(profile, "description", "location")
            listing.profile_text = " ".join(t for t in (bio, location) if isinstance(t, str) and t.strip())
            media = archive.glob("data/profile_media/*")
            before = len(listing.photos)
            for key, role in (("avatarMediaUrl", "avatar"), ("headerMediaUrl", "header")):
                remote = profile.get(key) if isinstance(profile, dict) else None
                if not isinstance(remote, str) or not remote.startswith("https://"):
                    continue
                basename = PurePosixPath(urlsplit(remote).path).name
                member = next((m for m in media if PurePosixPath(m).name.split("-", 1)[-1].startswith(basename)),
                              None)
                page = f"https://x.com/{username}" if username else None
                listing.photos.append(PhotoRef(member or remote, page, None, username or "", "public", role))
            listing.read(name, "profile", 1, len(listing.photos) - before)

    @staticmethod
    def _tweet(tweet, part, media_files, username, visibility, listing, seen) -> None:
        media = dig(tweet, "extended_entities", "media", default=None) or dig(tweet, "entities", "media") or []
        if not isinstance(media, list) or not media:
            return
        if is_retweet(tweet):
            listing.skip("sources.skipped.retweets")
            return
        tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
        taken = dates.from_formats(tweet.get("created_at"), TWITTER_DATE)
        post_url = f"https://x.com/{username or 'i/web'}/status/{tweet_id}" if tweet_id else None
        text = str(tweet.get("full_text") or tweet.get("text") or "")
        own_files = media_files.get(tweet_id, [])
        for entry in media:
            if not isinstance(entry, dict):
                continue
            remote = str(entry.get("media_url_https") or entry.get("media_url") or "")
            if str(entry.get("type") or "photo") in VIDEO_TYPES:
                # on disk as "<tweet id>-<name>.mp4"; faces in videos are not checked
                if part == "tweets_grailbird" or any(not is_image_name(f) for f in own_files):
                    listing.skip("sources.skipped.videos")
                else:
                    listing.skip("sources.skipped.missing")
                continue
            basename = PurePosixPath(urlsplit(remote).path).name
            if not basename:
                continue
            if part == "tweets_grailbird":
                member = remote if remote.startswith("https://") else None  # Grailbird archives hold no photos
            else:
                member = next((f for f in own_files if PurePosixPath(f).name == f"{tweet_id}-{basename}"), None)
            if member is None:
                listing.skip("sources.skipped.missing")
                continue
            if member in seen:
                continue
            seen.add(member)
            listing.photos.append(PhotoRef(member, post_url, taken, text, visibility, "post"))
