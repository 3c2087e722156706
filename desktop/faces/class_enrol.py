"""Enrolling a class's faces from one folder of photos named by student number.

A teacher has the students' photos (the school's photo-day pictures, or ones families sent) in one folder:
``03.jpg``, ``03_1.jpg``, ``3번.jpg``, ``3번 (2).png``…, or one subfolder per student (``03/``, ``3번/``). The
plan says which file goes to which student and which files are left out, and why (no number in the name, a
number not in the class, a student whose consent does not allow it, more than ``MAX_PHOTOS`` for one student,
not a photo), before anything is learnt. Then each student's photos are enrolled as on the Family page
(``desktop.faces.enrol``), with progress and cancel between photos; a student whose photos were all learnt
before a cancel keeps them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import consent as consent_rules
from desktop.core.tasks import TaskContext
from desktop.faces.enrol import IMAGE_SUFFIXES, MAX_PHOTOS, EnrolmentReport, enrol

MAX_ENTRIES = 3000  # files looked at in the folder and its subfolders: a class's photos, not a whole drive

# "03", "3번", "03_1", "3번_2", "03-2", "3 (2)", "3번 김민지": the leading number is the student's.
_NUMBER_NAME = re.compile(r"^\s*0*(\d{1,4})\s*번?(?:$|[\s_\-.(\[].*$)")


_CLASS_NAME = (re.compile(r"(\d{1,2})\s*학년\s*(\d{1,2})\s*반"), re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$"))


def grade_and_class(class_name: str) -> tuple[int, int] | None:
    """``2학년 3반`` or ``2-3`` -> (2, 3); None when the class name does not say."""
    for pattern in _CLASS_NAME:
        found = pattern.search(unicodedata.normalize("NFKC", class_name))
        if found:
            return int(found[1]), int(found[2])
    return None


def _without_class_prefix(name: str, grade_class: tuple[int, int] | None) -> str:
    """``2-3-05`` / ``2학년 3반 05`` / ``20305`` (학번) -> ``05`` for class 2-3, so the class's own numbers are not
    read as the student's."""
    if grade_class is None:
        return name
    grade, room = grade_class
    prefixes = (rf"^0*{grade}\s*[-_.\s]\s*0*{room}\s*[-_.\s]\s*(?=\d)", rf"^0*{grade}\s*학년\s*0*{room}\s*반[-_.\s]*")
    for pattern in prefixes:
        stripped = re.sub(pattern, "", name)
        if stripped != name:
            return stripped
    school_id = re.match(rf"^{grade}{room:02d}(\d{{2}})(?!\d)", name)  # 학번 20305: grade, class, number
    return name[3:] if school_id else name


def number_in_name(name: str, grade_class: tuple[int, int] | None = None) -> int | None:
    """The student number a file or folder name starts with (``03_1`` -> 3; for class 2-3 also ``2-3-05``,
    ``2학년 3반 05``, ``20305`` -> 5), or None."""
    name = _without_class_prefix(unicodedata.normalize("NFKC", name).strip(), grade_class)
    if re.match(r"^\d+\s*[-_.]\s*\d+\s*[-_.]\s*\d+", name):
        return None  # grade-class-number of another class (2-4-05): not this class's student 2
    found = _NUMBER_NAME.match(name)
    if not found:
        return None
    number = int(found[1])
    return number if number > 0 else None


@dataclass(frozen=True)
class LeftOut:
    """A file that will not be used: ``reason_id`` (a message id) and the values it needs."""

    path: Path
    reason_id: str
    values: dict = field(default_factory=dict)


@dataclass
class ClassPhotoPlan:
    folder: Path
    photos: dict[int, list[Path]] = field(default_factory=dict)  # student number -> photos to learn
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def photo_count(self) -> int:
        return sum(len(paths) for paths in self.photos.values())


def _candidates(folder: Path, grade_class=None) -> list[tuple[Path, int | None, bool]]:
    """(file, number from its folder or name, is a photo) for the folder's files and its subfolders' files."""
    found: list[tuple[Path, int | None, bool]] = []
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries[:MAX_ENTRIES]:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            folder_number = number_in_name(entry.name, grade_class)
            for inner in sorted(entry.iterdir(), key=lambda p: p.name)[:MAX_ENTRIES]:
                if inner.is_file() and not inner.name.startswith("."):
                    found.append((inner, folder_number, inner.suffix.lower() in IMAGE_SUFFIXES))
        elif entry.is_file():
            found.append((entry, number_in_name(entry.stem, grade_class), entry.suffix.lower() in IMAGE_SUFFIXES))
    return found


def plan_class_photos(folder: str | Path, roster, class_name: str = "") -> ClassPhotoPlan:
    """Which photo goes to which student of ``roster`` (``RosterMember`` list), and what is left out and why.
    ``class_name`` (``2학년 3반``) lets names that start with the class (``2-3-05.jpg``, ``20305.jpg``) count.
    Raises ``OSError`` when the folder cannot be read."""
    folder = Path(folder).expanduser()
    plan = ClassPhotoPlan(folder)
    members = {member.number: member for member in roster}
    for path, number, is_photo in _candidates(folder, grade_and_class(class_name)):
        if not is_photo:
            plan.left_out.append(LeftOut(path, "class.photos.not_a_photo"))
        elif number is None:
            plan.left_out.append(LeftOut(path, "class.photos.no_number"))
        elif number not in members:
            plan.left_out.append(LeftOut(path, "class.photos.not_in_class", {"number": number}))
        else:
            member = members[number]
            reason = consent_rules.refusal_reason(member.person, member.consent)
            if reason is not None:
                plan.left_out.append(LeftOut(path, "class.photos.no_consent", {"number": number, "reason": reason}))
            elif len(plan.photos.get(number, [])) >= MAX_PHOTOS:
                plan.left_out.append(LeftOut(path, "class.photos.too_many", {"number": number, "max": MAX_PHOTOS}))
            else:
                plan.photos.setdefault(number, []).append(path)
    plan.photos = dict(sorted(plan.photos.items()))
    return plan


@dataclass(frozen=True)
class StudentEnrolment:
    number: int
    name: str
    report: EnrolmentReport


# Two students look like the same child when a photo enrolled for one is a confident `match` for the other, judged
# as for a child enrolled alone (the engine's strictest level: no false match in docs/accuracy.md): a photo filed in
# the wrong student's folder, or one photo copied into two. The teacher is asked to look; nothing is changed.
@dataclass(frozen=True)
class LookAlike:
    first: int  # student numbers, first < second
    second: int
    distance: float


class ClassEnrolment(list):
    """The students enrolled (a list of :class:`StudentEnrolment`), and pairs of students whose enrolled faces
    look like the same child."""

    def __init__(self, enrolled=(), look_alikes=()):
        super().__init__(enrolled)
        self.look_alikes: list[LookAlike] = list(look_alikes)


def look_alikes(workspace, class_id: int, numbers: list[int]) -> list[LookAlike]:
    """Pairs of the class's students, at least one of them in ``numbers``, where a photo enrolled for one is a
    confident match for the other."""
    import numpy as np

    from desktop.faces.calibration import Classifier, PersonModel

    members = {member.number: member.person.id for member in workspace.classes.roster(class_id)}
    references = {number: workspace.face_references.by_origin(person_id)["enrolment"]
                  for number, person_id in members.items()}
    enrolled = sorted(number for number, refs in references.items() if refs)
    # Each student alone, from the enrolment photos read above (answers given later play no part here).
    matchers = {number: Classifier([PersonModel(members[number], np.vstack(references[number]))])
                for number in enrolled}
    pairs = []
    for first in enrolled:
        for second in enrolled:
            if second <= first or (first not in numbers and second not in numbers):
                continue
            results = [matchers[first].classify(ref) for ref in references[second]]
            results += [matchers[second].classify(ref) for ref in references[first]]
            confident = [result.distance for result in results if result.level == "match"]
            if confident:
                pairs.append(LookAlike(first, second, round(min(confident), 3)))
    return pairs


def enrol_class(workspace, class_id: int, plan: ClassPhotoPlan, ctx: TaskContext | None = None,
                replace: bool = False) -> ClassEnrolment:
    """Learn each planned student's face from their photos, in number order. Progress counts photos across the
    class; ``Cancelled`` stops between photos (students finished before it keep what was learnt). Then check
    that no two students' faces look like the same child (:func:`look_alikes`). ``replace``: each student's
    photos learnt before are replaced by these (see :func:`desktop.faces.enrol.enrol`)."""
    ctx = ctx or TaskContext()
    total = plan.photo_count
    done = 0
    results = []
    for number, paths in plan.photos.items():
        ctx.check_cancelled()
        student = workspace.classes.member(class_id, number)
        child = ctx.child(done, total, {"number": number, "name": student.name})
        report = enrol(workspace, student, paths, choose_face=None, ctx=child, replace=replace)
        results.append(StudentEnrolment(number, student.name, report))
        done += len(paths)
        ctx.progress(done, total, "", {"number": number, "name": student.name})
    learnt = [result.number for result in results if result.report.accepted]
    return ClassEnrolment(results, look_alikes(workspace, class_id, learnt) if learnt else [])
