"""PDQ computed by Jikimi agrees with Meta's reference hashes and reference code, and behaves like PDQ on edits."""

import io
import re

import numpy as np
import pytest
from PIL import Image

from desktop.reports.pdq import MATCH_THRESHOLD, bits_to_hex, hamming, hex_to_bits, pdq_dihedral, pdq_hash

REFERENCE_BOUND = 8  # bits of 256

# The reference table was made by Meta's reference Python hasher on a Pillow whose JPEG decoder was IJG libjpeg 9;
# today's Pillow decodes with libjpeg-turbo (as browsers do), which rounds the near-white sky of q0003.jpg
# (PDQ quality 3) differently. Meta's own code (ThreatExchange commit baefb4ed, pdq/python,
# `PDQHasher().fromFile(path).getHash().toHexString()`), run on this project's Pillow 13.0.0 / libjpeg-turbo
# 3.2.0, gives this hash for it: 10 bits from the table. Every other reference image comes out exactly as in the
# table. See docs/evidence.md, "PDQ".
RECORDED_WITH_LIBJPEG_TURBO = "3.2.0"
REFERENCE_CODE_ON_LIBJPEG_TURBO = {
    "reg-test-input/labelme-subset/q0003.jpg": "54a9f7c321d1443c43ba566e21d4a13989a3553f1472611cbbc5fda59e03b677",
}


def _reference(shared_data):
    lines = (shared_data / "pdq" / "expected-pdq.tsv").read_text().splitlines()[1:]
    return [tuple(line.split("\t")) for line in lines if line.strip()]


def _decoded_by_ijg_libjpeg(path):
    """The photo's pixels as IJG libjpeg 9 decodes them (dlib bundles it), for comparing like with like."""
    import dlib  # dlib-bin, a dependency, carries the IJG libjpeg decoder used for this comparison

    if path.suffix.lower() != ".jpg":
        return path
    return Image.fromarray(dlib.load_rgb_image(str(path)))


@pytest.mark.shared
def test_decoded_like_the_reference_table_every_image_hashes_within_8_bits(shared_data):
    rows = _reference(shared_data)
    assert len(rows) == 18
    distances = {}
    for path, expected in rows:
        ours, _ = pdq_hash(_decoded_by_ijg_libjpeg(shared_data / "pdq" / path))
        distances[path] = hamming(ours, expected)
    assert max(distances.values()) <= REFERENCE_BOUND, distances  # measured: 14 exact, 4 at 2 bits


@pytest.mark.shared
def test_with_the_apps_decoder_every_hash_is_what_metas_reference_code_computes(shared_data):
    from PIL import features

    if features.version("libjpeg_turbo") != RECORDED_WITH_LIBJPEG_TURBO:
        pytest.skip(f"the reference code's hashes were recorded with libjpeg-turbo {RECORDED_WITH_LIBJPEG_TURBO}; "
                    "run Meta's hasher on this decoder and record them again")
    distances = {}
    for path, expected in _reference(shared_data):
        ours, quality = pdq_hash(shared_data / "pdq" / path)
        reference_code = REFERENCE_CODE_ON_LIBJPEG_TURBO.get(path, expected)
        assert ours == reference_code, (path, ours, reference_code, quality)
        distances[path] = hamming(ours, expected)
    off_table = {path: d for path, d in distances.items() if d}
    assert off_table == {"reg-test-input/labelme-subset/q0003.jpg": 10}


@pytest.mark.shared
def test_rotated_and_flipped_variants_differ_as_the_references_do(shared_data):
    rows = dict((path.rsplit("/", 1)[-1], expected) for path, expected in _reference(shared_data))
    variants = sorted(name for name in rows if name.startswith("bridge-"))
    ours = {name: pdq_hash(shared_data / "pdq" / "reg-test-input" / "dih" / name)[0] for name in variants}
    for first in variants:
        for second in variants:
            reference_distance = hamming(rows[first], rows[second])
            our_distance = hamming(ours[first], ours[second])
            assert abs(reference_distance - our_distance) <= 2 * REFERENCE_BOUND
            if first != second:
                assert our_distance > MATCH_THRESHOLD  # a turned photo is a different hash, as in the reference


@pytest.mark.shared
def test_dihedral_hashes_of_the_original_find_each_turned_copy(shared_data):
    dih = shared_data / "pdq" / "reg-test-input" / "dih"
    hashes, quality = pdq_dihedral(dih / "bridge-1-original.jpg")
    assert quality == 100
    expected = {
        "original": "bridge-1-original.jpg",
        "rotate_90": "bridge-4-rotate-270.jpg",  # the file names count turns the other way round
        "rotate_180": "bridge-3-rotate-180.jpg",
        "rotate_270": "bridge-2-rotate-90.jpg",
        "mirror_vertical": "bridge-5-flipx.jpg",
        "mirror_horizontal": "bridge-6-flipy.jpg",
        "transpose": "bridge-7-flip-plus-1.jpg",
        "anti_transpose": "bridge-8-flip-minus-1.jpg",
    }
    for name, file_name in expected.items():
        direct, _ = pdq_hash(dih / file_name)
        assert hamming(hashes[name], direct) <= MATCH_THRESHOLD, name


def _photo_like(seed: int, size=(320, 240)) -> Image.Image:
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, size=(24, 32, 3), dtype=np.uint8)
    return Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC)


def test_a_recompressed_and_resized_copy_still_matches_but_another_photo_does_not():
    original = _photo_like(1)
    buffer = io.BytesIO()
    original.resize((200, 150)).save(buffer, format="JPEG", quality=60)
    first, quality = pdq_hash(original)
    copy, _ = pdq_hash(buffer.getvalue())
    other, _ = pdq_hash(_photo_like(2))
    assert quality >= 50
    assert hamming(first, copy) <= MATCH_THRESHOLD
    assert hamming(first, other) > 80


def test_hash_format_and_flat_images():
    hash_hex, quality = pdq_hash(_photo_like(3))
    assert re.fullmatch("[0-9a-f]{64}", hash_hex)
    assert bin(int(hash_hex, 16)).count("1") in range(120, 137)  # median threshold: about half the bits set
    assert bits_to_hex(hex_to_bits(hash_hex)) == hash_hex
    _, flat_quality = pdq_hash(Image.new("RGB", (100, 100), (120, 160, 200)))
    assert flat_quality == 0
    assert pdq_hash(Image.new("RGB", (3, 3))) == ("0" * 64, 0)


def test_the_callers_image_is_not_changed():
    image = _photo_like(4, size=(900, 700))
    pdq_hash(image)
    assert image.size == (900, 700)
