"""Loopback fake platforms for end-to-end tests: a Bluesky AppView, an RSS feed and a school gallery, in the
real formats (see ../shared/docs/platform-formats.md), serving the images a test gives them.

With ``validators=True`` every answer carries an ``ETag`` (a hash of its body) and a request whose
``If-None-Match`` matches gets ``304 Not Modified``, as real platforms and CDNs answer. ``responses`` records
``(path, status)`` for every answer."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse


@dataclass
class Post:
    image: str  # name under /img/
    text: str = ""


@dataclass
class Platforms:
    images: dict[str, bytes]
    bluesky_posts: list[Post] = field(default_factory=list)
    bluesky_avatar: str | None = None
    feed_posts: list[Post] = field(default_factory=list)
    gallery_pages: list[list[Post]] = field(default_factory=list)
    page_size: int = 2
    requests: list[str] = field(default_factory=list)
    fail_paths: set[str] = field(default_factory=set)
    fail_once: set[str] = field(default_factory=set)  # each answers 500 once, then normally
    validators: bool = False
    responses: list[tuple[str, int]] = field(default_factory=list)
    # Serve this many images, then hold every further image request until ``release`` is set: a scan that is
    # surely in the middle, however fast the machine.
    hold_images_after: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    images_served: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)


def serve(platforms: Platforms, host: str = "127.0.0.1"):
    did = "did:plc:testchild"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            return

        def send(self, status, body: bytes, content_type: str):
            etag = None
            if platforms.validators and status == 200:
                import hashlib

                etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                if self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
            platforms.responses.append((self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            platforms.requests.append(self.path)
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            if url.path in platforms.fail_paths:
                return self.send(500, b"{}", "application/json")
            if url.path in platforms.fail_once:
                platforms.fail_once.discard(url.path)
                return self.send(500, b"{}", "application/json")
            if url.path == "/robots.txt":
                return self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            if url.path.startswith("/img/"):
                name = url.path[5:]
                if name in platforms.images:
                    with platforms._lock:
                        platforms.images_served += 1
                        held = platforms.hold_images_after is not None and \
                            platforms.images_served > platforms.hold_images_after
                    if held:
                        platforms.release.wait(60)
                    return self.send(200, platforms.images[name], "image/jpeg")
                return self.send(404, b"", "text/plain")
            if url.path == "/xrpc/app.bsky.actor.getProfile":
                profile = {"did": did, "handle": "child.test", "displayName": "Child", "labels": [],
                           "followersCount": 1, "followsCount": 1, "postsCount": len(platforms.bluesky_posts)}
                if platforms.bluesky_avatar:
                    profile["avatar"] = f"{base}/img/{platforms.bluesky_avatar}"
                return self.send(200, json.dumps(profile).encode(), "application/json")
            if url.path == "/xrpc/app.bsky.feed.getAuthorFeed":
                start = int(query.get("cursor", 0))
                chunk = platforms.bluesky_posts[start:start + platforms.page_size]
                author = {"did": did, "handle": "child.test", "labels": []}
                feed = [{"post": {
                    "uri": f"at://{did}/app.bsky.feed.post/p{start + i}", "cid": f"c{start + i}", "author": author,
                    "record": {"$type": "app.bsky.feed.post", "text": post.text,
                               "createdAt": "2026-10-01T00:00:00Z"},
                    "embed": {"$type": "app.bsky.embed.images#view", "images": [
                        {"thumb": f"{base}/img/{post.image}", "fullsize": f"{base}/img/{post.image}", "alt": ""}]},
                    "indexedAt": "2026-10-01T00:00:00Z", "labels": [],
                }} for i, post in enumerate(chunk)]
                body = {"feed": feed}
                if start + platforms.page_size < len(platforms.bluesky_posts):
                    body["cursor"] = str(start + platforms.page_size)
                return self.send(200, json.dumps(body).encode(), "application/json")
            if url.path == "/feed.xml":
                items = "".join(
                    f"<item><title>post {n}</title><link>{base}/post/{n}</link><guid>{base}/post/{n}</guid>"
                    f"<description><![CDATA[<img src=\"{base}/img/{post.image}\"> {post.text}]]></description>"
                    f"<pubDate>Sat, 01 Nov 2026 10:00:00 +0900</pubDate></item>"
                    for n, post in enumerate(platforms.feed_posts))
                rss = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>blog</title>"
                       f"<link>{base}/</link><description>d</description>{items}</channel></rss>")
                return self.send(200, rss.encode(), "application/rss+xml; charset=utf-8")
            if url.path == "/gallery":
                page = int(query.get("page", 1))
                if not 1 <= page <= len(platforms.gallery_pages):
                    return self.send(404, b"", "text/html")
                cells = "".join(f"<li><img data-src=\"/img/{p.image}\" alt=\"{p.text}\"><p>{p.text}</p></li>"
                                for p in platforms.gallery_pages[page - 1])
                nxt = (f"<a rel=\"next\" href=\"/gallery?page={page + 1}\">다음</a>"
                       if page < len(platforms.gallery_pages) else "")
                html = f"<!doctype html><html><body><ul>{cells}</ul>{nxt}</body></html>"
                return self.send(200, html.encode(), "text/html; charset=utf-8")
            return self.send(404, b"{}", "application/json")

    from desktop.demo_server import LoopbackHTTPServer  # no reverse-DNS lookup of the address (egress tests)

    server = LoopbackHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
