"""Property-based fuzzing of the parsers that read what strangers wrote: feeds, web pages, data exports, roster
files and the image loader. Fixed budget and derandomised, so CI stays fast and stable (the slow target raises
the budget via JIKIMI_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import roster
from desktop.faces.loading import ImageError, load_image
from desktop.sources.base import SourceError
from desktop.sources.feed import parse_feed
from desktop.sources.html_images import images_in_soup, parse_html
from tests.badinput.helpers import jpeg

BUDGET = settings(max_examples=int(os.environ.get("JIKIMI_FUZZ_EXAMPLES", "60")), deadline=None,
                  derandomize=True, suppress_health_check=[HealthCheck.too_slow])

_XMLISH = st.lists(st.sampled_from(["<rss version='2.0'>", "<channel>", "<item>", "<title>", "</title>", "</item>",
                                    "<description>", "<![CDATA[<img src='", "https://a.example/p.jpg",
                                    "javascript:x", "'>]]>", "</description>", "&amp;", "&x;", "<!ENTITY x 'y'>",
                                    "<enclosure url='https://a.example/e.jpg' type='image/jpeg'/>", "\x00", "한글"]),
                   max_size=30).map("".join)


@BUDGET
@given(st.one_of(_XMLISH.map(str.encode), st.binary(max_size=2000)))
def test_feed_parser_never_crashes_and_lists_only_web_urls(body):
    try:
        listing = parse_feed(body, "https://a.example/rss")
    except SourceError as exc:
        assert exc.message_id.startswith("sources.")
        return
    assert all(p.image_url.startswith(("http://", "https://")) for p in listing.photos)


_HTMLISH = st.lists(st.sampled_from(["<img src='", "/a.jpg", "'>", "<img srcset='", "/b.jpg 2x, /c.jpg 100w",
                                     "<a href='/d.jpg'>", "</a>", "<div>", "</div>", "data:image/png;base64,AA",
                                     "<script type='application/ld+json'>", "{\"image\": [", "\"/e.jpg\"", "]}",
                                     "</script>", "<meta property='og:image' content='/f.jpg'>", "<base href='",
                                     "javascript:alert(1)", "\x00", "<"]), max_size=40).map("".join)


@BUDGET
@given(st.one_of(_HTMLISH, st.text(max_size=2000)))
def test_page_reader_never_crashes_and_stays_on_the_web(markup):
    found = images_in_soup(parse_html(markup), "https://school.example/gallery")
    assert all(image.url.startswith(("http://", "https://")) for image in found)


@BUDGET
@given(st.binary(max_size=3000))
def test_roster_reader_never_crashes(data):
    try:
        parsed = roster.parse_bytes(data)
    except roster.RosterFileError as exc:
        assert exc.message_id.startswith("class.roster.")
        return
    for entry in parsed.entries:
        assert entry.number > 0 and entry.nickname and all(ord(ch) >= 32 for ch in entry.nickname)


_SEED_JPEG = jpeg(24, 16)


@BUDGET
@given(st.lists(st.tuples(st.integers(0, len(_SEED_JPEG) - 1), st.integers(0, 255)), max_size=12),
       st.integers(0, len(_SEED_JPEG)))
def test_image_loader_on_damaged_jpegs_loads_or_says_why(flips, cut):
    data = bytearray(_SEED_JPEG[:cut] if cut else _SEED_JPEG)
    for position, value in flips:
        if position < len(data):
            data[position] = value
    try:
        loaded = load_image(bytes(data))
    except ImageError as exc:
        assert exc.message_id.startswith("faces.image_")
        return
    assert loaded.pixels.ndim == 3 and loaded.pixels.shape[2] == 3


@BUDGET
@given(st.dictionaries(st.text(min_size=1, max_size=40), st.binary(max_size=200), max_size=6))
def test_export_reader_never_crashes_or_escapes(tmp_path_factory, members):
    from desktop.sources.registry import connector_for
    from tests.sources_helpers import ctx

    folder = tmp_path_factory.mktemp("fuzz")
    target = folder / "export.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("\x00", "_"), data)
    before = sorted(p.name for p in folder.parent.iterdir())
    connector = connector_for("instagram-export", str(target))
    try:
        connector.list_photos(ctx())
    except SourceError as exc:
        assert exc.message_id.startswith("sources.")
    finally:
        connector.close()
    assert sorted(p.name for p in folder.parent.iterdir()) == before


def test_the_fuzz_budget_is_fixed_for_ci():
    assert BUDGET.derandomize and BUDGET.max_examples >= 60
