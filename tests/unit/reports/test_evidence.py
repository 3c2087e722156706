"""A parent records a harmful image served by a web server: the record has what ACOSAV or the police need, and
the family's computer ends up holding no copy of the image."""

import hashlib
import io
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from PIL import Image

from desktop.reports.evidence import capture_from_bytes, capture_from_file, capture_from_url, hash_file
from desktop.reports.pdq import pdq_hash


def _image_bytes(seed: int = 7) -> bytes:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(24, 32, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).resize((640, 480), Image.Resampling.BICUBIC).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


IMAGE = _image_bytes()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        if self.path != "/photos/fake.jpg":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(IMAGE)))
        self.send_header("ETag", '"abc123"')
        self.send_header("Last-Modified", "Sat, 01 Mar 2025 05:00:00 GMT")
        self.send_header("Set-Cookie", "session=our-own-cookie")
        self.end_headers()
        self.wfile.write(IMAGE)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _no_image_bytes_in(data_dir, image: bytes) -> list[str]:
    """Files in the data dir holding any 64-byte stretch of the image (plain, not encrypted)."""
    probes = [image[i : i + 64] for i in range(0, len(image) - 64, max(1, len(image) // 40))]
    hits = []
    for path in data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            if any(probe in content for probe in probes):
                hits.append(str(path))
    return hits


def test_record_from_a_loopback_server_has_headers_and_hashes_and_keeps_no_image(server, workspace, app_paths):
    url = f"{server}/photos/fake.jpg"
    with urllib.request.urlopen(url, timeout=10) as response:  # test-only fetch; the app uses HttpClient
        data, status, headers = response.read(), response.status, dict(response.headers)
    record = capture_from_bytes(data, page_url=f"{server}/post/1", image_url=url, status=status, headers=headers)

    assert record.http_status == 200
    assert record.http_headers["content-type"] == "image/jpeg"
    assert record.http_headers["etag"] == '"abc123"'
    assert record.http_headers["last-modified"] == "Sat, 01 Mar 2025 05:00:00 GMT"
    assert "set-cookie" not in record.http_headers  # our own session, not evidence
    assert record.sha256 == hashlib.sha256(IMAGE).hexdigest()
    assert record.md5 == hashlib.md5(IMAGE).hexdigest()
    assert (record.pdq, record.pdq_quality) == pdq_hash(IMAGE)
    assert (record.image_format, record.image_width, record.image_height, record.size_bytes) == (
        "JPEG", 640, 480, len(IMAGE))
    assert record.captured_at_utc.endswith("Z") and "T" in record.captured_at_local
    assert record.kept_image is None and not record.image_kept

    thumbnail = Image.open(io.BytesIO(record.thumbnail_jpeg))
    assert max(thumbnail.size) <= 48 and thumbnail.format == "JPEG"
    assert len(record.thumbnail_jpeg) < len(IMAGE) / 10

    case = workspace.cases.create("Fake photo on a forum")
    stored = workspace.cases.add_evidence(case.id, record.to_dict(), kept_image=record.kept_image)
    assert stored.intact and not stored.has_kept_image
    assert workspace.cases.evidence(case.id)[0].record["http_headers"]["etag"] == '"abc123"'
    row = workspace.db.query_one("SELECT kept_image_enc FROM evidence WHERE id = ?", (stored.id,))
    assert row["kept_image_enc"] is None
    workspace.db.close()
    assert _no_image_bytes_in(app_paths.data_dir, IMAGE) == []


def test_keeping_the_image_is_explicit_and_it_is_stored_encrypted(workspace, app_paths):
    record = capture_from_bytes(IMAGE, image_url="https://example.org/a.jpg", keep_image=True)
    case = workspace.cases.create("Kept at the police's request")
    stored = workspace.cases.add_evidence(case.id, record.to_dict(), kept_image=record.kept_image)
    assert stored.has_kept_image and stored.record["image_kept"] is True
    assert workspace.cases.kept_image(stored.id) == IMAGE
    workspace.cases.discard_kept_image(stored.id)
    assert workspace.cases.kept_image(stored.id) is None
    workspace.db.close()
    assert _no_image_bytes_in(app_paths.data_dir, IMAGE) == []


def test_capture_through_the_project_http_client(server, workspace, app_paths):
    from desktop.sources.http import HttpClient

    with HttpClient(min_interval=0) as client:
        record = capture_from_url(f"{server}/photos/fake.jpg", f"{server}/post/1", client, allow_private=True)
    assert record.http_status == 200 and record.sha256 == hashlib.sha256(IMAGE).hexdigest()
    assert record.http_headers["etag"] == '"abc123"'
    assert record.kept_image is None


def test_a_video_file_gets_md5_and_no_pdq(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    record = capture_from_file(video)
    assert record.media == "video" and record.pdq is None and record.thumbnail_jpeg is None
    assert record.md5 == hashlib.md5(video.read_bytes()).hexdigest()
    assert record.file_name == "clip.mp4" and record.source == "file"
    hashes = hash_file(video)
    assert (hashes.media, hashes.md5, hashes.pdq) == ("video", record.md5, None)


def test_record_digest_changes_with_any_field():
    record = capture_from_bytes(IMAGE, image_url="https://example.org/a.jpg")
    before = record.digest
    record.http_status = 404
    assert record.digest != before
