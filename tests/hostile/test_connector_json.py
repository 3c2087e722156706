"""Case 14 of issue 19: API answers and export files with values of the wrong type, 50,000-deep nesting and
400-digit numbers end in a listing (what could be read) or a clear message for that source, never a crash."""

from __future__ import annotations

import json
import zipfile

import pytest

from desktop.core.tasks import TaskContext
from desktop.sources.base import SourceError
from desktop.sources.registry import connector_for
from tests.badinput.helpers import assert_clear_message
from tests.sources_helpers import make_client

HUGE = int("9" * 400)


def _json_server(raw_server, answers: dict[str, bytes]):
    def handler(conn, request, stop):
        path = request.split(b" ", 2)[1].decode()
        body = next((value for prefix, value in answers.items() if path.startswith(prefix)), b'{"error":"x"}')
        status = "200 OK" if any(path.startswith(prefix) for prefix in answers) else "404 Not Found"
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                     "Connection: close\r\n\r\n".encode() + body)

    return raw_server(handler)


def test_a_bluesky_answer_with_wrong_types_lists_only_real_photo_addresses(raw_server):
    profile = {"did": "did:plc:x", "handle": "child.test", "postsCount": "lots", "avatar": 12345,
               "banner": {"url": "https://cdn.bsky.app/b.jpg"}}
    post = lambda embed: {"post": {"uri": "at://did:plc:x/app.bsky.feed.post/1", "author": {"did": "did:plc:x"},  # noqa: E731
                                   "record": {"text": "hi"}, "embed": embed}}
    feed = {"feed": [post({"$type": "app.bsky.embed.images#view", "images": "abc"}),
                     post({"$type": "app.bsky.embed.images#view", "images": [{"fullsize": 7}, {"thumb": ["x"]}]}),
                     post({"$type": "app.bsky.embed.images#view",
                           "images": [{"fullsize": "https://cdn.bsky.app/ok.jpg", "alt": 5}]})]}
    server = _json_server(raw_server, {"/xrpc/app.bsky.actor.getProfile": json.dumps(profile).encode(),
                                       "/xrpc/app.bsky.feed.getAuthorFeed": json.dumps(feed).encode()})
    connector = connector_for("bluesky", "child.test", client=make_client(), base_url=server.base,
                              allow_private=True)
    listing = connector.list_photos(TaskContext())
    assert [photo.image_url for photo in listing.photos] == ["https://cdn.bsky.app/ok.jpg"]
    assert listing.photos[0].caption == "hi"
    assert listing.account_flags["posts"] == 0


@pytest.mark.parametrize("statuses_count", ["many", HUGE, [1], 1.5e308])
def test_a_mastodon_account_with_a_strange_count_is_still_read(raw_server, statuses_count):
    account = {"id": "1", "acct": "child", "statuses_count": statuses_count, "avatar": None}
    server = _json_server(raw_server, {"/api/v1/accounts/lookup": json.dumps(account).encode(),
                                       "/api/v1/accounts/1/statuses": b"[]"})
    connector = connector_for("mastodon", "@child@example.social", client=make_client(), base_url=server.base,
                              allow_private=True)
    listing = connector.list_photos(TaskContext())
    assert isinstance(listing.account_flags.get("statuses", 0), int)


def test_an_answer_nested_fifty_thousand_deep_is_a_clear_message(raw_server):
    deep = b"[" * 50_000 + b"]" * 50_000
    server = _json_server(raw_server, {"/xrpc/": deep})
    connector = connector_for("bluesky", "child.test", client=make_client(), base_url=server.base,
                              allow_private=True)
    with pytest.raises(SourceError) as refused:
        connector.list_photos(TaskContext())
    assert refused.value.message_id == "sources.bad_json"


def _zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return str(path)


def test_an_instagram_export_with_numbers_for_file_names_and_huge_timestamps_is_read(tmp_path):
    posts = [{"media": [{"uri": 5, "creation_timestamp": HUGE},
                        {"uri": "media/posts/ok.jpg", "creation_timestamp": HUGE, "title": ["x"]}]}]
    export = _zip(tmp_path / "ig.zip", {
        "your_instagram_activity/content/posts_1.json": json.dumps(posts),
        "media/posts/ok.jpg": "not really a jpeg",
    })
    listing = connector_for("instagram-export", export).list_photos(TaskContext())
    assert [photo.image_url for photo in listing.photos] == ["media/posts/ok.jpg"]
    assert listing.photos[0].taken_at is None and listing.photos[0].caption == ""


def test_an_export_file_nested_fifty_thousand_deep_is_a_clear_message(tmp_path):
    export = _zip(tmp_path / "ig.zip", {"your_instagram_activity/content/posts_1.json": "[" * 50_000 + "]" * 50_000})
    with pytest.raises(SourceError) as refused:
        connector_for("instagram-export", export).list_photos(TaskContext())
    assert refused.value.message_id == "sources.export_bad_file"
    assert_clear_message(refused.value.message_id, **refused.value.values)


def test_a_connector_tripping_on_a_wrong_shape_says_so_instead_of_crashing():
    from desktop.sources.base import Connector

    class Tripping(Connector):
        kind = "tripping"

        def list_photos(self, ctx):
            return {"count": "lots"}["count"] + 1  # what a connector's own code does with a wrong type

        def fetch_image(self, photo):
            raise AssertionError

    with pytest.raises(SourceError) as refused:
        Tripping("x").list_photos(TaskContext())
    assert refused.value.message_id == "sources.unexpected_answer"
    assert_clear_message("sources.unexpected_answer")
