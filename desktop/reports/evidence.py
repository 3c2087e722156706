"""Evidence records: what ACOSAV, the police or a platform need to act on a harmful image, without the family
keeping the image.

The image's bytes are hashed in memory (SHA-256, MD5, PDQ), a heavily blurred 48-pixel thumbnail is made so a
case worker can tell records apart, and the bytes are dropped. Possessing sexual deepfakes is a crime in Korea
since October 2024, so keeping the original is possible only when the caller asks for it explicitly
(``keep_image=True``), after the user has seen a warning.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

from desktop.core.records import record_sha256
from desktop.reports.pdq import ImageUnreadable, open_image, pdq_hash

RECORD_VERSION = 1
THUMBNAIL_SIZE = 48  # pixels on the long side
PIXEL_BLOCKS = 8  # the blurred thumbnail is then reduced to 8 blocks across: shapes and colours only
SOURCES = ("finding", "url", "file")
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".wmv", ".3gp", ".mpg", ".mpeg", ".ts", ".flv"}
# Headers that describe our own session rather than the content; not evidence, and not worth keeping.
DROPPED_HEADERS = {"set-cookie", "set-cookie2"}
READ_CHUNK = 1024 * 1024


@dataclass
class EvidenceRecord:
    """One captured image (or video/file). ``to_dict()`` is what is stored, exported and hashed."""

    source: str
    captured_at_utc: str
    captured_at_local: str
    sha256: str
    md5: str
    size_bytes: int
    media: str  # "image", "video" or "other"
    page_url: str | None = None
    image_url: str | None = None
    final_url: str | None = None
    file_name: str | None = None
    http_status: int | None = None
    http_headers: dict[str, str] = field(default_factory=dict)
    image_format: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    pdq: str | None = None
    pdq_quality: int | None = None
    thumbnail_jpeg: bytes | None = None  # heavily blurred, never the original
    image_kept: bool = False
    finding_id: int | None = None
    kept_image: bytes | None = field(default=None, repr=False)  # only with keep_image=True; stored sealed

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": RECORD_VERSION,
            "source": self.source,
            "captured_at_utc": self.captured_at_utc,
            "captured_at_local": self.captured_at_local,
            "page_url": self.page_url,
            "image_url": self.image_url,
            "final_url": self.final_url,
            "file_name": self.file_name,
            "http_status": self.http_status,
            "http_headers": dict(self.http_headers),
            "media": self.media,
            "size_bytes": self.size_bytes,
            "image_format": self.image_format,
            "image_width": self.image_width,
            "image_height": self.image_height,
            "sha256": self.sha256,
            "md5": self.md5,
            "pdq": self.pdq,
            "pdq_quality": self.pdq_quality,
            "thumbnail_jpeg_base64": base64.b64encode(self.thumbnail_jpeg).decode("ascii")
            if self.thumbnail_jpeg
            else None,
            "image_kept": self.image_kept,
            "finding_id": self.finding_id,
        }

    @property
    def digest(self) -> str:
        return record_sha256(self.to_dict())


def thumbnail_from_record(record: dict[str, Any]) -> bytes | None:
    encoded = record.get("thumbnail_jpeg_base64")
    return base64.b64decode(encoded) if encoded else None


def _times(now: datetime | None) -> tuple[str, str]:
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z"), moment.astimezone().isoformat()


def _clean_headers(headers: dict[str, str] | None) -> dict[str, str]:
    if not headers:
        return {}
    return {
        str(name).lower(): str(value)
        for name, value in sorted(headers.items(), key=lambda item: str(item[0]).lower())
        if str(name).lower() not in DROPPED_HEADERS
    }


def blurred_thumbnail(image: Image.Image) -> bytes:
    """A thumbnail no one can recognise anything in: 48 px, a strong Gaussian blur, then 8×8-ish blocks."""
    small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    blurred = small.filter(ImageFilter.GaussianBlur(radius=max(small.size) / 10))
    width, height = blurred.size
    def blocks_along(side: int) -> int:
        return max(1, round(side * PIXEL_BLOCKS / THUMBNAIL_SIZE))

    blocks = (blocks_along(width), blocks_along(height))
    pixelated = blurred.resize(blocks, Image.Resampling.BOX).resize((width, height), Image.Resampling.NEAREST)
    out = io.BytesIO()
    pixelated.save(out, format="JPEG", quality=70)
    return out.getvalue()


def looks_like_video(data: bytes, name: str | None = None) -> bool:
    head = data[:16]
    if len(head) >= 12 and head[4:8] == b"ftyp":  # MP4, MOV, 3GP, M4V
        return True
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # Matroska / WebM
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return True
    if head.startswith(b"FLV") or head.startswith(b"\x00\x00\x01\xba"):  # FLV, MPEG program stream
        return True
    return bool(name) and Path(name or "").suffix.lower() in VIDEO_SUFFIXES


def capture_from_bytes(
    data: bytes,
    *,
    page_url: str | None = None,
    image_url: str | None = None,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    keep_image: bool = False,
    final_url: str | None = None,
    file_name: str | None = None,
    source: str | None = None,
    finding_id: int | None = None,
    now: datetime | None = None,
) -> EvidenceRecord:
    """An evidence record for content already in memory. The bytes are not referenced by the result unless
    ``keep_image`` is set (then they are in ``kept_image``, for the store to seal)."""
    if source is None:
        source = "finding" if finding_id is not None else ("file" if file_name and not image_url else "url")
    if source not in SOURCES:
        raise ValueError(f"unknown evidence source {source!r}")
    utc, local = _times(now)
    record = EvidenceRecord(
        source=source,
        captured_at_utc=utc,
        captured_at_local=local,
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        size_bytes=len(data),
        media="other",
        page_url=page_url,
        image_url=image_url,
        final_url=final_url if final_url and final_url != image_url else None,
        file_name=file_name,
        http_status=status,
        http_headers=_clean_headers(headers),
        finding_id=finding_id,
    )
    if looks_like_video(data, file_name):
        record.media = "video"
    else:
        try:
            with Image.open(io.BytesIO(data)) as probe:
                record.image_format = probe.format
                record.image_width, record.image_height = probe.size
            image = open_image(data)
        except ImageUnreadable:
            image = None
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            image = None
        if image is not None:
            record.media = "image"
            record.pdq, record.pdq_quality = pdq_hash(image)
            record.thumbnail_jpeg = blurred_thumbnail(image)
    if keep_image:
        record.image_kept = True
        record.kept_image = data
    return record


def capture_from_url(
    image_url: str,
    page_url: str | None,
    client,
    allow_private: bool = False,
    keep_image: bool = False,
    finding_id: int | None = None,
) -> EvidenceRecord:
    """Fetch ``image_url`` with the project's HTTP client (``desktop.sources.http.HttpClient``) and record it.

    Raises the client's ``SourceError`` (with a message id) when the image cannot be fetched.
    """
    from desktop.sources.base import linked_hosts

    # The local network is opened for the addresses given, never for a redirect hop to another local host.
    allowed = linked_hosts(image_url, page_url) if allow_private else frozenset()
    fetched = client.get_image(image_url, allow_private=allowed, conditional=False)
    return capture_from_bytes(
        fetched.data,
        page_url=page_url,
        image_url=image_url,
        status=fetched.status,
        headers=fetched.headers,
        final_url=fetched.final_url,
        keep_image=keep_image,
        source="finding" if finding_id is not None else "url",
        finding_id=finding_id,
    )


class FileUnreadable(Exception):
    def __init__(self, message_id: str, detail: str = "", **values: object):
        super().__init__(detail or message_id)
        self.message_id = message_id
        self.values = values


def read_file(path: str | Path, limit: int = 2 * 1024**3) -> bytes:
    target = Path(path)
    try:
        if target.is_dir():
            raise FileUnreadable("evidence.is_a_folder", name=str(path))
        if target.stat().st_size > limit:
            raise FileUnreadable("evidence.file_too_large", name=str(path))
        return target.read_bytes()
    except FileNotFoundError as exc:
        raise FileUnreadable("evidence.file_missing", str(exc), name=str(path)) from exc
    except PermissionError as exc:
        raise FileUnreadable("evidence.file_no_permission", str(exc), name=str(path)) from exc
    except OSError as exc:
        raise FileUnreadable("evidence.file_unreadable", str(exc), name=str(path)) from exc


def capture_from_file(path: str | Path, keep_image: bool = False) -> EvidenceRecord:
    """A record for a file the user adds by hand (a screenshot, a received file, a video)."""
    return capture_from_bytes(read_file(path), file_name=Path(path).name, keep_image=keep_image, source="file")


@dataclass(frozen=True)
class FileHashes:
    path: str
    media: str
    sha256: str
    md5: str
    size_bytes: int
    pdq: str | None = None
    pdq_quality: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "media": self.media,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "md5": self.md5,
            "pdq": self.pdq,
            "pdq_quality": self.pdq_quality,
        }


def hash_file(path: str | Path) -> FileHashes:
    """SHA-256 and MD5 of any file (streamed, so long videos are fine) and PDQ for photos.

    Raises :class:`FileUnreadable` when the file cannot be read.
    """
    target = Path(path)
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    size = 0
    head = b""
    try:
        if target.is_dir():
            raise FileUnreadable("evidence.is_a_folder", name=str(path))
        with target.open("rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                if not head:
                    head = chunk[:64]
                sha.update(chunk)
                md5.update(chunk)
                size += len(chunk)
    except FileNotFoundError as exc:
        raise FileUnreadable("evidence.file_missing", str(exc), name=str(path)) from exc
    except PermissionError as exc:
        raise FileUnreadable("evidence.file_no_permission", str(exc), name=str(path)) from exc
    except OSError as exc:
        raise FileUnreadable("evidence.file_unreadable", str(exc), name=str(path)) from exc
    if looks_like_video(head, target.name):
        return FileHashes(str(path), "video", sha.hexdigest(), md5.hexdigest(), size)
    try:
        pdq, quality = pdq_hash(target)
    except ImageUnreadable:
        return FileHashes(str(path), "other", sha.hexdigest(), md5.hexdigest(), size)
    return FileHashes(str(path), "image", sha.hexdigest(), md5.hexdigest(), size, pdq, quality)
