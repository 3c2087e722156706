"""`jikimi source add/list/remove/check`: the PRODUCT.md contract, against loopback fake platforms."""

from __future__ import annotations

from desktop.app import main
from tests.sources_helpers import jpeg, payload


def test_source_commands_end_to_end(capsys, httpserver, tmp_path):
    b = httpserver.url_for("/").rstrip("/")
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_data(
        payload("bluesky/profile.json", b), content_type="application/json"
    )
    httpserver.expect_request("/xrpc/app.bsky.feed.getAuthorFeed").respond_with_data(
        payload("bluesky/feed_page2.json", b), content_type="application/json"
    )
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json({"error": "Record not found"}, status=404)
    folder = tmp_path / "to-post"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg())

    assert main(["person", "add", "Minji", "--consent", "guardian"]) == 0
    assert (
        main(
            [
                "source",
                "add",
                "Minji",
                "bluesky",
                "minji.bsky.social",
                "--owner",
                "self",
                "--base-url",
                b,
                "--allow-private",
            ]
        )
        == 0
    )
    # another host name for the same loopback server, so the polite per-host wait is not shared
    other = b.replace("localhost", "127.0.0.1")
    assert (
        main(
            [
                "source",
                "add",
                "Minji",
                "mastodon",
                "@ghost@school.example",
                "--owner",
                "school",
                "--base-url",
                other,
                "--allow-private",
            ]
        )
        == 0
    )
    assert main(["source", "add", "Minji", "folder", str(folder), "--owner", "parent"]) == 0
    out = capsys.readouterr().out
    assert "[1] Bluesky profile: minji.bsky.social (my child's own)" in out

    assert main(["source", "list", "Minji"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in listed] == [
        "[1] Bluesky profile",
        "[2] Mastodon profile",
        "[3] Folder on this computer",
    ]

    code = main(["source", "check", "Minji"])
    captured = capsys.readouterr()
    assert code == 1  # one source failed; the others were still checked
    out = captured.out
    assert "who can see it: anyone" in out
    assert "photos found: 4 (anyone 4)" in out  # avatar, banner, gallery photo, video thumbnail
    assert "problem: Nothing was found at this address" in out
    assert "photos found: 1 (not posted 1)" in out
    assert "checking source 1 of 3" in captured.err

    assert main(["source", "check", "Minji", "3"]) == 0
    assert "not posted 1" in capsys.readouterr().out
    assert main(["source", "remove", "Minji", "2"]) == 0
    assert "Removed source 2." in capsys.readouterr().out
    assert main(["source", "remove", "Minji", "2"]) == 2
    assert "no linked source number 2" in capsys.readouterr().err


def test_source_add_refuses_without_consent_and_explains_bad_input(capsys):
    assert main(["person", "add", "Jun"]) == 0
    capsys.readouterr()
    assert main(["source", "add", "Jun", "bluesky", "jun.bsky.social"]) == 2
    assert "consent" in capsys.readouterr().err.lower()
    assert main(["person", "add", "Minji", "--consent", "guardian"]) == 0
    capsys.readouterr()
    assert main(["source", "add", "Minji", "instagram", "not a user!"]) == 2
    assert "Enter an Instagram username" in capsys.readouterr().err
    assert main(["--lang", "ko", "source", "add", "Minji", "web", "ftp://x"]) == 2
    assert "https://로 시작해야" in capsys.readouterr().err
    # A typed typo is not the host "htp": it is refused with what to check, not stored as https://htp//…
    assert main(["source", "add", "Minji", "web", "htp//host/galery"]) == 2
    assert "should start with https://" in capsys.readouterr().err


def test_local_addresses_are_refused_unless_allowed(capsys, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/intranet").respond_with_data(
        '<html><img src="/class.jpg"></html>', content_type="text/html"
    )
    url = httpserver.url_for("/intranet")
    assert main(["person", "add", "Minji", "--consent", "guardian"]) == 0
    assert main(["source", "add", "Minji", "web", url, "--owner", "school"]) == 0
    capsys.readouterr()
    assert main(["source", "check", "Minji"]) == 1
    out = capsys.readouterr().out
    assert "is on a private or local network" in out
    assert ("On the command line, `jikimi source allow-private Minji 1` lets Jikimi read it (only for a school"
            " intranet or a server at home).") in out  # the window's "edit the source" has a command-line twin
    assert len(httpserver.log) == 0  # nothing was sent
    assert main(["source", "add", "Minji", "web", url.replace("localhost", "127.0.0.1"), "--allow-private"]) == 0
    capsys.readouterr()
    main(["source", "check", "Minji", "2"])
    assert "photos found: 1 (anyone 1)" in capsys.readouterr().out
    assert main(["source", "allow-private", "Minji", "1"]) == 0
    assert capsys.readouterr().out.startswith("Source 1 may now be read on the local network:\n[1] Web page")
    main(["source", "check", "Minji", "1"])
    assert "photos found: 1 (anyone 1)" in capsys.readouterr().out
    assert main(["source", "allow-private", "Minji", "9"]) == 2


def test_a_school_album_behind_a_login_is_reported_members_only_and_a_403_stays_a_problem(capsys, httpserver):
    """A parent links the school album; it forwards strangers to the login page. `source check` must not say
    "anyone / 0 photos" but who can really see it, and what that means. A gallery that merely has a login
    box in its header is still public, and a plain refusal (403) is still a problem."""
    from werkzeug.wrappers import Response

    from tests.sources_helpers import payload

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/album").respond_with_response(Response(status=302, headers={"Location": "/login"}))
    httpserver.expect_request("/login").respond_with_data(payload("web/login.html", ""), content_type="text/html")
    httpserver.expect_request("/gallery").respond_with_data(
        payload("web/gallery_with_login_box.html", ""), content_type="text/html")
    httpserver.expect_request("/staff-only").respond_with_data("Forbidden", status=403)
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    for path in ("/album", "/gallery", "/staff-only"):
        assert main(["source", "add", "Haneul", "web", httpserver.url_for(path), "--owner", "school",
                     "--allow-private"]) == 0
    capsys.readouterr()

    main(["source", "check", "Haneul", "1"])
    album = capsys.readouterr().out
    assert "who can see it: members only (a login is needed)" in album
    assert "who can see it: anyone" not in album
    assert "note: This page asks for a login, so a stranger without an account sees only the login page" in album

    main(["source", "check", "Haneul", "2"])
    gallery = capsys.readouterr().out
    assert "who can see it: anyone" in gallery and "(anyone " in gallery
    assert "asks for a login" not in gallery

    assert main(["source", "check", "Haneul", "3"]) == 1
    assert "problem: The site refused to show this to a visitor without a login." in capsys.readouterr().out

    main(["--lang", "ko", "source", "check", "Haneul", "1"])
    assert "볼 수 있는 사람: 회원만(로그인 필요)" in capsys.readouterr().out


def test_a_place_by_name_on_the_command_line(capsys, tmp_path):
    from desktop.app import main

    main(["person", "add", "Minji", "--consent", "guardian"])
    capsys.readouterr()
    assert main(["source", "add", "Minji", "naver_blog", "haneul_mom"]) == 0
    added = capsys.readouterr().out
    assert "https://rss.blog.naver.com/haneul_mom.xml" in added
    assert "Naver Blog" in added and "RSS" not in added  # the place by the name the parent picked
    assert main(["source", "add", "Minji", "youtube", "@haneul"]) == 2
    assert "channel ID" in capsys.readouterr().err
    saved = tmp_path / "kakao"
    saved.mkdir()
    assert main(["source", "add", "Minji", "kakaotalk", str(saved), "--visibility", "friends"]) == 0
    from desktop import paths
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(paths.resolve())
    try:
        kakao = workspace.sources.list_for_person(workspace.persons.require("Minji").id)[-1]
        assert (kakao.kind, kakao.place, kakao.stated_visibility) == ("folder", "kakaotalk", "friends")
    finally:
        workspace.close()
