"""The class overview is computed from each consenting student's latest finished scan."""

from desktop.store.class_summary import class_summary
from tests.classroom_rows import add_finished_scan


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
