"""A photo's EXIF orientation, read so that bad EXIF counts as no EXIF (issue 19, case 12).

``ImageOps.exif_transpose`` re-reads and rewrites the EXIF block after turning the pixels, and fuzzed EXIF (odd
field types, broken offsets) makes it raise ``struct.error``, ``TypeError`` or ``AttributeError``: a scan, an
enrolment, ``blur``, ``hash`` and ``case add-file`` then lost a good photo. Here only the pixels are turned.
"""

from __future__ import annotations

from PIL import Image

_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def orientation_of(image: Image.Image) -> int:
    """The EXIF orientation (1 … 8), 1 when it is missing or unreadable."""
    try:
        value = int(image.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not lose the photo
        return 1
    return value if value in _UPRIGHT else 1


def upright(image: Image.Image, orientation: int | None = None) -> Image.Image:
    """The photo turned as its EXIF orientation says (the same image when there is nothing to turn)."""
    method = _UPRIGHT.get(orientation_of(image) if orientation is None else orientation)
    return image if method is None else image.transpose(method)
