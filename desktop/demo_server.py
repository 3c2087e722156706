"""The demo's fake internet: a loopback HTTP server speaking the real formats of a Bluesky AppView
(``app.bsky.actor.getProfile``, ``app.bsky.feed.getAuthorFeed``), a Naver-style blog RSS feed and a school
homepage gallery with lazy-loaded images over two pages. Photos come from ``assets/demo/photos`` (public
domain, see its LICENSE) and from pictures without faces drawn here. Nothing leaves the machine.
"""

from __future__ import annotations

import io
import json
import socketserver
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from desktop.resources import asset

DID = "did:plc:haneuldemo0000000000000"
HANDLE = "haneul.demo.bsky.social"

# (rkey, image, caption, alt, created) — the child's own Bluesky posts.
BLUESKY_POSTS = [
    ("3kdemo1", "sports-day.jpg", "한빛초등학교 운동회! 3학년 2반 달리기 1등 🏃", "운동회에서 웃는 모습",
     "2026-10-03T09:12:00Z"),
    ("3kdemo2", "beach.jpg", "바닷가에서 즐거운 하루", "바다 풍경", "2026-09-14T15:40:00Z"),
    ("3kdemo3", "weekend.jpg", "주말 나들이", "", "2026-08-30T11:05:00Z"),
    ("3kdemo4", "grandpa.jpg", "할아버지랑 산책", "할아버지", "2026-08-02T17:20:00Z"),
]
# (image, title, text) — a parent's public blog (sharenting).
BLOG_POSTS = [
    ("birthday.jpg", "우리 하늘이 열 살 생일", "생일 축하해 하늘아! 선물 문의는 010-1234-5678 로 주세요."),
    ("garden.jpg", "텃밭 가꾸기", "올해 첫 상추를 땄어요."),
]
# The school's gallery: two pages, lazy-loaded images.
SCHOOL_PAGES = [
    [("sports-day.jpg", "2026 가을 운동회"), ("classroom.jpg", "3학년 교실 게시판")],
    [("class-trip.jpg", "3학년 2반 현장체험학습"), ("grandpa.jpg", "학부모 공개수업")],
]


@cache
def image_bytes(name: str) -> bytes:
    path = asset("demo", "photos", name)
    if path.exists():
        data = path.read_bytes()
        return _with_gps(data) if name == "weekend.jpg" else data
    return _drawn(name)


def _with_gps(data: bytes) -> bytes:
    """The weekend photo carries GPS data, as phone photos do (a park in Seoul, invented)."""
    from PIL import ExifTags, Image

    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (37.0, 33.0, 12.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def _drawn(name: str) -> bytes:
    """Pictures without faces: a beach, a garden, a classroom board."""
    from PIL import Image, ImageDraw

    palettes = {"beach.jpg": ("#8fd3ff", "#f4e1a6", "#2b7bb9"), "garden.jpg": ("#bfe3b4", "#6b4f2c", "#3f8f3a"),
                "classroom.jpg": ("#f5efe0", "#2f5d50", "#c94f4f")}
    sky, ground, accent = palettes.get(name, ("#dddddd", "#999999", "#555555"))
    image = Image.new("RGB", (900, 600), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 900, 600), fill=ground)
    for x in range(40, 900, 140):
        draw.ellipse((x, 300 + (x % 3) * 20, x + 90, 390), fill=accent)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class _Handler(BaseHTTPRequestHandler):
    server_version = "JikimiDemo/1"

    def log_message(self, format, *args):  # noqa: A002 - the demo server is silent
        return

    @property
    def base(self) -> str:
        address = self.server.server_address
        assert isinstance(address, tuple)  # an IPv4 loopback server
        return f"http://{address[0]}:{address[1]}"

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{hash(body) & 0xFFFFFFFF:x}"')
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/robots.txt":
            return self._send(b"User-agent: *\nAllow: /\n", "text/plain")
        if url.path.startswith("/img/"):
            return self._send(image_bytes(url.path[len("/img/"):]), "image/jpeg")
        if url.path == "/xrpc/app.bsky.actor.getProfile":
            return self._send(json.dumps(self.profile()).encode(), "application/json")
        if url.path == "/xrpc/app.bsky.feed.getAuthorFeed":
            return self._send(json.dumps(self.author_feed(query.get("cursor"))).encode(), "application/json")
        if url.path == "/blog/rss.xml":
            return self._send(self.rss().encode("utf-8"), "application/rss+xml; charset=utf-8")
        if url.path == "/school/gallery":
            page = int(query.get("page", "1"))
            if 1 <= page <= len(SCHOOL_PAGES):
                return self._send(self.gallery(page).encode("utf-8"), "text/html; charset=utf-8")
        self._send(b'{"error":"NotFound"}', "application/json", 404)

    def profile(self) -> dict:
        return {
            "did": DID, "handle": HANDLE, "displayName": "하늘 Haneul (demo)",
            "description": "한빛초 3학년 🌸 그림 그리기 좋아해요",
            "avatar": f"{self.base}/img/avatar.jpg", "followersCount": 48, "followsCount": 51, "postsCount": 4,
            "labels": [], "indexedAt": "2026-01-01T00:00:00Z",
        }

    def author_feed(self, cursor: str | None) -> dict:
        start = int(cursor or 0)
        page = BLUESKY_POSTS[start:start + 2]
        author = {"did": DID, "handle": HANDLE, "displayName": "하늘 Haneul (demo)",
                  "avatar": f"{self.base}/img/avatar.jpg", "labels": []}
        feed = []
        for rkey, image, text, alt, created in page:
            feed.append({"post": {
                "uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "cid": f"bafy{rkey}", "author": author,
                "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": created,
                           "embed": {"$type": "app.bsky.embed.images",
                                     "images": [{"alt": alt, "image": {"$type": "blob"}}]}},
                "embed": {"$type": "app.bsky.embed.images#view", "images": [{
                    "thumb": f"{self.base}/img/{image}", "fullsize": f"{self.base}/img/{image}", "alt": alt,
                    "aspectRatio": {"width": 900, "height": 900}}]},
                "replyCount": 0, "repostCount": 0, "likeCount": 3, "indexedAt": created, "labels": [],
            }})
        result: dict = {"feed": feed}
        if start + 2 < len(BLUESKY_POSTS):
            result["cursor"] = str(start + 2)
        return result

    def rss(self) -> str:
        items = "".join(
            f"<item><title><![CDATA[{title}]]></title><link>{self.base}/blog/post/{n}?fromRss=true&amp;trackingCode=rss"
            f"</link><guid>{self.base}/blog/post/{n}</guid><description><![CDATA[<img src=\"{self.base}/img/{image}\">"
            f" {text}]]></description><pubDate>Sat, 0{n + 1} Nov 2026 10:00:00 +0900</pubDate></item>"
            for n, (image, title, text) in enumerate(BLOG_POSTS)
        )
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                f"<title>하늘이네 이야기 (demo)</title><link>{self.base}/blog</link><description>demo</description>"
                f"{items}</channel></rss>")

    def gallery(self, page: int) -> str:
        cells = "".join(
            f"<li><img class=\"lazy\" src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/img/{image}\""
            f" alt=\"{caption}\"><p>{caption}</p></li>"
            for image, caption in SCHOOL_PAGES[page - 1]
        )
        next_link = ""
        if page < len(SCHOOL_PAGES):
            next_link = f"<a rel=\"next\" href=\"/school/gallery?page={page + 1}\">다음</a>"
        return (f"<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>한빛초등학교 포토갤러리 (demo)"
                f"</title></head><body><h1>한빛초등학교 포토갤러리</h1><ul class=\"gallery\">{cells}</ul>"
                f"<nav>{next_link}</nav></body></html>")


class LoopbackHTTPServer(ThreadingHTTPServer):
    """HTTPServer.server_bind asks DNS for the bound address's name (socket.getfqdn), a reverse lookup that
    leaves the machine for any loopback address not in /etc/hosts. Jikimi's only traffic is the linked sources,
    so the demo server names itself by its address instead."""

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = port


class DemoServer:
    def __init__(self):
        self.httpd = LoopbackHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="jikimi-demo-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> DemoServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
