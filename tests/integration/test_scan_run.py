"""One ``Scanner``, two people: each scan is its own ``ScanRun``, so nothing one person's scan holds (its matcher,
the content it has seen, its progress) is used for another person's photos, even when the two overlap."""

from __future__ import annotations

import threading

import pytest

from desktop.faces.engine import analyse_image
from desktop.faces.enrol import enrol
from desktop.faces.matching import record_feedback
from desktop.scan.orchestrator import Scanner
from desktop.sources.http import HttpClient
from desktop.store.scans import ScanRepository
from tests.integration.fake_platforms import Platforms, Post, serve
from tests.unit.faces.conftest import FIXTURES, fixture_bytes


class PausingEngine:
    """The real face analysis in this process; the first photo it analyses is held until the test lets go, so
    another scan can run in the middle of this one."""

    def __init__(self):
        self.holding = threading.Event()
        self.let_go = threading.Event()
        self._first = True

    def analyse_many(self, items, ctx=None):
        for key, data in items:
            analysis = analyse_image(data)
            if self._first:
                self._first = False
                self.holding.set()
                assert self.let_go.wait(60), "the test never let the first scan go on"
            yield key, analysis

    def close(self, stop_now=False):
        return None


def test_a_scan_that_overlaps_another_persons_scan_keeps_its_own_matcher(workspace):
    """Minji's scan starts; while her photo is being analysed, her family answers "not my child" about that
    very face and Jisoo's scan runs to the end on the same Scanner. Minji's scan classifies her photo with the
    matcher it began with (the answer counts from her next scan): another person's scan never swaps it. With
    the matcher kept on the Scanner, Jisoo's scan replaced it and Minji's finding was filed as answered."""
    platforms = Platforms(images={"minji.jpg": fixture_bytes("obama3.jpg"), "jisoo.jpg": fixture_bytes("biden.jpg")},
                          feed_posts=[Post("minji.jpg", "주말")], bluesky_posts=[Post("jisoo.jpg")])
    server, base = serve(platforms)
    minji = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    jisoo = workspace.persons.add("Jisoo", role="child", age_band="under14", consent_by=["guardian"])
    assert enrol(workspace, minji, [FIXTURES / "obama.jpg", FIXTURES / "obama2.jpg"]).accepted
    assert enrol(workspace, jisoo, [FIXTURES / "biden.jpg"]).accepted
    workspace.sources.add(person_id=minji.id, kind="feed", target=f"{base}/feed.xml", owner="parent",
                          allow_private=True)
    workspace.sources.add(person_id=jisoo.id, kind="bluesky", target="jisoo.test", owner="self", base_url=base,
                          allow_private=True)
    engine = PausingEngine()
    scanner = Scanner(workspace, engine=engine,
                      client=HttpClient(validator_store=workspace.http_validators, min_interval=0.0))
    held_before = dict(vars(scanner))
    outcomes, errors = {}, []

    def scan_minji():
        try:
            outcomes["minji"] = scanner.scan(minji)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    first = threading.Thread(target=scan_minji)
    try:
        first.start()
        assert engine.holding.wait(60), "Minji's scan never reached the face analysis"
        face = analyse_image(fixture_bytes("obama3.jpg")).faces[0]
        record_feedback(workspace, minji.id, face.encoding, confirmed=False)
        outcomes["jisoo"] = scanner.scan(jisoo)
        engine.let_go.set()
        first.join(60)
    finally:
        engine.let_go.set()
        scanner.close()
        server.shutdown()
        server.server_close()
    assert not errors and not first.is_alive()
    assert outcomes["minji"].state == outcomes["jisoo"].state == "done"
    repo = ScanRepository(workspace.db, workspace.vault)
    assert [(f.image_url.rsplit("/", 1)[-1], f.review) for f in repo.findings(minji.id)] == [("minji.jpg", "open")]
    assert [f.image_url.rsplit("/", 1)[-1] for f in repo.findings(jisoo.id)] == ["jisoo.jpg"]
    assert vars(scanner) == held_before  # what one scan holds is its ScanRun's, not the Scanner's


def test_a_scan_cancelled_between_fetch_and_analyse_counts_nothing_it_did_not_analyse(workspace, monkeypatch):
    """Cancel lands after a new photo was downloaded and before the face engine saw it: the photo is not
    recorded as checked (the next scan asks for it again), the scan is cancelled, and the results say that
    this scan did not finish and show the previous one's."""
    from desktop.core.tasks import Cancelled, TaskContext
    from desktop.scan import report
    from desktop.scan.run import ScanRun

    platforms = Platforms(images={"minji.jpg": fixture_bytes("obama3.jpg"), "new.jpg": fixture_bytes("obama2.jpg")},
                          feed_posts=[Post("minji.jpg", "주말")])
    server, base = serve(platforms)
    minji = workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])
    assert enrol(workspace, minji, [FIXTURES / "obama.jpg"]).accepted
    workspace.sources.add(person_id=minji.id, kind="feed", target=f"{base}/feed.xml", owner="parent",
                          allow_private=True)
    engine = PausingEngine()
    engine.let_go.set()  # nothing to hold here
    scanner = Scanner(workspace, engine=engine,
                      client=HttpClient(validator_store=workspace.http_validators, min_interval=0.0))
    handed_to_the_engine = []

    def cancel_before_analysing(run, batch):
        handed_to_the_engine.extend(content.photo.image_url.rsplit("/", 1)[-1] for content in batch)
        run.ctx.cancel()
        run.ctx.check_cancelled()

    try:
        first = scanner.scan(minji)
        platforms.feed_posts.append(Post("new.jpg", "소풍"))
        monkeypatch.setattr(ScanRun, "analyse", cancel_before_analysing)
        with pytest.raises(Cancelled):
            scanner.scan(minji, TaskContext())
    finally:
        scanner.close()
        server.shutdown()
        server.server_close()
    assert handed_to_the_engine == ["new.jpg"]  # downloaded, then cancelled before analysis
    repo = ScanRepository(workspace.db, workspace.vault)
    cancelled = repo.last_attempt(minji.id)
    assert cancelled.state == "cancelled" and cancelled.id != first.scan_id
    photos = {p.image_url.rsplit("/", 1)[-1]: p.state
              for p in repo.photos_seen(cancelled.id, workspace.sources.list_for_person(minji.id)[0].id)}
    assert photos == {"minji.jpg": "done", "new.jpg": "pending"}
    data = report.load(workspace, minji)
    assert data.scan.id == first.scan_id and not data.complete
    assert report.scan_state_text(data).startswith("The scan of ")
    assert "was cancelled before it finished" in report.scan_state_text(data)
