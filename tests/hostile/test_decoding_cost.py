"""Case 17 of issue 19: a tiny 16-bit PNG of 7070×7070 pixels (1.3 GB to decode and convert) is refused before
decoding, by what decoding would cost in bytes, not only by its pixel count; ordinary photos still load."""

from __future__ import annotations

import struct
import zlib

import pytest

from desktop.faces.loading import ERROR_TOO_LARGE, MAX_PIXELS, ImageError, load_image
from tests.badinput.helpers import png


def _grey16_png(side: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + side * 2)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 16, 0, 0, 0, 0)  # 16-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_small_16_bit_png_that_would_cost_a_gigabyte_is_refused_before_decoding():
    data = _grey16_png(7070)
    assert len(data) < 200_000 and 7070 * 7070 < MAX_PIXELS  # under the pixel cap: only the byte cap stops it
    with pytest.raises(ImageError) as refused:
        load_image(data)
    assert refused.value.message_id == ERROR_TOO_LARGE


def test_ordinary_16_bit_and_transparent_images_still_load():
    assert load_image(_grey16_png(1200)).width == 1200
    assert load_image(png(800, 600, "RGBA")).width == 800
