"""The one safe image loader: bytes in, an RGB array at working size out, or an :class:`ImageError`.

Used by the face engine, enrolment, the blur tool and the evidence kit. It

- accepts JPEG (and MPO), PNG, WebP, GIF (first frame), BMP and HEIC/HEIF (through pillow-heif);
- refuses images with more than :data:`MAX_PIXELS` pixels before decoding them (decompression bombs);
- decodes large JPEGs at a reduced size with Pillow's draft mode (a 12 MP phone photo decodes at 1/2 or 1/4);
- applies the EXIF orientation, so boxes are in the coordinates a person sees;
- converts CMYK, 16-bit, palette, greyscale and alpha images to plain RGB (alpha over white);
- reads the EXIF GPS position, when there is one;
- turns truncated, empty or non-image bytes into a message id, never a crash.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, UnidentifiedImageError

from desktop.core.orientation import orientation_of, upright

# 50 megapixels: bigger than any phone camera (48 MP sensors bin to 12 MP by default), far below a bomb.
MAX_PIXELS = 50_000_000
# Bytes one worker may spend decoding and converting one image (JPEGs are decoded at reduced size instead).
MAX_DECODED_BYTES = 512 * 1024 * 1024
# Long side of the image the detector sees. Faces down to ~40 px here are found (see engine.py).
WORKING_SIDE = 800

# How far below the working size a draft-decoded JPEG may come out (the detector hardly notices 2 %).
DRAFT_SLACK = 0.97

FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "HEIF", "AVIF")

ERROR_EMPTY = "faces.image_empty"
ERROR_CORRUPT = "faces.image_corrupt"
ERROR_TOO_LARGE = "faces.image_too_large"
ERROR_UNSUPPORTED = "faces.image_unsupported"

_GPS_IFD = 0x8825


class ImageError(Exception):
    """This file cannot be used as a photo; ``message_id`` says why, in words for the user."""

    def __init__(self, message_id: str, detail: str = ""):
        super().__init__(message_id if not detail else f"{message_id}: {detail}")
        self.message_id = message_id
        self.detail = detail


@dataclass(frozen=True)
class LoadedImage:
    pixels: np.ndarray  # H x W x 3, uint8, RGB, at working size
    scale: float  # original pixels per working pixel (>= 1)
    width: int  # original width after EXIF orientation
    height: int  # original height after EXIF orientation
    gps: tuple[float, float] | None = None
    format: str = ""
    grey: np.ndarray | None = None  # H x W, uint8, the same pixels in grey, when asked for (face detection)


_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:  # pragma: no cover - pillow-heif is a dependency; a broken install just loses HEIC
            pass
        _heif_registered = True


def _formats() -> list[str]:
    Image.init()
    return [name for name in FORMATS if name in Image.OPEN]


def _looks_like_heif(data: bytes) -> bool:
    return len(data) > 12 and data[4:8] == b"ftyp"


_PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM")


def _starts_like_a_photo(data: bytes) -> bool:
    return (data.startswith(_PHOTO_SIGNATURES) or _looks_like_heif(data)
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"))


def _open(data: bytes) -> Image.Image:
    if not data:
        raise ImageError(ERROR_EMPTY)
    if _looks_like_heif(data):
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=_formats())
    except Image.DecompressionBombError as exc:
        raise ImageError(ERROR_TOO_LARGE, str(exc)) from exc
    except UnidentifiedImageError as exc:
        # A file that starts like a photo but cannot be read is damaged, not of an unknown kind.
        raise ImageError(ERROR_CORRUPT if _starts_like_a_photo(data) else ERROR_UNSUPPORTED) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(ERROR_CORRUPT, str(exc)) from exc


_orientation = orientation_of  # bad EXIF counts as no EXIF (desktop/core/orientation.py)


def _rational(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return float(numerator) / float(denominator)


def read_gps(image: Image.Image) -> tuple[float, float] | None:
    """Latitude and longitude in decimal degrees from the EXIF GPS block, or None."""
    try:
        gps = image.getexif().get_ifd(_GPS_IFD)
        if not gps or 2 not in gps or 4 not in gps:
            return None
        lat = sum(_rational(part) / 60**i for i, part in enumerate(gps[2]))
        lon = sum(_rational(part) / 60**i for i, part in enumerate(gps[4]))
        if str(gps.get(1, "N")).upper().startswith("S"):
            lat = -lat
        if str(gps.get(3, "E")).upper().startswith("W"):
            lon = -lon
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            return None
        return round(lat, 6), round(lon, 6)
    except Exception:  # noqa: BLE001 - malformed GPS data is simply no GPS data
        return None


def _to_rgb(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        array = np.asarray(image, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or array.max(initial=0) > 255 else 255.0
        grey = np.clip(array * (255.0 / top), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB")
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        mode = image.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV


def decoding_cost(image: Image.Image) -> int:
    """Peak bytes per pixel to decode ``image`` and turn it into 8-bit RGB (see :func:`_to_rgb`): high bit depths
    go through float arrays, transparency through a composite."""
    mode = image.mode
    if mode.startswith("I;16"):
        return 23
    if mode in ("I", "F"):
        return 25
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in image.info):
        return 20
    if mode == "CMYK":
        return 8
    return 5


def load_image(data: bytes, max_side: int = WORKING_SIDE, with_grey: bool = False) -> LoadedImage:
    """Decode ``data`` safely into RGB pixels whose long side is at most ``max_side`` (and, ``with_grey``, the
    same in grey, converted here from the decoded image rather than from the RGB array: no copy back into
    Pillow).

    Raises :class:`ImageError` with ``faces.image_empty``, ``faces.image_unsupported``,
    ``faces.image_too_large`` or ``faces.image_corrupt``.
    """
    image = _open(data)
    try:
        raw_width, raw_height = image.size
        if raw_width <= 0 or raw_height <= 0:
            raise ImageError(ERROR_CORRUPT, "zero size")
        if raw_width * raw_height > MAX_PIXELS:
            raise ImageError(ERROR_TOO_LARGE, f"{raw_width}x{raw_height}")
        if image.format not in ("JPEG", "MPO") and raw_width * raw_height * decoding_cost(image) > MAX_DECODED_BYTES:
            # A 97 KB 16-bit PNG of 7070² pixels costs 1.3 GB to decode and convert: refused before decoding.
            raise ImageError(ERROR_TOO_LARGE, f"{raw_width}x{raw_height} {image.mode}")
        orientation = _orientation(image)
        gps = read_gps(image)
        fmt = image.format or ""
        # Orientations 5-8 swap width and height.
        width, height = (raw_height, raw_width) if orientation in (5, 6, 7, 8) else (raw_width, raw_height)
        shrink = min(1.0, max_side / max(raw_width, raw_height))
        try:
            if fmt in ("JPEG", "MPO") and shrink < 1.0:
                # Decode at 1/2, 1/4 or 1/8 scale, at most a little below the working size: a 4032 px photo
                # decodes at 1/4 (1008 px) instead of 1/2 and a resize, four times less work.
                wanted = shrink * DRAFT_SLACK
                image.draft("RGB", (math.ceil(raw_width * wanted), math.ceil(raw_height * wanted)))
            image.load()
            image = upright(image, orientation)
            image = _to_rgb(image)
            if max(image.size) > max_side:
                factor = max_side / max(image.size)
                target = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
                image = image.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
            pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
            grey = np.ascontiguousarray(np.asarray(image.convert("L"), dtype=np.uint8)) if with_grey else None
        except ImageError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
            raise ImageError(ERROR_CORRUPT, str(exc)) from exc
        if pixels.ndim != 3 or pixels.shape[2] != 3:
            raise ImageError(ERROR_CORRUPT, f"unexpected shape {pixels.shape}")
        scale = width / pixels.shape[1]
        return LoadedImage(pixels=pixels, scale=scale, width=width, height=height, gps=gps, format=fmt,
                           grey=grey)
    finally:
        image.close()
