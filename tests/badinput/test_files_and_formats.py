"""Bad input corpus, part 1: images, feeds, web pages, data exports and roster files. Each case ends in a
clear message (translated in both languages) or a safe, useful result; none crashes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from desktop.core import roster
from desktop.faces.loading import ImageError, load_image
from desktop.sources.base import SourceError
from desktop.sources.feed import parse_feed
from desktop.sources.html_images import images_in_soup, parse_html
from desktop.sources.registry import connector_for
from tests.badinput.helpers import assert_clear_message, bomb_png, jpeg, png, png_header_only
from tests.sources_helpers import ctx

# --- images -------------------------------------------------------------------------------------------------
_GOOD = jpeg()
IMAGE_CASES = {
    "zero_bytes": b"",
    "one_byte": b"\xff",
    "truncated_jpeg_header": _GOOD[:20],
    "truncated_jpeg_half": _GOOD[: len(_GOOD) // 2],
    "truncated_png": png()[:40],
    "random_bytes": bytes(range(256)) * 8,
    "html_named_jpg": b"<!doctype html><html><body>Not found</body></html>",
    "json_error_page": b'{"error": "not found"}',
    "pdf_document": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "svg_with_script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "huge_dimension_png": png_header_only(1_000_000, 1_000_000),
    "decompression_bomb_png": bomb_png(),
    "gif_huge_screen": b"GIF89a" + (65535).to_bytes(2, "little") * 2 + b"\x00\x00\x00;",
    "bmp_bogus_header": b"BM" + b"\xff" * 60,
    "zero_height_png": png_header_only(10, 0),
    "mp4_video": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64,
}


@pytest.mark.parametrize("name", sorted(IMAGE_CASES))
def test_a_bad_image_gets_a_clear_message(name):
    with pytest.raises(ImageError) as caught:
        load_image(IMAGE_CASES[name])
    assert caught.value.message_id.startswith("faces.image_")
    assert_clear_message(caught.value.message_id)


@pytest.mark.parametrize("mode", ["L", "CMYK", "RGBA", "P", "I;16"])
def test_odd_but_valid_images_load_as_rgb(mode):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (40, 30)).save(buffer, "PNG" if mode not in ("CMYK",) else "JPEG")
    loaded = load_image(buffer.getvalue())
    assert loaded.pixels.shape == (30, 40, 3)


# --- feeds ----------------------------------------------------------------------------------------------------
_XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title><item><title>a</title>
<description>&x; <img src="https://blog.example/a.jpg"></description></item></channel></rss>"""
_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
                      for i in range(1, 10))
           + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>')
FEED_CASES = {
    "empty": b"",
    "whitespace": b"   \n\t ",
    "html_instead_of_feed": b"<!DOCTYPE html><html><head><title>Blog</title></head><body>hi</body></html>",
    "json_instead_of_feed": b'{"items": []}',
    "binary_garbage": bytes(range(256)),
    "unclosed_tags": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x<item>',
    "xxe_external_entity": _XXE,
    "billion_laughs": _LAUGHS,
    "javascript_image_urls": b'<rss version="2.0"><channel><title>t</title><item><title>a</title>'
                             b'<description><![CDATA[<img src="javascript:alert(1)"><img src="data:image/png;'
                             b'base64,AAAA">]]></description></item></channel></rss>',
    "utf16_feed": '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>블로그</title>'
                  '</channel></rss>'.encode("utf-16"),
}

# What a reader should still find in a case that is not refused: the one real photo in the XXE feed, nothing else.
FEED_PHOTOS = {"xxe_external_entity": ["https://blog.example/a.jpg"]}


@pytest.mark.parametrize("name", sorted(FEED_CASES))
def test_a_hostile_or_broken_feed_is_refused_or_yields_only_safe_urls(name):
    try:
        listing = parse_feed(FEED_CASES[name], "https://blog.example/rss")
    except SourceError as exc:
        assert_clear_message(exc.message_id, **exc.values)
        return
    urls = [p.image_url for p in listing.photos]
    assert urls == FEED_PHOTOS.get(name, []), urls  # the real photo is still found, nothing else
    text = repr(listing)
    assert "root:" not in text  # /etc/passwd never read
    assert "lollollollollollollollollollol" * 100 not in text  # entities never expanded


# --- web pages ------------------------------------------------------------------------------------------------
HTML_CASES = {
    "deeply_nested": b"<div>" * 5000 + b"<img src='/a.jpg'>" + b"</div>" * 5000,
    "huge_attribute": b"<img src='/a.jpg' alt='" + b"x" * 2_000_000 + b"'>",
    "broken_srcset": b"<img srcset=', ,, 100w, /b.jpg 9999999999999999999999w, /c.jpg 2x 3x'>",
    "javascript_and_data_src": b"<img src='javascript:alert(1)'><img src='data:image/png;base64,AA'>",
    "malformed_json_ld": b"<script type='application/ld+json'>{\"image\": [</script><img src='/d.jpg'>",
    "recursive_json_ld": b"<script type='application/ld+json'>" + b'{"a":' * 3000 + b"1" + b"}" * 3000
                         + b"</script>",
    "mojibake_bytes": "<img src='/사진.jpg' alt='운동회'>".encode("cp949"),
    "nul_bytes": b"<img src='/e.jpg\x00.png'>\x00\x00<p>\x00</p>",
}

# How many real images each page holds (a reader that found nothing would otherwise pass every case).
HTML_IMAGES = {"broken_srcset": 1, "deeply_nested": 1, "huge_attribute": 1, "malformed_json_ld": 1,
               "mojibake_bytes": 1, "nul_bytes": 1}


@pytest.mark.parametrize("name", sorted(HTML_CASES))
def test_a_hostile_page_yields_only_http_image_urls(name):
    soup = parse_html(HTML_CASES[name])
    found = images_in_soup(soup, "https://school.example/gallery")
    assert all(image.url.startswith("https://school.example/") for image in found), [i.url for i in found]
    assert len(found) == HTML_IMAGES.get(name, 0), [i.url for i in found]  # the real image in the junk is kept


# --- data exports ---------------------------------------------------------------------------------------------
def _zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return str(path)


def _symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16)
    return info


EXPORT_CASES = {
    "traversal": lambda p: _zip(p, [("../../evil.jpg", jpeg())]),
    "absolute_path": lambda p: _zip(p, [("/etc/evil.jpg", jpeg())]),
    "windows_traversal": lambda p: _zip(p, [("..\\..\\evil.jpg", jpeg())]),
    "symlink_member": lambda p: _zip(p, [(_symlink_info("media/link.jpg"), b"/etc/passwd")]),
    "zip_bomb": lambda p: _zip(p, [("media/zeros.jpg", b"\x00" * 300_000_000)]),
    "not_a_zip": lambda p: (p.write_bytes(b"PK\x03\x04 this is not really a zip"), str(p))[1],
    "truncated_zip": lambda p: (p.write_bytes(Path(_zip(p, [("a.json", b"{}" * 1000)])).read_bytes()[:100]),
                                str(p))[1],
    "empty_zip": lambda p: _zip(p, []),
    "wrong_platform": lambda p: _zip(p, [("some/random/file.txt", b"hello")]),
    "malformed_json": lambda p: _zip(p, [("your_instagram_activity/content/posts_1.json", b"{[not json")]),
    "mojibake_names": lambda p: _zip(p, [("미디어/사진 😀.jpg".encode().decode("latin-1"), jpeg()),
                                         ("your_instagram_activity/content/posts_1.json", b"[]")]),
    "missing_file": lambda p: str(p / "nope.zip"),
}


@pytest.mark.parametrize("name", sorted(EXPORT_CASES))
def test_a_hostile_export_is_refused_with_a_message_and_writes_nothing_outside(name, tmp_path):
    target = EXPORT_CASES[name](tmp_path / "export.zip")
    before = {p for p in tmp_path.parent.rglob("*")}
    connector = connector_for("instagram-export", target)
    try:
        if name == "mojibake_names":  # readable: an export with no posts lists nothing, without complaint
            assert connector.list_photos(ctx()).photos == []
        else:
            with pytest.raises(SourceError) as caught:
                connector.list_photos(ctx())
            assert_clear_message(caught.value.message_id, **caught.value.values)
    finally:
        connector.close()
    assert not (tmp_path.parent.parent / "evil.jpg").exists()
    assert {p for p in tmp_path.parent.rglob("*")} == before


# --- roster files ---------------------------------------------------------------------------------------------
ROSTER_CASES = {
    "cp949_excel": ("번호,별명\n1,하늘\n2,바다\n".encode("cp949"), 2),
    "utf8_bom": ("\ufeff번호,별명\n1,하늘\n2,바다\n".encode(), 2),
    "utf16_excel_unicode_text": ("번호\t별명\r\n1\t하늘\r\n2\t바다\r\n".encode("utf-16"), 2),
    "semicolons": ("1;하늘\n2;바다\n".encode(), 2),
    "crlf_and_blank_lines": ("1,하늘\r\n\r\n\r\n2,바다\r\n".encode(), 2),
    "nul_bytes": (b"1,\xed\x95\x98\x00\xeb\x8a\x98\n2,\xeb\xb0\x94\xeb\x8b\xa4\n", "하 늘"),
    "binary_garbage": (bytes(range(256)) * 4, None),
    "empty_file": (b"", None),
    "only_header": ("번호,별명\n".encode(), None),
    "huge_field": (b"1," + b"x" * 100_000 + b"\n", None),
    "mixed_utf8_and_cp949_lines": ("1,하늘\n".encode() + "2,바다\n".encode("cp949") + b"\xff\xff\n", None),
}


@pytest.mark.parametrize("name", sorted(ROSTER_CASES))
def test_a_roster_in_an_odd_encoding_imports_or_says_which_lines_are_wrong(name):
    data, expected_students = ROSTER_CASES[name]
    try:
        parsed = roster.parse_bytes(data)
    except roster.RosterFileError as exc:
        assert expected_students is None
        assert_clear_message(exc.message_id, **exc.values)
        return
    if isinstance(expected_students, str):  # control characters become spaces
        assert parsed.ok and parsed.entries[0].nickname == expected_students
    elif expected_students is not None:
        assert parsed.ok and [e.nickname for e in parsed.entries] == ["하늘", "바다"][:expected_students]
    else:
        assert not parsed.ok
        for problem in parsed.problems:
            assert_clear_message(problem.reason_id, **problem.values)
