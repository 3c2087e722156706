"""PDQ, Meta's perceptual photo hash, in numpy (no native build).

PDQ is the hash StopNCII computes on the user's device and one of the hashes Take It Down accepts for photos,
so the evidence kit can give a family the exact fingerprint those services match on. Written from the public
description (ThreatExchange ``pdq/README.md`` and the "PDQ hashing" paper):

1. Luminance: Y = 0.299 R + 0.587 G + 0.114 B, as floats, from the photo scaled to fit 512×512 (the reference
   tool's working size, which also keeps the cost flat for large photos).
2. Blur with a tent filter built from two passes of 1-D box filters along each axis (Jarosz, "Fast image
   convolutions"), each box about 1/128 of the dimension wide, so that each cell of a 64×64 grid averages its
   own neighbourhood; then take one sample at the centre of each of the 64×64 cells.
3. Quality: the sum of the quantised absolute differences between neighbouring samples, /90, capped at 100.
   Hashes of photos below quality 50 (flat or almost flat images) are not reliable for matching.
4. 2-D DCT of the 64×64 samples, keeping the 16×16 lowest frequencies after the constant term.
5. One bit per coefficient: set when it is above the median of the 256. Bit ``16·row + column`` lives in
   16-bit word ``row``; the hex form prints word 15 first, four hex digits per word.

On the same decoded pixels this gives the same hash and quality as Meta's reference Python hasher; JPEG decoders
round differently, which moves nearly flat photos by a few bits (PDQ's own match threshold is 31 of 256).
``benchmarks/pdq_agreement.py`` measures both; docs/evidence.md explains the one image that moves.
"""

from __future__ import annotations

import io
import math
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from desktop.core.orientation import orientation_of, upright

HASH_BITS = 256
WORKING_SIZE = 512  # photos are scaled to fit this square before hashing
GRID = 64  # the blurred photo is sampled on a 64×64 grid
KEPT = 16  # 16×16 DCT coefficients make the 256 bits
WINDOW_DIVISOR = 128  # each box pass spans 1/128 of the dimension (two passes: 1/64, one grid cell)
BOX_PASSES = 2
MIN_DIMENSION = 5  # smaller images get the all-zero hash with quality 0, like the reference
MATCH_THRESHOLD = 31  # PDQ's recommended Hamming distance for "same photo"
GOOD_QUALITY = 50  # below this the hash describes a flat image and should not be relied on
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding

LUMA = np.array([0.299, 0.587, 0.114])


class ImageUnreadable(Exception):
    """The bytes are not an image Pillow can decode safely; ``message_id`` explains it to the user."""

    def __init__(self, message_id: str, detail: str = ""):
        super().__init__(detail or message_id)
        self.message_id = message_id
        self.values: dict[str, object] = {}


def _register_heif() -> None:
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - a dependency, but HEIC is optional for hashing
        return
    pillow_heif.register_heif_opener()


def open_image(source: bytes | str | Path | Image.Image) -> Image.Image:
    """Open an image for hashing or thumbnailing: size-checked before decoding, scaled to fit 512×512 (JPEGs
    are decoded at a reduced scale directly), EXIF orientation applied so the hash describes the photo as people
    see it.

    Not the face engine's loader (``desktop/faces/loading.py``): that one decodes JPEGs at a reduced scale for
    its own 800-px working size, while PDQ needs exactly the pixels Pillow's ``thumbnail((512, 512))`` gives, as
    in the reference hasher, for its hash to be the reference's.
    """
    if isinstance(source, Image.Image):
        return _prepare(source.copy())  # thumbnail() works in place; the caller's image stays as it was
    _register_heif()
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else Path(source)) as image:
            prepared = _prepare(image)
            return prepared.copy() if prepared is image else prepared
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ImageUnreadable("evidence.not_an_image", str(exc)) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable("evidence.not_an_image", str(exc)) from exc


def _prepare(image: Image.Image) -> Image.Image:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageUnreadable("evidence.image_too_large", f"{width}x{height}")
    orientation = orientation_of(image)  # bad EXIF counts as no EXIF
    image.thumbnail((WORKING_SIZE, WORKING_SIZE))  # loads the pixels (JPEGs in draft mode, at reduced scale)
    return upright(image, orientation)


def luminance(image: Image.Image) -> np.ndarray:
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    return rgb @ LUMA


def _box_window(length: int) -> int:
    return (length + WINDOW_DIVISOR - 1) // WINDOW_DIVISOR


def _box_filter(values: np.ndarray, window: int, axis: int) -> np.ndarray:
    """Mean over a window of ``window`` samples along ``axis``, shrunk at the edges.

    Output ``o`` averages inputs ``o + half - window`` … ``o + half - 1`` (clipped to the array), where
    ``half = (window + 2) // 2``: the window sits centred, one sample further right for even widths.
    """
    length = values.shape[axis]
    half = (window + 2) // 2
    positions = np.arange(length)
    low = np.clip(positions + half - window, 0, length)
    high = np.clip(positions + half, 0, length)  # exclusive
    moved = np.moveaxis(values, axis, 0)
    sums = np.concatenate([np.zeros((1,) + moved.shape[1:]), np.cumsum(moved, axis=0)], axis=0)
    counts = (high - low).astype(np.float64).reshape((-1,) + (1,) * (moved.ndim - 1))
    return np.moveaxis((sums[high] - sums[low]) / counts, 0, axis)


def _tent_blur(luma: np.ndarray) -> np.ndarray:
    rows, cols = luma.shape
    across, down = _box_window(cols), _box_window(rows)
    out = luma
    for _ in range(BOX_PASSES):
        out = _box_filter(out, across, axis=1)
        out = _box_filter(out, down, axis=0)
    return out


def _grid_samples(blurred: np.ndarray) -> np.ndarray:
    rows, cols = blurred.shape
    row_at = ((np.arange(GRID) + 0.5) * rows / GRID).astype(int)
    col_at = ((np.arange(GRID) + 0.5) * cols / GRID).astype(int)
    return blurred[np.ix_(row_at, col_at)]


def _quality(grid: np.ndarray) -> int:
    # Differences are quantised to whole percent of full scale (truncated toward zero) so only significant
    # gradients count.
    down = np.trunc((grid[:-1, :] - grid[1:, :]) * 100 / 255)
    across = np.trunc((grid[:, :-1] - grid[:, 1:]) * 100 / 255)
    total = int(np.abs(down).sum() + np.abs(across).sum())
    return min(100, total // 90)


@cache
def _dct_basis() -> np.ndarray:
    """Rows k = 1…16 of the 64-point DCT-II basis (the constant term k = 0 is skipped)."""
    k = np.arange(1, KEPT + 1).reshape(-1, 1)
    n = np.arange(GRID).reshape(1, -1)
    return math.sqrt(2 / GRID) * np.cos(math.pi / (2 * GRID) * k * (2 * n + 1))


def _coefficients(grid: np.ndarray) -> np.ndarray:
    basis = _dct_basis()
    return basis @ grid @ basis.T


def bits_to_hex(bits: np.ndarray) -> str:
    """16×16 booleans → 64 hex digits: word ``row`` holds bit ``column`` of that row; word 15 prints first."""
    weights = 1 << np.arange(KEPT)
    words = (bits.astype(np.int64) * weights).sum(axis=1)
    return "".join(f"{int(word):04x}" for word in words[::-1])


def hex_to_bits(hash_hex: str) -> np.ndarray:
    if len(hash_hex) != HASH_BITS // 4:
        raise ValueError("a PDQ hash has 64 hex digits")
    words = [int(hash_hex[i : i + 4], 16) for i in range(0, len(hash_hex), 4)][::-1]
    return np.array([[(word >> col) & 1 for col in range(KEPT)] for word in words], dtype=bool)


def _threshold(coefficients: np.ndarray) -> np.ndarray:
    return coefficients > np.median(coefficients)


def _analyse(image: Image.Image) -> tuple[np.ndarray, int] | None:
    luma = luminance(image)
    if min(luma.shape) < MIN_DIMENSION:
        return None
    grid = _grid_samples(_tent_blur(luma))
    return _coefficients(grid), _quality(grid)


def pdq_hash(image: bytes | str | Path | Image.Image) -> tuple[str, int]:
    """``(hash_hex_64, quality_0_100)`` for an image given as bytes, a path or a Pillow image.

    Raises :class:`ImageUnreadable` when the input cannot be decoded.
    """
    analysed = _analyse(open_image(image))
    if analysed is None:
        return "0" * (HASH_BITS // 4), 0
    coefficients, quality = analysed
    return bits_to_hex(_threshold(coefficients)), quality


# How each rotation or mirror of the photo moves its DCT coefficients. With c = row (vertical frequency) and
# r = column, reversing the columns negates the coefficients with an odd frequency, i.e. even index (the kept
# block starts at frequency 1); turning the photo a quarter transposes the block.
def _mirror_columns(c: np.ndarray) -> np.ndarray:
    return c * np.where(np.arange(KEPT) % 2 == 0, -1.0, 1.0)[np.newaxis, :]


def _mirror_rows(c: np.ndarray) -> np.ndarray:
    return c * np.where(np.arange(KEPT) % 2 == 0, -1.0, 1.0)[:, np.newaxis]


DIHEDRAL = {
    "original": lambda c: c,
    "rotate_90": lambda c: _mirror_columns(c.T),  # clockwise turn = transpose, then mirror left-right
    "rotate_180": lambda c: _mirror_rows(_mirror_columns(c)),
    "rotate_270": lambda c: _mirror_rows(c.T),
    "mirror_vertical": _mirror_rows,  # top and bottom swapped
    "mirror_horizontal": _mirror_columns,  # left and right swapped
    "transpose": lambda c: c.T,
    "anti_transpose": lambda c: _mirror_rows(_mirror_columns(c.T)),
}


def pdq_dihedral(image: bytes | str | Path | Image.Image) -> tuple[dict[str, str], int]:
    """The hashes of the photo's eight rotations and mirror images, computed from one pass (platforms match
    against all eight so that a turned or mirrored repost is still found)."""
    analysed = _analyse(open_image(image))
    if analysed is None:
        zero = "0" * (HASH_BITS // 4)
        return {name: zero for name in DIHEDRAL}, 0
    coefficients, quality = analysed
    return {name: bits_to_hex(_threshold(move(coefficients))) for name, move in DIHEDRAL.items()}, quality


def hamming(first: str, second: str) -> int:
    return (int(first, 16) ^ int(second, 16)).bit_count()
