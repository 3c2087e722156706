"""The class overview is computed from each consenting student's latest finished scan."""

from desktop.reports.class_overview import overview_lines
from desktop.store.class_summary import class_summary, latest_snapshot
from tests.classroom_rows import add_finished_scan, finish_audit


def make_class(workspace, size):
    school_class = workspace.classes.create("5-1")
    for number in range(1, size + 1):
        workspace.classes.add_student(school_class.id, number, f"student-{number}")
        workspace.classes.set_consent(school_class.id, number, "given")
    return school_class, {m.number: m.person.id for m in workspace.classes.roster(school_class.id)}


def test_overview_reads_visibility_levels_signals_and_recommendations(workspace):
    school_class, ids = make_class(workspace, 5)
    for number in (1, 2, 3):
        add_finished_scan(workspace, ids[number], [
            {"visibility": "public", "exposures": [("match", ["school_name", "clear_face"]), ("match", [])]},
            {"visibility": "private"},
        ], ["make_private", "hide_clear_faces"])
    add_finished_scan(workspace, ids[4], [{"visibility": "private", "exposures": [("possible", ["phone"])]}],
                      ["make_private"])
    # Student 5 has consent but no scan yet: not counted.
    summary = class_summary(workspace.db, workspace.vault, school_class.id)
    data = summary.overview.to_dict()
    assert data["students_scanned"] == 4
    assert data["public_account"] == {"students": 3, "share_percent": 75}
    # 6 matches from 3 students; 1 possible (small) -> matches hidden too, total 7 shown.
    assert data["exposed_photos"] == {"total": 7, "match": "hidden", "possible": "<3"}
    assert data["signals"]["school_name"] == 3 and data["signals"]["phone"] == "<3"
    assert data["signals"]["location"] == 0
    assert data["top_recommendations"] == [{"id": "make_private", "students": 4},
                                           {"id": "hide_clear_faces", "students": 3}]


def test_only_the_latest_scan_counts_and_reviewed_findings_do_not(workspace):
    school_class, ids = make_class(workspace, 4)
    for number in (1, 2, 3, 4):
        add_finished_scan(workspace, ids[number], [{"visibility": "public"}])
        add_finished_scan(workspace, ids[number], [{"visibility": "private",
                                                     "exposures": [("match", ["uniform"])] * 2}])
    workspace.db.conn.execute("UPDATE findings SET review = 'not_me' WHERE person_id = ?", (ids[1],))
    data = class_summary(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert data["public_account"]["students"] == 0
    assert data["exposed_photos"]["match"] == 6  # 3 students x 2 photos; student 1 said "not my child"
    assert data["signals"]["uniform"] == 3


def test_students_without_consent_in_force_are_left_out(workspace):
    school_class, ids = make_class(workspace, 4)
    for number in (1, 2, 3, 4):
        add_finished_scan(workspace, ids[number], [{"visibility": "public"}])
    workspace.classes.set_consent(school_class.id, 4, "requested")
    data = class_summary(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert data["students_scanned"] == 3


def test_recommendations_are_counted_per_template_across_platforms(workspace):
    school_class, ids = make_class(workspace, 3)
    for number, platform in zip((1, 2, 3), ("instagram", "tiktok", "bluesky"), strict=True):
        scan_id = add_finished_scan(workspace, ids[number], [{"visibility": "public"}])
        workspace.db.conn.execute(
            "UPDATE scans SET summary_enc = ? WHERE id = ?",
            (workspace.vault.seal_json({"recommendations": [
                {"id": f"make_private.{platform}", "template": "make_private", "priority": 1}]}, "scans.summary"),
             scan_id))
    data = class_summary(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert data["top_recommendations"] == [{"id": "make_private", "students": 3}]


def _seal_recommendations(workspace, scan_id, recommendations):
    workspace.db.conn.execute("UPDATE scans SET summary_enc = ? WHERE id = ?",
                              (workspace.vault.seal_json({"recommendations": recommendations}, "scans.summary"),
                               scan_id))


def test_the_school_gallery_is_not_a_students_public_account_and_its_fixes_go_to_the_school(workspace):
    """Six students appear in the school's public gallery; none has a public account of their own. The overview
    must not say 6 of 6 have a public account, nor tell students to do what only the school can."""
    school_class, ids = make_class(workspace, 6)
    for number in range(1, 7):
        scan_id = add_finished_scan(workspace, ids[number], [
            {"visibility": "public", "owner": "school", "class_id": school_class.id,
             "exposures": [("match", ["uniform"])]},
            {"visibility": "private", "exposures": [("match", [])] if number <= 4 else []},
        ])
        school_finding, *own = [row["id"] for row in workspace.db.query(
            "SELECT id FROM findings WHERE person_id = ? ORDER BY id", (ids[number],))]
        _seal_recommendations(workspace, scan_id, [
            {"id": "ask_school", "template": "ask_school", "priority": 1, "photo_keys": [str(school_finding)]},
            {"id": "remove_school_details", "template": "remove_school_details", "priority": 2,
             "photo_keys": [str(school_finding)]},
            *([{"id": "hide_photos_first", "template": "hide_photos_first", "priority": 3,
                "photo_keys": [str(school_finding), *map(str, own)]}] if own else []),
        ])
    data = class_summary(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert data["public_account"] == {"students": 0, "share_percent": 0}
    assert data["top_recommendations"] == [{"id": "hide_photos_first", "students": 4}]
    assert data["for_school"] == {"students": 6, "photos": 6, "recommendations": [
        {"id": "ask_school", "students": 6}, {"id": "remove_school_details", "students": 6}]}


def test_a_school_page_that_was_not_read_is_not_checked_never_zero(workspace):
    """The last audit could not read the school's gallery (a local address without the intranet allowance):
    the photos it held are "not checked", not 0, and the page is named; the next good audit shows numbers."""
    school_class, ids = make_class(workspace, 4)
    for number in range(1, 5):
        add_finished_scan(workspace, ids[number], [
            {"visibility": "public", "owner": "school", "class_id": school_class.id,
             "exposures": [("match", ["clear_face"])] * 3}])
    assert finish_audit(workspace, school_class.id).overview.to_dict()["exposed_photos"]["total"] == 12
    for number in range(1, 5):
        add_finished_scan(workspace, ids[number], [
            {"visibility": "unknown", "owner": "school", "class_id": school_class.id, "state": "failed"},
            {"visibility": "private"}])
    snapshot = finish_audit(workspace, school_class.id)
    data = snapshot.overview.to_dict()
    assert data["students_incomplete"] == 4
    assert data["exposed_photos"] == {"total": "not_checked", "match": "not_checked", "possible": "not_checked"}
    assert set(data["signals"].values()) == {"not_checked"}
    assert data["for_school"]["students"] == "not_checked"
    assert data["public_account"]["students"] == 0  # the students' own pages were read: that count stands
    assert len(snapshot.unread_pages) == 4 and all(".example.org" in page for page in snapshot.unread_pages)
    lines = overview_lines(snapshot.overview, snapshot.titles, snapshot.unread_pages)
    assert "Exposed photos: not checked (a photo counts once for each student it shows)" in lines
    assert not any(line.startswith("Exposed photos: 0") for line in lines)
    assert "  not checked" in lines  # no "nothing applies" under recommendations either
    incomplete = "Not checked: students whose pages could not all be read in the last class scan: 4 students."
    assert any(line.startswith(incomplete) for line in lines)


def test_the_dashboard_changes_only_when_an_audit_finishes(workspace):
    """One student's age band changes after the audit: the stored overview does not move, so the teacher cannot
    learn that student's numbers by looking before and after."""
    school_class, ids = make_class(workspace, 4)
    for number in range(1, 5):
        add_finished_scan(workspace, ids[number], [{"visibility": "public",
                                                     "exposures": [("match", ["clear_face"])]}])
    finish_audit(workspace, school_class.id)
    before = latest_snapshot(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert dict(before["signals"])["clear_face"] == 4
    workspace.classes.set_age_band(school_class.id, 4, "14to17")  # now waiting for the student's own agreement
    assert class_summary(workspace.db, workspace.vault, school_class.id).overview.to_dict() != before
    assert latest_snapshot(workspace.db, workspace.vault, school_class.id).overview.to_dict() == before


def test_two_audits_one_student_apart_cannot_be_compared(workspace):
    """The teacher audits, moves one student out (an age band, a withdrawal) and audits again: the overview does
    not change until 3 or more students joined or left, so the difference never shows one student's numbers."""
    school_class, ids = make_class(workspace, 7)
    for number in range(1, 8):
        add_finished_scan(workspace, ids[number], [{"visibility": "public",
                                                     "exposures": [("match", ["clear_face"])] * number}])
    first = finish_audit(workspace, school_class.id)
    assert not first.held
    shown = latest_snapshot(workspace.db, workspace.vault, school_class.id).overview.to_dict()
    assert shown["exposed_photos"]["total"] == 28
    workspace.classes.set_age_band(school_class.id, 7, "14to17")  # student 7 now waits for their own agreement
    assert finish_audit(workspace, school_class.id).held
    assert latest_snapshot(workspace.db, workspace.vault, school_class.id).overview.to_dict() == shown
    workspace.classes.set_consent(school_class.id, 6, "withdrawn")  # cleared, and still one student apart
    assert latest_snapshot(workspace.db, workspace.vault, school_class.id) is None
    assert finish_audit(workspace, school_class.id).held
    assert latest_snapshot(workspace.db, workspace.vault, school_class.id) is None
    workspace.classes.set_age_band(school_class.id, 5, "14to17")  # the third student to leave: numbers again
    assert not finish_audit(workspace, school_class.id).held
    assert latest_snapshot(workspace.db, workspace.vault, school_class.id).overview.to_dict()["students_scanned"] == 4


def _seal_counts(workspace, scan_id, not_fully_checked):
    workspace.db.conn.execute("UPDATE scans SET summary_enc = ? WHERE id = ?",
                              (workspace.vault.seal_json({"counts": {"not_fully_checked": not_fully_checked}},
                                                         "scans.summary"), scan_id))


def test_a_class_photo_with_faces_too_small_to_check_makes_the_counts_a_floor_not_a_total(workspace):
    """Three students' scans read the class photo, whose back row is too small for the engine. The teacher is told
    the photo counts may be higher, in the dashboard's words and in the JSON, and the snapshot keeps it."""
    school_class, ids = make_class(workspace, 4)
    for number in range(1, 5):
        scan_id = add_finished_scan(workspace, ids[number], [{"visibility": "public",
                                                             "exposures": [("match", ["clear_face"])]}])
        _seal_counts(workspace, scan_id, 1 if number <= 3 else 0)
    snapshot = finish_audit(workspace, school_class.id)
    assert snapshot.overview.to_dict()["students_with_photos_not_fully_checked"] == 3
    stored = latest_snapshot(workspace.db, workspace.vault, school_class.id)
    assert stored is not None and stored.overview.students_unsure_photos.value == 3
    lines = overview_lines(stored.overview, stored.titles, stored.unread_pages)
    assert any(line.startswith("Faces too small to check:") and "3 students" in line
               and "may be higher" in line for line in lines), lines


def test_one_students_unsure_photos_are_said_without_pointing_at_them(workspace):
    school_class, ids = make_class(workspace, 4)
    for number in range(1, 5):
        _seal_counts(workspace, add_finished_scan(workspace, ids[number], [{"visibility": "private"}]),
                     2 if number == 1 else 0)
    summary = class_summary(workspace.db, workspace.vault, school_class.id)
    assert summary.overview.to_dict()["students_with_photos_not_fully_checked"] == "<3"
    lines = overview_lines(summary.overview, summary.titles)
    assert any(line.startswith("Faces too small to check:") and "fewer than 3" in line for line in lines), lines


def test_no_word_about_small_faces_when_every_photo_was_fully_checked(workspace):
    school_class, ids = make_class(workspace, 3)
    for number in range(1, 4):
        _seal_counts(workspace, add_finished_scan(workspace, ids[number], [{"visibility": "private"}]), 0)
    summary = class_summary(workspace.db, workspace.vault, school_class.id)
    assert summary.overview.to_dict()["students_with_photos_not_fully_checked"] == 0
    assert not any(line.startswith("Faces too small") for line in overview_lines(summary.overview, summary.titles))
