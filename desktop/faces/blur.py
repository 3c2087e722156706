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

Detection runs at :data:`DETECT_SIDE` pixels on the long side (twice the scan's working size), so faces in
group photos down to ~1/50 of the photo's long side are found. Faces too small for the encoder are blurred
too (they are never "kept"). What the detector cannot see (faces in profile, covered, tiny) is not blurred:
the summary says so, and the person publishing should still look at every copy.
"""

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
DETECT_SIDE = 2048
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


@dataclass
class BlurSummary:
    source_dir: str
    output_dir: str
    written: list[FileOutcome] = field(default_factory=list)
    skipped: list[FileOutcome] = field(default_factory=list)  # not photos (videos, documents, …)
    failed: list[FileOutcome] = field(default_factory=list)  # photos that could not be read
    cancelled: bool = False

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


def find_faces(image: LoadedImage):
    """All faces in a loaded image: (box in original pixels, encoding or None when too small to identify)."""
    from desktop.faces.engine import MIN_FACE_PX, _detect, _Models, analyse_loaded

    analysis = analyse_loaded(image)
    faces = [(face.box, face.encoding) for face in analysis.faces]
    if analysis.too_small:
        # The engine counts small faces without boxes; find them again to blur them as well.
        scale = image.scale
        for rect in _detect(_Models.get(), image.pixels):
            if rect.height() * scale >= MIN_FACE_PX:
                continue
            faces.append((FaceBox(top=max(0, round(rect.top() * scale)),
                                  right=min(image.width, round(rect.right() * scale)),
                                  bottom=min(image.height, round(rect.bottom() * scale)),
                                  left=max(0, round(rect.left() * scale))), None))
    return faces


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
        enrolled = workspace.db.query_one("SELECT 1 FROM face_references WHERE person_id = ?", (person.id,))
        if not enrolled:
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


def _detect_file(path: str) -> _Detected:
    """Read one photo and find its faces (in a worker process, or in this one for a small folder)."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return _Detected(note="blur.skip_too_big", skipped=True)
        data = read_regular(path)
    except OSError:
        return _Detected(note="blur.cannot_read")
    try:
        detect = load_image(data, DETECT_SIDE)
    except ImageError as exc:
        unsupported = exc.message_id == ERROR_UNSUPPORTED
        return _Detected(note="blur.skip_not_photo" if unsupported else exc.message_id, skipped=unsupported)
    try:
        return _Detected(faces=find_faces(detect))
    except (RuntimeError, MemoryError):
        return _Detected(note="faces.image_failed")


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


def blur_folder(src: str | Path, out: str | Path, keep_names: list[str] | tuple[str, ...] = (), workspace=None,
                ctx: TaskContext | None = None, engine=None) -> BlurSummary:
    """Write blurred, metadata-free copies of the photos in ``src`` to ``out`` (see the module doc).

    ``keep_names`` needs ``workspace`` (to check consent and match faces). Raises :class:`BlurError` or
    ``ConsentRequired``/``StorageError`` before anything is written; per-file problems go in the summary.
    Faces are found in the face engine's worker processes (``engine``, or a pool started for a folder of
    :data:`POOL_FROM` photos or more; a smaller folder is quicker done here than the workers are started).
    """
    ctx = ctx or TaskContext()
    source, target = check_folders(src, out)
    matcher, keep_ids = None, set()
    if keep_names:
        if workspace is None:
            raise BlurError("blur.keep_needs_data")
        from desktop.faces.matching import Matcher

        keep_ids = keep_person_ids(workspace, keep_names)
        enrolled = [r["person_id"] for r in workspace.db.query("SELECT DISTINCT person_id FROM face_references")]
        # Every enrolled person takes part, so a face nearer someone else is never "kept" by mistake.
        matcher = Matcher.for_persons(workspace, enrolled)
    files = _files(source)
    summary = BlurSummary(str(source), str(target))
    target.mkdir(parents=True, exist_ok=True)
    written_names: set[Path] = set()
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
            if detected.note is None:
                _write_copy(files[done], relative, detected.faces, outcome, target, written_names, matcher,
                            keep_ids)
            else:
                outcome.note = detected.note
            if outcome.output is not None:
                summary.written.append(outcome)
            elif detected.skipped:
                summary.skipped.append(outcome)
            else:
                summary.failed.append(outcome)
            ctx.progress(done + 1, len(files), i18n.tr("blur.progress", done=min(done + 2, len(files)),
                                                       total=len(files)))
        ctx.progress(len(files), len(files), "")
    except Cancelled:
        summary.cancelled = True
    finally:
        if own_engine is not None:
            own_engine.close()
    log.info("blur: %d copies, %d faces blurred, %d kept, %d skipped, %d failed", len(summary.written),
             summary.faces_blurred, summary.faces_kept, len(summary.skipped), len(summary.failed))
    return summary


def _write_copy(path: Path, relative: Path, faces: list, outcome: FileOutcome, target: Path,
                written_names: set[Path], matcher, keep_ids: set[int]) -> None:
    """Cover the faces found in the photo at full resolution and write the copy (``outcome.output`` set)."""
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
    for box, encoding in faces:
        if matcher is not None and encoding is not None:
            result = matcher.classify(encoding)
            if result.level == "match" and result.person_id in keep_ids:
                outcome.faces_kept += 1
                continue
        obscure(pixels, cover_box(box, image.width, image.height))
        outcome.faces_blurred += 1
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
        raise BlurError("blur.cannot_write", str(exc), path=str(destination),
                        detail=exc.strerror or str(exc)) from exc
    outcome.output = name.as_posix()


def summary_lines(summary: BlurSummary) -> list[str]:
    """The summary in words, for the command line and the window."""
    from desktop.i18n import tr

    lines = [tr("blur.summary", files=len(summary.written), blurred=summary.faces_blurred, kept=summary.faces_kept,
                metadata=summary.metadata_removed, gps=summary.gps_removed)]
    for item in summary.written:
        lines.append(tr("blur.file_line", source=item.source, output=item.output, blurred=item.faces_blurred,
                        kept=item.faces_kept))
    for item in summary.skipped:
        lines.append(tr("blur.skipped_line", source=item.source, reason=tr(item.note)))
    for item in summary.failed:
        lines.append(tr("blur.failed_line", source=item.source, reason=tr(item.note)))
    if summary.cancelled:
        lines.append(tr("blur.cancelled"))
    lines.append(tr("blur.look_again"))
    return lines
