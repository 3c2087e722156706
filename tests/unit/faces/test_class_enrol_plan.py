"""A teacher's folder of student photos, named by number: which file goes to whom, and what is left out."""

from pathlib import Path

import pytest

from desktop.faces.class_enrol import grade_and_class, number_in_name, plan_class_photos


@pytest.mark.parametrize("name, number", [
    ("03", 3), ("03_1", 3), ("3번", 3), ("3번_2", 3), ("03-2", 3), ("3 (2)", 3), ("12번 김민지", 12), ("０７", 7),
    ("김민지", None), ("IMG_0003", None), ("00", None), ("2026-03-04 3번", None),
])
def test_a_student_number_is_read_from_the_start_of_the_name(name, number):
    assert number_in_name(name) == number


@pytest.mark.parametrize("name, number", [
    ("2-3-05", 5), ("2_3_05_1", 5), ("2학년 3반 05번", 5), ("2학년3반_7", 7), ("20305", 5), ("20305_2", 5),
    ("05", 5), ("3번", 3), ("20405", None), ("2-4-05", None), ("03_1", 3),
])
def test_names_that_start_with_the_class_give_the_number_after_it(name, number):
    assert grade_and_class("2학년 3반") == (2, 3) == grade_and_class("2-3")
    assert number_in_name(name, (2, 3)) == number


@pytest.fixture
def class_with_consent(workspace):
    classes = workspace.classes
    school_class = classes.create("2-3")
    classes.import_roster(school_class.id, "1,민준\n3,서연\n5,하늘\n".encode(), age_band="under14")
    classes.set_consent(school_class.id, 1, "given")
    classes.set_consent(school_class.id, 3, "given")
    classes.set_consent(school_class.id, 5, "refused")
    return school_class


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_files_and_subfolders_go_to_their_student_and_the_rest_says_why(workspace, class_with_consent, tmp_path):
    folder = tmp_path / "사진"
    for name in ("01.jpg", "01_2.JPG", "3번.png", "05.jpg", "09.jpg", "단체사진.jpg", "명단.xlsx", ".DS_Store"):
        touch(folder / name)
    touch(folder / "3번" / "a.jpg")
    for n in range(9):
        touch(folder / "1번" / f"extra{n}.jpg")
    plan = plan_class_photos(folder, workspace.classes.roster(class_with_consent.id))
    assert {number: [p.name for p in paths] for number, paths in plan.photos.items()} == {
        1: ["01.jpg", "01_2.JPG"] + [f"extra{n}.jpg" for n in range(8)],
        3: ["a.jpg", "3번.png"],
    }
    left_out = {(p.path.name, p.reason_id) for p in plan.left_out}
    assert left_out == {
        ("05.jpg", "class.photos.no_consent"), ("09.jpg", "class.photos.not_in_class"),
        ("단체사진.jpg", "class.photos.no_number"), ("명단.xlsx", "class.photos.not_a_photo"),
        ("extra8.jpg", "class.photos.too_many"),
    }
    refused = next(p for p in plan.left_out if p.path.name == "05.jpg")
    assert refused.values == {"number": 5, "reason": "consent.refused"}
    assert plan.photo_count == 12


def two_students_with_consent(workspace, tmp_path):
    """Class 2-3 with students 3 and 5 (guardian consent given), and an empty folder for their photos."""
    classes = workspace.classes
    school_class = classes.create("2-3")
    classes.import_roster(school_class.id, "3,민준\n5,서연\n".encode(), age_band="under14")
    for number in (3, 5):
        classes.set_consent(school_class.id, number, "given")
    folder = tmp_path / "photos"
    folder.mkdir()
    return school_class, folder


def test_cancel_stops_between_photos_and_students_already_done_keep_their_faces(workspace, tmp_path):
    import shutil

    from desktop.core.tasks import Cancelled, TaskContext
    from desktop.faces.class_enrol import enrol_class
    from tests.unit.faces.conftest import FIXTURES

    classes = workspace.classes
    school_class, folder = two_students_with_consent(workspace, tmp_path)
    for index, name in enumerate(("obama.jpg", "obama2.jpg", "obama3.jpg")):
        shutil.copy(FIXTURES / name, folder / f"03_{index}.jpg")
    shutil.copy(FIXTURES / "biden.jpg", folder / "05.jpg")
    plan = plan_class_photos(folder, classes.roster(school_class.id))
    seen = []

    def on_progress(progress):
        seen.append((progress.done, progress.total, progress.detail["number"]))
        if progress.detail["number"] == 5:  # student 5's photos have started: the teacher presses Cancel
            ctx.cancel()

    ctx = TaskContext(on_progress)
    with pytest.raises(Cancelled):
        enrol_class(workspace, school_class.id, plan, ctx)
    assert seen[0] == (0, 4, 3) and all(total == 4 for _, total, _ in seen)
    count = "SELECT count(*) FROM face_references WHERE person_id = ?"
    assert workspace.db.query_one(count, (classes.member(school_class.id, 3).id,))[0] == 3
    assert workspace.db.query_one(count, (classes.member(school_class.id, 5).id,))[0] == 0


def test_one_childs_photo_in_two_students_folders_is_pointed_out_and_replacing_puts_it_right(workspace, tmp_path):
    """Obama's photos are student 3's; one of them was also copied as student 5's. After enrolling, the teacher
    reads that students 3 and 5 look like the same child; enrolling student 5 again with the right photo and
    "replace" ticked leaves no look-alike and only the right face for student 5."""
    import shutil

    from desktop.faces.class_enrol import enrol_class
    from desktop.reports.roster_text import enrolment_lines
    from tests.unit.faces.conftest import FIXTURES

    classes = workspace.classes
    school_class, folder = two_students_with_consent(workspace, tmp_path)
    shutil.copy(FIXTURES / "obama.jpg", folder / "03_1.jpg")
    shutil.copy(FIXTURES / "obama2.jpg", folder / "03_2.jpg")
    shutil.copy(FIXTURES / "obama3.jpg", folder / "05.jpg")  # misfiled: student 3's face in student 5's name
    results = enrol_class(workspace, school_class.id, plan_class_photos(folder, classes.roster(school_class.id)))
    assert [(pair.first, pair.second) for pair in results.look_alikes] == [(3, 5)]
    lines = enrolment_lines(results)
    assert lines[-1].startswith("Check: student 3 (03_1.jpg, 03_2.jpg) and student 5 (05.jpg) look like the same child")

    fixed = tmp_path / "fixed"
    fixed.mkdir()
    shutil.copy(FIXTURES / "biden.jpg", fixed / "05.jpg")
    fixed_plan = plan_class_photos(fixed, classes.roster(school_class.id))
    from desktop.reports.roster_text import replace_line

    assert replace_line(fixed_plan, classes.roster(school_class.id)) == (
        "Replacing: the faces learnt before are deleted for the students numbered 5 (they have photos in this"
        " folder) once a new photo of theirs is accepted. The students numbered 3 have no photo here and keep"
        " theirs.")
    again = enrol_class(workspace, school_class.id, fixed_plan, replace=True)
    student_5 = classes.member(school_class.id, 5).id
    assert len(workspace.face_references.by_origin(student_5)["enrolment"]) == 1
    assert again.look_alikes == []
    assert not any(line.startswith("Check:") for line in enrolment_lines(again))


def test_replacing_with_no_usable_photo_keeps_and_reports_the_faces_learnt_before(workspace, tmp_path):
    """The teacher ticks "replace" but the new photo is unreadable: nothing is replaced, and the summary says the
    student still has the faces learnt before (not "nothing learnt")."""
    import shutil

    from desktop.faces.class_enrol import enrol_class
    from tests.unit.faces.conftest import FIXTURES

    classes = workspace.classes
    school_class, folder = two_students_with_consent(workspace, tmp_path)
    shutil.copy(FIXTURES / "obama.jpg", folder / "03_1.jpg")
    shutil.copy(FIXTURES / "obama2.jpg", folder / "03_2.jpg")
    enrol_class(workspace, school_class.id, plan_class_photos(folder, classes.roster(school_class.id)))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "03.jpg").write_bytes((FIXTURES / "obama3.jpg").read_bytes()[:3000])
    (result,) = enrol_class(workspace, school_class.id, plan_class_photos(broken, classes.roster(school_class.id)),
                            replace=True)
    assert result.report.accepted == [] and result.report.references == 2
    student = classes.member(school_class.id, 3)
    assert len(workspace.face_references.by_origin(student.id)["enrolment"]) == 2
