"""A re-scan with nothing changed asks every page and photo conditionally (304), downloads nothing again and
analyses nothing again; the exposure found the first time is still reported, with its thumbnail. When one
photo changes, only that photo is downloaded and analysed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.faces.engine import FaceEngine
from desktop.scan.orchestrator import Scanner
from desktop.sources.http import HttpClient
from tests.integration.fake_platforms import Platforms, Post, serve
from tests.sources_helpers import jpeg

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"


class CountingEngine(FaceEngine):
    """The real face engine, counting the photos it is given."""

    def __init__(self):
        super().__init__(workers=1)
        self.analysed: list[int] = []

    def analyse_many(self, items, ctx=None):
        def counted():
            for key, data in items:
                self.analysed.append(key)
                yield key, data

        return super().analyse_many(counted(), ctx)


@pytest.fixture
def engine():
    counting = CountingEngine()
    yield counting
    counting.close()


def scan_once(workspace, engine, child):
    client = HttpClient(validator_store=workspace.http_validators, min_interval=0)
    try:
        return Scanner(workspace, engine=engine, client=client).scan(child)
    finally:
        client.close()


def statuses(platforms) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {"api": [], "image": []}
    for path, status in platforms.responses:
        out["image" if path.startswith("/img/") else "api"].append(status)
    platforms.responses.clear()
    return out


def linked_child(workspace, platforms):
    from desktop.faces.enrol import enrol

    server, base = serve(platforms)
    child = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    enrol(workspace, child, [FACES / "obama.jpg", FACES / "obama2.jpg"])
    workspace.sources.add(person_id=child.id, kind="bluesky", target="child.test", owner="self",
                          base_url=base, allow_private=True)
    return server, child


def test_rescan_with_nothing_changed_downloads_and_analyses_nothing(workspace, engine):
    from desktop.store.scans import ScanRepository

    platforms = Platforms(
        images={"me.jpg": (FACES / "obama3.jpg").read_bytes(), "other.jpg": (FACES / "biden.jpg").read_bytes(),
                "park.jpg": jpeg((40, 160, 60), (320, 240))},
        bluesky_posts=[Post("me.jpg", "at the park"), Post("other.jpg"), Post("park.jpg")],
        page_size=2, validators=True,
    )
    server, child = linked_child(workspace, platforms)
    try:
        first = scan_once(workspace, engine, child)
        assert statuses(platforms) == {"api": [200, 200, 200], "image": [200, 200, 200]}
        assert len(engine.analysed) == 3
        repo = ScanRepository(workspace.db, workspace.vault)
        found = repo.findings(child.id)
        assert len(found) == 1 and repo.thumbnail(found[0].id)

        engine.analysed.clear()
        again = scan_once(workspace, engine, child)
        assert again.scan_id != first.scan_id and again.state == "done"
        seen = statuses(platforms)
        assert seen == {"api": [304, 304, 304], "image": [304, 304, 304]}
        assert engine.analysed == []
        still = repo.findings(child.id)
        assert [f.id for f in still] == [found[0].id]  # the same exposure, not fixed, not duplicated
        assert repo.thumbnail(still[0].id) == repo.thumbnail(found[0].id)
        assert (again.score, again.level) == (first.score, first.level)

        platforms.images["park.jpg"] = jpeg((200, 90, 40), (320, 240))  # one photo edited on the platform
        scan_once(workspace, engine, child)
        seen = statuses(platforms)
        assert sorted(seen["image"]) == [200, 304, 304]
        assert len(engine.analysed) == 1
    finally:
        server.shutdown()
        server.server_close()


CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"  # the form of a real blob CID


def test_bluesky_cdn_photos_named_by_their_hash_are_not_asked_for_again(workspace, engine):
    """cdn.bsky.app addresses carry the blob's CID, a hash of its bytes: a re-scan re-reads the feed (304)
    and takes the photos it already analysed from the face cache, without a request."""
    cdn = [f"feed_fullsize/plain/did:plc:testchild/{CID[:-1]}{'ab'[n]}@jpeg" for n in range(2)]
    platforms = Platforms(
        images={cdn[0]: (FACES / "obama3.jpg").read_bytes(), cdn[1]: jpeg((40, 160, 60), (320, 240))},
        bluesky_posts=[Post(cdn[0], "me"), Post(cdn[1])], validators=True,
    )
    server, child = linked_child(workspace, platforms)
    try:
        first = scan_once(workspace, engine, child)
        assert statuses(platforms) == {"api": [200, 200], "image": [200, 200]}
        engine.analysed.clear()
        again = scan_once(workspace, engine, child)
        assert statuses(platforms) == {"api": [304, 304], "image": []}
        assert engine.analysed == []
        assert (again.score, again.level) == (first.score, first.level)
        from desktop.store.scans import ScanRepository

        assert len(ScanRepository(workspace.db, workspace.vault).findings(child.id)) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_photo_that_matches_only_after_the_enrolment_is_corrected_still_gets_its_thumbnail(workspace, engine):
    """Nothing changed on the platform (every answer is 304 and nothing is analysed again), but the parent
    replaced the enrolled photos: the face that matches now is shown with a thumbnail like any other."""
    from desktop.faces.enrol import enrol
    from desktop.store.scans import ScanRepository

    platforms = Platforms(
        images={"me.jpg": (FACES / "obama3.jpg").read_bytes(), "other.jpg": (FACES / "biden.jpg").read_bytes()},
        bluesky_posts=[Post("me.jpg"), Post("other.jpg")], validators=True,
    )
    server, child = linked_child(workspace, platforms)
    repo = ScanRepository(workspace.db, workspace.vault)
    try:
        scan_once(workspace, engine, child)
        assert len(repo.findings(child.id)) == 1  # only the enrolled face, with its thumbnail
        statuses(platforms)

        with workspace.db.transaction() as conn:  # the wrong child's photos were enrolled; the parent fixes it
            conn.execute("DELETE FROM face_references WHERE person_id = ?", (child.id,))
        enrol(workspace, child, [FACES / "biden.jpg"])
        engine.analysed.clear()
        scan_once(workspace, engine, child)
        seen = statuses(platforms)
        assert engine.analysed == []
        assert seen["image"].count(304) == 2
        assert seen["image"].count(200) == 1  # the newly matching photo, downloaded once for its thumbnail
        current = [f for f in repo.findings(child.id) if f.gone_since_scan is None]
        assert len(current) == 1
        assert repo.thumbnail(current[0].id)[:2] == b"\xff\xd8"  # a JPEG thumbnail, as for any finding

        scan_once(workspace, engine, child)  # the next scan reuses it instead of downloading again
        assert statuses(platforms)["image"] == [304, 304]
    finally:
        server.shutdown()
        server.server_close()


def test_a_replaced_photo_never_lends_its_old_thumbnail_to_a_face_found_in_the_new_one(workspace, engine):
    """The platform replaced a photo at the same address. When a face in the new photo matches later (the
    enrolment was corrected), its thumbnail shows the new photo, not the one that was there before."""
    from desktop.faces.enrol import enrol
    from desktop.scan.thumbnails import make_thumbnail
    from desktop.store.scans import ScanRepository

    platforms = Platforms(images={"me.jpg": (FACES / "obama3.jpg").read_bytes()}, bluesky_posts=[Post("me.jpg")],
                          validators=True)
    server, child = linked_child(workspace, platforms)
    repo = ScanRepository(workspace.db, workspace.vault)
    try:
        scan_once(workspace, engine, child)
        first = repo.findings(child.id)
        assert len(first) == 1
        old_picture = repo.thumbnail(first[0].id)
        platforms.images["me.jpg"] = (FACES / "biden.jpg").read_bytes()  # replaced at the same address
        scan_once(workspace, engine, child)
        assert repo.findings(child.id) == [] and len(repo.findings(child.id, include_gone=True)) == 1

        with workspace.db.transaction() as conn:
            conn.execute("DELETE FROM face_references WHERE person_id = ?", (child.id,))
        enrol(workspace, child, [FACES / "biden.jpg"])
        statuses(platforms)
        scan_once(workspace, engine, child)
        assert statuses(platforms)["image"] == [304, 200]  # unchanged; downloaded once for its picture
    finally:
        server.shutdown()
        server.server_close()
    current = repo.findings(child.id)
    assert len(current) == 1
    shown = repo.thumbnail(current[0].id)
    assert shown != old_picture
    assert shown == make_thumbnail((FACES / "biden.jpg").read_bytes())[0]


def test_a_class_photo_with_faces_too_small_to_find_is_never_counted_clean(workspace, engine):
    """The scan records which photos hold faces the engine could not check; the summary and ``scan --json``
    carry the count, and an exposure in such a photo says so."""
    import io

    from PIL import Image

    from desktop.scan import report as scan_report
    from tests.unit.faces.test_group_photos import group_photo

    data, _truth = group_photo()
    sns = io.BytesIO()
    Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS).save(sns, "JPEG", quality=80)
    platforms = Platforms(
        images={"class.jpg": sns.getvalue(), "me.jpg": (FACES / "obama3.jpg").read_bytes()},
        bluesky_posts=[Post("class.jpg", "our class"), Post("me.jpg")], validators=True,
    )
    server, child = linked_child(workspace, platforms)
    try:
        result = scan_once(workspace, engine, child)
        assert result.state == "done"
        report = scan_report.as_json(scan_report.load(workspace, child))
        assert report["photos_not_fully_checked"] == 1
        checked = {e["image_url"].rsplit("/", 1)[-1]: e["photo_fully_checked"] for e in report["exposures"]}
        assert checked.get("me.jpg") is True
        assert checked.get("class.jpg", False) is False  # if the child is named there, the photo is not clean
        # The parent reads it in the family report too, never a silent "clean".
        from desktop.i18n import tr

        shown = scan_report.load(workspace, child)
        assert shown.photos_not_fully_checked == 1
        assert tr("results.not_fully_checked", count=1).startswith("1 photo may show faces too small")
    finally:
        server.shutdown()
        server.server_close()
