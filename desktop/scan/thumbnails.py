"""Small thumbnails for the results grid: the whole photo shrunk (so the face can be boxed in context),
re-encoded without metadata. The original image is never kept."""

from __future__ import annotations

import io

THUMB_LONG_SIDE = 240


def make_thumbnail(data: bytes, long_side: int = THUMB_LONG_SIDE) -> tuple[bytes, float] | None:
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
