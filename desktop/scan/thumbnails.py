"""Small thumbnails for the results grid: the whole photo shrunk (so the face can be boxed in context),
re-encoded without metadata. The original image is never kept."""

from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING

from desktop.log import get_logger
from desktop.sources.base import SourceError

if TYPE_CHECKING:
    from desktop.faces.types import ImageAnalysis
    from desktop.scan.class_pages import ClassPages
    from desktop.scan.recording import PhotoContent
    from desktop.store.scans import ScanRepository

log = get_logger("scan")
THUMB_LONG_SIDE = 240
Thumbnail = tuple[bytes, float]  # JPEG bytes and the scale from original pixels to thumbnail pixels


def make_thumbnail(data: bytes, long_side: int = THUMB_LONG_SIDE) -> Thumbnail | None:
    """JPEG bytes of the shrunk photo and the scale from original pixels to thumbnail pixels."""
    from PIL import Image

    from desktop.faces.loading import ImageError, load_image

    try:
        loaded = load_image(data, max_side=long_side)  # the one safe loader: caps, EXIF orientation, RGB
    except ImageError:
        return None
    buffer = io.BytesIO()
    Image.fromarray(loaded.pixels).save(buffer, "JPEG", quality=80)  # no EXIF is written
    return buffer.getvalue(), 1.0 / loaded.scale


class FindingThumbnails:
    """Where a finding's picture comes from: the photo's bytes when the scan has them, else a thumbnail made
    earlier of the same content (in this class audit or by an earlier finding), else one more download."""

    def __init__(self, repo: ScanRepository, client, class_pages: ClassPages):
        self.repo = repo
        self.client = client
        self.class_pages = class_pages

    def keep_for_class(self, content: PhotoContent, analysis: ImageAnalysis) -> Thumbnail | None:
        """A class page's photo with faces is pictured while its bytes are at hand, for the next students."""
        page = self.class_pages.page_of(content.photo)
        if page is None or content.data is None or not any(f.encoding is not None for f in analysis.faces):
            return None
        thumbnail = make_thumbnail(content.data)
        if thumbnail is not None:
            page.thumbnails[content.sha] = thumbnail
        return thumbnail

    def for_finding(self, content: PhotoContent, connector=None) -> Thumbnail | None:
        """The results grid needs a picture for every finding. A photo that did not change since the last scan
        (304, or named by its hash) comes without bytes: reuse the thumbnail an earlier finding made of it, and
        only when there is none (the face matches now because the enrolment changed) download it once more."""
        if content.data is not None:
            return make_thumbnail(content.data)
        page = self.class_pages.page_of(content.photo)
        if page is not None and content.sha in page.thumbnails:
            return page.thumbnails[content.sha]
        kept = self.repo.photo_thumbnail(content.photo.id, content.sha)
        if kept is not None or connector is None:
            return kept
        return self._download_again(content, connector)

    def _download_again(self, content: PhotoContent, connector) -> Thumbnail | None:
        try:
            fetched = self.client.get_image(content.photo.image_url, allow_private=connector.allow_private,
                                            conditional=False)
        except SourceError as exc:
            log.info("no thumbnail for an unchanged photo: %s", exc.message_id)
            return None
        except Exception as exc:  # noqa: BLE001 - a missing thumbnail must not fail the scan
            log.warning("no thumbnail for an unchanged photo: %s", type(exc).__name__)
            return None
        if not fetched.data or hashlib.sha256(fetched.data).hexdigest() != content.sha:
            return None  # the photo changed since it was analysed: the next scan pictures it
        return make_thumbnail(fetched.data)
