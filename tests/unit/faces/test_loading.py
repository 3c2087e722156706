"""The one image loader: every format a family's photos come in, and every way a file can be bad."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from desktop.faces.loading import MAX_PIXELS, WORKING_SIDE, ImageError, load_image
from tests.unit.faces.conftest import fixture_bytes


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def gradient(width=320, height=200) -> Image.Image:
    x = np.linspace(0, 255, width, dtype=np.uint8)
    y = np.linspace(0, 255, height, dtype=np.uint8)
    blue = np.full((height, width), 90, np.uint8)
    rgb = np.stack([np.tile(x, (height, 1)), np.tile(y[:, None], (1, width)), blue], 2)
    return Image.fromarray(rgb, "RGB")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "BMP", "GIF"])
def test_common_formats_load_as_rgb_at_their_size(fmt):
    loaded = load_image(encoded(gradient(), fmt))
    assert loaded.pixels.shape == (200, 320, 3) and loaded.pixels.dtype == np.uint8
    assert (loaded.width, loaded.height, loaded.scale) == (320, 200, 1.0)


def test_heic_from_an_iphone_loads():
    import pillow_heif

    pillow_heif.register_heif_opener()
    data = encoded(gradient(), "HEIF", quality=80)
    loaded = load_image(data)
    assert loaded.pixels.shape == (200, 320, 3)
    assert abs(int(loaded.pixels[100, 300, 0]) - 240) < 20  # the gradient survived decoding


def test_animated_gif_gives_its_first_frame():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((250, 0, 0), (0, 0, 250))]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    pixel = load_image(data).pixels[15, 20]
    assert pixel[0] > 200 and pixel[2] < 50


def test_transparent_png_is_put_on_white():
    rgba = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    rgba.paste((200, 10, 10, 255), (0, 0, 15, 30))
    pixels = load_image(encoded(rgba, "PNG")).pixels
    assert tuple(pixels[5, 25]) == (255, 255, 255)
    assert tuple(pixels[5, 5]) == (200, 10, 10)


def test_palette_cmyk_and_16_bit_images_are_converted():
    palette = gradient().convert("P")
    cmyk = gradient().convert("CMYK")
    deep = Image.fromarray((np.tile(np.linspace(0, 65535, 64), (16, 1))).astype(np.uint16))
    for data in (encoded(palette, "PNG"), encoded(cmyk, "JPEG"), encoded(deep, "PNG")):
        loaded = load_image(data)
        assert loaded.pixels.ndim == 3 and loaded.pixels.shape[2] == 3
    ramp = load_image(encoded(deep, "PNG")).pixels[8, :, 0]
    assert ramp[0] < 10 and ramp[-1] > 245  # 16-bit range mapped to 8 bits, not clipped


def test_exif_orientation_is_applied():
    image = gradient(320, 200)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    loaded = load_image(encoded(image, "JPEG", exif=exif.tobytes()))
    assert (loaded.width, loaded.height) == (200, 320)
    assert loaded.pixels.shape[:2] == (320, 200)


def test_gps_position_is_read():
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (37.0, 33.0, 36.0), 3: "E", 4: (126.0, 58.0, 40.8)})
    loaded = load_image(encoded(gradient(), "JPEG", exif=exif.tobytes()))
    assert loaded.gps == pytest.approx((37.56, 126.978), abs=1e-3)
    assert load_image(encoded(gradient(), "JPEG")).gps is None


def test_big_jpeg_is_decoded_small_and_boxes_scale_back():
    big = gradient(4032, 3024)
    loaded = load_image(encoded(big, "JPEG", quality=80))
    assert 0.95 * WORKING_SIDE <= max(loaded.pixels.shape[:2]) <= WORKING_SIDE
    # Decoded at 1/4 scale by the JPEG decoder itself (1008 px), then brought down to the working size.
    assert loaded.pixels.shape[:2] == (round(3024 * WORKING_SIDE / 4032), WORKING_SIDE)
    assert loaded.scale == pytest.approx(4032 / WORKING_SIDE)
    assert (loaded.width, loaded.height) == (4032, 3024)


def test_empty_and_non_image_bytes_have_clear_reasons():
    with pytest.raises(ImageError) as empty:
        load_image(b"")
    assert empty.value.message_id == "faces.image_empty"
    with pytest.raises(ImageError) as text:
        load_image(b"<html>not a photo</html>" * 10)
    assert text.value.message_id == "faces.image_unsupported"


def test_truncated_photo_is_reported_as_damaged():
    data = fixture_bytes("obama.jpg")
    with pytest.raises(ImageError) as cut:
        load_image(data[: len(data) // 2])
    assert cut.value.message_id == "faces.image_corrupt"


@pytest.mark.parametrize("start", [b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", b"\xff\xd8\xff\xe0",
                                   b"\x89PNG\r\n\x1a\n"])
def test_a_damaged_heic_or_jpeg_is_called_damaged_not_an_unknown_format(start):
    """A phone's HEIC that got cut while copying must not be told 'not a photo format Jikimi reads'."""
    with pytest.raises(ImageError) as damaged:
        load_image(start + b"\x00" * 200)
    assert damaged.value.message_id == "faces.image_corrupt"


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ImageError) as bomb:
        load_image(_png_header_only(20000, 20000))
    assert bomb.value.message_id == "faces.image_too_large"
    assert 20000 * 20000 > MAX_PIXELS


def test_messages_exist_in_both_languages():
    from desktop.i18n import tr

    for message_id in ("faces.image_empty", "faces.image_corrupt", "faces.image_too_large", "faces.image_unsupported"):
        assert tr(message_id, lang="en") and tr(message_id, lang="ko") != tr(message_id, lang="en")
