"""Case 12 of issue 19: JPEGs whose EXIF block is fuzzed (Orientation 6 with broken neighbours) are read with
their EXIF treated as absent where it cannot be read — never a traceback, never a lost photo."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageOps

from desktop.faces.loading import ImageError, load_image
from desktop.reports import pdq


def _photo_with_exif() -> tuple[bytes, int, int]:
    image = Image.new("RGB", (40, 30), (200, 100, 50))
    exif = image.getexif()
    exif[0x0112] = 6  # taken with the phone turned: shown 30 wide, 40 high
    exif[0x010F] = "Maker"
    exif[0x0132] = "2024:01:01 00:00:00"
    exif.get_ifd(0x8769)[0x9003] = "2024:01:01 00:00:00"
    exif.get_ifd(0x8769)[0x927C] = b"notes" * 10
    exif.get_ifd(0x8825)[1] = "N"
    exif.get_ifd(0x8825)[2] = (37.0, 30.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    start = data.index(b"Exif\0\0") + 6
    end = start + int.from_bytes(data[start - 8:start - 6], "big")
    return data, start, end


def fuzzed_exif_photos(count: int = 600, seed: int = 3) -> list[bytes]:
    """The same photo with 1–6 random bytes of its EXIF block changed (derandomised)."""
    base, start, end = _photo_with_exif()
    rng = random.Random(seed)
    photos = []
    for _ in range(count):
        data = bytearray(base)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(start + 8, end - 8)] = rng.randrange(256)
        photos.append(bytes(data))
    return photos


def _exif_transpose_fails(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - what the old code ran into
        return True
    return False


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_photos_with_fuzzed_exif_are_read_by_the_face_engine_and_the_evidence_hash():
    photos = fuzzed_exif_photos()
    hostile = [data for data in photos if _exif_transpose_fails(data)]
    assert len(hostile) >= 3, "the fuzzed set no longer contains EXIF that breaks exif_transpose"
    for data in hostile:
        try:
            loaded = load_image(data)
        except ImageError:  # a clear, translated "damaged photo" is acceptable; a traceback is not
            continue
        assert {loaded.width, loaded.height} == {30, 40}
        hashed = pdq.open_image(data)
        assert {hashed.width, hashed.height} == {30, 40}


def test_a_readable_orientation_still_turns_the_photo():
    base, _, _ = _photo_with_exif()
    loaded = load_image(base)
    assert (loaded.width, loaded.height) == (30, 40)
    assert pdq.open_image(base).size == (30, 40)
