"""Case 9 of issue 19: a feed post with thousands of images is parsed in linear time, and only the first photos
of a post (and of a source) are checked, which the listing says."""

from __future__ import annotations

from desktop.core.tasks import TaskContext
from desktop.sources.base import MAX_PHOTOS_PER_SOURCE, Connector, PhotoRef, SourceListing
from desktop.sources.feed import MAX_PHOTOS_PER_ITEM, parse_feed
from tests.badinput.helpers import assert_clear_message
from tests.hostile.servers import run_bounded


def _feed(images_per_item: int, items: int = 1, text_words: int = 2000) -> bytes:
    words = " ".join(f"word{n}" for n in range(text_words))
    entries = []
    for item in range(items):
        images = "".join(f'<img src="https://img.example/{item}/{n}.jpg">' for n in range(images_per_item))
        entries.append(f"<item><title>post {item}</title><link>https://blog.example/{item}</link>"
                       f"<description><![CDATA[<p>{words}</p>{images}]]></description></item>")
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{"".join(entries)}'
            f"</channel></rss>").encode()


def test_a_post_with_three_thousand_images_is_parsed_quickly_and_capped_visibly():
    body = _feed(3000)
    finished, listing, elapsed = run_bounded(lambda: parse_feed(body, "https://blog.example/rss"), 20)
    assert finished and elapsed < 10, f"{elapsed:.1f} s: parsing is not linear"
    assert len(listing.photos) == MAX_PHOTOS_PER_ITEM
    assert "sources.item_photo_cap_reached" in listing.notices
    assert_clear_message("sources.item_photo_cap_reached")


def test_a_source_listing_more_photos_than_the_cap_checks_only_the_first_and_says_so():
    class Huge(Connector):
        kind = "huge"

        def list_photos(self, ctx):
            return SourceListing("public", [PhotoRef(f"https://img.example/{n}.jpg")
                                            for n in range(MAX_PHOTOS_PER_SOURCE + 500)])

        def fetch_image(self, photo):
            raise AssertionError

    listing = Huge("x").list_photos(TaskContext())
    assert len(listing.photos) == MAX_PHOTOS_PER_SOURCE
    assert "sources.source_photo_cap_reached" in listing.notices
    assert_clear_message("sources.source_photo_cap_reached")
