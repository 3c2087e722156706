"""A teacher audits a class against loopback school pages: only the consenting student is scanned, the overview
stays aggregate, the school gallery check flags the student without consent, and each scanned student's family
gets a report named by number."""

from __future__ import annotations

import subprocess

import pytest

from desktop.app import main
from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.engine import analyse_image
from desktop.faces.enrol import enrol
from desktop.scan.class_audit import audit_class, outcome_line
from desktop.scan.orchestrator import Scanner
from desktop.scan.run import ScanRun
from desktop.scan.school_audit import check_photos, result_lines
from desktop.sources.http import HttpClient
from desktop.store.class_summary import class_summary
from tests.integration.fake_platforms import Platforms, Post, serve
from tests.unit.faces.conftest import FIXTURES, fixture_bytes


class InProcessEngine:
    """The real face analysis, in this process (no worker pool to start for a handful of photos)."""

    def __init__(self):
        self.analysed = 0

    def analyse_many(self, items, ctx=None):
        for key, data in items:
            if ctx is not None:
                ctx.check_cancelled()
            self.analysed += 1
            yield key, analyse_image(data)

    def close(self, stop_now: bool = False):
        return None


@pytest.fixture
def school():
    platforms = Platforms(
        images={name: fixture_bytes(name) for name in ("obama.jpg", "biden.jpg", "obama3.jpg")},
        gallery_pages=[[Post("obama.jpg", "운동회"), Post("biden.jpg", "운동회 2")]],
        feed_posts=[Post("obama3.jpg", "주말")],
    )
    server, base = serve(platforms)
    yield platforms, base
    server.shutdown()
    server.server_close()


@pytest.fixture
def audited_class(workspace, school):
    """Class 2-3: student 1 (consent given, enrolled as Obama, a blog), student 2 (enrolled as Biden while
    consent was given, then asked again: consent not in force), student 3 (no consent)."""
    _, base = school
    classes = workspace.classes
    school_class = classes.create("2-3", "Maple Middle")
    for number, nickname in ((1, "하늘"), (2, "민준"), (3, "서연")):
        classes.add_student(school_class.id, number, nickname)
    classes.set_consent(school_class.id, 1, "given")
    classes.set_consent(school_class.id, 2, "given")
    first, second = classes.member(school_class.id, 1), classes.member(school_class.id, 2)
    assert enrol(workspace, first, [FIXTURES / "obama2.jpg", FIXTURES / "obama3.jpg"]).accepted
    assert enrol(workspace, second, [FIXTURES / "biden.jpg"]).accepted
    classes.set_consent(school_class.id, 2, "requested")
    workspace.sources.add(person_id=first.id, kind="feed", target=f"{base}/feed.xml", owner="parent",
                          allow_private=True)
    workspace.sources.add(class_id=school_class.id, kind="web", target=f"{base}/gallery?page=1", owner="school",
                          allow_private=True)
    return school_class


def run_cli(capsys, *argv):
    """``jikimi ARGV…`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fast_scanner(workspace):
    return Scanner(workspace, engine=InProcessEngine(),
                   client=HttpClient(validator_store=workspace.http_validators, min_interval=0.0))


def audit_once(workspace, class_id, ctx=None):
    """One class scan with a scanner of its own, closed after."""
    scanner = fast_scanner(workspace)
    try:
        return audit_class(workspace, class_id, ctx or TaskContext(), scanner=scanner)
    finally:
        scanner.close()


def test_only_consenting_students_are_scanned_and_progress_names_no_one(workspace, audited_class):
    messages = []
    scanner = fast_scanner(workspace)
    try:
        result = audit_class(workspace, audited_class.id, TaskContext(lambda p: messages.append(p.message)),
                             scanner=scanner)
    finally:
        scanner.close()
    assert [(o.number, o.state) for o in result.outcomes] == [(1, "scanned"), (2, "skipped"), (3, "skipped")]
    assert [outcome_line(o) for o in result.outcomes] == [
        "Student 1: scanned",
        "Student 2: not scanned: consent requested, not yet given: cannot be enrolled or scanned",
        "Student 3: not scanned: no consent recorded: cannot be enrolled or scanned",
    ]
    shown = [m for m in messages if m]
    assert shown and all(m.startswith("Student 1 of 1:") for m in shown)
    assert not any(name in m for m in messages for name in ("하늘", "민준", "서연"))
    # Student 1's scan read the school gallery too: the gallery photo of Obama is one of their exposures.
    from desktop.scan import report as scan_report

    data = scan_report.load(workspace, classes_member(workspace, audited_class, 1))
    assert {e["image_url"].rsplit("/", 1)[-1] for e in data.exposures} >= {"obama.jpg", "obama3.jpg"}
    assert {s["owner"] for s in data.sources} == {"parent", "school"}
    # Student 2 (no consent in force) has no scan at all.
    assert scan_report.load(workspace, classes_member(workspace, audited_class, 2)) is None
    # One scanned student: every count on the dashboard is "fewer than 3".
    overview = class_summary(workspace.db, workspace.vault, audited_class.id).overview
    assert overview.students_scanned.value == 1 and not overview.students_scanned.shown
    assert not overview.enough_students


def classes_member(workspace, school_class, number):
    return workspace.classes.member(school_class.id, number)


def test_the_school_gallery_is_read_once_for_the_whole_class(workspace, audited_class, school):
    """Every consenting student is matched against the school's gallery, but the school's server is asked for
    its page and each photo once per audit, not once per student (at one request a second that adds up)."""
    platforms, _ = school
    workspace.classes.set_consent(audited_class.id, 2, "given")  # two students in the queue now
    result = audit_once(workspace, audited_class.id)
    assert [(o.number, o.state) for o in result.outcomes][:2] == [(1, "scanned"), (2, "scanned")]
    asked = [path for path, _ in platforms.responses]
    assert asked.count("/gallery?page=1") == 1
    assert asked.count("/img/obama.jpg") == 1 and asked.count("/img/biden.jpg") == 1
    from desktop.scan import report as scan_report

    # Each student still has the gallery photo of their own face among their exposures.
    first = scan_report.load(workspace, classes_member(workspace, audited_class, 1))
    second = scan_report.load(workspace, classes_member(workspace, audited_class, 2))
    assert "obama.jpg" in {e["image_url"].rsplit("/", 1)[-1] for e in first.exposures}
    assert {e["image_url"].rsplit("/", 1)[-1] for e in second.exposures} == {"biden.jpg"}
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    found = repo.findings(classes_member(workspace, audited_class, 2).id)
    assert found and all(repo.thumbnail(f.id) for f in found)  # pictured, though downloaded for student 1


def current_gallery_photos(workspace, school_class, number) -> set[str]:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    person = classes_member(workspace, school_class, number)
    return {repo.get_photo(f.photo_id).image_url.rsplit("/", 1)[-1] for f in repo.findings(person.id)
            if f.gone_since_scan is None}


def test_a_photo_that_failed_for_one_student_is_asked_again_for_the_next(workspace, audited_class, school):
    """The school replaced a gallery photo, and the first request for it failed: the next student's scan asks
    for it again instead of taking the old copy for granted, so the removed photo shows as fixed."""
    platforms, _ = school
    workspace.classes.set_consent(audited_class.id, 2, "given")
    scanner = fast_scanner(workspace)
    try:
        audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
        assert "biden.jpg" in current_gallery_photos(workspace, audited_class, 2)
        platforms.images["biden.jpg"] = fixture_bytes("obama3.jpg")
        platforms.fail_once.add("/img/biden.jpg")
        platforms.responses.clear()
        audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
    finally:
        scanner.close()
    assert [status for path, status in platforms.responses if path == "/img/biden.jpg"] == [500, 200]
    assert "biden.jpg" not in current_gallery_photos(workspace, audited_class, 2)


class Crash(BaseException):
    """The app killed in the middle of a scan (nothing below the test catches it)."""


def test_a_students_scan_resumed_after_a_crash_keeps_their_school_page_exposures(workspace, audited_class,
                                                                                 monkeypatch):
    """Student 2's scan stopped mid-way; meanwhile student 1's new scan listed the shared school gallery again.
    Student 2's resumed scan must still see their gallery photo, not report it as fixed."""
    workspace.classes.set_consent(audited_class.id, 2, "given")
    scanner = fast_scanner(workspace)
    try:
        audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
        assert "biden.jpg" in current_gallery_photos(workspace, audited_class, 2)
        original = ScanRun._read_photos

        def crash_for_student_2(self, source, connector):
            if self.person.student_number == 2:
                raise Crash()
            return original(self, source, connector)

        with monkeypatch.context() as patch:
            patch.setattr(ScanRun, "_read_photos", crash_for_student_2)
            with pytest.raises(Crash):
                audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
        result = audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
    finally:
        scanner.close()
    assert [(o.number, o.state) for o in result.outcomes][:2] == [(1, "scanned"), (2, "scanned")]
    assert "biden.jpg" in current_gallery_photos(workspace, audited_class, 2)


def test_cancel_stops_the_audit_and_keeps_data_consistent(workspace, audited_class):
    ctx = TaskContext()

    def cancel_on_first_photo(progress):
        if progress.detail is not None and getattr(progress.detail, "photos_found", 0):
            ctx.cancel()

    ctx._on_progress = cancel_on_first_photo
    scanner = fast_scanner(workspace)
    try:
        with pytest.raises(Cancelled):
            audit_class(workspace, audited_class.id, ctx, scanner=scanner)
        row = workspace.db.query_one("SELECT state FROM scans ORDER BY id DESC LIMIT 1")
        assert row["state"] == "cancelled"
        # The next class scan finishes the job.
        result = audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
    finally:
        scanner.close()
    assert result.count("scanned") == 1


def test_one_students_failure_does_not_stop_the_others(workspace, audited_class, monkeypatch):
    classes = workspace.classes
    classes.set_consent(audited_class.id, 2, "given")
    scanner = fast_scanner(workspace)
    original = scanner.scan

    def flaky(person, ctx=None):
        if person.student_number == 1:
            raise RuntimeError("disk on fire")
        return original(person, ctx)

    monkeypatch.setattr(scanner, "scan", flaky)
    try:
        result = audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
    finally:
        scanner.close()
    assert [(o.number, o.state) for o in result.outcomes] == [(1, "failed"), (2, "scanned"), (3, "skipped")]
    assert outcome_line(result.outcomes[0]).startswith("Student 1: failed, the scan stopped")


def test_school_gallery_check_flags_the_student_without_consent(workspace, audited_class, school):
    _, base = school
    with HttpClient(min_interval=0.0) as client:
        result = check_photos(workspace, audited_class.id, f"{base}/gallery?page=1", allow_private=True,
                              client=client, engine=InProcessEngine())
    by_image = {p.image.rsplit("/", 1)[-1]: p for p in result.photos}
    assert by_image["biden.jpg"].without_consent == [2]
    assert by_image["obama.jpg"].with_consent == [1] and not by_image["obama.jpg"].without_consent
    assert [p.image.rsplit("/", 1)[-1] for p in result.take_down] == ["biden.jpg"]
    lines = result_lines(result)
    assert lines[0] == ("Photos checked: 2. Identifiable faces: 2. Photos to take down: 1. Photos to look at: 0 "
                        "(faces Jikimi does not know: 0).")
    assert any(line.endswith("biden.jpg (page: " + by_image["biden.jpg"].page + "): student 2") for line in lines)
    assert not any(name in line for line in lines for name in ("하늘", "민준", "서연"))


def test_event_folder_check_counts_faces_it_does_not_know(workspace, audited_class, tmp_path, shared_data):
    folder = tmp_path / "event"
    folder.mkdir()
    test_images = shared_data / "faces" / "examples" / "knn_examples" / "test"
    (folder / "kit_with_rose.jpg").write_bytes((test_images / "kit_with_rose.jpg").read_bytes())
    (folder / "obama_and_biden.jpg").write_bytes((test_images / "obama_and_biden.jpg").read_bytes())
    result = check_photos(workspace, audited_class.id, str(folder), engine=InProcessEngine())
    by_image = {p.image: p for p in result.photos}
    assert by_image["kit_with_rose.jpg"].unidentified == 2 and not by_image["kit_with_rose.jpg"].without_consent
    # Biden (student 2, consent not in force) only resembles here: not a confident match, so "to review",
    # never counted as known.
    assert by_image["obama_and_biden.jpg"].uncertain == 1 and not by_image["obama_and_biden.jpg"].without_consent
    assert by_image["obama_and_biden.jpg"].with_consent == [1]
    assert [p.image for p in result.to_check] == ["kit_with_rose.jpg", "obama_and_biden.jpg"]


def test_report_batch_writes_one_pdf_per_scanned_student_named_by_number(workspace, audited_class, tmp_path):
    from desktop.reports.student_reports import write_class_reports

    audit_once(workspace, audited_class.id)
    from desktop.reports.family_code_slips import code_slips
    from desktop.store.family_codes import FamilyCodes

    code_slips(workspace, audited_class.id, tmp_path / "codes.pdf", lang="en")
    written = write_class_reports(workspace, audited_class.id, tmp_path / "reports")
    assert [(r.number, r.path.name) for r in written] == [(1, "student-01.pdf")]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["student-01.pdf"]
    code = FamilyCodes(workspace.db, workspace.vault).code(classes_member(workspace, audited_class, 1).id)
    fonts = subprocess.run(["pdffonts", "-upw", code, str(written[0].path)], capture_output=True, text=True,
                           check=True).stdout
    assert "NanumGothic" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_cli_school_pages_audit_reports_and_check(capsys, school, tmp_path):
    """The teacher's commands end to end (real worker pool, the HTTP client's default politeness)."""
    platforms, base = school
    platforms.gallery_pages = [[Post("biden.jpg", "운동회")]]

    def run(*argv):
        return run_cli(capsys, *argv)

    assert run("class", "new", "2-3")[0] == 0
    assert run("class", "add", "2-3", "1", "하늘", "--age-band", "under14")[0] == 0
    assert run("class", "add", "2-3", "2", "민준", "--age-band", "14to17")[0] == 0
    assert run("class", "consent", "2-3", "1", "given")[0] == 0
    assert run("class", "consent", "2-3", "2", "given")[0] == 0  # the guardian only: 민준 is 14 or older
    assert run("enroll", "하늘", str(FIXTURES / "obama2.jpg"), str(FIXTURES / "obama3.jpg"))[0] == 0
    code, out, _ = run("class", "source-add", "2-3", "web", f"{base}/gallery?page=1", "--allow-private")
    assert code == 0 and "School page added to 2-3." in out
    assert "gallery?page=1" in run("class", "sources", "2-3")[1]

    code, out, err = run("class", "audit", "2-3")
    assert code == 0
    assert "Student 1 of 1:" in err
    assert "Student 2: not scanned: the young person (14+) must agree too before enrolling or scanning" in err
    assert "하늘" not in err and "민준" not in err and "하늘" not in out
    assert out.splitlines()[0] == "Class overview (totals only): 2-3"
    assert out.splitlines()[1].startswith("As of the class scan finished ")
    assert out.splitlines()[2:] == ["Students checked: fewer than 3",
                                    "Fewer than 3 students have been checked, so no totals are shown yet (they "
                                    "could point at a single student)."]

    assert run("class", "codes", "2-3", "--pdf", str(tmp_path / "codes.pdf"))[0] == 0
    code, out, _ = run("class", "reports", "2-3", "--out", str(tmp_path / "reports"))
    assert code == 0 and sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["student-01.pdf"]

    code, out, _ = run("class", "check-photos", "2-3", f"{base}/gallery?page=1", "--allow-private")
    assert code == 0  # Biden is nobody enrolled in this class: a face to look at, not one to take down
    assert "Photos to look at: 1 (faces Jikimi does not know: 1)." in out.splitlines()[0]


def test_a_school_server_that_is_down_is_not_checked_never_a_clean_result(workspace, audited_class, school):
    """The school's server went down between two class scans: the audit names the page it could not read, its
    last word is not "finished … 0 failed", and the stored overview says "not checked" instead of dropping."""
    from desktop.scan.class_audit import summary_line, unread_page_line
    from desktop.store.class_summary import latest_snapshot

    scanner = fast_scanner(workspace)
    try:
        first = audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
        assert first.complete and summary_line(first).startswith("Class scan finished: 1 scanned")
        platforms, _ = school
        platforms.fail_paths.add("/gallery")  # the school's server answers 500 from now on
        second = audit_class(workspace, audited_class.id, TaskContext(), scanner=scanner)
    finally:
        scanner.close()
    assert not second.complete and [page.target.rsplit("/", 1)[-1] for page in second.unread_pages] == [
        "gallery?page=1"]
    assert summary_line(second).startswith("Class scan finished with pages not read: 1 scanned")
    assert "school pages not read: 1" in summary_line(second)
    assert unread_page_line(second.unread_pages[0]).startswith("Not read — Web page or gallery: http://127.0.0.1:")
    snapshot = latest_snapshot(workspace.db, workspace.vault, audited_class.id)
    assert not snapshot.overview.complete and snapshot.unread_pages == (second.unread_pages[0].target,)


def test_cli_audit_of_a_refused_local_school_page_exits_3_and_says_not_checked(capsys, school):
    """A school page on a local address added without the intranet allowance is never read: the class scan
    says so, tells how to allow it, exits 3 like `jikimi scan`, and the dashboard shows "not checked"."""
    _, base = school

    def run(*argv):
        return run_cli(capsys, *argv)

    assert run("class", "new", "2-3")[0] == 0
    assert run("class", "add", "2-3", "1", "하늘", "--age-band", "under14")[0] == 0
    assert run("class", "consent", "2-3", "1", "given")[0] == 0
    assert run("enroll", "하늘", str(FIXTURES / "obama2.jpg"))[0] == 0
    assert run("class", "source-add", "2-3", "web", f"{base}/gallery?page=1")[0] == 0  # no --allow-private
    code, out, err = run("class", "audit", "2-3")
    assert code == 3
    assert "Class scan finished: 1 scanned, 0 skipped, 0 failed." not in err
    assert "Class scan finished with pages not read: 1 scanned, 0 skipped, 0 failed; school pages not read: 1" in err
    assert "Not read — Web page or gallery: " + base in err and "private or local network" in err
    assert "jikimi class source-remove 2-3 1" in err and "--allow-private" in err
    # The school page was the student's only source: nothing of theirs was checked, so no count at all, never 0.
    assert "No student has been checked yet." in out
    assert "School page not read: " + base + "/gallery?page=1" in out
    code, out, _ = run("class", "dashboard", "2-3", "--json")
    assert code == 3 and '"unread_pages": [' in out and "/gallery?page=1" in out
    code, out, _ = run("--lang", "ko", "class", "audit", "2-3")
    assert code == 3 and "읽지 못한 학교 페이지" in out and "하늘" not in out


def test_check_photos_counts_only_a_confident_match_to_a_consenting_student_as_known(workspace, audited_class,
                                                                                    school, monkeypatch):
    """Photos the school is about to publish: a face that only resembles the consenting student is "to review",
    never known; a 14+ student whose own agreement is missing is on the take-down list."""
    from dataclasses import replace

    from desktop.faces.matching import Matcher

    _, base = school
    classes = workspace.classes
    classes.set_age_band(audited_class.id, 2, "14to17")
    classes.set_consent(audited_class.id, 2, "given")  # the guardian's slip only: waiting for the student
    assert not classes.roster_member(audited_class.id, 2).may_be_scanned
    first = classes.member(audited_class.id, 1).id
    original = Matcher.classify

    def obama_only_resembles(self, encoding):  # the consenting student's face, but only at "possible"
        found = original(self, encoding)
        return replace(found, level="possible") if found.person_id == first else found

    monkeypatch.setattr(Matcher, "classify", obama_only_resembles)
    with HttpClient(min_interval=0.0) as client:
        result = check_photos(workspace, audited_class.id, f"{base}/gallery?page=1", allow_private=True,
                              client=client, engine=InProcessEngine())
    by_image = {p.image.rsplit("/", 1)[-1]: p for p in result.photos}
    assert by_image["obama.jpg"].with_consent == [] and by_image["obama.jpg"].uncertain == 1
    assert [p.image.rsplit("/", 1)[-1] for p in result.to_check] == ["obama.jpg"]
    assert by_image["biden.jpg"].without_consent == [2]
    lines = result_lines(result)
    assert "Of these, 1 face only resembles a student: Jikimi is not sure whose it is, so a person must look." \
        in lines
    assert "No photo shows a student without consent or a face Jikimi does not know." not in lines


def test_a_photo_that_could_not_be_checked_is_never_an_all_clear(workspace, audited_class, school, capsys):
    platforms, base = school
    platforms.fail_paths.add("/img/biden.jpg")
    workspace.classes.set_consent(audited_class.id, 2, "given")
    with HttpClient(min_interval=0.0) as client:
        result = check_photos(workspace, audited_class.id, f"{base}/gallery?page=1", allow_private=True,
                              client=client, engine=InProcessEngine())
    lines = result_lines(result)
    assert [p.image.rsplit("/", 1)[-1] for p in result.not_checked] == ["biden.jpg"]
    assert "No photo shows a student without consent or a face Jikimi does not know." not in lines
    assert lines[-1].startswith("1 photo could not be checked (listed above)")


def test_withdrawal_deletes_the_students_face_from_the_shared_school_photos_cache(workspace, audited_class):
    """The school's gallery was analysed once for the class; its cached analyses hold every face in it. When
    student 2's family withdraws, the cached analysis of the photo with their face goes too (and their findings
    with the thumbnails); the photo with only student 1 stays cached."""
    from desktop.store.face_cache import FaceCache

    classes = workspace.classes
    classes.set_consent(audited_class.id, 2, "given")
    audit_once(workspace, audited_class.id)
    cache = FaceCache(workspace.db, workspace.vault)
    import hashlib

    cached = {name: cache.get(hashlib.sha256(fixture_bytes(name)).hexdigest()) is not None
              for name in ("obama.jpg", "biden.jpg")}
    assert cached == {"obama.jpg": True, "biden.jpg": True}
    student = classes.member(audited_class.id, 2)
    classes.set_consent(audited_class.id, 2, "withdrawn")
    assert classes.consents.last_wipe.counts["face_cache_faces"] >= 1
    assert cache.get(hashlib.sha256(fixture_bytes("biden.jpg")).hexdigest()) is None
    assert cache.get(hashlib.sha256(fixture_bytes("obama.jpg")).hexdigest()) is not None
    assert workspace.db.query_one("SELECT count(*) FROM findings WHERE person_id = ?", (student.id,))[0] == 0


def test_a_school_server_that_does_not_answer_at_all_is_not_checked(workspace, audited_class):
    """A second school page on a loopback port where nothing listens (the school's server is down)."""
    import socket

    from desktop.scan.class_audit import summary_line
    from desktop.store.class_summary import latest_snapshot

    with socket.socket() as probe:  # a free port, closed again: connections to it are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = f"http://127.0.0.1:{port}/board"
    workspace.sources.add(class_id=audited_class.id, kind="web", target=down, owner="school", allow_private=True)
    result = audit_once(workspace, audited_class.id)
    assert [page.target for page in result.unread_pages] == [down]
    assert "school pages not read: 1" in summary_line(result)
    assert latest_snapshot(workspace.db, workspace.vault, audited_class.id).unread_pages == (down,)


def test_removing_a_student_also_removes_their_face_from_the_shared_school_photos_cache(workspace, audited_class):
    from desktop.store.face_cache import FaceCache

    classes = workspace.classes
    classes.set_consent(audited_class.id, 2, "given")
    audit_once(workspace, audited_class.id)
    import hashlib

    cache = FaceCache(workspace.db, workspace.vault)
    biden = hashlib.sha256(fixture_bytes("biden.jpg")).hexdigest()
    assert cache.get(biden) is not None
    workspace.consents.delete_person(classes.member(audited_class.id, 2).id)  # transferred out
    assert cache.get(biden) is None
    assert cache.get(hashlib.sha256(fixture_bytes("obama.jpg")).hexdigest()) is not None
