"""A parent answers about the photos a scan found. "Not my child" about one photo skips that photo (wherever it is
posted, and its copies) from then on, but never the child's other photos; the answer can be seen and undone;
and every number on the results counts photos, one photo found in two places being one photo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from desktop import demo, i18n
from desktop.scan import feedback, report
from tests.integration.fake_platforms import Platforms, Post, serve

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
DEMO_PHOTOS = [
    ("bluesky", "avatar.jpg"), ("bluesky", "sports-day.jpg"), ("bluesky", "weekend.jpg"), ("feed", "birthday.jpg"),
    ("web", "class-trip.jpg"), ("web", "sports-day.jpg"),
]


def places(exposures) -> list[tuple[str, str]]:
    return sorted((e["source_kind"], e["image_url"].rsplit("/", 1)[-1]) for e in exposures)


def finding_of(data, name: str, kind: str | None = None) -> int:
    return next(e["finding_id"] for e in data.exposures
                if e["image_url"].endswith("/" + name) and kind in (None, e["source_kind"]))


def rejected_faces(workspace, child) -> int:
    return workspace.db.query("SELECT count(*) FROM face_references WHERE person_id = ? AND origin = 'rejected'",
                              (child.id,))[0][0]


@pytest.mark.parametrize("photo", ["avatar.jpg", "birthday.jpg"])
def test_one_not_my_child_answer_never_makes_the_next_scan_call_the_child_safe(scanned_workspace, demo_server, photo):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    feedback.record_review(workspace, child.id, finding_of(report.load(workspace, child), photo), "not_me")

    demo.run_demo_scan(workspace, demo_server.base_url)

    data = report.load(workspace, child)
    assert data.scan.risk_level == "high" and data.scan.risk_score >= 80
    assert "No public photo of Haneul was found in the linked sources." not in data.reasons
    assert "4 public photos show Haneul's face clearly." in data.reasons
    # Every other photo of the child is still reported; the one answered about stays answered.
    assert places(data.exposures) == [p for p in DEMO_PHOTOS if p[1] != photo]
    assert [name for _, name in places(data.answered)] == [photo]
    change = report.changes(workspace, child)
    assert i18n.tr("results.changes", new=change.new, fixed=change.fixed, still=change.still) \
        == "Since the last scan: 0 new, 0 fixed, 4 still exposed."


def test_not_my_child_is_about_the_photo_wherever_it_is_posted_and_can_be_undone(scanned_workspace, demo_server):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    first = report.load(workspace, child)
    school_copy = finding_of(first, "sports-day.jpg", "web")

    feedback.record_review(workspace, child.id, school_copy, "not_me")
    answered = report.load(workspace, child)
    # The same photo on the child's Bluesky is the same face: answered too, at once and after a re-scan.
    assert places(answered.answered) == [("bluesky", "sports-day.jpg"), ("web", "sports-day.jpg")]
    assert "4 public photos show Haneul's face clearly." in answered.reasons
    assert answered.scan.risk_score < first.scan.risk_score
    demo.run_demo_scan(workspace, demo_server.base_url)
    assert places(report.load(workspace, child).answered) == [("bluesky", "sports-day.jpg"), ("web", "sports-day.jpg")]

    feedback.undo_not_me(workspace, child.id, school_copy)
    undone = report.load(workspace, child)
    assert undone.answered == [] and places(undone.exposures) == DEMO_PHOTOS
    assert "5 public photos show Haneul's face clearly." in undone.reasons
    assert undone.scan.risk_score == first.scan.risk_score
    assert rejected_faces(workspace, child) == 0  # the next scan no longer skips it
    demo.run_demo_scan(workspace, demo_server.base_url)
    again = report.load(workspace, child)
    assert places(again.exposures) == DEMO_PHOTOS and again.answered == []


DEMO_REASONS = {
    "en": [
        "5 public photos show Haneul's face clearly.",
        "The profile picture on Bluesky shows Haneul's face, and profile pictures stay public.",
        "1 carries a school's name.",
        "2 give away a grade or class.",
        "1 carries a location (GPS data or a place tag).",
        "1 shows a phone number.",
        "1 names Haneul in the caption.",
        "1 is public in more than one place.",
        "3 linked accounts with these photos are public.",
    ],
    "ko": [
        "공개 사진 5장에 Haneul의 얼굴이 또렷하게 보입니다.",
        "블루스카이 프로필 사진에 Haneul의 얼굴이 보입니다. 프로필 사진은 계속 공개됩니다.",
        "1장에 학교 이름이 있습니다.",
        "2장에서 학년이나 반을 알 수 있습니다.",
        "1장에 위치(GPS 정보나 장소 태그)가 있습니다.",
        "1장에 전화번호가 보입니다.",
        "1장의 설명에 Haneul의 이름이 나옵니다.",
        "1장은 여러 곳에 공개되어 있습니다.",
        "이 사진들이 있는 연결 계정 3개가 공개 상태입니다.",
    ],
}
DEMO_HIDE_FIRST = {
    "en": ("Hide these 4 photos first",
           "A clear, front-facing close-up is exactly what a deepfake is made from. These photos show Haneul's face "
           "most clearly, publicly. The profile picture shows it clearly too: it has its own step, since it is "
           "changed rather than hidden."),
    "ko": ("이 사진 4장부터 숨기세요",
           "얼굴이 정면으로 또렷하게 나온 사진은 딥페이크에 가장 쉽게 악용됩니다. "
           "이 사진들이 Haneul의 얼굴을 가장 또렷하게, 공개적으로 보여 줍니다. "
           "프로필 사진도 얼굴이 또렷하게 보이지만, 숨기는 대신 바꿔야 하므로 따로 안내합니다."),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_demo_results_count_photos_and_the_numbers_agree(scanned_workspace, lang):
    """Five photos show Haneul: sports day is on her Bluesky and on the school's page (one photo, two
    places), and one is her profile picture, which has its own step: so four to hide."""
    child = demo.demo_child(scanned_workspace)  # "Haneul": the demo was made in English
    i18n.set_language(lang)
    data = report.load(scanned_workspace, child)
    assert data.reasons == DEMO_REASONS[lang]
    hide = next(r for r in data.recommendations if r.id == "hide_photos_first")
    assert (hide.title, hide.why) == DEMO_HIDE_FIRST[lang]
    titles = {r.id: r.title for r in data.recommendations}
    assert titles["ask_school"] == {"en": "Ask the school to take down or blur 2 photos",
                                    "ko": "학교에 사진 2장을 내리거나 흐리게 해 달라고 요청하세요"}[lang]
    assert (data.photo_count, len(data.exposures)) == (5, 6)


def test_a_copy_of_an_answered_photo_posted_later_is_skipped_too(workspace):
    """The parent said "not my child" about a photo; later the same photo is posted again, smaller, and the
    next scan does not report it. The child's own photo next to it still is."""
    from desktop.faces.engine import FaceEngine
    from desktop.faces.enrol import enrol
    from desktop.scan.orchestrator import Scanner
    from desktop.sources.http import HttpClient

    picture = Image.open(FACES / "obama2.jpg")
    smaller = io.BytesIO()
    picture.resize((picture.width * 3 // 4, picture.height * 3 // 4)).save(smaller, "JPEG", quality=70)
    platforms = Platforms(images={"answered.jpg": (FACES / "obama2.jpg").read_bytes(),
                                  "copy.jpg": smaller.getvalue(), "own.jpg": (FACES / "obama3.jpg").read_bytes()},
                          bluesky_posts=[Post("answered.jpg"), Post("own.jpg")])
    server, base = serve(platforms)
    child = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    enrol(workspace, child, [FACES / "obama.jpg", FACES / "obama3.jpg"])
    workspace.sources.add(person_id=child.id, kind="bluesky", target="child.test", owner="self", base_url=base,
                          allow_private=True)
    engine = FaceEngine(workers=1)
    client = HttpClient(validator_store=workspace.http_validators, min_interval=0)
    try:
        scanner = Scanner(workspace, engine=engine, client=client)
        scanner.scan(child)
        feedback.record_review(workspace, child.id, finding_of(report.load(workspace, child), "answered.jpg"),
                               "not_me")
        platforms.bluesky_posts.append(Post("copy.jpg", "again"))
        scanner.scan(child)
    finally:
        client.close()
        engine.close()
        server.shutdown()
        server.server_close()
    data = report.load(workspace, child)
    assert [name for _, name in places(data.exposures)] == ["own.jpg"]
    assert [name for _, name in places(data.answered)] == ["answered.jpg", "copy.jpg"]
