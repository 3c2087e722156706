"""Blur before publishing: copies of a folder of photos with faces made unrecognisable and metadata removed.

For every photo under ``src`` (sub-folders included) a copy is written under ``out`` at the same relative path:

- every face the detector finds is covered, box plus a generous margin (:data:`MARGIN`, more above the face
  for the hair and forehead), by a coarse mosaic (:data:`GRID` cells across the covered area, each the mean of
  its pixels) that is then blurred strongly. The mosaic destroys the detail; the blur hides the cell edges.
  Neither step can be undone: the original pixels are not in the copy;
- a face is left as it is only when it is recognised with confidence (level ``match``, never ``possible``)
  as one of the people named in ``keep_names``, each of whom must have consent in force;
- the copy is re-encoded from its pixels, so no EXIF (camera, time, GPS), XMP, IPTC, ICC profile or text
  chunk survives; the EXIF orientation is applied to the pixels first, so the copy still shows upright;
- JPEG stays JPEG, PNG and WebP keep their format, HEIC/HEIF/AVIF/MPO become JPEG, GIF and BMP become PNG;
- the originals are only read. ``out`` may not be ``src``, inside it, or contain it, and it must be empty.

Detection is the face engine's own (``engine.analyse_image``) with its thorough look on every photo: the
photo at twice its size up to 4096 px on the long side (faces from ~28 px in a 1080-px photo, ~55 px in a
4000-px class photo), and the photo's left, right and top borders beside their mirror image, where a child
half outside the photo shows a whole face again. Faces too small to identify and faces cut by the edge are
blurred too (they are never "kept").

Nothing is written before the faces of every photo are known (:func:`plan_blur`);
:mod:`desktop.reports.blur_review` then draws a review sheet (a PDF: every output photo as it will be, the blurred
faces framed in red, the kept ones in green, and a warning on each photo where faces may remain) and
:func:`write_copies` writes the copies. What the detector cannot see (faces in profile, covered, tiny) is not
blurred: a photo where the engine found faces at the smallest size it can see, or faces cut by the edge, carries a
warning, and the person publishing should still look at every copy. A person named with ``keep_names`` who was not
recognised in any photo is named in the summary (their face, if it is there, was blurred). """

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop.core.errors import StorageError
from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.loading import ERROR_UNSUPPORTED, ImageError, LoadedImage, load_image
from desktop.faces.types import FaceBox
from desktop.log import get_logger
from desktop.safe_files import is_regular, read_regular

log = get_logger("blur")

MARGIN = 0.35  # of the face box's width (sides, below) …
MARGIN_TOP = 0.6  # … and of its height above the face: hair and forehead identify too
GRID = 7  # mosaic cells across the covered area: a face ends up ~4 cells wide
MAX_FILE_BYTES = 200 * 1024 * 1024
POOL_FROM = 6  # photos: from this many on, faces are found in worker processes (one per core)
JPEG_QUALITY = 90

# Output format and extension by the decoder's format name.
_OUTPUT = {
    "JPEG": ("JPEG", ".jpg"), "MPO": ("JPEG", ".jpg"), "HEIF": ("JPEG", ".jpg"), "AVIF": ("JPEG", ".jpg"),
    "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp"), "GIF": ("PNG", ".png"), "BMP": ("PNG", ".png"),
}
_KEEP_EXTENSION = {"JPEG": (".jpg", ".jpeg", ".jpe"), "PNG": (".png",), "WEBP": (".webp",)}
# Byte markers of metadata blocks, for the summary (what was removed), found without decoding anything.
_MARKERS = {
    "exif": (b"Exif\x00\x00", b"eXIf"),
    "xmp": (b"http://ns.adobe.com/xap/1.0/", b"XML:com.adobe.xmp"),
    "iptc": (b"Photoshop 3.0\x00",),
    "icc": (b"ICC_PROFILE\x00", b"iCCP"),
    "text": (b"tEXt", b"iTXt", b"zTXt"),
}


class BlurError(StorageError):
    """The folders or names given cannot be used; nothing was written."""


@dataclass
class FileOutcome:
    source: str  # path relative to the source folder (POSIX separators)
    output: str | None = None  # path relative to the output folder, when a copy was written
    faces_blurred: int = 0
    faces_kept: int = 0
    metadata: tuple[str, ...] = ()  # kinds of metadata found in the original and left out of the copy
    note: str | None = None  # message id: why the file was skipped or failed
    blurred_boxes: list[FaceBox] = field(default_factory=list)  # original pixels
    kept_boxes: list[FaceBox] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # message ids: where faces may remain visible
    kept_people: set[int] = field(default_factory=set)  # person ids recognised and kept in this photo


@dataclass
class BlurSummary:
    source_dir: str
    output_dir: str
    written: list[FileOutcome] = field(default_factory=list)
    skipped: list[FileOutcome] = field(default_factory=list)  # not photos (videos, documents, …)
    failed: list[FileOutcome] = field(default_factory=list)  # photos that could not be read
    cancelled: bool = False
    keep_missing: list[str] = field(default_factory=list)  # --keep names recognised in no photo
    review: str | None = None  # where the review sheet was saved

    @property
    def with_warnings(self) -> list[FileOutcome]:
        """Copies (or planned copies) in which faces may remain visible."""
        return [f for f in self.written if f.warnings]

    @property
    def faces_blurred(self) -> int:
        return sum(f.faces_blurred for f in self.written)

    @property
    def faces_kept(self) -> int:
        return sum(f.faces_kept for f in self.written)

    @property
    def metadata_removed(self) -> int:
        """Copies whose original carried metadata (EXIF, GPS, XMP, IPTC, ICC, text)."""
        return sum(1 for f in self.written if f.metadata)

    @property
    def gps_removed(self) -> int:
        return sum(1 for f in self.written if "gps" in f.metadata)


# --- faces ------------------------------------------------------------------------------------------
def cover_box(box: FaceBox, width: int, height: int) -> tuple[int, int, int, int]:
    """The area covered for one face: (top, right, bottom, left) with the margin, inside the image."""
    box_w, box_h = max(1, box.width), max(1, box.height)
    top = max(0, int(box.top - MARGIN_TOP * box_h))
    bottom = min(height, int(round(box.bottom + MARGIN * box_h)))
    left = max(0, int(box.left - MARGIN * box_w))
    right = min(width, int(round(box.right + MARGIN * box_w)))
    return top, right, bottom, left


def obscure(pixels: np.ndarray, area: tuple[int, int, int, int]) -> None:
    """Mosaic, then blur strongly, the area (top, right, bottom, left) of ``pixels`` in place."""
    from PIL import Image, ImageFilter

    top, right, bottom, left = area
    region = pixels[top:bottom, left:right].astype(np.float64)
    h, w = region.shape[:2]
    if h < 2 or w < 2:
        return
    cell = max(2, int(np.ceil(max(h, w) / GRID)))
    rows, cols = -(-h // cell), -(-w // cell)
    mosaic = np.empty_like(region)
    for r in range(rows):
        for c in range(cols):
            block = region[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell]
            mosaic[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell] = block.reshape(-1, 3).mean(axis=0)
    blurred = Image.fromarray(np.clip(mosaic, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(radius=max(2.0, cell / 2)))
    pixels[top:bottom, left:right] = np.asarray(blurred, dtype=np.uint8)


WARN_AT_LIMIT = "blur.warn_at_limit"
WARN_EDGE = "blur.warn_edge"


def faces_to_cover(analysis) -> tuple[list, list[str]]:
    """Every face of an analysis as (box, encoding or None), and the warnings for the photo: faces at the
    smallest size the engine can see (smaller ones may remain), faces cut by the photo's edge (partly found)."""
    faces = [(face.box, face.encoding) for face in analysis.faces]
    faces += [(box, None) for box in analysis.small_faces]
    faces += [(box, None) for box in analysis.edge_faces]
    warnings = []
    if analysis.unchecked:
        warnings.append(WARN_AT_LIMIT)
    if analysis.edge_faces:
        warnings.append(WARN_EDGE)
    return faces, warnings


# --- folders and names --------------------------------------------------------------------------------
def check_folders(src: str | Path, out: str | Path) -> tuple[Path, Path]:
    # An empty field would mean the current folder (where the app was started, often the home folder).
    if not str(src).strip():
        raise BlurError("blur.src_empty")
    if not str(out).strip():
        raise BlurError("blur.out_empty")
    source = Path(src).expanduser()
    target = Path(out).expanduser()
    if not source.is_dir():
        raise BlurError("blur.src_missing", path=str(src))
    source_real = source.resolve()
    target_real = target.resolve()
    if target_real == source_real or source_real in target_real.parents:
        raise BlurError("blur.out_inside_src", path=str(out))
    if target_real in source_real.parents:
        raise BlurError("blur.src_inside_out", path=str(out))
    if target.exists():
        if not target.is_dir():
            raise BlurError("blur.out_not_folder", path=str(out))
        if any(target.iterdir()):
            raise BlurError("blur.out_not_empty", path=str(out))
    return source, target


def keep_person_ids(workspace, keep_names: list[str] | tuple[str, ...]) -> set[int]:
    """The people whose faces may stay visible. Each must exist, have consent in force and be enrolled."""
    ids: set[int] = set()
    for name in keep_names:
        person = workspace.persons.require(name)  # person.not_found
        workspace.persons.require_consent(person)  # the consent message when not in force
        if not workspace.face_references.has_any(person.id):
            raise BlurError("blur.keep_not_enrolled", name=person.name)
        ids.add(person.id)
    return ids


def _metadata_kinds(data: bytes, image: LoadedImage) -> tuple[str, ...]:
    head = data[:1024 * 1024]  # metadata sits before the image data in every format handled here
    found = [kind for kind, markers in _MARKERS.items() if any(marker in head for marker in markers)]
    if image.gps is not None:
        found.append("gps")
    return tuple(found)


def _output_name(relative: Path, fmt: str) -> Path:
    _, extension = _OUTPUT.get(fmt, ("JPEG", ".jpg"))
    if relative.suffix.lower() in _KEEP_EXTENSION.get(_OUTPUT.get(fmt, ("JPEG",))[0], ()):
        return relative
    return relative.with_suffix(extension)


def _encode(pixels: np.ndarray, fmt: str) -> bytes:
    from PIL import Image

    out_format, _ = _OUTPUT.get(fmt, ("JPEG", ".jpg"))
    image = Image.fromarray(pixels, "RGB")  # a new image: no info, no EXIF, no ICC, no text
    buffer = io.BytesIO()
    if out_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif out_format == "WEBP":
        image.save(buffer, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _files(source: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(source, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(".") or not is_regular(path):  # links, and pipes that would block
                continue
            found.append(path)
    return found


# --- the run -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Detected:
    """What a worker found in one file: faces as (box, encoding or None), or why the file cannot be used."""

    faces: list = field(default_factory=list)
    note: str | None = None
    skipped: bool = False  # True: a file that is not a photo, or too big (not a failure)
    warnings: tuple[str, ...] = ()


def _detect_file(path: str) -> _Detected:
    """Read one photo and find its faces (in a worker process, or in this one for a small folder)."""
    from desktop.faces.engine import analyse_image

    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return _Detected(note="blur.skip_too_big", skipped=True)
        data = read_regular(path)
    except OSError:
        return _Detected(note="blur.cannot_read")
    analysis = analyse_image(data, thorough=True)
    if analysis.error == ERROR_UNSUPPORTED:
        return _Detected(note="blur.skip_not_photo", skipped=True)
    if analysis.error:
        return _Detected(note=analysis.error)
    faces, warnings = faces_to_cover(analysis)
    return _Detected(faces=faces, warnings=tuple(warnings))


def _detections(files: list[Path], engine, ctx: TaskContext) -> Iterator[tuple[int, _Detected]]:
    """Each file's detection, in file order (so that name clashes resolve the same way every time)."""
    if engine is None:
        for index, path in enumerate(files):
            ctx.check_cancelled()
            yield index, _detect_file(str(path))
        return
    arrived: dict[int, _Detected] = {}
    following = 0
    for index, detected in engine.run_many(_detect_file, ((i, str(p)) for i, p in enumerate(files)), ctx):
        arrived[index] = detected
        while following in arrived:
            yield following, arrived.pop(following)
            following += 1


@dataclass
class BlurPlan:
    """The faces of every photo and what will happen to each, before anything is written."""

    summary: BlurSummary
    source: Path
    target: Path
    files: dict[str, Path] = field(default_factory=dict)  # outcome.source -> the original file
    faces: dict[str, list] = field(default_factory=dict)  # outcome.source -> [(box, encoding or None)]


def plan_blur(src: str | Path, out: str | Path, keep_names: list[str] | tuple[str, ...] = (), workspace=None,
              ctx: TaskContext | None = None, engine=None) -> BlurPlan:
    """Find the faces of every photo under ``src`` and decide which are blurred and which kept; write nothing.

    ``keep_names`` needs ``workspace`` (to check consent and match faces). Raises :class:`BlurError` or
    ``ConsentRequired``/``StorageError`` when the folders or names cannot be used; per-file problems go in the
    summary. Faces are found in the face engine's worker processes (``engine``, or a pool started for a folder
    of :data:`POOL_FROM` photos or more; a smaller folder is quicker done here than the workers are started).
    """
    ctx = ctx or TaskContext()
    source, target = check_folders(src, out)
    matcher, keep_ids, keep_by_id = None, set(), {}
    if keep_names:
        if workspace is None:
            raise BlurError("blur.keep_needs_data")
        from desktop.faces.matching import Matcher

        keep_ids = keep_person_ids(workspace, keep_names)
        keep_by_id = {workspace.persons.require(name).id: name for name in keep_names}
        # Every enrolled person takes part, so a face nearer someone else is never "kept" by mistake.
        matcher = Matcher.for_persons(workspace, workspace.persons.enrolled_ids())
    files = _files(source)
    plan = BlurPlan(BlurSummary(str(source), str(target)), source, target)
    summary = plan.summary
    own_engine = None
    if engine is None and len(files) >= POOL_FROM:
        from desktop.faces.engine import FaceEngine, default_workers

        if default_workers() > 1:
            engine = own_engine = FaceEngine()
    from desktop import i18n

    try:
        ctx.progress(0, len(files), i18n.tr("blur.progress", done=1, total=len(files)) if files else "")
        for done, detected in _detections(files, engine, ctx):
            relative = files[done].relative_to(source)
            outcome = FileOutcome(relative.as_posix())
            if detected.note is not None:
                outcome.note = detected.note
                (summary.skipped if detected.skipped else summary.failed).append(outcome)
            else:
                _decide(detected, outcome, matcher, keep_ids)
                plan.files[outcome.source] = files[done]
                plan.faces[outcome.source] = detected.faces
                summary.written.append(outcome)
            ctx.progress(done + 1, len(files), i18n.tr("blur.progress", done=min(done + 2, len(files)),
                                                       total=len(files)))
        ctx.progress(len(files), len(files), "")
    except Cancelled:
        summary.cancelled = True
    finally:
        if own_engine is not None:
            own_engine.close()
    seen = set().union(*(o.kept_people for o in summary.written)) if summary.written else set()
    summary.keep_missing = [name for person_id, name in keep_by_id.items() if person_id not in seen]
    return plan


def _decide(detected: _Detected, outcome: FileOutcome, matcher, keep_ids: set[int]) -> None:
    """Which faces of one photo are kept (recognised with confidence as a kept person) and which blurred."""
    outcome.warnings = list(detected.warnings)
    for box, encoding in detected.faces:
        if matcher is not None and encoding is not None:
            result = matcher.classify(encoding)
            if result.level == "match" and result.person_id in keep_ids:
                outcome.kept_boxes.append(box)
                outcome.kept_people.add(result.person_id)
                continue
        outcome.blurred_boxes.append(box)
    outcome.faces_blurred = len(outcome.blurred_boxes)
    outcome.faces_kept = len(outcome.kept_boxes)


def write_copies(plan: BlurPlan, ctx: TaskContext | None = None) -> BlurSummary:
    """Write the blurred, metadata-free copies the plan decided on. A copy that cannot be read again moves to
    ``failed``. Raises :class:`BlurError` when the output folder cannot be written."""
    from desktop import i18n

    ctx = ctx or TaskContext()
    summary = plan.summary
    plan.target.mkdir(parents=True, exist_ok=True)
    written_names: set[Path] = set()
    planned = list(summary.written)
    summary.written = []
    try:
        for done, outcome in enumerate(planned):
            ctx.check_cancelled()
            ctx.progress(done, len(planned), i18n.tr("blur.progress", done=done + 1, total=len(planned)))
            _write_copy(plan.files[outcome.source], Path(outcome.source), outcome, plan.target, written_names)
            (summary.written if outcome.output is not None else summary.failed).append(outcome)
        ctx.progress(len(planned), len(planned), "")
    except Cancelled:
        summary.cancelled = True
    log.info("blur: %d copies, %d faces blurred, %d kept, %d skipped, %d failed, %d with warnings",
             len(summary.written), summary.faces_blurred, summary.faces_kept, len(summary.skipped),
             len(summary.failed), len(summary.with_warnings))
    return summary


def blur_folder(src: str | Path, out: str | Path, keep_names: list[str] | tuple[str, ...] = (), workspace=None,
                ctx: TaskContext | None = None, engine=None) -> BlurSummary:
    """Write blurred, metadata-free copies of the photos in ``src`` to ``out`` (see the module doc). The review
    sheet, for the command line and the window, is :func:`desktop.reports.blur_review.write_review_sheet`."""
    plan = plan_blur(src, out, keep_names, workspace, ctx, engine)
    if plan.summary.cancelled:
        return plan.summary
    return write_copies(plan, ctx)


def _write_copy(path: Path, relative: Path, outcome: FileOutcome, target: Path, written_names: set[Path]) -> None:
    """Cover the planned faces at full resolution and write the copy (``outcome.output`` set)."""
    try:
        data = path.read_bytes()
        image = load_image(data, max_side=10**6)  # full resolution: the copy keeps the photo's size
    except OSError:
        outcome.note = "blur.cannot_read"
        return
    except ImageError as exc:
        outcome.note = exc.message_id
        return
    pixels = np.array(image.pixels, copy=True)
    for box in outcome.blurred_boxes:
        obscure(pixels, cover_box(box, image.width, image.height))
    outcome.metadata = _metadata_kinds(data, image)
    name = _output_name(relative, image.format)
    stem, number = name, 1
    while name in written_names:  # photo.heic and photo.jpg side by side
        name = stem.with_name(f"{stem.stem}-{number}{stem.suffix}")
        number += 1
    written_names.add(name)
    destination = target / name
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with open(destination, "xb") as handle:  # never replaces a file
            handle.write(_encode(pixels, image.format))
    except OSError as exc:
        error = BlurError("blur.cannot_write", str(exc), path=str(destination))
        # ``detail`` is also StorageError's own parameter: the message placeholder is set after construction.
        error.values["detail"] = exc.strerror or str(exc)
        raise error from exc
    outcome.output = name.as_posix()


def summary_lines(summary: BlurSummary) -> list[str]:
    """The summary in words, for the command line and the window."""
    from desktop.i18n import tr

    lines = [tr("blur.summary", files=len(summary.written), blurred=summary.faces_blurred, kept=summary.faces_kept,
                metadata=summary.metadata_removed, gps=summary.gps_removed)]
    if summary.with_warnings:
        lines.append(tr("blur.warnings", count=len(summary.with_warnings)))
    for name in summary.keep_missing:
        lines.append(tr("blur.keep_not_found", name=name))
    if summary.review:
        lines.append(tr("blur.review_saved", path=summary.review))
    for item in summary.written:
        lines.append(tr("blur.file_line", source=item.source, output=item.output or item.source,
                        blurred=item.faces_blurred, kept=item.faces_kept))
        lines.extend("  " + tr(warning) for warning in item.warnings)
    for item in summary.skipped:
        assert item.note is not None  # a skipped file always carries the reason
        lines.append(tr("blur.skipped_line", source=item.source, reason=tr(item.note)))
    for item in summary.failed:
        assert item.note is not None  # a failed file always carries the reason
        lines.append(tr("blur.failed_line", source=item.source, reason=tr(item.note)))
    if summary.cancelled:
        lines.append(tr("blur.cancelled"))
    lines.append(tr("blur.look_again"))
    return lines


# --- the review sheet --------------------------------------------------------------------------------
KEPT_COLOUR = (22, 140, 60)
BLURRED_COLOUR = (200, 30, 30)
WARNING_COLOUR = (230, 120, 0)


def review_image(plan: BlurPlan, outcome: FileOutcome, max_side: int = 1000):
    """The copy as it will be written, small: blurred areas framed in red, kept faces in green, and an orange
    frame around the whole photo when faces may remain visible. A PIL image."""
    from PIL import Image, ImageDraw

    image = load_image(plan.files[outcome.source].read_bytes(), max_side=max_side)
    pixels = np.array(image.pixels, copy=True)
    height, width = pixels.shape[:2]

    def scaled(box: FaceBox) -> FaceBox:
        s = image.scale
        return FaceBox(top=int(box.top / s), right=int(round(box.right / s)), bottom=int(round(box.bottom / s)),
                       left=int(box.left / s))

    covered = [cover_box(scaled(box), width, height) for box in outcome.blurred_boxes]
    for area in covered:
        obscure(pixels, area)
    picture = Image.fromarray(pixels, "RGB")
    draw = ImageDraw.Draw(picture)
    line = max(2, round(max(width, height) / 300))
    for top, right, bottom, left in covered:
        draw.rectangle([left, top, right - 1, bottom - 1], outline=BLURRED_COLOUR, width=line)
    for box in outcome.kept_boxes:
        box = scaled(box)
        draw.rectangle([box.left, box.top, box.right - 1, box.bottom - 1], outline=KEPT_COLOUR, width=line)
    if outcome.warnings:
        draw.rectangle([0, 0, width - 1, height - 1], outline=WARNING_COLOUR, width=3 * line)
    return picture


def review_caption(outcome: FileOutcome) -> list[str]:
    """The words under one photo of the review sheet: counts, then each warning."""
    from desktop.i18n import tr

    lines = [tr("blur.review.photo_line", source=outcome.source, blurred=outcome.faces_blurred,
                kept=outcome.faces_kept)]
    lines += [tr(warning) for warning in outcome.warnings]
    return lines


def default_review_path(out: str | Path) -> Path:
    """Where the review sheet goes when no file is named: beside the output folder (never inside it, where it
    would be published with the copies), under a name not yet taken."""
    target = Path(out).expanduser()
    candidate = target.with_name(f"{target.name}-review.pdf")
    number = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.name}-review-{number}.pdf")
        number += 1
    return candidate
