"""Small pictures of a finding for the results grid and the family report, re-encoded without metadata. The
original image is never kept.

A face that shows well in the whole photo shrunk to 240 px (a portrait, a selfie) is pictured in that whole photo,
so it can be boxed in context. A face that would be a few pixels there (a back-row child in a class photo) is
pictured in a crop around it instead: the face box grown to 3× its size, clipped to the photo, scaled so the face
is about 80 px. A crop is about one face: it is kept and reused by its content and its face box, never lent to
another face of the same photo. Every picture says where it starts in the original (``offset``) and its
``scale``, so the face can be boxed on it; thumbnails stored before crops existed have no offset (0, 0)."""

from __future__ import annotations

import hashlib
import io
import math
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.log import get_logger
from desktop.sources.base import SourceError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from desktop.faces.types import DetectedFace, FaceBox, ImageAnalysis
    from desktop.scan.class_pages import ClassPage, ClassPages
    from desktop.scan.recording import PhotoContent
    from desktop.store.scans import ScanRepository

log = get_logger("scan")
THUMB_LONG_SIDE = 240
SMALL_FACE_PX = 36  # a face smaller than this in the whole-photo thumbnail (15 % of its long side) gets a crop
CROP_FACE_PX = 80  # the face's size in its crop
CROP_GROWTH = 3.0  # the crop is the face box grown to this many times its size
QUALITY = 80

Box = tuple[int, int, int, int]  # top, right, bottom, left in original pixels, as a finding's detail stores it
PictureKey = Box | None  # None: the whole photo; a box: the crop around that face


class Thumbnail(NamedTuple):
    data: bytes  # JPEG
    scale: float  # original pixels to thumbnail pixels
    offset: tuple[int, int] = (0, 0)  # where the picture starts in the original (x, y): a crop's corner
    crop: bool = False  # a crop around the finding's face, not the whole photo

    def fields(self, sha: str) -> dict[str, Any]:
        """What a finding's detail records about its picture (``sha``: the content it shows)."""
        return {"thumb_scale": self.scale, "thumb_offset": list(self.offset), "thumb_crop": self.crop,
                "thumb_sha256": sha}

    @classmethod
    def from_detail(cls, data: bytes, detail: dict) -> Thumbnail:
        offset = detail.get("thumb_offset") or (0, 0)
        return cls(data, float(detail["thumb_scale"]), (int(offset[0]), int(offset[1])),
                   bool(detail.get("thumb_crop")))


NO_THUMBNAIL: dict[str, Any] = {"thumb_scale": None, "thumb_sha256": None}


def box_in_thumbnail(detail: dict) -> tuple[float, float, float, float] | None:
    """The finding's face box in its thumbnail's pixels (left, top, right, bottom), or None when it cannot be
    placed. A thumbnail stored before crops existed has no offset: the whole photo, from (0, 0)."""
    box, scale = detail.get("box"), detail.get("thumb_scale")
    if not box or not scale:
        return None
    x, y = detail.get("thumb_offset") or (0, 0)
    top, right, bottom, left = box
    return (left - x) * scale, (top - y) * scale, (right - x) * scale, (bottom - y) * scale


def face_key(box: FaceBox) -> Box:
    return (box.top, box.right, box.bottom, box.left)


def whole_scale(width: int, height: int, long_side: int = THUMB_LONG_SIDE) -> float:
    return min(1.0, long_side / max(1, width, height))


def picture_key(face: DetectedFace, analysis: ImageAnalysis) -> PictureKey:
    """Which picture a face gets: the whole photo (None) when it shows there, else the crop around its box."""
    box = face.box
    size = max(box.width, box.height)
    return face_key(box) if size * whole_scale(analysis.width, analysis.height) < SMALL_FACE_PX else None


def crop_plan(box: Box, width: int, height: int) -> tuple[tuple[int, int, int, int], float]:
    """The region of the original to show around a face (x0, y0, x1, y1) and the scale to show it at."""
    top, right, bottom, left = box
    size = max(1, right - left, bottom - top)
    side = CROP_GROWTH * size
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2

    def span(centre: float, limit: int) -> tuple[int, int]:
        start = centre - side / 2
        start = max(0.0, min(start, limit - side))  # moved inside the photo rather than cut, when it fits
        return int(math.floor(start)), int(min(limit, math.ceil(start + side)))

    x0, x1 = span(centre_x, width)
    y0, y1 = span(centre_y, height)
    scale = min(CROP_FACE_PX / size, THUMB_LONG_SIDE / max(1, x1 - x0, y1 - y0))
    return (x0, y0, x1, y1), scale


def _jpeg(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY)  # no EXIF is written
    return buffer.getvalue()


def make_thumbnail(data: bytes, long_side: int = THUMB_LONG_SIDE) -> Thumbnail | None:
    """The whole photo shrunk, and the scale from original pixels to thumbnail pixels."""
    from PIL import Image

    from desktop.faces.loading import ImageError, load_image

    try:
        loaded = load_image(data, max_side=long_side)  # the one safe loader: caps, EXIF orientation, RGB
    except ImageError:
        return None
    return Thumbnail(_jpeg(Image.fromarray(loaded.pixels)), 1.0 / loaded.scale)


def make_pictures(data: bytes, size: tuple[int, int], keys: Iterable[PictureKey]) -> dict[PictureKey, Thumbnail]:
    """The pictures ``keys`` asks for (the whole photo, crops around faces), all from ONE decode of ``data``, at
    the resolution the closest crop needs (``size``: the photo's width and height, as analysed)."""
    from PIL import Image

    from desktop.faces.loading import ImageError, load_image

    wanted = set(keys)
    crops = {key: crop_plan(key, *size) for key in wanted if key is not None}
    if not crops:
        whole = make_thumbnail(data) if wanted else None
        return {None: whole} if whole is not None else {}
    width, height = size
    needed = min(1.0, max(scale for _, scale in crops.values()))
    try:
        loaded = load_image(data, max_side=max(THUMB_LONG_SIDE, math.ceil(max(width, height) * needed)))
    except ImageError:
        return {}
    if (loaded.width, loaded.height) != (width, height):
        log.warning("a photo's size differs from its analysis: no crops")
        crops = {}
    image = Image.fromarray(loaded.pixels)
    pictures: dict[PictureKey, Thumbnail] = {}
    step = loaded.scale  # original pixels per decoded pixel
    for key, ((x0, y0, x1, y1), scale) in crops.items():
        out = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
        picture = image.resize(out, Image.Resampling.LANCZOS, box=(x0 / step, y0 / step, x1 / step, y1 / step))
        pictures[key] = Thumbnail(_jpeg(picture), out[0] / (x1 - x0), (x0, y0), crop=True)
    if None in wanted:
        factor = whole_scale(image.width, image.height)
        shrunk = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                              Image.Resampling.BILINEAR, reducing_gap=2.0) if factor < 1 else image
        pictures[None] = Thumbnail(_jpeg(shrunk), shrunk.width / loaded.width)
    return pictures


class FindingThumbnails:
    """Where a finding's picture comes from: the photo's bytes when the scan has them, else a picture made
    earlier of the same content and the same face (in this class audit or by an earlier finding), else one more
    download."""

    def __init__(self, repo: ScanRepository, client, class_pages: ClassPages):
        self.repo = repo
        self.client = client
        self.class_pages = class_pages

    def keep_for_class(self, content: PhotoContent, analysis: ImageAnalysis) -> None:
        """A class page's photo with faces is pictured while its bytes are at hand, for the next students: the
        whole photo when a face shows there, a crop around each face too small to show."""
        page = self.class_pages.page_of(content.photo)
        if page is not None and content.data is not None:
            self._keep(page, content.sha, content.data, analysis)

    @staticmethod
    def _keep(page: ClassPage, sha: str, data: bytes, analysis: ImageAnalysis) -> None:
        keys = {picture_key(face, analysis) for face in analysis.identifiable_faces}
        keys -= {key for key in keys if (sha, key) in page.thumbnails}
        if keys:
            for key, picture in make_pictures(data, (analysis.width, analysis.height), keys).items():
                page.thumbnails[(sha, key)] = picture

    def for_faces(self, content: PhotoContent, analysis: ImageAnalysis, faces: Sequence[DetectedFace],
                  connector=None) -> list[Thumbnail | None]:
        """A picture for each of these faces of one photo (the person's findings in it). A photo that did not
        change since the last scan (304, or named by its hash) comes without bytes: reuse the picture an earlier
        finding made of the same face, and only when there is none (the face matches now because the enrolment
        changed) download the photo once more."""
        keys = [picture_key(face, analysis) for face in faces]
        found: dict[PictureKey, Thumbnail] = {}
        for key in set(keys):
            kept = self._kept(content, key)
            if kept is not None:
                found[key] = kept
        missing = set(keys) - set(found)
        if missing:
            data = content.data
            if data is None and connector is not None:
                data = self._download_again(content, connector)
                page = self.class_pages.page_of(content.photo)
                if data is not None and page is not None:  # pictured for the next students too, in one decode
                    self._keep(page, content.sha, data, analysis)
                    found.update({key: page.thumbnails[(content.sha, key)] for key in missing
                                  if (content.sha, key) in page.thumbnails})
            still = {key for key in missing if key not in found}
            if data is not None and still:
                found.update(make_pictures(data, (analysis.width, analysis.height), still))
            if content.data is None and any(key not in found for key in missing):
                whole = self._kept(content, None)  # a crop could not be made: the whole photo, as before
                found.update({key: whole for key in missing if key not in found and whole is not None})
        return [found.get(key) for key in keys]

    def _kept(self, content: PhotoContent, key: PictureKey) -> Thumbnail | None:
        page = self.class_pages.page_of(content.photo)
        if page is not None and (content.sha, key) in page.thumbnails:
            return page.thumbnails[(content.sha, key)]
        if content.data is not None:
            return None
        kept = self.repo.photo_thumbnail(content.photo.id, content.sha, key)
        return Thumbnail.from_detail(*kept) if kept is not None else None

    def _download_again(self, content: PhotoContent, connector) -> bytes | None:
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
        return fetched.data
