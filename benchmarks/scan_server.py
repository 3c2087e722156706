"""The benchmarks' loopback "Bluesky": an AppView (``app.bsky.actor.getProfile``,
``app.bsky.feed.getAuthorFeed`` with ``cursor`` pagination, 100 posts a page) and an image host serving
``/img/<n>.jpg`` (or, with ``url_style="cid"``, at cdn.bsky.app-style addresses
``/img/feed_fullsize/plain/<did>/<cid>@jpeg`` named by a hash of the bytes) with ``ETag`` and
``Last-Modified``, answering ``If-None-Match`` with ``304``. Every request
sleeps ``latency`` seconds before it is answered (injected server latency). Images can be spread over several
loopback addresses (127.0.0.1, 127.0.0.2, ...: one server each, one shared state) to stand for several hosts.

Used by ``benchmarks/scan_latency.py`` and ``benchmarks/gui_stall.py``; nothing here leaves the machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
DEMO_PHOTOS = ROOT / "assets" / "demo" / "photos"
ENROL_PHOTOS = ROOT / "assets" / "demo" / "enrol"
DID = "did:plc:benchchild00000000000000"
HANDLE = "bench.child.test"
PAGE = 100
LAST_MODIFIED = "Sat, 01 Nov 2026 10:00:00 GMT"


def noface_image(number: int, size: tuple[int, int]) -> bytes:
    """A picture without a face: a sky, a ground and a few shapes, different for every ``number``."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)
    width, height = size
    sky = tuple(rng.randrange(90, 250) for _ in range(3))
    ground = tuple(rng.randrange(30, 200) for _ in range(3))
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.75))
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(rng.randrange(3, 9)):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(max(4, width // 30), max(8, width // 8))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x, y, x + r, y + r // 2), fill=colour) if rng.random() < 0.5 else \
            draw.ellipse((x, y, x + r, y + r), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def portrait_variant(path: Path, width: int) -> bytes:
    """A demo photo resized to ``width`` pixels wide (different bytes for every width)."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=86)
    return out.getvalue()


def make_photos(mode: str, count: int = 300) -> list[bytes]:
    """``noface``: ``count`` tiny generated pictures (analysis is cheap: the run measures the network part).
    ``mixed``: one in five a real portrait from ``assets/demo/photos`` at a different size, the rest generated
    pictures at social-media size (the run measures the whole scan)."""
    if mode == "noface":
        return [noface_image(n, (96, 72)) for n in range(count)]
    portraits = sorted(p for p in DEMO_PHOTOS.glob("*.jpg") if p.name != "avatar.jpg")
    photos = []
    for n in range(count):
        if n % 5 == 0:
            source = portraits[(n // 5) % len(portraits)]
            photos.append(portrait_variant(source, 480 + 8 * (n // 5)))
        else:
            photos.append(noface_image(n, (800, 600)))
    return photos


@dataclass
class BenchPlatform:
    photos: list[bytes]
    latency: float = 0.05
    image_hosts: int = 1
    counts: Counter = field(default_factory=Counter)  # (kind, status) -> n
    lock: threading.Lock = field(default_factory=threading.Lock)
    servers: list = field(default_factory=list)
    port: int = 0
    url_style: str = "plain"  # "plain": /img/<n>.jpg; "cid": Bluesky CDN style, named by a hash of the bytes

    def __post_init__(self) -> None:
        self.cids = [self.cid(data) for data in self.photos]
        self.by_cid = {cid: n for n, cid in enumerate(self.cids)}

    @staticmethod
    def cid(data: bytes) -> str:
        import base64

        return "bafkrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]

    def etag(self, n: int) -> str:
        return '"' + hashlib.sha1(self.photos[n]).hexdigest()[:16] + '"'

    def image_url(self, n: int) -> str:
        host = f"127.0.0.{1 + n % self.image_hosts}"
        if self.url_style == "cid":
            return f"http://{host}:{self.port}/img/feed_fullsize/plain/{DID}/{self.cids[n]}@jpeg"
        return f"http://{host}:{self.port}/img/{n}.jpg"

    def image_number(self, path: str) -> int:
        name = path.rsplit("/", 1)[-1]
        if name.endswith("@jpeg"):
            return self.by_cid[name.removesuffix("@jpeg")]
        return int(name.removesuffix(".jpg"))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, kind: str, status: int) -> None:
        with self.lock:
            self.counts[(kind, status)] += 1

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()

    def summary(self) -> dict[str, int]:
        with self.lock:
            return {f"{kind} {status}": n for (kind, status), n in sorted(self.counts.items())}

    def start(self) -> BenchPlatform:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, as a real server sends them

            def log_message(self, *args):
                return

            def send(self, kind: str, status: int, body: bytes, content_type: str, headers=()):
                platform.count(kind, status)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers:
                    self.send_header(key, value)
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - http.server API
                time.sleep(platform.latency)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path.startswith("/img/"):
                    try:
                        n = platform.image_number(url.path)
                        data = platform.photos[n]
                    except (ValueError, IndexError, KeyError):
                        return self.send("image", 404, b"", "text/plain")
                    validators = (("ETag", platform.etag(n)), ("Last-Modified", LAST_MODIFIED))
                    if self.headers.get("If-None-Match") == platform.etag(n):
                        return self.send("image", 304, b"", "image/jpeg", validators)
                    return self.send("image", 200, data, "image/jpeg", validators)
                if url.path == "/xrpc/app.bsky.actor.getProfile":
                    body = {"did": DID, "handle": HANDLE, "displayName": "Bench Child", "labels": [],
                            "followersCount": 3, "followsCount": 3, "postsCount": len(platform.photos)}
                    return self.api(body)
                if url.path == "/xrpc/app.bsky.feed.getAuthorFeed":
                    return self.api(platform.feed_page(int(query.get("cursor", 0))))
                return self.send("api", 404, b'{"error":"NotFound"}', "application/json")

            def api(self, body: dict):
                data = json.dumps(body).encode()
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self.send("api", 304, b"", "application/json", (("ETag", etag),))
                return self.send("api", 200, data, "application/json", (("ETag", etag),))

        for host in range(self.image_hosts):
            server = ThreadingHTTPServer((f"127.0.0.{1 + host}", self.port), Handler)
            server.daemon_threads = True
            self.port = server.server_address[1]
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        return self

    def feed_page(self, start: int) -> dict:
        author = {"did": DID, "handle": HANDLE, "labels": []}
        feed = []
        for n in range(start, min(start + PAGE, len(self.photos))):
            url = self.image_url(n)
            feed.append({"post": {
                "uri": f"at://{DID}/app.bsky.feed.post/p{n}", "cid": f"c{n}", "author": author,
                "record": {"$type": "app.bsky.feed.post", "text": f"post {n}", "createdAt": "2026-10-01T00:00:00Z"},
                "embed": {"$type": "app.bsky.embed.images#view",
                          "images": [{"thumb": url, "fullsize": url, "alt": ""}]},
                "indexedAt": "2026-10-01T00:00:00Z", "labels": [],
            }})
        body: dict = {"feed": feed}
        if start + PAGE < len(self.photos):
            body["cursor"] = str(start + PAGE)
        return body

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def prepare_workspace(data_dir: Path, base_url: str):
    """A fresh data folder with one consenting child, enrolled from ``assets/demo/enrol``, and her Bluesky."""
    from desktop import paths
    from desktop.faces.enrol import enrol
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(paths.resolve(data_dir).ensure())
    child = workspace.persons.add("Bench Child", role="child", age_band="under14", consent_by=["guardian"])
    enrol(workspace, child, sorted(ENROL_PHOTOS.glob("*.jpg")))
    workspace.sources.add(person_id=child.id, kind="bluesky", target=HANDLE, owner="self", base_url=base_url,
                          allow_private=True)
    return workspace, workspace.persons.require("Bench Child")
