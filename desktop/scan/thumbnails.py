"""Small thumbnails for the results grid: the whole photo shrunk (so the face can be boxed in context),
re-encoded without metadata. The original image is never kept."""

from __future__ import annotations

import io

THUMB_LONG_SIDE = 240


def make_thumbnail(data: bytes, long_side: int = THUMB_LONG_SIDE) -> tuple[bytes, float] | None:
    """JPEG bytes of the shrunk photo and the scale from original pixels to thumbnail pixels."""
    from desktop.faces.loading import ImageError, open_oriented

    try:
        image = open_oriented(data)
    except ImageError:
        return None
    width, height = image.size
    scale = min(1.0, long_side / max(width, height))
    thumb = image.convert("RGB").resize((max(1, round(width * scale)), max(1, round(height * scale))))
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=80)  # Pillow writes no EXIF unless asked
    return buffer.getvalue(), scale
