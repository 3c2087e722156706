"""Fake platforms on loopback servers, serving payloads in the real formats: each connector lists what a
stranger sees, every request passes the client's choke point, and each bad case ends in a clear message."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from desktop.i18n import tr
from desktop.sources.base import SourceError
from desktop.sources.registry import connector_for
from tests.sources_helpers import FIXTURES, Recorder, ctx, jpeg, make_client, payload


def connector(kind, target, server, recorder=None, **client_options):
    recorder = recorder or Recorder()
    client = make_client(recorder, **client_options)
    return connector_for(kind, target, client=client, base_url=server.url_for("/").rstrip("/"), allow_private=True)


def base(server) -> str:
    return server.url_for("/").rstrip("/")


# --- Bluesky ---------------------------------------------------------------------------------------------


def serve_bluesky(server, profile="bluesky/profile.json"):
    b = base(server)
    server.expect_request("/xrpc/app.bsky.actor.getProfile", query_string="actor=minji.bsky.social").respond_with_data(
        payload(profile, b), content_type="application/json"
    )
    server.expect_request(
        "/xrpc/app.bsky.feed.getAuthorFeed",
        query_string="actor=did%3Aplc%3Aminjitest000000000000000&filter=posts_with_media&limit=100",
    ).respond_with_data(payload("bluesky/feed_page1.json", b), content_type="application/json")
    server.expect_request(
        "/xrpc/app.bsky.feed.getAuthorFeed",
        query_string="actor=did%3Aplc%3Aminjitest000000000000000&filter=posts_with_media&limit=100"
        "&cursor=2024-05-03T00%3A00%3A00.000Z",
    ).respond_with_data(payload("bluesky/feed_page2.json", b), content_type="application/json")


def test_bluesky_lists_every_page_of_the_childs_own_photos(httpserver):
    serve_bluesky(httpserver)
    recorder = Recorder()
    listing = connector("bluesky", "@minji.bsky.social", httpserver, recorder).list_photos(ctx())
    assert listing.visibility == "public"
    roles = [(p.role, p.image_url.rsplit("/", 1)[-1]) for p in listing.photos]
    assert roles == [
        ("avatar", "bafkavatar@jpeg"),
        ("header", "bafkbanner@jpeg"),
        ("post", "bafkimg1@jpeg"),
        ("post", "bafkimg2@jpeg"),  # two images in one post
        ("post", "bafkimg3@jpeg"),  # recordWithMedia
        ("post", "bafkg1@jpeg"),  # gallery on page two
        ("thumbnail", "thumbnail.jpg"),  # a video's thumbnail
    ]
    assert not any("bafkother" in p.image_url for p in listing.photos)  # the repost of someone else is skipped
    first = listing.photos[2]
    assert first.post_url == "https://bsky.app/profile/minji.bsky.social/post/3kpost1aaaa"
    # A stranger reads the post text and the alt text together.
    assert first.caption == "운동회 날!\nMinji running on the school field"
    assert listing.photos[3].caption == "운동회 날!"  # no alt text: the post's text
    assert first.taken_at == "2024-05-05T03:00:00+00:00"
    assert "OO초등학교" in listing.profile_text
    # every request went through the one choke point: profile, two feed pages
    assert [e.status for e in recorder.events] == [200, 200, 200]
    assert len(httpserver.log) == len(recorder.events)


def test_bluesky_account_hidden_from_logged_out_visitors_is_not_public(httpserver, tmp_path):
    data = json.loads((FIXTURES / "bluesky/profile.json").read_text())
    data["labels"] = [
        {
            "src": data["did"],
            "uri": f"at://{data['did']}/app.bsky.actor.profile/self",
            "val": "!no-unauthenticated",
            "cts": "2024-01-01T00:00:00Z",
        }
    ]
    hidden = FIXTURES / "bluesky" / "_hidden_tmp.json"
    hidden.write_text(json.dumps(data))
    try:
        serve_bluesky(httpserver, "bluesky/_hidden_tmp.json")
        listing = connector("bluesky", "minji.bsky.social", httpserver).list_photos(ctx())
    finally:
        hidden.unlink()
    assert listing.visibility == "unlisted"
    assert {p.visibility for p in listing.photos} == {"unlisted"}
    assert "sources.bluesky_logged_out_hidden" in listing.notices


@pytest.mark.parametrize(
    ("error", "message_id"),
    [
        ("AccountDeactivated", "sources.account_deactivated"),
        ("AccountTakedown", "sources.account_suspended"),
    ],
)
def test_bluesky_deactivated_or_taken_down_accounts(httpserver, error, message_id):
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_json(
        {"error": error, "message": "Account has been deactivated"}, status=400
    )
    with pytest.raises(SourceError) as caught:
        connector("bluesky", "gone.bsky.social", httpserver).list_photos(ctx())
    assert caught.value.message_id == message_id


def test_bluesky_unknown_handle_and_blocked_feed(httpserver):
    httpserver.expect_request(
        "/xrpc/app.bsky.actor.getProfile", query_string="actor=nobody.bsky.social"
    ).respond_with_json({"error": "InvalidRequest", "message": "Profile not found"}, status=400)
    with pytest.raises(SourceError) as missing:
        connector("bluesky", "nobody.bsky.social", httpserver).list_photos(ctx())
    assert missing.value.message_id == "sources.not_found"


def test_bluesky_empty_account(httpserver):
    b = base(httpserver)
    profile = json.loads(payload("bluesky/profile.json", b))
    del profile["avatar"], profile["banner"]
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_json(profile)
    httpserver.expect_request("/xrpc/app.bsky.feed.getAuthorFeed").respond_with_json({"feed": []})
    listing = connector("bluesky", "minji.bsky.social", httpserver).list_photos(ctx())
    assert listing.photos == [] and listing.visibility == "public"


def test_bluesky_rate_limit_is_waited_out(httpserver):
    serve_bluesky(httpserver)
    httpserver.clear()
    calls = {"n": 0}
    b = base(httpserver)

    def profile(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return Response(
                '{"error":"RateLimitExceeded"}',
                status=429,
                headers={"Retry-After": "3", "RateLimit-Limit": "3000", "RateLimit-Remaining": "0"},
            )
        return Response(payload("bluesky/profile.json", b), content_type="application/json")

    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(profile)
    httpserver.expect_request("/xrpc/app.bsky.feed.getAuthorFeed").respond_with_json({"feed": []})
    recorder = Recorder()
    listing = connector("bluesky", "minji.bsky.social", httpserver, recorder).list_photos(ctx())
    assert recorder.sleeps == [3.0]
    assert [p.role for p in listing.photos] == ["avatar", "header"]


# --- Mastodon --------------------------------------------------------------------------------------------


def serve_mastodon(server):
    b = base(server)
    server.expect_request("/api/v1/accounts/lookup", query_string="acct=minji").respond_with_data(
        payload("mastodon/account.json", b), content_type="application/json"
    )
    server.expect_request(
        "/api/v1/accounts/109876543210/statuses",
        query_string="only_media=true&exclude_reblogs=true&limit=40",
    ).respond_with_data(
        payload("mastodon/statuses_page1.json", b),
        content_type="application/json",
        headers={
            "Link": f'<{b}/api/v1/accounts/109876543210/statuses?only_media=true&limit=40'
            f'&max_id=112000000000000002>; rel="next", '
            f'<{b}/api/v1/accounts/109876543210/statuses?only_media=true&limit=40'
            f'&min_id=112000000000000003>; rel="prev"'
        },
    )
    server.expect_request(
        "/api/v1/accounts/109876543210/statuses",
        query_string="only_media=true&limit=40&max_id=112000000000000002",
    ).respond_with_data(payload("mastodon/statuses_page2.json", b), content_type="application/json")


def test_mastodon_follows_link_paging_and_keeps_each_posts_visibility(httpserver):
    serve_mastodon(httpserver)
    recorder = Recorder()
    listing = connector("mastodon", "@minji@school.example", httpserver, recorder).list_photos(ctx())
    photos = [(p.role, p.visibility, p.image_url.rsplit("/", 1)[-1]) for p in listing.photos]
    assert photos == [
        ("avatar", "public", "avatar.jpg"),  # the default header (missing.png) is not a photo
        ("post", "public", "trip.jpg"),
        ("thumbnail", "public", "loop.png"),
        ("post", "unlisted", "uniform.jpg"),
    ]  # the audio attachment on page two is skipped
    assert listing.photos[1].caption == "Minji at the museum"
    assert listing.photos[3].caption == "교복"
    assert listing.account_flags["locked"] is False and listing.account_flags["discoverable"] is True
    assert len(recorder.events) == 3  # lookup and two pages of statuses


def test_mastodon_whitelist_mode_falls_back_to_rss(httpserver):
    b = base(httpserver)
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json(
        {"error": "This API requires an authenticated user"}, status=401
    )
    httpserver.expect_request("/@minji.rss").respond_with_data(
        payload("mastodon/user.rss", b), content_type="application/rss+xml"
    )
    listing = connector("mastodon", "minji@school.example", httpserver).list_photos(ctx())
    assert "sources.mastodon_rss_fallback" in listing.notices
    posts = [p for p in listing.photos if p.role == "post"]
    expected = [("trip.jpg", "수학여행 사진 Minji at the museum")]
    assert [(p.image_url.rsplit("/", 1)[-1], p.caption) for p in posts] == expected
    assert listing.photos[0].role == "avatar"


def test_mastodon_server_that_shows_nothing_to_visitors(httpserver):
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json(
        {"error": "This API requires an authenticated user"}, status=401
    )
    httpserver.expect_request("/@minji.rss").respond_with_data("", status=401)
    with pytest.raises(SourceError) as caught:
        connector("mastodon", "minji@school.example", httpserver).list_photos(ctx())
    assert caught.value.message_id == "sources.mastodon_login_required"


def test_mastodon_unknown_and_suspended_accounts(httpserver):
    httpserver.expect_request("/api/v1/accounts/lookup", query_string="acct=ghost").respond_with_json(
        {"error": "Record not found"}, status=404
    )
    httpserver.expect_request("/api/v1/accounts/lookup", query_string="acct=banned").respond_with_json(
        {"id": "5", "username": "banned", "suspended": True, "locked": False}
    )
    with pytest.raises(SourceError) as ghost:
        connector("mastodon", "ghost@school.example", httpserver).list_photos(ctx())
    assert ghost.value.message_id == "sources.not_found"
    with pytest.raises(SourceError) as banned:
        connector("mastodon", "banned@school.example", httpserver).list_photos(ctx())
    assert banned.value.message_id == "sources.account_suspended"


# --- Feeds -----------------------------------------------------------------------------------------------


def test_naver_blog_feed_images_without_tracking_and_with_a_scheme(httpserver):
    httpserver.expect_request("/minjimom.xml").respond_with_data(
        payload("feeds/naver.xml", ""), content_type="text/xml; charset=utf-8"
    )
    c = connector("feed", "https://blog.naver.com/minjimom", httpserver)
    assert c.feed_url().endswith("/minjimom.xml")
    listing = c.list_photos(ctx())
    posts = [p for p in listing.photos if p.role == "post"]
    assert [p.image_url for p in posts] == [
        "https://blogthumb.pstatic.net/MjAyNDA1MDVfMTIz/IMG_0001.jpg?type=s3",
        "https://blogthumb.pstatic.net/MjAyNDA1MDVfNDU2/IMG_0002.jpg?type=s3",
    ]
    assert posts[0].post_url == "https://blog.naver.com/minjimom/223456789012"
    assert posts[0].taken_at == "2024-05-05T03:00:00+00:00"  # +0900 turned into UTC
    assert posts[0].caption.startswith("어린이날 나들이\n민지랑 놀이공원에 다녀왔어요.")  # title, then text
    assert listing.account_flags["platform"] == "naver"
    assert listing.account_flags["entries"] == 2


def test_naver_serving_html_instead_of_the_feed(httpserver):
    httpserver.expect_request("/minjimom.xml").respond_with_data(
        payload("feeds/naver_blocked.html", ""), content_type="text/html"
    )
    with pytest.raises(SourceError) as caught:
        connector("feed", "naver:minjimom", httpserver).list_photos(ctx())
    assert caught.value.message_id == "sources.not_a_feed"
    assert "gives a web page, not the list of new posts" in tr(caught.value.message_id)


def test_tistory_feed_takes_the_largest_srcset_image(httpserver):
    httpserver.expect_request("/rss").respond_with_data(
        payload("feeds/tistory.xml", ""), content_type="application/xml"
    )
    listing = connector("feed", "https://minji.tistory.com", httpserver).list_photos(ctx())
    assert listing.account_flags["platform"] == "tistory"
    assert [p.image_url for p in listing.photos] == [
        "https://img1.daumcdn.net/thumb/R1280x0/?fname=https%3A%2F%2Fblog.kakaocdn.net%2Fdn%2Fabc%2FbtsXYZ%2Fimg.jpg"
    ]
    assert listing.photos[0].caption == "학교 앞에서\n정문 앞 민지"  # title and alt text


def test_youtube_channel_feed_gives_thumbnails(httpserver):
    httpserver.expect_request(
        "/feeds/videos.xml", query_string="channel_id=UCabcdefghijklmnopqrstuv"
    ).respond_with_data(payload("feeds/youtube.xml", ""), content_type="text/xml")
    listing = connector("feed", "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", httpserver).list_photos(
        ctx()
    )
    assert [(p.role, p.image_url, p.post_url) for p in listing.photos] == [
        (
            "thumbnail",
            "https://i4.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
    ]
    assert listing.photos[0].caption == "댄스 챌린지\n학교 축제 무대"  # the title and description beside it
    assert listing.account_flags["platform"] == "youtube"


def test_generic_atom_feed_enclosures_and_images_but_no_tracking_pixels(httpserver):
    b = base(httpserver)
    httpserver.expect_request("/class/feed.atom").respond_with_data(
        payload("feeds/generic_atom.xml", b), content_type="application/atom+xml"
    )
    listing = connector("feed", f"{b}/class/feed.atom", httpserver).list_photos(ctx())
    assert [p.image_url for p in listing.photos] == [f"{b}/class/photos/trip-group.jpg", f"{b}/class/photos/bus.jpg"]
    assert listing.photos[1].caption == "현장체험학습\n버스 앞 단체 사진"


def test_malformed_feeds(httpserver):
    httpserver.expect_request("/junk").respond_with_data(b"\x00\x01 not xml at all <<<", content_type="text/xml")
    httpserver.expect_request("/cut").respond_with_data(payload("feeds/malformed.xml", ""), content_type="text/xml")
    with pytest.raises(SourceError) as caught:
        connector("feed", "https://example.org/junk", httpserver).list_photos(ctx())
    assert caught.value.message_id == "sources.bad_feed"
    truncated = connector("feed", "https://example.org/cut", httpserver).list_photos(ctx())
    assert truncated.notices == ["sources.feed_damaged"] and truncated.account_flags["entries"] == 1


# --- Web pages and galleries ------------------------------------------------------------------------------


def serve_gallery(server, robots="web/robots.txt"):
    if robots:
        server.expect_request("/robots.txt").respond_with_data(payload(robots, ""), content_type="text/plain")
    for page in (1, 2, 3):
        query = "bo_table=album" + ("" if page == 1 else f"&page={page}")
        server.expect_request("/bbs/board.php", query_string=query).respond_with_data(
            payload(f"web/gallery_{page}.html", ""), content_type="text/html; charset=utf-8"
        )


def test_a_lazy_loaded_school_gallery_over_three_pages(httpserver):
    serve_gallery(httpserver)
    recorder = Recorder()
    b = base(httpserver)
    c = connector("web", "https://school.example.kr/bbs/board.php?bo_table=album", httpserver, recorder)
    listing = c.list_photos(ctx())
    names = [p.image_url.replace(b, "") for p in listing.photos]
    assert names == [
        "/data/og/school-front.jpg",  # og:image (twitter:image is the same picture)
        "/data/file/album/concert-1280.webp",  # picture/source, the largest candidate
        "/data/file/album/thumb-sports-day_600x400.jpg",  # data-src
        "/data/file/album/field-trip.jpg",  # data-original, relative to <base href>
        "/data/file/album/large.jpg",  # srcset 2x
        "/data/file/album/noscript-photo.jpg",
        "/data/file/album/cover.jpg",  # background-image
        "/data/file/album/page2-a.jpg",  # page 2 by page number
        "/data/file/album/page2-b-big.jpg",
        "/data/file/album/jsonld-photo.jpg",
        "/data/file/album/page3.jpg",  # page 3 by "다음"
    ]  # svg logo, 1x1 counter and data: URI are not photos; the repeat on page 2 counted once
    sports = listing.photos[2]
    assert sports.caption == "운동회 계주"
    assert sports.post_url == f"{b}/bbs/board.php?bo_table=album&wr_id=31"
    assert listing.account_flags["pages"] == 3
    assert "sources.robots_stopped" in listing.notices  # page 4 is disallowed by robots.txt
    assert c.client.interval_for("localhost") >= 2.0 or c.client.interval_for("127.0.0.1") >= 2.0  # crawl-delay
    assert "학교앨범" in listing.profile_text
    requested = [e.url.replace(b, "") for e in recorder.events]
    assert requested[0] == "/robots.txt" and len(requested) == 4
    assert not any("elsewhere.example" in url for url in recorder.urls())


def test_page_cap_stops_an_endless_gallery(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)  # no robots.txt: allowed
    for n in range(1, 20):
        httpserver.expect_request("/list", query_string=f"page={n}").respond_with_data(
            f'<html><body><img src="/p{n}.jpg"><a href="/list?page={n + 1}">다음</a></body></html>',
            content_type="text/html",
        )
    c = connector("web", "https://x.example/list?page=1", httpserver)
    c.max_pages = 3
    listing = c.list_photos(ctx())
    assert len(listing.photos) == 3
    assert "sources.page_cap_reached" in listing.notices


def test_robots_txt_disallowing_the_page_is_respected(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    recorder = Recorder()
    with pytest.raises(SourceError) as caught:
        connector("web", "https://x.example/gallery", httpserver, recorder).list_photos(ctx())
    assert caught.value.message_id == "sources.robots_disallow"
    assert [e.url.rsplit("/", 1)[-1] for e in recorder.events] == ["robots.txt"]  # the page itself was not read


def test_robots_txt_server_error_means_stay_away(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    with pytest.raises(SourceError) as caught:
        connector("web", "https://x.example/gallery", httpserver, max_retries=0).list_photos(ctx())
    assert caught.value.message_id == "sources.robots_unavailable"


def serve_album_behind_login(server):
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/bbs/board.php", query_string="bo_table=album").respond_with_response(
        Response(status=302, headers={"Location": "/bbs/login.php?url=%2Fbbs%2Fboard.php%3Fbo_table%3Dalbum"})
    )
    server.expect_request("/bbs/login.php").respond_with_data(
        payload("web/login.html", ""), content_type="text/html; charset=utf-8"
    )


def test_a_school_album_behind_a_login_is_members_only_not_public(httpserver):
    from desktop.sources.check import visibility_message_id

    serve_album_behind_login(httpserver)
    recorder = Recorder()
    c = connector("web", "https://school.example.kr/bbs/board.php?bo_table=album", httpserver, recorder)
    listing = c.list_photos(ctx())
    assert listing.visibility == "friends" and listing.account_flags["members_only"] is True
    assert listing.photos == []  # the school logo and the login button are not the album's photos
    assert listing.notices == ["sources.web_login_wall"]
    assert tr(visibility_message_id(listing)) == "members only (a login is needed)"
    assert tr("sources.web_login_wall").startswith("This page asks for a login, so a stranger without an account")
    assert [e.url.rsplit("/", 1)[-1] for e in recorder.events] == [
        "robots.txt", "board.php?bo_table=album", "login.php?url=%2Fbbs%2Fboard.php%3Fbo_table%3Dalbum"]


def test_a_page_that_is_only_a_password_form_is_a_login_wall_without_a_redirect(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/class/6-3/photos").respond_with_data(
        payload("web/login.html", ""), content_type="text/html; charset=utf-8"
    )
    listing = connector("web", "https://school.example.kr/class/6-3/photos", httpserver).list_photos(ctx())
    assert (listing.visibility, listing.photos, listing.notices) == ("friends", [], ["sources.web_login_wall"])


def test_a_public_gallery_with_a_login_box_in_its_header_is_public(httpserver):
    b = base(httpserver)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/bbs/board.php", query_string="bo_table=album").respond_with_data(
        payload("web/gallery_with_login_box.html", ""), content_type="text/html; charset=utf-8"
    )
    listing = connector("web", "https://school.example.kr/bbs/board.php?bo_table=album", httpserver).list_photos(ctx())
    assert listing.visibility == "public" and listing.notices == []
    names = [p.image_url.replace(b, "") for p in listing.photos]
    assert "/data/file/album/sports-day.jpg" in names and "/data/file/album/field-trip.jpg" in names


def test_next_pages_behind_a_login_end_the_listing_with_a_note(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/list", query_string="page=1").respond_with_data(
        '<html><body><img src="/p1.jpg"><a href="/list?page=2">다음</a></body></html>', content_type="text/html"
    )
    httpserver.expect_request("/list", query_string="page=2").respond_with_response(
        Response(status=302, headers={"Location": "/member/login.do"})
    )
    httpserver.expect_request("/member/login.do").respond_with_data(
        payload("web/login.html", ""), content_type="text/html; charset=utf-8"
    )
    listing = connector("web", "https://x.example/list?page=1", httpserver).list_photos(ctx())
    assert listing.visibility == "public"
    assert [p.image_url.rsplit("/", 1)[-1] for p in listing.photos] == ["p1.jpg"]
    assert listing.notices == ["sources.web_next_pages_need_login"]


# --- Instagram public profile ---------------------------------------------------------------------------


def test_instagram_shows_only_the_profile_picture_and_counts(httpserver):
    b = base(httpserver)
    httpserver.expect_request("/minji_2012/").respond_with_data(
        payload("instagram/profile.html", b), content_type="text/html"
    )
    listing = connector("instagram", "@minji_2012", httpserver).list_photos(ctx())
    assert [(p.role, p.visibility) for p in listing.photos] == [("avatar", "public")]
    assert listing.account_flags["followers"] == 1234
    assert listing.account_flags["posts"] == 56
    assert listing.notices == ["sources.instagram_login_wall"]
    assert (
        tr("sources.instagram_login_wall")
        == "Instagram hides the rest from us: import your data export to check the posts."
    )


def test_instagram_private_account(httpserver):
    b = base(httpserver)
    httpserver.expect_request("/jun_2011/").respond_with_data(
        payload("instagram/private_profile.html", b), content_type="text/html"
    )
    listing = connector("instagram", "https://www.instagram.com/jun_2011/", httpserver).list_photos(ctx())
    assert listing.visibility == "private"
    assert [p.role for p in listing.photos] == ["avatar"]


def test_instagram_login_wall_is_reported_never_worked_around(httpserver):
    httpserver.expect_request("/minji_2012/").respond_with_response(
        Response(status=302, headers={"Location": "/accounts/login/?next=/minji_2012/"})
    )
    httpserver.expect_request("/accounts/login/").respond_with_data(
        payload("instagram/login.html", ""), content_type="text/html"
    )
    recorder = Recorder()
    listing = connector("instagram", "minji_2012", httpserver, recorder).list_photos(ctx())
    assert listing.photos == [] and listing.visibility == "unknown"
    assert listing.notices == ["sources.instagram_login_wall"]
    assert len(recorder.events) == 2  # the profile and the login page it forwarded to; nothing else


# --- Photos are fetched through the same client -------------------------------------------------------------


def test_fetching_a_listed_photo_goes_through_the_choke_point(httpserver):
    serve_bluesky(httpserver)
    photo = jpeg()
    httpserver.expect_request(
        "/img/feed_fullsize/plain/did:plc:minjitest000000000000000/bafkimg1@jpeg"
    ).respond_with_data(photo, content_type="image/jpeg")
    recorder = Recorder()
    c = connector("bluesky", "minji.bsky.social", httpserver, recorder)
    listing = c.list_photos(ctx())
    fetched = c.fetch_image(listing.photos[2])
    assert fetched.data == photo
    assert recorder.events[-1].url == listing.photos[2].image_url
    assert len(httpserver.log) == len(recorder.events) == 4


# --- the choke point and per-source isolation --------------------------------------------------------------


def test_every_request_of_every_network_connector_passes_the_choke_point(httpserver, monkeypatch):
    import requests

    serve_bluesky(httpserver)
    serve_mastodon(httpserver)
    serve_gallery(httpserver)
    b = base(httpserver)
    httpserver.expect_request("/rss").respond_with_data(payload("feeds/tistory.xml", ""), content_type="text/xml")
    httpserver.expect_request("/minji_2012/").respond_with_data(payload("instagram/profile.html", b))
    sent = []
    real_request = requests.Session.request
    monkeypatch.setattr(
        requests.Session,
        "request",
        lambda self, method, url, **kw: (sent.append(url), real_request(self, method, url, **kw))[1],
    )
    recorder = Recorder()
    client = make_client(recorder)
    targets = [
        ("bluesky", "minji.bsky.social"),
        ("mastodon", "@minji@school.example"),
        ("feed", "https://minji.tistory.com"),
        ("web", "https://school.example.kr/bbs/board.php?bo_table=album"),
        ("instagram", "minji_2012"),
    ]
    for kind, target in targets:
        listing = connector_for(kind, target, client=client, base_url=b, allow_private=True).list_photos(ctx())
        assert listing.photos, kind
    assert sent == recorder.urls()  # nothing reached the network except through the observed choke point
    assert len(sent) == len(httpserver.log) == 3 + 3 + 1 + 4 + 1


def test_one_broken_source_does_not_stop_the_others(httpserver, tmp_path):
    from desktop.sources.check import check_sources
    from desktop.store.sources import SourceRecord

    serve_bluesky(httpserver)
    httpserver.expect_request("/minjimom.xml").respond_with_data(
        payload("feeds/naver_blocked.html", ""), content_type="text/html"
    )
    b = base(httpserver)
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "x.jpg").write_bytes(jpeg())

    def record(n, kind, target, base_url=None):
        return SourceRecord(n, 1, None, kind, target, "self", base_url, base_url is not None, "2024-01-01")

    results = check_sources(
        [
            record(1, "feed", "naver:minjimom", b),
            record(2, "bluesky", "minji.bsky.social", b),
            record(3, "instagram-export", str(tmp_path / "missing.zip")),
            record(4, "folder", str(folder)),
        ],
        make_client(),
        ctx(),
    )
    assert [r.error.message_id if r.error else len(r.listing.photos) for r in results] == [
        "sources.not_a_feed",
        7,
        "sources.export_missing",
        1,
    ]


def test_registry_lists_the_kinds_in_order_with_plain_explanations():
    from desktop import i18n
    from desktop.sources.registry import KINDS

    assert [k.kind for k in KINDS] == [
        "bluesky",
        "mastodon",
        "feed",
        "web",
        "instagram",
        "instagram-export",
        "facebook-export",
        "x-export",
        "tiktok-export",
        "takeout",
        "folder",
    ]
    for lang in ("en", "ko"):
        for info in KINDS:
            for message_id in (info.name_id, info.description_id, info.target_hint_id):
                assert i18n.tr(message_id, lang=lang)
