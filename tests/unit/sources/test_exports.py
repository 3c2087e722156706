"""Data exports and local folders: a family imports what the platform gave them, and Jikimi lists the photos
with the visibility the export states. Hostile archives are refused whole, with a message that says why."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from desktop.i18n import tr
from desktop.sources.base import SourceError
from desktop.sources.exports.archive import ExportArchive
from desktop.sources.exports.base import fix_mojibake
from desktop.sources.registry import connector_for
from tests.sources_helpers import ctx, jpeg


def mojibake(text: str) -> str:
    """How Instagram and Facebook write non-ASCII text in their JSON."""
    return text.encode("utf-8").decode("latin-1")


def build_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


def build_folder(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def instagram_files(private: str = "True") -> dict[str, bytes | str]:
    root = "instagram-minji_2012-2024-05-10-AbCdEf/"
    posts = [
        {
            "media": [
                {
                    "uri": "media/posts/202405/1715000000_111.jpg",
                    "creation_timestamp": 1715000000,
                    "title": mojibake("운동회 🏃"),
                    "media_metadata": {},
                    "cross_post_source": {"source_app": "FB"},
                },
                {"uri": "media/posts/202405/1715000001_112.jpg", "creation_timestamp": 1715000001, "title": ""},
            ],
            "title": mojibake("운동회 🏃"),
            "creation_timestamp": 1715000000,
        },
        {
            "media": [
                {"uri": "media/posts/202404/1714000000_113.mp4", "creation_timestamp": 1714000000, "title": "clip"}
            ]
        },
    ]
    return {
        root + "your_instagram_activity/content/posts_1.json": json.dumps(posts),
        root + "your_instagram_activity/content/archived_posts.json": json.dumps(
            {
                "ig_archived_post_media": [
                    {
                        "media": [
                            {
                                "uri": "media/archived_posts/202301/old.jpg",
                                "creation_timestamp": 1673000000,
                                "title": "old",
                            }
                        ]
                    }
                ]
            }
        ),
        root + "your_instagram_activity/content/profile_photos.json": json.dumps(
            {
                "ig_profile_picture": [
                    {"uri": "media/profile/202201/p1.jpg", "creation_timestamp": 1641000000, "title": ""},
                    {"uri": "media/profile/202401/p2.jpg", "creation_timestamp": 1704000000, "title": ""},
                ]
            }
        ),
        root + "personal_information/personal_information/personal_information.json": json.dumps(
            {
                "profile_user": [
                    {
                        "media_map_data": {},
                        "string_map_data": {
                            "Username": {"href": "", "value": "minji_2012", "timestamp": 0},
                            "Private Account": {"href": "", "value": private, "timestamp": 0},
                        },
                    }
                ]
            }
        ),
        root + "media/posts/202405/1715000000_111.jpg": jpeg((255, 0, 0)),
        root + "media/posts/202405/1715000001_112.jpg": jpeg((0, 255, 0)),
        root + "media/posts/202404/1714000000_113.mp4": b"\x00\x00\x00\x18ftypmp42",
        root + "media/archived_posts/202301/old.jpg": jpeg((0, 0, 255)),
        root + "media/profile/202201/p1.jpg": jpeg((9, 9, 9)),
        root + "media/profile/202401/p2.jpg": jpeg((99, 99, 99)),
    }


def test_mojibake_is_repaired_only_where_it_round_trips():
    assert fix_mojibake(mojibake("민지의 운동회 🏃")) == "민지의 운동회 🏃"
    assert fix_mojibake("plain ascii") == "plain ascii"
    assert fix_mojibake("민지") == "민지"  # already right: not Latin-1, left alone
    assert fix_mojibake("café") == "café"  # real Latin-1 text that is not UTF-8 bytes stays


@pytest.mark.parametrize("as_folder", [False, True])
def test_instagram_export_lists_posts_with_the_accounts_privacy(tmp_path, as_folder):
    files = instagram_files(private="True")
    target = build_folder(tmp_path / "ig", files) if as_folder else build_zip(tmp_path / "ig.zip", files)
    connector = connector_for("instagram-export", str(target))
    listing = connector.list_photos(ctx())
    assert listing.visibility == "friends"
    assert listing.account_flags["private"] is True
    summary = [(p.image_url.split("/media/", 1)[1], p.visibility, p.role) for p in listing.photos]
    assert summary == [
        ("posts/202405/1715000000_111.jpg", "friends", "post"),
        ("posts/202405/1715000001_112.jpg", "friends", "post"),  # the video is not listed
        ("archived_posts/202301/old.jpg", "private", "post"),
        ("profile/202401/p2.jpg", "public", "avatar"),  # the current profile picture is always public
        ("profile/202201/p1.jpg", "unknown", "avatar"),
    ]
    first = listing.photos[0]
    assert first.caption == "운동회 🏃"  # mojibake repaired
    assert first.taken_at == "2024-05-06T12:53:20+00:00"
    fetched = connector.fetch_image(first)
    assert fetched.data == files[next(k for k in files if k.endswith("_111.jpg"))]
    connector.close()


def test_instagram_public_account_and_missing_privacy(tmp_path):
    files = instagram_files(private="False")
    listing = connector_for("instagram-export", str(build_zip(tmp_path / "a.zip", files))).list_photos(ctx())
    assert listing.visibility == "public" and listing.photos[0].visibility == "public"
    del files[next(k for k in files if k.endswith("personal_information.json"))]
    listing = connector_for("instagram-export", str(build_zip(tmp_path / "b.zip", files))).list_photos(ctx())
    assert listing.visibility == "unknown"
    assert "sources.export_visibility_unknown" in listing.notices


def test_instagram_html_export_asks_for_json(tmp_path):
    target = build_zip(
        tmp_path / "html.zip",
        {
            "start_here.html": "<html>Your information</html>",
            "your_instagram_activity/content/posts_1.html": "<html><img src='media/posts/x.jpg'></html>",
        },
    )
    with pytest.raises(SourceError) as caught:
        connector_for("instagram-export", str(target)).list_photos(ctx())
    assert caught.value.message_id == "sources.instagram_html_export"
    assert "choose the JSON format" in tr(caught.value.message_id)


def test_the_wrong_kind_of_export_is_named(tmp_path):
    target = build_zip(tmp_path / "x.zip", {"data/tweets.js": "window.YTD.tweets.part0 = []"})
    with pytest.raises(SourceError) as caught:
        connector_for("instagram-export", str(target)).list_photos(ctx())
    assert tr(caught.value.message_id, **caught.value.values).startswith(
        "This does not look like an export from Instagram."
    )


def test_facebook_export_posts_albums_and_the_always_public_profile_pictures(tmp_path):
    posts = [
        {
            "timestamp": 1715000000,
            "data": [{"post": mojibake("가족 여행 ✈️")}],
            "attachments": [
                {
                    "data": [
                        {
                            "media": {
                                "uri": "your_facebook_activity/posts/media/Trip_abc/1.jpg",
                                "creation_timestamp": 1715000000,
                                "title": "",
                                "description": "",
                            }
                        }
                    ]
                }
            ],
            "title": mojibake("김엄마님이 사진을 추가했습니다."),
        },
        {"timestamp": 1714000000, "data": [{"post": "no photo"}]},
    ]
    album = {
        "name": "Profile pictures",
        "photos": [
            {
                "uri": "your_facebook_activity/posts/media/ProfilePictures_x/p.jpg",
                "creation_timestamp": 1700000000,
                "title": "Profile pictures",
            }
        ],
        "cover_photo": {"uri": "your_facebook_activity/posts/media/ProfilePictures_x/p.jpg"},
    }
    privacy = {
        "privacy_v2": [
            {
                "name": "Your activity",
                "entries": [{"data": {"name": "Who can see your future posts?", "value": "Friends"}}],
            }
        ]
    }
    target = build_zip(
        tmp_path / "fb.zip",
        {
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": json.dumps(posts),
            "your_facebook_activity/posts/album/0.json": json.dumps(album),
            "preferences/preferences/privacy_settings.json": json.dumps(privacy),
            "your_facebook_activity/posts/media/Trip_abc/1.jpg": jpeg(),
            "your_facebook_activity/posts/media/ProfilePictures_x/p.jpg": jpeg((1, 2, 3)),
        },
    )
    listing = connector_for("facebook-export", str(target)).list_photos(ctx())
    assert listing.visibility == "friends"
    assert [(p.role, p.visibility, p.caption) for p in listing.photos] == [
        ("avatar", "public", "Profile pictures"),
        ("post", "friends", "가족 여행 ✈️"),
    ]


def x_files(protected_action: str | None = "Protect") -> dict[str, bytes | str]:
    tweets = [
        {
            "tweet": {
                "id_str": "1790000000000000001",
                "created_at": "Fri May 10 03:00:00 +0000 2024",
                "full_text": "체육대회 https://t.co/abc",
                "entities": {
                    "media": [{"media_url_https": "https://pbs.twimg.com/media/GNabc123.jpg", "type": "photo"}]
                },
                "extended_entities": {
                    "media": [
                        {"media_url_https": "https://pbs.twimg.com/media/GNabc123.jpg", "type": "photo"},
                        {"media_url_https": "https://pbs.twimg.com/media/GNdef456.jpg", "type": "photo"},
                    ]
                },
            }
        },
        {
            "tweet": {
                "id_str": "1790000000000000002",
                "created_at": "Fri May 10 04:00:00 +0000 2024",
                "full_text": "text only",
                "entities": {},
            }
        },
    ]
    files = {
        "data/tweets.js": "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2),
        "data/account.js": 'window.YTD.account.part0 = [{"account": {"username": "minji_x", "accountId": "1"}}]',
        "data/tweets_media/1790000000000000001-GNabc123.jpg": jpeg(),
        "data/tweets_media/1790000000000000001-GNdef456.jpg": jpeg((5, 5, 5)),
    }
    if protected_action:
        history = [
            {"protectedHistory": {"protectedAt": "2023-01-01T00:00:00.000Z", "action": "Unprotect"}},
            {"protectedHistory": {"protectedAt": "2024-02-01T00:00:00.000Z", "action": protected_action}},
        ]
        files["data/protected-history.js"] = "window.YTD.protected_history.part0 = " + json.dumps(history)
    return files


def test_x_archive_photos_and_protected_posts(tmp_path):
    listing = connector_for("x-export", str(build_zip(tmp_path / "x.zip", x_files("Protect")))).list_photos(ctx())
    assert listing.visibility == "friends" and listing.account_flags["protected"] is True
    assert [p.image_url for p in listing.photos] == [
        "data/tweets_media/1790000000000000001-GNabc123.jpg",
        "data/tweets_media/1790000000000000001-GNdef456.jpg",
    ]
    assert listing.photos[0].post_url == "https://x.com/minji_x/status/1790000000000000001"
    assert listing.photos[0].taken_at == "2024-05-10T03:00:00+00:00"
    public = connector_for("x-export", str(build_zip(tmp_path / "y.zip", x_files("Unprotect")))).list_photos(ctx())
    assert public.visibility == "public"


def test_x_archive_javascript_is_parsed_never_run(tmp_path):
    files = x_files(None)
    files["data/tweets.js"] = "window.YTD.tweets.part0 = (function(){ require('child_process').exec('rm -rf /') })()"
    with pytest.raises(SourceError) as caught:
        connector_for("x-export", str(build_zip(tmp_path / "evil.zip", files))).list_photos(ctx())
    assert caught.value.message_id == "sources.export_bad_file"
    assert "tweets.js" in tr(caught.value.message_id, **caught.value.values)


def test_tiktok_export_reports_who_can_see_each_video(tmp_path):
    data = {
        "Profile": {
            "Profile Info": {
                "ProfileMap": {
                    "userName": "minji.tt",
                    "bioDescription": "OO중 1학년",
                    "profilePhoto": "https://p16-sign.tiktokcdn.com/avatar.jpeg",
                }
            }
        },
        "Post": {
            "Posts": {
                "VideoList": [
                    {
                        "Date": "2024-05-01 10:00:00",
                        "Link": "https://v16.tiktokcdn.com/1.mp4",
                        "Likes": "10",
                        "WhoCanView": "Everyone",
                    },
                    {
                        "Date": "2024-05-02 10:00:00",
                        "Link": "https://v16.tiktokcdn.com/2.mp4",
                        "Likes": "3",
                        "WhoCanView": "Friends",
                    },
                    {
                        "Date": "2024-05-03 10:00:00",
                        "Link": "https://v16.tiktokcdn.com/3.mp4",
                        "Likes": "0",
                        "WhoCanView": "Only me",
                    },
                ]
            }
        },
        "App Settings": {"Settings": {"SettingsMap": {"Private Account": "Disabled"}}},
    }
    listing = connector_for(
        "tiktok-export", str(build_zip(tmp_path / "tt.zip", {"user_data_tiktok.json": json.dumps(data)}))
    ).list_photos(ctx())
    assert listing.visibility == "public"
    flags = listing.account_flags
    assert (flags["videos"], flags["videos_public"], flags["videos_friends"], flags["videos_private"]) == (3, 1, 1, 1)
    assert [(p.role, p.image_url) for p in listing.photos] == [("avatar", "https://p16-sign.tiktokcdn.com/avatar.jpeg")]
    assert "sources.tiktok_public_videos" in listing.notices
    assert listing.profile_text == "OO중 1학년"


def test_tiktok_older_key_paths_and_private_account(tmp_path):
    data = {
        "Video": {"Videos": {"VideoList": [{"Date": "2022-01-01 00:00:00", "Link": "x", "WhoCanView": "Everyone"}]}},
        "App Settings": {"Settings": {"SettingsMap": {"Private Account": "Enabled"}}},
    }
    listing = connector_for(
        "tiktok-export", str(build_folder(tmp_path / "tt", {"user_data.json": json.dumps(data)}))
    ).list_photos(ctx())
    assert listing.visibility == "private"
    assert listing.account_flags["videos_friends"] == 1  # "Everyone" on a private account means approved followers


@pytest.mark.parametrize(
    ("folder", "header", "public", "private"),
    [
        (
            "Takeout/YouTube and YouTube Music/video metadata/videos.csv",
            "Video ID,Approx Duration (ms),Video Audio Language,Video Category,Video Description (Original),"
            "Channel ID,Video Title (Original),Privacy,Video State,Video Create Timestamp",
            "Public",
            "Private",
        ),
        (
            "Takeout/YouTube 및 YouTube Music/동영상 메타데이터/동영상.csv",
            "동영상 ID,대략적인 길이(ms),동영상 오디오 언어,동영상 카테고리,동영상 설명(원본),"
            "채널 ID,동영상 제목(원본),공개 상태,동영상 상태,동영상 생성 타임스탬프",
            "공개",
            "비공개",
        ),
    ],
)
def test_takeout_youtube_videos_in_english_and_korean(tmp_path, folder, header, public, private):
    rows = [
        header,
        f"dQw4w9WgXcQ,1000,ko,22,desc,UCx,학교 축제,{public},processed,2024-05-01T10:00:00+00:00",
        f"abcdefghijk,1000,ko,22,desc,UCx,집에서,{private},processed,2024-05-02T10:00:00+00:00",
    ]
    listing = connector_for("takeout", str(build_zip(tmp_path / "t.zip", {folder: "\n".join(rows)}))).list_photos(ctx())
    assert [(p.image_url, p.visibility, p.caption) for p in listing.photos] == [
        ("https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", "public", "학교 축제")
    ]
    assert listing.account_flags["videos_private"] == 1 and listing.visibility == "public"


def test_takeout_blogger_posts_and_drafts(tmp_path):
    atom = """<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
<id>tag:blogger.com,1999:blog-1</id><title>민지네</title>
<entry><id>tag:blogger.com,1999:blog-1.post-1</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
<title>입학식</title><content type='html'>&lt;img src="https://blogger.googleusercontent.com/img/a/first-day.jpg"&gt;</content>
<link rel='alternate' href='https://minjine.blogspot.com/2024/03/first.html'/><published>2024-03-02T09:00:00Z</published></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-2</id><blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status>
<title>초안</title><content type='html'>&lt;img src="https://blogger.googleusercontent.com/img/a/draft.jpg"&gt;</content></entry>
<entry><id>c1</id><blogger:type>COMMENT</blogger:type><content type='html'>&lt;img src="https://x/comment.jpg"&gt;</content></entry>
</feed>"""
    listing = connector_for(
        "takeout",
        str(
            build_zip(
                tmp_path / "b.zip",
                {"Takeout/Blogger/Blogs/민지네/feed.atom": atom, "Takeout/Blogger/Albums/민지네/photo1.jpg": jpeg()},
            )
        ),
    ).list_photos(ctx())
    assert [(p.image_url.rsplit("/", 1)[-1], p.visibility) for p in listing.photos] == [
        ("first-day.jpg", "public"),
        ("draft.jpg", "not_posted"),
        ("photo1.jpg", "unknown"),
    ]


def test_a_local_folder_lists_images_only_as_not_posted(tmp_path):
    root = build_folder(
        tmp_path / "to-post",
        {
            "a.jpg": jpeg(),
            "trip/b.PNG": jpeg(),
            "notes.txt": "x",
            "trip/deeper/c.jpeg": jpeg(),
            ".hidden/d.jpg": jpeg(),
        },
    )
    outside = build_folder(tmp_path / "elsewhere", {"secret.jpg": jpeg()})
    os.symlink(outside / "secret.jpg", root / "link.jpg")
    os.symlink(outside, root / "linked-dir")
    connector = connector_for("folder", str(root))
    listing = connector.list_photos(ctx())
    assert [p.image_url for p in listing.photos] == ["a.jpg", "trip/b.PNG", "trip/deeper/c.jpeg"]
    assert {p.visibility for p in listing.photos} == {"not_posted"}
    assert "sources.folder_links_skipped" in listing.notices
    assert connector.fetch_image(listing.photos[0]).data == (root / "a.jpg").read_bytes()
    with pytest.raises(SourceError):
        connector.fetch_image(listing.photos[0].__class__("link.jpg"))


# --- hostile archives -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../../.bashrc", "/etc/cron.d/evil", "media/../../escape.jpg", "C:\\Windows\\x.jpg", "..\\..\\evil.jpg"]
)
def test_path_traversal_refuses_the_whole_archive(tmp_path, name):
    target = build_zip(tmp_path / "evil.zip", {"your_instagram_activity/content/posts_1.json": "[]", name: b"x"})
    with pytest.raises(SourceError) as caught:
        connector_for("instagram-export", str(target)).list_photos(ctx())
    assert caught.value.message_id == "sources.export_unsafe"
    assert "Jikimi did not open it" in tr("sources.export_unsafe")


def test_a_symlink_inside_a_zip_refuses_the_archive(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("your_instagram_activity/content/posts_1.json", "[]")
        link = zipfile.ZipInfo("media/posts/x.jpg")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(SourceError) as caught:
        ExportArchive(path)
    assert caught.value.message_id == "sources.export_unsafe"


def test_a_zip_bomb_is_refused_before_anything_is_read(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("your_instagram_activity/content/posts_1.json", b"\x00" * (40 * 1024 * 1024))
    assert path.stat().st_size < 100 * 1024
    with pytest.raises(SourceError) as caught:
        connector_for("instagram-export", str(path)).list_photos(ctx())
    assert caught.value.message_id == "sources.export_bomb"


def test_not_a_zip_and_missing_paths(tmp_path):
    fake = tmp_path / "export.zip"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(SourceError) as not_zip:
        ExportArchive(fake)
    assert not_zip.value.message_id == "sources.export_not_zip"
    with pytest.raises(SourceError) as missing:
        ExportArchive(tmp_path / "nowhere.zip")
    assert missing.value.message_id == "sources.export_missing"


def test_broken_json_inside_an_export_is_named(tmp_path):
    target = build_zip(tmp_path / "b.zip", {"your_instagram_activity/content/posts_1.json": '[{"media": ['})
    with pytest.raises(SourceError) as caught:
        connector_for("instagram-export", str(target)).list_photos(ctx())
    assert (
        tr(caught.value.message_id, **caught.value.values)
        == "The file posts_1.json in the export could not be read. Download the export again."
    )


def test_members_are_read_without_extracting_and_under_the_cap(tmp_path):
    target = build_zip(tmp_path / "ok.zip", {"media/a.jpg": jpeg(), "media/big.jpg": os.urandom(300_000)})
    archive = ExportArchive(target)
    before = set(tmp_path.iterdir())
    assert archive.read_bytes("media/a.jpg")[:2] == b"\xff\xd8"
    with pytest.raises(SourceError) as caught:
        archive.read_bytes("media/big.jpg", cap=100_000)
    assert caught.value.message_id == "sources.too_large"
    with pytest.raises(SourceError):
        archive.read_bytes("../ok.zip")
    assert set(tmp_path.iterdir()) == before  # nothing was written next to the export
