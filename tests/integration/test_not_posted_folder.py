"""Only what a stranger can see counts: a local folder of photos marked "not posted" holding a copy of a public
photo does not make that photo "public in more than one place", nor raise the score."""

from __future__ import annotations

import urllib.request

from desktop import demo
from desktop.scan import report


def scan(workspace, child):
    scanner = demo.demo_scanner(workspace)
    try:
        return scanner.scan(child)
    finally:
        scanner.close()


def test_a_not_posted_folder_copy_does_not_count_as_public_exposure(scanned_workspace, demo_server, tmp_path):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    before = report.load(workspace, child)
    folder = tmp_path / "to-post"
    folder.mkdir()
    # The parent's folder holds the very photo that is public on Bluesky (the same bytes).
    weekend = next(e["image_url"] for e in before.exposures if e["image_url"].endswith("weekend.jpg"))
    with urllib.request.urlopen(weekend) as answer:  # the demo server, on this machine
        (folder / "weekend.jpg").write_bytes(answer.read())
    workspace.sources.add(person_id=child.id, kind="folder", target=str(folder), owner="parent")
    outcome = scan(workspace, child)
    after = report.load(workspace, child)
    in_folder = [e for e in after.exposures if e["source_kind"] == "folder"]
    assert len(in_folder) == 1 and in_folder[0]["photo_key"] == next(
        e["photo_key"] for e in after.exposures if e["image_url"] == weekend)  # one photo, found in both places
    assert outcome.score == before.scan.risk_score
    assert [r for r in after.reasons if "more than one place" in r] == \
        [r for r in before.reasons if "more than one place" in r]


def test_photos_saved_from_a_kakaotalk_profile_count_as_visible_as_the_parent_says(scanned_workspace, demo_server,
                                                                                    tmp_path):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    before = report.load(workspace, child)
    saved = tmp_path / "kakao"
    saved.mkdir()
    avatar = next(e["image_url"] for e in before.exposures if e["image_url"].endswith("birthday.jpg"))
    with urllib.request.urlopen(avatar) as answer:
        (saved / "profile.jpg").write_bytes(answer.read())
    workspace.sources.add(person_id=child.id, kind="folder", target=str(saved), owner="self", place="kakaotalk",
                          stated_visibility="public")
    scan(workspace, child)
    after = report.load(workspace, child)
    [kakao] = [e for e in after.exposures if e["source_kind"] == "folder"]
    assert kakao["visibility"] == "public"  # as the parent said, not "not posted"
    assert any("more than one place" in r and r.startswith("2 ") for r in after.reasons)
