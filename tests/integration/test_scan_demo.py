"""A parent opens the demo: the real engine scans three loopback sources in the real Bluesky, RSS and
school-gallery formats, and the results say exactly which photos show the child and what to change."""

import json

import pytest

from desktop import demo, i18n
from desktop.app import main
from desktop.scan import report
from desktop.scan.orchestrator import Scanner
from desktop.store.scans import ScanRepository


@pytest.fixture
def server(demo_server):
    return demo_server


@pytest.fixture
def fast_client(monkeypatch):
    monkeypatch.setattr(Scanner, "client_options", {"min_interval": 0.0})


def exposures_by_photo(data):
    return sorted((e["source_kind"], e["image_url"].rsplit("/", 1)[-1], e["level"]) for e in data.exposures)


EXPECTED = [
    ("bluesky", "avatar.jpg", "match"),
    ("bluesky", "sports-day.jpg", "match"),
    ("bluesky", "weekend.jpg", "match"),
    ("feed", "birthday.jpg", "match"),
    ("web", "class-trip.jpg", "match"),
    ("web", "sports-day.jpg", "match"),
]


def test_demo_scan_finds_exactly_the_childs_photos_with_their_reasons(scanned_workspace):
    workspace = scanned_workspace
    assert ScanRepository(workspace.db, workspace.vault).latest(demo.demo_child(workspace).id).risk_level == "high"
    data = report.load(workspace, demo.demo_child(workspace))
    # The grandfather (another person) and the pictures without faces are never reported.
    assert exposures_by_photo(data) == EXPECTED
    signals = {(e["source_kind"], e["image_url"].rsplit("/", 1)[-1]): set(e["signals"]) for e in data.exposures}
    assert {"profile_picture", "clear_face"} <= signals[("bluesky", "avatar.jpg")]
    assert {"school_name", "class_info"} <= signals[("bluesky", "sports-day.jpg")]
    assert "location" in signals[("bluesky", "weekend.jpg")]  # the photo's EXIF GPS
    assert "phone" in signals[("feed", "birthday.jpg")]
    assert [s["visibility"] for s in data.sources] == ["public", "public", "public"]
    # Five photos: sports day is one photo in two places (Bluesky and the school's page).
    assert "5 public photos show Haneul's face clearly." in data.reasons
    ids = [r.id for r in data.recommendations]
    assert ids[:2] == ["make_private.bluesky", "change_profile_picture.bluesky"]
    assert {"ask_school", "review_own_posts", "remove_location", "remove_contact_details"} <= set(ids)


def test_a_rescan_with_nothing_changed_finds_the_same_and_reports_no_change(scanned_workspace, server):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    first = {f.id for f in ScanRepository(workspace.db, workspace.vault).findings(child.id)}
    demo.run_demo_scan(workspace, server.base_url)
    second = {f.id for f in ScanRepository(workspace.db, workspace.vault).findings(child.id)}
    assert first == second  # the same findings, not duplicates
    changes = report.changes(workspace, child)
    assert (changes.new, changes.fixed, changes.still) == (0, 0, 5)  # photos: sports day counts once
    assert len(report.trend(workspace, child)) == 2


def test_not_my_child_and_removed_answers_change_the_results(scanned_workspace):
    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    data = report.load(workspace, child)
    from desktop.scan import feedback

    school_photo = next(e for e in data.exposures if e["source_kind"] == "web")
    feedback.record_review(workspace, child.id, school_photo["finding_id"], "not_me")
    rejected = workspace.db.query("SELECT count(*) FROM face_references WHERE person_id = ? AND origin = 'rejected'",
                                  (child.id,))[0][0]
    assert rejected == 1  # the answer teaches the matcher
    # The school's sports-day photo is also on the child's Bluesky: the answer is about the face in that photo.
    assert len(report.load(workspace, child).exposures) == len(EXPECTED) - 2


def test_cli_scan_json_follows_the_contract(workspace, server, fast_client, capsys):
    demo.prepare(workspace, server.base_url)
    workspace.close()
    i18n.set_language("en")
    assert main(["scan", "Haneul", "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert set(result) >= {"person", "scanned_at", "sources", "exposures", "risk", "recommendations"}
    assert result["person"] == "Haneul"
    assert {s["kind"] for s in result["sources"]} == {"bluesky", "feed", "web"}
    assert all(s["error"] is None and s["photos_checked"] > 0 for s in result["sources"])
    assert sorted((e["source_kind"], e["image_url"].rsplit("/", 1)[-1], e["level"]) for e in result["exposures"]) \
        == EXPECTED
    assert all(isinstance(e["distance"], float) and e["signals"] for e in result["exposures"])
    assert result["risk"]["level"] == "high" and 0 <= result["risk"]["score"] <= 100
    assert result["recommendations"][0] == {"id": "make_private.bluesky", "title": "Take the photo posts off Bluesky",
                                            "priority": 1, "done": False}
    assert "Checked" in captured.err  # progress on stderr, naming sources in words, not by kind id
    assert "Web page or gallery" in captured.err and " web " not in captured.err
    # Everything was read to the end: the scan says so, and so does every source.
    assert result["complete"] is True and result["state"] == "done"
    assert all(s["checked"] is True and s["last_checked"] is None for s in result["sources"])


def test_cli_report_writes_a_pdf_with_hangul(scanned_workspace, tmp_path, capsys):
    import shutil
    import subprocess

    scanned_workspace.close()
    target = tmp_path / "report.pdf"
    assert main(["--lang", "ko", "report", "Haneul", "--pdf", str(target)]) == 0
    assert target.stat().st_size > 10_000
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
        assert "NanumGothic" in fonts


def test_a_source_that_fails_does_not_stop_the_others(workspace, server):
    child = demo.prepare(workspace, server.base_url)
    workspace.sources.add(person_id=child.id, kind="web", target=f"{server.base_url}/no-such-page", owner="other",
                          allow_private=True)
    outcome = demo.run_demo_scan(workspace, server.base_url)
    assert outcome.state == "done"
    data = report.load(workspace, child)
    failed = [s for s in data.sources if s["error"]]
    assert len(failed) == 1 and "no-such-page" in failed[0]["target"]
    assert exposures_by_photo(data) == EXPECTED


def test_cli_scan_names_the_sources_it_could_not_read_and_exits_3(workspace, server, fast_client, capsys):
    """A parent links two more school pages; one is gone, one is on the school's intranet. The scan still
    finishes, and its summary says which two were not read and why, and how to allow the intranet one."""
    child = demo.prepare(workspace, server.base_url)
    gone = workspace.sources.add(person_id=child.id, kind="web", target=f"{server.base_url}/no-such-page",
                                 owner="school", allow_private=True)
    intranet = workspace.sources.add(person_id=child.id, kind="web", target=f"{server.base_url}/school/intranet",
                                     owner="school")
    workspace.close()
    assert main(["scan", "Haneul"]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Haneul: INCOMPLETE result, from the sources that could be read only: exposure score ")
    assert out[1] == "2 of 5 linked sources could not be read, so what is on them is not in this result:"
    assert out[2] == (f"  - Web page or gallery ({gone.target}): Nothing was found at this address: the account or"
                      " page may have been renamed or deleted. Check the address.")
    assert out[3].startswith(f"  - Web page or gallery ({intranet.target}): ")
    assert "is on a private or local network" in out[3]
    assert out[4] == (f"    On the command line, `jikimi source allow-private Haneul {intranet.id}` lets Jikimi read it"
                      " (only for a school intranet or a server at home).")

    assert main(["scan", "Haneul", "--json"]) == 3
    captured = capsys.readouterr()
    answer = json.loads(captured.out)  # stdout is only the JSON
    assert len([s for s in answer["sources"] if s["error"]]) == 2
    assert answer["complete"] is False
    assert sorted(s["checked"] for s in answer["sources"]) == [False, False, True, True, True]
    assert "2 of 5 linked sources could not be read" in captured.err

    assert main(["source", "allow-private", "Haneul", str(intranet.id)]) == 0
    assert f"Source {intranet.id} may now be read on the local network:" in capsys.readouterr().out


def test_no_scan_without_consent_or_enrolment(workspace, server):
    from desktop.store.db import StorageError
    from desktop.store.persons import ConsentRequired

    unconsented = workspace.persons.add("Jiho", role="child")
    with pytest.raises(ConsentRequired):
        Scanner(workspace).scan(unconsented)
    consented = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    with pytest.raises(StorageError) as raised:
        demo.prepare(workspace, server.base_url)
        Scanner(workspace).scan(consented)
    assert raised.value.message_id == "scan.not_enrolled"


def test_a_finding_becomes_an_evidence_record_without_keeping_the_image(scanned_workspace, demo_server):
    from desktop.reports.evidence_link import record_finding
    from desktop.resources import asset
    from desktop.sources.http import HttpClient

    workspace = scanned_workspace
    child = demo.demo_child(workspace)
    finding = next(e for e in report.load(workspace, child).exposures if e["image_url"].endswith("birthday.jpg"))
    with HttpClient(min_interval=0.0) as client:
        case_id, title = record_finding(workspace, child, finding["finding_id"], client)
    assert title == "Photos of Haneul found by Jikimi"
    [stored] = workspace.cases.evidence(case_id)
    assert stored.intact and stored.record["image_url"].endswith("birthday.jpg")
    assert len(stored.record["sha256"]) == 64 and stored.record["http_status"] == 200
    workspace.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    image = asset("demo", "photos", "birthday.jpg").read_bytes()
    for path in workspace.paths.data_dir.rglob("*"):
        if path.is_file():
            assert image[1000:1064] not in path.read_bytes(), path
