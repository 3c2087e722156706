"""Enrolment: learn a person's face from 3–10 photos chosen on disk.

Each photo is accepted or rejected with a reason the family can act on (no face, face too small, too blurry,
the same moment as another photo, unreadable). Where a photo holds several faces, ``choose_face`` says which
one is the child (the window shows the faces to click; the command line takes the largest and warns).
Accepted faces are stored encrypted in ``face_references`` (origin ``enrolment``), and the report says how
well Jikimi now knows the face.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop.core.models import Person
from desktop.core.tasks import TaskContext
from desktop.faces import matching
from desktop.faces.calibration import Classifier, PersonModel, spread_of
from desktop.faces.types import DetectedFace, ImageAnalysis
from desktop.i18n import tr

MIN_PHOTOS = 3
MAX_PHOTOS = 10
# An enrolment face must be big and sharp enough to be a good reference.
ENROL_MIN_FACE_PX = 64
ENROL_MIN_SHARPNESS = 0.55
# Two faces nearer than this are the same moment (a burst, an edited copy): the second teaches nothing new.
NEAR_DUPLICATE_DISTANCE = 0.15

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic", ".heif", ".avif"}

REASON_NO_FACE = "faces.enrol.no_face"
REASON_TOO_SMALL = "faces.enrol.too_small"
REASON_BLURRY = "faces.enrol.blurry"
REASON_DUPLICATE = "faces.enrol.duplicate"
REASON_UNREADABLE = "faces.enrol.unreadable"
REASON_SKIPPED = "faces.enrol.skipped"
REASON_TOO_MANY = "faces.enrol.too_many"
WARNING_LARGEST = "faces.enrol.several_faces_largest"

# (path, analysis) -> index into analysis.identifiable_faces, or None to leave the photo out.
FaceChooser = Callable[[Path, ImageAnalysis], "int | None"]


@dataclass
class PhotoOutcome:
    path: Path
    accepted: bool
    reason: str | None = None  # message id when rejected
    warning: str | None = None  # message id, e.g. several faces and the largest was taken
    faces: int = 0
    chosen: int | None = None


@dataclass
class EnrolmentReport:
    person_id: int
    outcomes: list[PhotoOutcome] = field(default_factory=list)
    references: int = 0  # enrolment references stored for the person, including earlier ones
    quality: str = "none"  # none | weak | fair | good
    spread: float | None = None
    match_threshold: float | None = None

    @property
    def accepted(self) -> list[PhotoOutcome]:
        return [o for o in self.outcomes if o.accepted]

    @property
    def rejected(self) -> list[PhotoOutcome]:
        return [o for o in self.outcomes if not o.accepted]

    @property
    def quality_message_id(self) -> str:
        return f"faces.enrol.quality_{self.quality}"

    def summary_lines(self, name: str) -> list[str]:
        """How many photos were accepted, how many references ``name`` now has, and how good they are: the same
        words in the enrolment window and after ``jikimi enroll``."""
        return [tr("faces.enrol.summary", name=name, accepted=len(self.accepted), references=self.references),
                tr(self.quality_message_id)]


def expand_paths(paths: list[Path]) -> list[Path]:
    """Photos named directly, and the image files inside any folder named (sorted, not recursive)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES))
        else:
            found.append(path)
    return found


def largest_face(path: Path, analysis: ImageAnalysis) -> int:
    faces = analysis.identifiable_faces
    return max(range(len(faces)), key=lambda i: faces[i].box.height * faces[i].box.width)


def analyse_photos(paths: list[Path], ctx: TaskContext | None = None) -> dict[Path, ImageAnalysis]:
    """Analyse the candidate photos (in this process: at most ten). Unreadable files get an error analysis."""
    from desktop.faces.engine import analyse_image

    results: dict[Path, ImageAnalysis] = {}
    for done, path in enumerate(paths):
        if ctx is not None:
            ctx.check_cancelled()
            ctx.progress(done, len(paths), path.name)
        try:
            data = path.read_bytes()
        except OSError:
            results[path] = ImageAnalysis(width=0, height=0, error=REASON_UNREADABLE)
            continue
        results[path] = analyse_image(data)
    if ctx is not None:
        ctx.progress(len(paths), len(paths), "")
    return results


def _photo_key(workspace, path: Path) -> bytes | None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return workspace.vault.index(digest, matching.PHOTO)


def enrol(
    workspace,
    person: Person,
    photos: list[Path],
    choose_face: FaceChooser | None = None,
    ctx: TaskContext | None = None,
    analyses: dict[Path, ImageAnalysis] | None = None,
    replace: bool = False,
) -> EnrolmentReport:
    """Learn ``person``'s face from ``photos``. Raises ``ConsentRequired`` without consent. ``replace``: the
    photos learnt before are forgotten once at least one of these is accepted (a misfiled photo is put right)."""
    workspace.persons.require_consent(person)
    photos = [Path(p) for p in photos]
    report = EnrolmentReport(person_id=person.id)
    before = workspace.face_references.by_origin(person.id)["enrolment"]
    existing = [] if replace else before
    room = max(0, MAX_PHOTOS - len(existing))
    wanted = photos[:room]
    for extra in photos[room:]:
        report.outcomes.append(PhotoOutcome(extra, False, REASON_TOO_MANY))
    if analyses is None:
        analyses = analyse_photos(wanted, ctx)
    known_keys = set() if replace else workspace.face_references.enrolment_photo_indexes(person.id)
    kept: list[np.ndarray] = list(existing)
    to_store: list[tuple[bytes, DetectedFace, Path]] = []
    for path in wanted:
        if ctx is not None:
            ctx.check_cancelled()
        analysis = analyses.get(path)
        if analysis is None:
            analysis = analyse_photos([path])[path]
        outcome = PhotoOutcome(path, False)
        report.outcomes.append(outcome)
        if analysis.error:
            outcome.reason = analysis.error if analysis.error == REASON_UNREADABLE else analysis.error
            continue
        faces = analysis.identifiable_faces
        outcome.faces = len(faces)
        if not faces:
            outcome.reason = REASON_TOO_SMALL if analysis.too_small else REASON_NO_FACE
            continue
        index = 0
        if len(faces) > 1:
            if choose_face is None:
                index = largest_face(path, analysis)
                outcome.warning = WARNING_LARGEST
            else:
                chosen = choose_face(path, analysis)
                if chosen is None or not 0 <= chosen < len(faces):
                    outcome.reason = REASON_SKIPPED
                    continue
                index = chosen
        outcome.chosen = index
        face = faces[index]
        if face.size_px < ENROL_MIN_FACE_PX:
            outcome.reason = REASON_TOO_SMALL
            continue
        if face.sharpness < ENROL_MIN_SHARPNESS:
            outcome.reason = REASON_BLURRY
            continue
        key = _photo_key(workspace, path)
        if key is None:
            outcome.reason = REASON_UNREADABLE
            continue
        vector = np.asarray(face.encoding, dtype=np.float64)
        if key in known_keys or any(np.linalg.norm(vector - other) < NEAR_DUPLICATE_DISTANCE for other in kept):
            outcome.reason = REASON_DUPLICATE
            continue
        known_keys.add(key)
        kept.append(vector)
        to_store.append((key, face, path))
        outcome.accepted = True
    if to_store:  # all of the photos or none
        workspace.face_references.add_enrolment(person.id, [
            (key, face.encoding, {"size_px": face.size_px, "sharpness": face.sharpness, "frontality": face.frontality})
            for key, face, _path in to_store], replace=replace)
    elif replace:
        kept = list(before)  # nothing new was accepted, so nothing was replaced: the earlier faces still count
    report.references = len(kept)
    report.spread = spread_of(np.vstack(kept)) if kept else None
    if kept:
        model = Classifier([PersonModel(person.id, np.vstack(kept))]).models[0]
        report.match_threshold = round(model.match_threshold, 3)
    report.quality = quality_of(len(kept), report.spread)
    return report


def quality_of(references: int, spread: float | None) -> str:
    """none: nothing learnt; weak: fewer than 3 photos (or photos that disagree); fair: 3–4; good: 5 or more."""
    if references == 0:
        return "none"
    if references < MIN_PHOTOS or (spread is not None and spread > 0.5):
        return "weak"
    return "good" if references >= 5 else "fair"
