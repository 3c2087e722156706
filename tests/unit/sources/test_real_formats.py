"""Exports, feeds and pages as people's real files are: each variant in the conformance corpus
(tests/fixtures/formats, same structure as the platforms' files, invented content) is read the way it should be.
Every test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.sources.registry import connector_for
from tests.sources_helpers import ctx

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


def listing_of(kind: str, *parts: str):
    connector = connector_for(kind, str(CORPUS.joinpath(*parts)))
    try:
        return connector.list_photos(ctx())
    finally:
        connector.close()


# --- X archive ------------------------------------------------------------------------------------------------


def test_x_videos_and_gifs_on_disk_are_not_reported_missing_and_retweets_are_not_the_childs():
    listing = listing_of("x-export", "x", "2022_tweets_js")
    assert [(p.role, p.visibility, Path(p.image_url).name) for p in listing.photos] == [
        ("avatar", "public", "1400000000000000000-Kq3vXy9a.jpg"),  # profile.js + profile_media/
        ("header", "public", "1400000000000000000-1646000000.jpg"),
        ("post", "public", "1500000000000000001-FhQ2aXcAE1x9.jpg"),
    ]
    assert listing.photos[2].post_url == "https://x.com/haneul_example/status/1500000000000000001"
    assert listing.profile_text == "햇살초 4학년 🌱 줄넘기 좋아함 서울"  # checked for the school's name
    assert listing.skipped == {"sources.skipped.videos": 2, "sources.skipped.retweets": 1}
    assert "sources.export_media_missing" not in listing.notices
    assert listing.visibility == "public"  # an empty protected history: never protected


def test_x_2019_archive_with_tweet_js_and_tweet_media_still_works():
    listing = listing_of("x-export", "x", "2019_tweet_js")
    assert [Path(p.image_url).name for p in listing.photos] == ["1100000000000000001-D1kPq8sUcAA.jpg"]
    assert listing.skipped == {"sources.skipped.missing": 1}
    assert "sources.export_media_missing" in listing.notices


def test_x_pre_2019_grailbird_archive_lists_its_photo_addresses_and_skips_retweets():
    listing = listing_of("x-export", "x", "2013_grailbird")
    assert [(p.image_url, p.post_url, p.taken_at) for p in listing.photos] == [
        ("https://pbs.twimg.com/media/BAbCdEfGhIj.jpg", "https://x.com/jiwoo_example/status/290000000000000001",
         "2013-01-12T07:30:00+00:00")
    ]
    assert listing.skipped == {"sources.skipped.retweets": 1}
    assert [f.path.rsplit("/", 1)[-1] for f in listing.files_read] == ["2013_01.js", "2013_02.js"]


# --- TikTok ---------------------------------------------------------------------------------------------------


def test_tiktok_2025_export_only_you_is_private_and_photo_posts_and_covers_are_listed():
    listing = listing_of("tiktok-export", "tiktok", "2025_profile_and_settings")
    # "Profile And Settings" › "Settings": the account is private, so "Everyone" means approved followers
    assert listing.visibility == "private"
    assert listing.account_flags["username"] == "seoyeon.dance"
    assert listing.profile_text == "초등학교 5학년 댄스"
    flags = listing.account_flags
    assert (flags["videos"], flags["videos_private"], flags["videos_friends"], flags["videos_unknown"]) == (4, 2, 2, 0)
    assert [(p.role, p.visibility, p.image_url.split("?")[0].rsplit("/", 1)[-1]) for p in listing.photos] == [
        ("avatar", "public", "1a2b3c4d~tplv-tiktokx-cropcenter:1080:1080.jpeg"),
        ("thumbnail", "friends", "cover0003~tplv-tiktokx-origin.image"),
        ("post", "friends", "photo0001~tplv-photomode-image.jpeg"),
        ("post", "friends", "photo0002~tplv-photomode-image.jpeg"),
    ]
    # the videos watched or liked ("Activity") are other people's and never listed
    assert listing.skipped == {"sources.skipped.only_you": 2, "sources.skipped.tiktok_videos": 1}


# --- Facebook -------------------------------------------------------------------------------------------------


def test_facebook_notes_stories_uncategorised_video_thumbnails_web_addresses_and_cover_photos():
    listing = listing_of("facebook-export", "facebook", "2024_your_facebook_activity")
    got = [(p.role, p.visibility, p.image_url.rsplit("/", 1)[-1].split("?")[0], p.caption) for p in listing.photos]
    assert got == [
        ("avatar", "public", "777_n.jpg", "Profile pictures"),  # an https address, not skipped
        ("header", "public", "666_n.jpg", "커버 사진"),  # the cover photo album's cover
        ("post", "friends", "111_n.jpg", "운동회 🏃"),
        ("post", "friends", "222_n.jpg", "학예회 학예회 준비"),  # a photo inside a note
        ("thumbnail", "friends", "thumb_333.jpg", "줄넘기 영상"),  # the video's thumbnail, listed once
        ("post", "friends", "444_n.jpg", ""),  # uncategorised photos
        ("post", "private", "555_n.jpg", ""),  # archived stories: only the account sees them
        ("header", "public", "888_n.jpg", "김엄마님이 커버 사진을 업데이트했습니다."),  # profile update history
    ]
    # one uncategorised photo is not in the download; one entry links a Facebook page, not a photo
    assert listing.skipped == {"sources.skipped.missing": 1, "sources.skipped.not_photos": 1}
    assert "sources.export_media_missing" in listing.notices
    # the profile's schools, city and bio are checked for the school's name
    assert listing.profile_text == "햇살초등학교 서울특별시 마포구 부산광역시 햇살초 학부모"


# --- ZIP archives whose names are not flagged UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("archive", "encoding"),
    [
        ("facebook_rezipped_korean_windows_cp949.zip", "cp949"),
        ("facebook_rezipped_utf8_without_flag.zip", "utf-8"),
        ("facebook_rezipped_macos_nfd.zip", None),  # flagged UTF-8, but Hangul decomposed as macOS writes it
    ],
)
def test_an_export_zipped_again_on_korean_windows_keeps_its_korean_folder_names(archive, encoding):
    """Korean Windows "compressed folders" write CP949 names without the UTF-8 flag; other tools write UTF-8
    without it. Read as cp437, the photos under "가족여행_…" would all be missing."""
    from desktop.sources.exports.archive import ExportArchive

    opened = ExportArchive(CORPUS / "zip" / archive)
    try:
        assert opened.name_encoding == encoding
        assert "지우 페이스북 백업/photos_and_videos/가족여행_Ab3dE/101_n.jpg" in opened.names
    finally:
        opened.close()
    listing = listing_of("facebook-export", "zip", archive)
    folders = [(p.image_url.rsplit("/", 2)[-2], p.caption) for p in listing.photos]
    assert folders == [("가족여행_Ab3dE", "가족 여행")] * 2
    assert listing.skipped == {}


def test_names_that_are_neither_utf8_nor_cp949_stay_as_the_zip_standard_says():
    import zipfile

    from desktop.sources.exports.archive import member_name, names_encoding

    written = b"\xff\x80.jpg"  # not UTF-8, not CP949
    info = zipfile.ZipInfo(written.decode("cp437"))
    assert names_encoding([info]) == "cp437"
    assert member_name(info, "cp437") == written.decode("cp437")


# --- Instagram export -----------------------------------------------------------------------------------------


def test_instagram_other_content_and_recently_deleted_posts_are_read():
    listing = listing_of("instagram-export", "instagram", "2024_your_instagram_activity")
    assert [(p.visibility, p.image_url.rsplit("/", 1)[-1], p.caption) for p in listing.photos] == [
        ("public", "18000000001_1.jpg", "체험학습 🚌"),
        ("public", "18000000002.jpg", "생일"),
        ("private", "18000000003.jpg", ""),  # recently deleted: only the account sees it, for 30 days
    ]
    assert listing.skipped == {"sources.skipped.videos": 1}
    assert {f.part for f in listing.files_read} == {"posts", "other", "deleted"}
    assert listing.profile_text == "햇살초 3학년 ☀️"  # the bio is checked for the school's name


# --- Feeds ----------------------------------------------------------------------------------------------------


def feed_listing(name: str, url: str = "https://feed-example.invalid/rss"):
    from desktop.sources.feed import parse_feed

    return parse_feed((CORPUS / "feeds" / name).read_bytes(), url)


def test_an_enclosure_written_as_text_is_a_photo_and_a_homepage_channel_image_is_not_an_avatar():
    listing = feed_listing("rss_enclosure_text_and_homepage_image.xml")
    assert [(p.role, p.image_url, p.post_url) for p in listing.photos] == [
        ("post", "https://class-example.invalid/files/picnic.jpg", "https://class-example.invalid/board/12")
    ]
    assert listing.skipped == {"sources.skipped.homepage_image": 1}


def test_bing_news_images_are_read():
    listing = feed_listing("bing_news.xml")
    assert [(p.role, p.image_url) for p in listing.photos if p.role == "post"] == [
        ("post", "https://www.bing.com/th?id=OVFT.AbCdEfGh123&pid=News")
    ]
    assert "예시일보" not in listing.photos[-1].caption and "공개수업" in listing.photos[-1].caption


def test_blogger_captions_are_unescaped_and_an_empty_link_does_not_erase_the_post_address():
    listing = feed_listing("blogger_atom_double_escaped.xml", "https://minji-example.blogspot.com/feeds/posts/default")
    park = next(p for p in listing.photos if p.image_url.endswith("/s1600/park.jpg"))
    assert park.post_url == "https://minji-example.blogspot.com/2024/05/blog-post.html"
    assert park.caption.split("\n") == ["어린이날 & 놀이공원", "재밌었다 <3", "민지 & 동생"]
    assert listing.profile_text == "민지네 일기 가족 & 일상"
    only = next(p for p in listing.photos if p.image_url.endswith("/only.jpg"))
    assert only.post_url == "https://minji-example.blogspot.com/"  # only <link/>: the blog, never ""


# --- Google Takeout -------------------------------------------------------------------------------------------


def test_takeout_youtube_in_korean_lists_only_the_childs_own_uploads_with_their_privacy():
    listing = listing_of("takeout", "takeout", "2024_youtube_korean")
    assert [(p.image_url, p.visibility, p.caption) for p in listing.photos] == [
        ("https://i.ytimg.com/vi/Def456uvw-1/hqdefault.jpg", "unlisted", "운동회, 계주")
    ]
    flags = listing.account_flags
    assert (flags["videos_private"], flags["videos_unlisted"], flags["videos_unknown"]) == (1, 1, 0)
    # "Watch later", "My mix" and live chats are other people's videos; video texts repeat the uploads
    assert listing.skipped == {"sources.skipped.private_videos": 1, "sources.skipped.not_own_videos": 5}


def test_a_classic_blogger_backup_file_lists_live_posts_and_keeps_drafts_unposted():
    listing = listing_of("takeout", "takeout", "blogger_classic_backup", "blog-03-15-2024.xml")
    assert [(p.image_url.rsplit("/", 2)[-2:], p.visibility, p.post_url, p.caption) for p in listing.photos] == [
        (["s320", "entrance.jpg"], "public", "https://ourclass-example.blogspot.com/2024/03/blog-post.html",
         "입학식 & 단체 사진"),
        (["s1600", "trip.jpg"], "not_posted", None, "현장학습 (임시저장)"),
    ]


# --- Web pages ------------------------------------------------------------------------------------------------


def test_a_gallery_with_cdn_srcsets_size_variants_and_a_failing_second_page(httpserver):
    from tests.sources_helpers import make_client

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/album", query_string="page=1").respond_with_data(
        (CORPUS / "web" / "cdn_gallery_page1.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/album", query_string="page=2").respond_with_data("busy", status=500)
    base = httpserver.url_for("/").rstrip("/")
    connector = connector_for("web", "https://school.example.kr/album?page=1", client=make_client(max_retries=0),
                              base_url=base, allow_private=True)
    listing = connector.list_photos(ctx())
    cdn = "https://res.cdn-example.invalid/hs/image/upload/"
    assert [(p.image_url.replace(base, ""), p.caption) for p in listing.photos] == [
        (f"{cdn}c_fill,w_1600/v1712000000/album/sports.jpg", "운동회 단체 사진"),  # a URL with commas, whole
        (f"{cdn}f_auto,q_auto:good,w_1200/v1712000001/album/music.jpg", "음악회"),
        ("/files/trip.jpg", "현장학습 원본"),  # ?w=1024 and the original: one photo, the original kept
        ("/files/library.jpg", "도서관에서"),  # the 60 px blurred placeholder is the same photo
    ]
    assert listing.skipped == {"sources.skipped.size_variants": 3, "sources.skipped.failed_pages": 1}
    assert listing.account_flags["failed_page"].endswith("/album?page=2")
    assert "sources.web_page_failed" in listing.notices
    from desktop.sources.report import explain_lines

    assert explain_lines("web", "", listing, None) == [
        "read from these addresses:", f"  {base}/album?page=1: page, entries: 7, photos listed: 4"
    ]


# --- Instagram public profile ---------------------------------------------------------------------------------


def instagram_listing(httpserver, page: str):
    from tests.sources_helpers import make_client

    httpserver.expect_request("/jiwoo.example/").respond_with_data(
        (CORPUS / "instagram_web" / page).read_bytes(), content_type="text/html; charset=utf-8"
    )
    connector = connector_for("instagram", "@jiwoo.example", client=make_client(),
                              base_url=httpserver.url_for("/").rstrip("/"), allow_private=True)
    return connector.list_photos(ctx())


def test_an_instagram_login_page_served_with_200_is_a_wall_not_a_profile(httpserver):
    listing = instagram_listing(httpserver, "login_wall_200.html")
    assert listing.photos == [] and listing.profile_text == "" and listing.visibility == "unknown"
    assert listing.account_flags["login_wall"] is True
    assert listing.notices == ["sources.instagram_login_wall"]


def test_an_instagram_account_marked_private_only_in_the_page_json_is_private(httpserver):
    listing = instagram_listing(httpserver, "private_is_private_json.html")
    assert listing.visibility == "private" and listing.account_flags["private"] is True
    assert listing.account_flags["followers"] == 120
    assert [(p.role, p.visibility) for p in listing.photos] == [("avatar", "public")]


def test_explain_names_the_files_read_and_hides_the_folder_the_family_named():
    from desktop.sources.report import explain_lines

    target = CORPUS / "zip" / "facebook_rezipped_korean_windows_cp949.zip"
    listing = listing_of("facebook-export", "zip", target.name)
    lines = explain_lines("facebook-export", str(target), listing, None)
    assert "file names in the ZIP were written as cp949 (no UTF-8 mark)" in lines
    assert "  …/photos_and_videos/album/0.json: albums, entries: 2, photos listed: 2" in lines
    assert not any("지우" in line for line in lines)


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("https://blogthumb.pstatic.net/2024/a.jpg?type=s3", "https://blogthumb.pstatic.net/2024/a.jpg?type=w773"),
        ("https://school.example/wp-content/uploads/2024/05/trip-300x200.jpg",
         "https://school.example/wp-content/uploads/2024/05/trip.jpg"),
        ("https://blogger.googleusercontent.com/img/b/X/s72-c/park.jpg",
         "https://blogger.googleusercontent.com/img/b/X/s1600/park.jpg"),
        ("https://cdn.example/img/photo@0.5x.jpg", "https://cdn.example/img/photo.jpg"),
    ],
)
def test_size_variants_of_one_photo_share_a_key_and_the_larger_is_known(small, large):
    from desktop.sources.html_images import variant_key, variant_size

    assert variant_key(small) == variant_key(large)
    assert variant_size(large) > variant_size(small)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://school.example/view.php?type=photo1", "https://school.example/view.php?type=photo2"),
        ("https://school.example/my_photos/a.jpg", "https://school.example/ab_cd/a.jpg"),
        ("https://school.example/2024/a.jpg", "https://school.example/2025/a.jpg"),
        ("https://school.example/a.jpg?id=1&w=300", "https://school.example/a.jpg?id=2&w=300"),
    ],
)
def test_different_photos_are_never_taken_for_size_variants(one, other):
    from desktop.sources.html_images import variant_key

    assert variant_key(one) != variant_key(other)


def test_the_2019_instagram_export_with_one_media_json_is_read():
    listing = listing_of("instagram-export", "instagram", "2019_media_json")
    assert [(p.role, p.visibility, p.image_url, p.caption, p.taken_at) for p in listing.photos] == [
        ("post", "friends", "photos/201905/a1b2c3d4.jpg", "소풍 가는 날", "2019-05-03T10:00:00+00:00"),
        ("post", "unknown", "stories/201907/s1.jpg", "", "2019-07-01T10:00:00+00:00"),
        ("avatar", "public", "profile/201906/p1.jpg", "", "2019-06-02T10:00:00+00:00"),  # the newest picture
        ("avatar", "unknown", "profile/201801/p0.jpg", "", "2018-01-02T10:00:00+00:00"),
    ]
    assert listing.account_flags["private"] is True and listing.account_flags["username"] == "jiwoo.2019"
    assert listing.profile_text == "햇살초 다녀요"
    assert listing.skipped == {"sources.skipped.videos": 1}  # messages ("direct") are never read


def test_a_takeout_without_the_uploads_list_says_nothing_was_checked_instead_of_looking_clean():
    listing = listing_of("takeout", "takeout", "2021_youtube_without_metadata")
    assert listing.photos == []
    assert "sources.takeout_no_uploads_list" in listing.notices
    assert listing.skipped == {"sources.skipped.videos": 1}  # the uploaded video file itself is not checked


def test_facebook_photos_are_found_when_the_json_names_another_folder_or_a_web_address():
    """2023 exports name "your_activity_across_facebook/…" for files under "your_facebook_activity/…"; 2020
    album JSON named photos by an fbcdn address while the files sat in the export."""
    listing = listing_of("facebook-export", "facebook", "2023_media_folder_mismatch")
    assert [p.image_url for p in listing.photos] == [
        "your_facebook_activity/posts/media/Album_y2/301_n.jpg",
        "your_facebook_activity/posts/media/Picnic_x1/201_n.jpg",
    ]
    assert listing.skipped == {}


def test_tiktok_videos_the_child_only_watched_are_never_taken_for_posts():
    listing = listing_of("tiktok-export", "tiktok", "2024_no_posts_only_activity")
    assert listing.photos == [] and listing.account_flags["videos"] == 0
    assert listing.skipped == {}


def test_a_takeout_split_in_numbered_zips_is_read_whole_from_any_part():
    from desktop.sources.report import explain_lines

    listing = listing_of("takeout", "zip", "takeout-20240301T000000Z-001.zip")
    assert sorted(p.image_url for p in listing.photos) == [
        "https://blogger.googleusercontent.com/img/b/Q/s1600/sports.jpg",
        "https://i.ytimg.com/vi/Qwe123rty_0/hqdefault.jpg",  # from the second part
    ]
    lines = explain_lines("takeout", str(CORPUS / "zip" / "takeout-20240301T000000Z-002.zip"), listing, None)
    assert "read as one export from 2 ZIP parts" in lines


def test_explain_never_prints_the_names_of_people_blogs_albums_or_playlists():
    from desktop.sources.report import shown_path

    assert shown_path("your_facebook_activity/messages/inbox/minji_1234567/message_1.json", None) == (
        "your_facebook_activity/messages/inbox/…/message_1.json"
    )
    assert shown_path("Takeout/Blogger/Blogs/지우의 일기/feed.atom", None) == "Takeout/Blogger/Blogs/…/feed.atom"
    assert shown_path("Takeout/YouTube and YouTube Music/playlists/지우 학예회-videos.csv", None) == (
        "Takeout/YouTube and YouTube Music/playlists/….csv"
    )
    assert shown_path("지우 백업/data/tweets.js", "지우 백업") == "…/data/tweets.js"


def test_tiktok_profile_keys_are_read_whatever_their_case_or_spacing(tmp_path):
    import json

    data = {"Profile": {"Profile Info": {"ProfileMap": {
        "User Name": "seoyeon.dance", "Bio Description": "햇살초", "Profile Photo": "https://p16-sign-sg.tiktokcdn.com/a.jpeg",
    }}}}
    (tmp_path / "user_data_tiktok.json").write_text(json.dumps(data), encoding="utf-8")
    connector = connector_for("tiktok-export", str(tmp_path))
    listing = connector.list_photos(ctx())
    assert (listing.account_flags["username"], listing.profile_text) == ("seoyeon.dance", "햇살초")
    assert [p.role for p in listing.photos] == ["avatar"]
