"""RSS and Atom feeds: Naver Blog, Tistory, YouTube channels and any other feed.

The bytes come from our HTTP client; feedparser only ever sees bytes, never a URL. Photos come from
``media:content`` / ``media:thumbnail``, image enclosures and ``<img>`` in the description. Naver links lose
their tracking parameters, protocol-relative image URLs get a scheme, and an HTML page served where a feed
was expected (a block page, a login page) is reported as such.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from desktop.sources import dates
from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError, SourceListing
from desktop.sources.html_images import (
    absolute,
    add_photo,
    html_to_text,
    images_in_soup,
    parse_html,
    usable,
)
from desktop.sources.http import with_base

TRACKING_PARAMETERS = {
    "fromrss",
    "trackingcode",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp")
MAX_PHOTOS_PER_ITEM = 50  # a post with more is a hostile or a broken feed: only the first ones are checked
RSS_ITEM = re.compile(rb"<item[\s>].*?</item>", re.IGNORECASE | re.DOTALL)
TEXT_ENCLOSURE = re.compile(rb"<enclosure\b([^>]*)>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.IGNORECASE)


def post_link(entry) -> str | None:
    """The post's web address: the ``rel="alternate"`` link with an address (an empty ``<link/>`` beside it, or
    an Atom id that feedparser files as the link, is not one)."""
    for link in entry.get("links") or []:
        href = (link.get("href") or "").strip()
        if link.get("rel", "alternate") == "alternate" and href.startswith(("http://", "https://")):
            return href
    href = str(entry.get("link") or "").strip()
    return href if href.startswith(("http://", "https://")) else None


def entry_markup(entry) -> str:
    """An entry's HTML: summary and content, each once (an Atom feed's summary often repeats its content)."""
    parts = [entry.get("summary") or ""] + [c.get("value", "") for c in entry.get("content") or []]
    return " ".join(dict.fromkeys(parts))


def text_enclosures(body: bytes) -> list[list[tuple[str, str]]]:
    """Per RSS item, the enclosures written with the address as text (``<enclosure type="image/jpeg">https://…
    </enclosure>``), which feedparser drops: [(url, type)]."""
    found = []
    for item in RSS_ITEM.findall(body):
        urls = []
        for attributes, url in TEXT_ENCLOSURE.findall(item):
            kind = re.search(rb'type\s*=\s*["\']([^"\']+)', attributes)
            urls.append((url.decode("utf-8", "replace").replace("&amp;", "&"), kind.group(1).decode() if kind else ""))
        found.append(urls)
    return found


def _homepage(image_url: str, feed) -> bool:
    """A channel ``<image><url>`` that is only the site's address, not a picture."""
    parts = urlsplit(image_url)
    if parts.path.strip("/") == "" and not parts.query:
        return True
    site = (feed.get("link") or "").rstrip("/")
    return bool(site) and image_url.rstrip("/") == site


def resolve_feed_url(target: str) -> str:
    """The feed address for what the user typed: a feed URL, a Naver blog, a Tistory blog, a YouTube channel."""
    text = target.strip()
    if text.lower().startswith("naver:"):
        return f"https://rss.blog.naver.com/{text.split(':', 1)[1].strip()}.xml"
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise SourceError("sources.bad_target_feed")
    segments = [s for s in parts.path.split("/") if s]
    if host in ("blog.naver.com", "m.blog.naver.com") and segments:
        blog_id = dict(parse_qsl(parts.query)).get("blogId") or segments[0]
        if blog_id.lower() != "postview.naver":
            return f"https://rss.blog.naver.com/{blog_id}.xml"
    if host.endswith(".tistory.com") and not segments:
        return f"{parts.scheme}://{parts.netloc}/rss"
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com") and len(segments) >= 2 and segments[0] == "channel":
        return f"https://www.youtube.com/feeds/videos.xml?channel_id={segments[1]}"
    return text


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in TRACKING_PARAMETERS]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    if head.startswith(b"<?xml"):
        return False
    sample = body[:4096].lower()
    return b"<html" in sample and not any(tag in sample for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def _is_image(url: str, media_type: str | None, medium: str | None) -> bool:
    if medium:
        return medium.lower() == "image"
    if media_type:
        return media_type.lower().startswith("image/")
    return urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)


def parse_feed(body: bytes, feed_url: str, visibility: str = "public") -> SourceListing:
    """Photos in a feed's bytes. Raises ``sources.not_a_feed`` for HTML and ``sources.bad_feed`` for junk."""
    if looks_like_html(body):
        raise SourceError("sources.not_a_feed")
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        raise SourceError("sources.bad_feed", str(parsed.get("bozo_exception", "")))
    if not parsed.get("version") and not parsed.entries:  # an empty body has no version at all
        raise SourceError("sources.not_a_feed")
    listing = SourceListing(visibility=visibility, account_flags={"entries": len(parsed.entries)})
    if parsed.bozo:
        listing.notices.append("sources.feed_damaged")
    listing.profile_text = " ".join(
        filter(None, [html_to_text(parsed.feed.get("title")), html_to_text(parsed.feed.get("subtitle"))])
    )
    channel_image = parsed.feed.get("image", {}).get("href")
    if channel_image and _homepage(absolute(channel_image, feed_url), parsed.feed):
        listing.skip("sources.skipped.homepage_image")
    elif channel_image:
        listing.photos.append(
            PhotoRef(
                absolute(channel_image, feed_url),
                parsed.feed.get("link"),
                None,
                parsed.feed.get("title") or "",
                visibility,
                "avatar",
            )
        )
    seen: set[str] = {p.image_url for p in listing.photos}
    as_text = text_enclosures(body) if parsed.get("version", "").startswith("rss") else []
    if len(as_text) != len(parsed.entries):
        as_text = []
    home = post_link(parsed.feed)
    by_variant: dict[str, int] = {}
    for number, entry in enumerate(parsed.entries):
        link = strip_tracking(post_link(entry) or "") or home
        taken = dates.from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
        title = html_to_text(entry.get("title"))
        found: list[tuple[str, str, str]] = []  # (url, caption, role)
        youtube = bool(entry.get("yt_videoid"))
        # feedparser files a media:description nested in media:content under entry.content as plain text
        plain = [c.get("value", "") for c in entry.get("content") or [] if c.get("type") == "text/plain"]
        for number, media in enumerate(entry.get("media_content") or []):
            url = media.get("url")
            if url and _is_image(url, media.get("type"), media.get("medium")):
                found.append((url, plain[number] if number < len(plain) else "", "post"))
        for thumb in entry.get("media_thumbnail") or []:
            if thumb.get("url"):
                found.append((thumb["url"], "", "thumbnail"))
        for enclosure in entry.get("enclosures") or []:
            url = enclosure.get("href") or enclosure.get("url")
            if url and _is_image(url, enclosure.get("type"), None):
                found.append((url, "", "post"))
        for url, media_type in as_text[number] if as_text else []:
            if _is_image(url, media_type or None, None):
                found.append((url, "", "post"))
        if entry.get("news_image"):  # Bing News: <News:Image>
            found.append((str(entry["news_image"]).strip(), "", "post"))
        markup = entry_markup(entry)
        if "<img" in markup.lower() or "<picture" in markup.lower():
            for image in images_in_soup(parse_html(markup), link or feed_url, include_meta=False):
                found.append((image.url, image.alt, "post"))
        description = (entry.get("media_description") or "").strip()
        if len(found) > MAX_PHOTOS_PER_ITEM:
            found = found[:MAX_PHOTOS_PER_ITEM]
            if "sources.item_photo_cap_reached" not in listing.notices:
                listing.notices.append("sources.item_photo_cap_reached")
        body_text = html_to_text(markup) if found else ""  # once per post, not once per photo
        for url, alt, role in found:
            if not usable(url):
                continue
            full = absolute(url, link or feed_url)
            if full in seen:
                continue
            seen.add(full)
            # Everything a stranger reads around the photo: title, text, description, alt text.
            caption = join_texts(title, body_text, html_to_text(description), html_to_text(alt))
            # one photo across sizes (Blogger's s72-c thumbnail of an s1600 image)
            add_photo(listing, PhotoRef(full, link, taken, caption, visibility, "thumbnail" if youtube else role),
                      by_variant)
    return listing


def join_texts(*parts: str) -> str:
    seen: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and not any(part in earlier for earlier in seen):
            seen.append(part)
    return "\n".join(seen)[:2000]


def platform_of(feed_url: str, body: bytes) -> str:
    host = (urlsplit(feed_url).hostname or "").lower()
    head = body[:4096]
    if host.endswith("naver.com") or b"<generator>Naver Blog" in head:
        return "naver"
    if host.endswith("tistory.com") or b"<generator>TISTORY" in head:
        return "tistory"
    if host.endswith("youtube.com") or b"xmlns:yt=" in head:
        return "youtube"
    return "feed"


class FeedConnector(Connector):
    kind = "feed"

    def feed_url(self) -> str:
        return with_base(resolve_feed_url(self.target), self.base_url)

    def list_photos(self, ctx) -> SourceListing:
        url = self.feed_url()
        ctx.check_cancelled()
        page = self.client.get_page(url, allow_private=self.allow_private)
        ctx.progress(1, 1, "")
        listing = parse_feed(page.body, page.final_url)
        listing.read(page.final_url, "feed", int(listing.account_flags.get("entries", 0)), len(listing.photos))
        listing.account_flags["platform"] = platform_of(resolve_feed_url(self.target), page.body)
        return listing

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        return self.client.get_image(photo.image_url, allow_private=self.allow_private)
