"""What every bad-input case must end in: a message the user can read, in both languages."""

from __future__ import annotations

import io
import struct
import zlib

from desktop import i18n


def assert_clear_message(message_id: str, **values) -> None:
    for language in ("en", "ko"):
        i18n.set_language(language)
        try:
            text = i18n.tr(message_id, **values)
        finally:
            i18n.set_language("en")
        assert text and text != message_id and "{" not in text, (language, message_id, text)


def jpeg(width: int = 32, height: int = 24, color=(200, 120, 80), mode: str = "RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (width, height), color if mode == "RGB" else 0).save(buffer, "JPEG")
    return buffer.getvalue()


def png(width: int = 16, height: int = 16, mode: str = "RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int, body: bytes = b"") -> bytes:
    """A PNG that claims huge dimensions; ``body`` is the compressed pixel stream (a bomb when it is zeros)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def bomb_png() -> bytes:
    """20 000 x 20 000 pixels of zeros: ~1.2 GB decoded, a few hundred kB on disk."""
    width = height = 20_000
    row = b"\x00" * (width * 3 + 1)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return png_header_only(width, height, body)
