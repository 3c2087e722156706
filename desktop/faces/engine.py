"""Face detection and encoding: one photo in-process (:func:`analyse_image`), many in a process pool
(:class:`FaceEngine`).

Detection strategy (dlib's HOG detector; measured with ``benchmarks/class_bench.py`` and
``benchmarks/face_speed.py``, figures in ``docs/benchmarks.md``). dlib's frontal detector finds faces from
about :data:`HOG_MIN_BOX` pixels of the image it scans (its smallest box), half that with one upsampling. So:

1. **Cheap pass.** Every image is decoded at working size (long side 800, JPEG draft decoding; see
   ``loading.py``) and scanned once in grey without upsampling (~0.03 s): portraits, selfies, profile pictures.
   When that finds nothing, or only faces near its limit, it scans again upsampled once (~0.1 s): faces down to
   ~3.5 % of the photo's long side.
2. **Deep look, only where it pays.** A photo larger than the working size gets a second, high-resolution look
   when the cheap pass suggests there are faces it cannot see: several faces (a group or class photo: the whole
   photo), or a single face near the size limit of the pass (others further back are likely smaller: the band
   of the photo from three face heights above it to one below, searched at twice the resolution of the pass
   that found the face — 3200 px, a 2000-px photo enlarged to it — and at full size only when that look too
   finds faces at its limit). A couple or a
   selfie (two large faces) and a photo where nothing was found get no deep look. The deep look scans the photo
   in grey at twice its own size, up to :data:`DEEP_SIDE` pixels on the long side: a 1080-px photo upsampled
   once (faces from ~28 px), a 2400-px photo enlarged to 4096 px (from ~32 px), a 4000-px photo at its own size
   (from ~55 px). ``thorough=True`` (blur
   before publishing) always takes the deep look (photos up to 1280 px at four times their size: faces from ~15
   px, counted too small and blurred), and also scans the photo's left, right and top borders beside
   their mirror image, where a face cut in half by the edge is whole again (``ImageAnalysis.edge_faces``; a
   mirrored half face scoring a little low counts at the end of a row of whole faces its size).
   Restricting the deep look to the textured parts of a photo was tried and dropped: in class photos the
   people, the board's corners and the floor's edge span the frame, so it saved nothing.
   **Each finer look scans only the scales the coarser ones could not see**: dlib's detector walks an image
   pyramid from the full size down (each level 5/6 of the last); a finer look stops at the level whose faces
   the coarser look could already find (and a little past the faces it found, so that those are found again
   from the finer pixels). The upsampled working-size pass of a photo without faces does a quarter less work;
   the faces found are the same, box for box (``tests/unit/faces/test_group_photos.py``).
3. Faces found by both looks are merged; boxes are always in the original photo's pixels.
4. **Honest coverage.** Faces under :data:`MIN_FACE_PX` pixels high are "too small to check": counted, with
   their boxes (``ImageAnalysis.small_faces``), never silently dropped. ``ImageAnalysis.searched_px`` is the
   smallest face the finest look could find; when faces were found near that limit (its two smallest scales),
   the photo probably holds smaller faces nobody checked, and ``ImageAnalysis.unchecked`` says so.
5. All faces of a photo are encoded together (5-point landmarks, dlib's face chips, dlib's ResNet run in numpy
   with BLAS: :func:`encode_faces`, ``resnet.py``), from the highest-resolution pixels decoded (so a 60-px face
   of a 4000-px class photo is encoded from its own pixels, not from a 12-px thumbnail).

dlib and the models load lazily, once per process: the app starts without them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np

from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.loading import WORKING_SIDE, ImageError, LoadedImage, load_image
from desktop.faces.pool_start import start_worker
from desktop.faces.resnet import CHIP_PADDING, CHIP_SIZE, DESCRIPTOR_SIZE
from desktop.faces.types import DetectedFace, FaceBox, ImageAnalysis
from desktop.faces.version import ENGINE_VERSION  # noqa: F401 - re-exported for callers

_T = TypeVar("_T")  # what the workers' function returns

# A face smaller than this (height in original pixels) is too small for the encoder to identify reliably.
MIN_FACE_PX = 32
# When the first pass finds only faces smaller than this (working pixels), look again with upsampling: faces
# under HOG_MIN_BOX * AT_LIMIT are near the limit of the pass, where smaller ones it cannot see are likely.
SECOND_LOOK_BELOW = 99
# A finer look scans past the size of the faces a coarser one found, by this factor, so that they are found again
# with its closer boxes.
UPSAMPLED_REFIT = 1.5
# HOG score below which a detection is discarded (dlib's own default is 0).
DETECTION_THRESHOLD = 0.0
# In the deep look, a detection scoring between this and DETECTION_THRESHOLD (a face partly covered) is kept when
# at least ROW_NEIGHBOURS confident faces of its size sit at its height (a row of a group photo).
WEAK_DETECTION_THRESHOLD = -0.25
ROW_NEIGHBOURS = 2
# Blur before publishing: weaker still, beside one face of its size (measured on the class photos of
# docs/benchmarks.md: every face behind a hand or a glass blurred, one patch of wall too).
BLUR_WEAK_DETECTION_THRESHOLD = -0.8
# Blur before publishing, at the photo's edges: a face cut near its middle, made whole beside its mirror image,
# scores a little lower than a whole face (-0.3 ... 0 on the class photos of docs/benchmarks.md); kept from here
# at the end of a row of whole faces of its size (ROW_NEIGHBOURS of them, level with it).
EDGE_WEAK_DETECTION_THRESHOLD = -0.3
# The smallest box dlib's frontal detector returns without upsampling (measured: 73 px for faces from ~55 px).
HOG_MIN_BOX = 73
# A face whose box is within this factor of a look's smallest box is "at the limit" of that look: faces a little
# smaller, which that look cannot see, are likely nearby.
AT_LIMIT = 1.35
# With this many faces found by the cheap pass (or two, one of them near its limit), a photo is a group photo:
# take the deep look over the whole photo.
GROUP_FACES = 3
# The deep look scans at most this many pixels on the long side (a 4000-px class photo at its own size).
DEEP_SIDE = 4096
# Photos up to this size (long side: social-network size, a school site's 1080 px) go from the first pass straight
# to the finest look (their own size, upsampled once) unless it found one large face: that look costs about
# what the upsampled working-size pass costs, which it would repeat at a coarser scale.
STRAIGHT_TO_FINEST_UP_TO = 1280
# A level-cut detector made for a scan of more pixels than this (an upsampled working-size image) serves
# that scan alone: a detector keeps its last scan's buffers.
KEEP_DETECTOR_UP_TO = 4 * WORKING_SIDE ** 2
# Level-cut detectors kept for the working-size scans (the most recently used; each keeps a ~2-MP scan's buffers).
KEPT_DETECTORS = 6
# The band around a single face near the cheap pass's limit is scanned this many times finer than that pass.
BAND_FINER = 2.0
# The thorough look (blur) scans photos up to this size once more, four times their size (faces from ~15 px).
THOROUGH_FINER_UP_TO = 1280
ERROR_INTERNAL = "faces.image_failed"
ERROR_WORKER_CRASHED = "faces.worker_crashed"  # the photo took its worker process down (native crash, memory)
MAX_CRASHES_IN_A_ROW = 3  # beyond this the workers themselves cannot run (models missing): stop, do not retry
# Laplacian variance on the 96-px face grid at which a face counts as fully sharp.
SHARP_VARIANCE = 400.0


class _Models:
    """dlib's detector and landmark predictor, and the face encoder: dlib's ResNet run with numpy
    (``resnet.FaceNet``), or dlib's own when the model file cannot be read that way. Loaded on first use, once
    per process."""

    _instance: _Models | None = None

    def __init__(self) -> None:
        import dlib

        from desktop.faces.models import load_face_net, model_paths

        paths = model_paths()
        self.dlib = dlib
        self.detector = dlib.get_frontal_face_detector()
        self.landmarks = dlib.shape_predictor(str(paths["landmarks_5"]))
        self._encoder_path = paths["encoder"]
        self._dlib_encoder: Any = None
        self._limited: dict[int, Any] = {}
        self.net = load_face_net(paths["encoder"])  # None: dlib's encoder encodes
        if self.net is None:
            _ = self.encoder  # load dlib's now: a model file it cannot read either fails here, as it always did

    def finest_levels(self, levels: int | None, pixels: int = 0) -> Any:
        """The detector scanning only the ``levels`` finest levels of its image pyramid (None: all of them). A
        look that follows a coarser one needs only the scales that one could not see.

        A detector keeps the buffers of its last scan (~70 MB after a 12-MP photo): one made for a scan of more
        than :data:`KEEP_DETECTOR_UP_TO` pixels is made for that scan alone (2-3 ms) and then let go, so that a
        worker does not hold a 12-MP pyramid for every level count it met. The working-size scans reuse theirs."""
        if levels is None:
            return self.detector
        if pixels > KEEP_DETECTOR_UP_TO:
            return _detector_with_levels(self.dlib, self.detector, levels)
        detector = self._limited.pop(levels, None)
        if detector is None:
            detector = _detector_with_levels(self.dlib, self.detector, levels)
            if len(self._limited) >= KEPT_DETECTORS:
                del self._limited[next(iter(self._limited))]  # the least recently used
        self._limited[levels] = detector
        return detector

    @property
    def encoder(self) -> Any:
        """dlib's own encoder (the fallback; jittered encodings in the benchmarks), loaded on first use."""
        if self._dlib_encoder is None:
            self._dlib_encoder = self.dlib.face_recognition_model_v1(str(self._encoder_path))
        return self._dlib_encoder

    @classmethod
    def get(cls) -> _Models:
        if cls._instance is None:
            cls._instance = _Models()
        return cls._instance


# dlib's frontal detector as it serialises itself: object_detector version 2, then its scan_fhog_pyramid (version
# 1, feature extractor, filters, cell size 8, padding 0, an 80x80 window), then the largest number of pyramid
# levels it scans (1000: all), the smallest level (64x64) and more.
_SERIALISED_HEAD = (2, 1, 0, 0, 8, 0, 80, 80, 1000, 64, 64)
_LEVELS_FIELD = 8


def _dlib_ints(raw: bytes, count: int) -> list[tuple[int, int, int]]:
    """The first ``count`` integers of a dlib serialisation as (value, start, end): a size byte (low four bits;
    the high bit marks a negative number), then that many little-endian bytes."""
    found, at = [], 0
    for _ in range(count):
        size = raw[at] & 0x0F
        value = int.from_bytes(raw[at + 1:at + 1 + size], "little")
        found.append((-value if raw[at] & 0x80 else value, at, at + 1 + size))
        at += 1 + size
    return found


def _detector_with_levels(dlib: Any, detector: Any, levels: int) -> Any:
    """``detector`` with its pyramid cut to the ``levels`` finest levels (the full-size image first), by
    changing that one field of its serialised form. A dlib whose detector serialises differently keeps the
    whole pyramid, as does a failure to write or read the temporary copy: slower, never blinder."""
    import tempfile
    from pathlib import Path

    try:
        with tempfile.TemporaryDirectory(prefix="jikimi-hog-") as folder:
            path = Path(folder) / "detector.svm"
            detector.save(str(path))
            raw = path.read_bytes()
            head = _dlib_ints(raw, len(_SERIALISED_HEAD))
            if tuple(value for value, _start, _end in head) != _SERIALISED_HEAD:
                return detector
            _value, start, end = head[_LEVELS_FIELD]
            path.write_bytes(raw[:start] + bytes([1, levels]) + raw[end:])
            return dlib.fhog_object_detector(str(path))
    except (OSError, IndexError, RuntimeError):  # no temporary folder, a short file, dlib refusing it
        return detector


def _levels_between(finest_px: float, covered_px: float) -> int | None:
    """How many of a look's finest pyramid levels reach, from its smallest face box ``finest_px``, the boxes
    ``covered_px`` and up that an earlier look scanned already (each level's boxes 6/5 the last's). None: every
    level."""
    if covered_px <= finest_px:
        return None
    levels = math.ceil(math.log(covered_px / finest_px) / math.log(6 / 5) - 1e-9)
    return levels if 1 <= levels < 64 else None


def encode_faces(models: _Models, pixels: np.ndarray, shapes: Any) -> np.ndarray:
    """The 128-d descriptors (float64, one row a face) of the faces whose landmarks are ``shapes`` (dlib's
    ``full_object_detections``) in the RGB ``pixels``: what ``compute_face_descriptor(pixels, shapes, 1)``
    returns. The face chips are dlib's (150 px, padding 0.25, as dlib's encoder cuts them); the network runs
    in numpy (``resnet.py``), all faces of the photo in a few batches, or in dlib when it could not load."""
    if len(shapes) == 0:
        return np.zeros((0, DESCRIPTOR_SIZE), np.float64)
    if models.net is not None:
        chips = models.dlib.get_face_chips(pixels, shapes, size=CHIP_SIZE, padding=CHIP_PADDING)
        return models.net.describe(chips)
    return np.array([list(d) for d in models.encoder.compute_face_descriptor(pixels, shapes, 1)], np.float64)


def warm_up() -> None:
    """Load the models now (a pool worker does this once when it starts)."""
    _Models.get()


def _exit_with_parent() -> None:
    """In a pool worker: exit as soon as the app that started the pool is gone (kill -9 included), instead of
    waiting forever on a queue nobody writes to. The parent's sentinel is a pipe that reaches EOF when it dies."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait as wait_ready

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait_ready([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="jikimi-parent-watch", daemon=True).start()


def _worker_start() -> None:
    _exit_with_parent()
    warm_up()


@dataclass(frozen=True)
class _Look:
    """One scan of the photo: the smallest face box it can return, in original pixels."""

    scale: float  # scanned pixels per original pixel (upsampling included)
    upsample: int

    @property
    def limit_px(self) -> float:
        return HOG_MIN_BOX / self.scale


def _detections(models: _Models, pixels: np.ndarray, upsample: int,
                threshold: float = DETECTION_THRESHOLD, levels: int | None = None) -> list[tuple[Any, float]]:
    """One HOG scan: (rectangle, score) pairs scoring at least ``threshold``, over the ``levels`` finest levels
    of the image pyramid (None: all)."""
    scanned = pixels.shape[0] * pixels.shape[1] * 4 ** upsample
    rects, scores, _ = models.finest_levels(levels, scanned).run(pixels, upsample, threshold)
    return list(zip(rects, scores, strict=True))


def _run(models: _Models, pixels: np.ndarray, upsample: int, levels: int | None = None) -> list:
    return [rect for rect, _score in _detections(models, pixels, upsample, levels=levels)]


def _merge_rects(finer: list, coarser: list) -> list:
    """The finer scan's rectangles, and the coarser scan's that show no face the finer one found."""
    def box(r: Any) -> tuple:
        return (r.left(), r.top(), r.right(), r.bottom())
    return finer + [r for r in coarser if not any(_overlaps(box(r), box(f)) for f in finer)]


def _cheap_pass(models: _Models, pixels: np.ndarray) -> tuple[list, int]:
    """Working-size detection: without upsampling, then upsampled once when that finds nothing or only small
    faces. Returns the rectangles (working pixels) and the upsampling of the finer scan made."""
    found = _run(models, pixels, 0)
    if not found or max(r.height() for r in found) < SECOND_LOOK_BELOW:
        return _upsampled(models, pixels, found), 1
    return found, 0


def _upsampled(models: _Models, pixels: np.ndarray, found: list) -> list:
    """The working-size image upsampled once, scanned only at the scales the pass without upsampling could not
    see (its pyramid's larger levels repeat that pass: a quarter of the work when it found nothing), merged
    with what that pass found. Faces it found are scanned again a little past their size: the upsampled
    pyramid's boxes fit them more closely."""
    covered = max([HOG_MIN_BOX] + [UPSAMPLED_REFIT * r.height() for r in found])
    return _merge_rects(_run(models, pixels, 1, _levels_between(HOG_MIN_BOX / 2, covered)), found)


def _detect(models: _Models, pixels: np.ndarray) -> list:
    """The cheap pass alone (kept for callers that only have working-size pixels)."""
    return _cheap_pass(models, pixels)[0]


def _in_a_row(rects_scores: list, neighbours_needed: int = ROW_NEIGHBOURS) -> list:
    """The detections to keep: every confident one, and a weak one (a face half behind a raised hand or a glass)
    only where it sits in a row of confident faces of its size, as children do in a class photo. Alone, a weak
    detection is as often a bridge's girder as a face; in a row of faces its size and height, it is a face."""
    confident = [r for r, score in rects_scores if score >= DETECTION_THRESHOLD]
    kept = list(confident)
    for rect, score in rects_scores:
        if score >= DETECTION_THRESHOLD:
            continue
        size, middle = rect.height(), (rect.top() + rect.bottom()) / 2
        neighbours = [r for r in confident if 0.75 <= r.height() / size <= 1.33
                      and abs((r.top() + r.bottom()) / 2 - middle) <= size]
        if len(neighbours) >= neighbours_needed:
            kept.append(rect)
    return kept


def _deep_look(models: _Models, grey: np.ndarray, upsample: int, area: tuple, scale: float,
               thorough: bool = False, levels: int | None = None) -> list:
    """HOG over ``area`` (original pixels; ``scale`` original pixels per pixel of ``grey``) of the
    high-resolution grey image, its ``levels`` finest pyramid levels (None: all); rectangles in ``grey``'s
    pixels. ``thorough`` (blur before publishing) keeps weaker detections beside a single face of their size: a
    blurred patch too many costs a glance at the review sheet, a face left visible costs the child."""
    height, width = grey.shape[:2]
    left, top = max(0, int(area[0] / scale)), max(0, int(area[1] / scale))
    right, bottom = min(width, math.ceil(area[2] / scale)), min(height, math.ceil(area[3] / scale))
    crop = grey
    if (left, top, right, bottom) != (0, 0, width, height):
        crop = np.ascontiguousarray(grey[top:bottom, left:right])
    threshold, neighbours = (BLUR_WEAK_DETECTION_THRESHOLD, 1) if thorough else (WEAK_DETECTION_THRESHOLD,
                                                                                 ROW_NEIGHBOURS)
    return [models.dlib.rectangle(r.left() + left, r.top() + top, r.right() + left, r.bottom() + top)
            for r in _in_a_row(_detections(models, crop, upsample, threshold, levels), neighbours)]


def _edge_faces(models: _Models, grey: np.ndarray, upsample: int) -> list[tuple[Any, float]]:
    """Faces cut by the left, right or top edge of the photo (a child half outside a class photo): each border
    strip is scanned beside its mirror image, where a face cut near its middle is whole again. Returns the
    part of each such face inside the photo, in ``grey``'s pixels, with its score (from
    :data:`EDGE_WEAK_DETECTION_THRESHOLD`: a mirrored half face scores a little lower than a whole one)."""
    height, width = grey.shape[:2]
    strip = max(40, min(width, height) // 6)
    found = []
    for side in ("left", "right", "top"):
        if side == "left":
            part = grey[:, :strip]
            image = np.ascontiguousarray(np.hstack([part[:, ::-1], part]))
        elif side == "right":
            part = grey[:, width - strip:]
            image = np.ascontiguousarray(np.hstack([part, part[:, ::-1]]))
        else:
            part = grey[:strip]
            image = np.ascontiguousarray(np.vstack([part[::-1], part]))
        for rect, score in _detections(models, image, upsample, EDGE_WEAK_DETECTION_THRESHOLD):
            left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
            if side == "left" and left < strip < right:
                found.append((models.dlib.rectangle(0, top, right - strip, bottom), score))
            elif side == "right" and left < strip < right:
                found.append((models.dlib.rectangle(width - strip + left, top, width, bottom), score))
            elif side == "top" and top < strip < bottom:
                found.append((models.dlib.rectangle(left, 0, right, bottom - strip), score))
    return found


def _in_a_row_of_faces(box: tuple, faces: list[_Candidate]) -> bool:
    """Whether whole faces of about this face's size sit level with it, :data:`ROW_NEIGHBOURS` or more (each
    counted once, though two looks may both have found it): a row of a group photo, at whose end a half face is
    a child's, not a sleeve's. A face's size is its box's longer side: a half face cut by the left or right edge
    keeps its height, one cut by the top edge its width."""
    size, middle = max(box[2] - box[0], box[3] - box[1]), (box[1] + box[3]) / 2
    level: list[_Candidate] = []
    for face in faces:
        face_size = max(face.box[2] - face.box[0], face.box[3] - face.box[1])
        if (not face.partial and 0.75 <= face_size / size <= 1.33
                and abs((face.box[1] + face.box[3]) / 2 - middle) <= size
                and not any(_overlaps(face.box, other.box) for other in level)):
            level.append(face)
    return len(level) >= ROW_NEIGHBOURS


def _overlaps(a: tuple, b: tuple) -> bool:
    """Whether two boxes (left, top, right, bottom) show the same face: one's centre inside the other, or
    intersection over union above 0.3."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    if union > 0 and inter / union > 0.3:
        return True
    for p, q in ((a, b), (b, a)):
        cx, cy = (p[0] + p[2]) / 2, (p[1] + p[3]) / 2
        if q[0] <= cx <= q[2] and q[1] <= cy <= q[3]:
            return True
    return False


@dataclass
class _Candidate:
    box: tuple[float, float, float, float]  # left, top, right, bottom in original pixels
    look: _Look
    partial: bool = False  # cut by the photo's edge (found beside its mirror image): never identified


def _frontality(shape) -> float:
    """How squarely the face looks at the camera, from where the nose sits between the eyes (0 … 1)."""
    points = np.array([[shape.part(i).x, shape.part(i).y] for i in range(5)], dtype=np.float64)
    eye_a = points[0:2].mean(axis=0)
    eye_b = points[2:4].mean(axis=0)
    nose = points[4]
    axis = eye_b - eye_a
    length = float(axis @ axis)
    if length <= 0:
        return 0.0
    position = float((nose - eye_a) @ axis) / length  # 0.5 when the nose is midway between the eyes
    return round(max(0.0, 1.0 - abs(position - 0.5) / 0.5), 3)


def _sharpness(grey: np.ndarray, top: int, right: int, bottom: int, left: int) -> float:
    """Variance of the Laplacian over the face, on a fixed 96-px grid, mapped to 0 (blurred) … 1 (sharp)."""
    height, width = grey.shape
    top, bottom = max(0, top), min(height, bottom)
    left, right = max(0, left), min(width, right)
    if bottom - top < 8 or right - left < 8:
        return 0.0
    crop = grey[top:bottom, left:right]
    rows = np.linspace(0, crop.shape[0] - 1, 96).astype(int)
    cols = np.linspace(0, crop.shape[1] - 1, 96).astype(int)
    grid = crop[np.ix_(rows, cols)].astype(np.float64)
    laplacian = 4 * grid[1:-1, 1:-1] - grid[:-2, 1:-1] - grid[2:, 1:-1] - grid[1:-1, :-2] - grid[1:-1, 2:]
    variance = float(laplacian.var())
    return round(min(1.0, math.log1p(variance) / math.log1p(SHARP_VARIANCE)), 3)


def _grey(image: LoadedImage, stretch: float = 1.0) -> np.ndarray:
    """The image in grey (HOG in grey is a fifth quicker than in colour, and finds the same faces), enlarged by
    ``stretch``."""
    from PIL import Image

    if image.grey is not None and stretch == 1.0:
        return image.grey
    if image.grey is not None:
        grey = Image.fromarray(image.grey, "L")
    else:
        grey = Image.fromarray(image.pixels, "RGB").convert("L")
    if stretch == 1.0:
        return np.asarray(grey)
    return np.asarray(grey.resize((round(grey.width * stretch), round(grey.height * stretch)),
                                  Image.Resampling.BILINEAR))


def _deep_area(image: LoadedImage, rects: list, cheap: _Look, thorough: bool) -> tuple | None:
    """Where the deep look scans, as (left, top, right, bottom) in original pixels, or None for no deep look.

    The whole photo for a group: :data:`GROUP_FACES` faces or more, or two or more with one near the cheap
    pass's limit (more people, further back and smaller, are likely); and for a thorough look. For a single face
    near the limit (a person some way off in a phone photo), the band of the photo around it, from three face
    heights above it to one below: people at that distance or further away have their heads there, and the
    rest of the photo (sky, ground) is not scanned again. Two large faces (a couple, a selfie) need no more.
    """
    full = (0, 0, image.width, image.height)
    near = [r for r in rects if r.height() * image.scale < cheap.limit_px * AT_LIMIT]
    if thorough or len(rects) >= GROUP_FACES or (len(rects) >= 2 and near):
        return full
    if len(rects) != 1 or not near:
        return None
    rect = near[0]
    top, bottom, height = rect.top() * image.scale, rect.bottom() * image.scale, rect.height() * image.scale
    return (0, max(0, int(top - 3 * height)), image.width, min(image.height, int(bottom + height)))


@dataclass(frozen=True)
class _DeepLook:
    """How a deep look decodes and scans the photo: decoded at up to ``side`` pixels (long side; a photo is never
    decoded larger than it is), then its grey enlarged by ``stretch`` and upsampled ``upsample`` times by dlib."""

    side: int
    upsample: int
    stretch: float


class _DeepScan(NamedTuple):
    deep: LoadedImage  # the photo decoded for this look (its RGB pixels encode the faces)
    grey: np.ndarray  # the grey pixels scanned (before dlib's upsampling)
    scanned: LoadedImage  # the same as an image: its scale maps the scanned pixels to the photo's
    look: _Look
    found: list[_Candidate]


def _scan_deeper(models: _Models, data: bytes, how: _DeepLook, area: tuple, cheap: _Look,
                 found: list[_Candidate], thorough: bool) -> _DeepScan | None:
    """The deep look over ``area``: (the decoded image, its grey scanned pixels, those as an image, the look,
    the faces found), or None when the photo cannot be decoded at that size.

    The faces the cheap pass could see were looked for there: the deep look scans only the finer scales (one
    more, so that a row of faces at the boundary has its neighbours; and past the faces found, so that they
    are found again from the finer pixels), except before publishing."""
    try:
        deep = load_image(data, max_side=how.side, with_grey=True)
    except ImageError:
        return None
    grey = _grey(deep, how.stretch)
    # The scale of the pixels actually scanned (JPEG draft decoding can land a little under the size asked for).
    scanned = LoadedImage(pixels=grey, scale=deep.width / grey.shape[1], width=deep.width, height=deep.height)
    look = _Look(2 ** how.upsample / scanned.scale, how.upsample)
    levels = None
    if not thorough:
        found_px = [UPSAMPLED_REFIT * (c.box[3] - c.box[1]) for c in found]
        levels = _levels_between(look.limit_px, max([cheap.limit_px * 6 / 5] + found_px))
    deep_found = _candidates(_deep_look(models, grey, how.upsample, area, scanned.scale, thorough, levels),
                             scanned, look)
    return _DeepScan(deep, grey, scanned, look, deep_found)


def _new_faces_at_limit(finer: list[_Candidate], coarser: list[_Candidate], look: _Look) -> bool:
    """Whether the finer look found faces the coarser one had not, near its own limit (smaller ones are likely)."""
    return any(c.box[3] - c.box[1] < look.limit_px * AT_LIMIT for c in finer
               if not any(_overlaps(c.box, other.box) for other in coarser))


def detect_faces(data: bytes | None, image: LoadedImage, thorough: bool = False
                 ) -> tuple[list[_Candidate], LoadedImage, float]:
    """Every face box in the photo (original pixels), the image whose pixels encode them best, and the smallest
    face (box height, original pixels) the finest look could find. ``data`` is needed for the deep look (the
    photo is decoded again at the size it needs); without it only the working-size pixels are searched."""
    models = _Models.get()
    long_side = max(image.width, image.height)
    working_long = max(image.pixels.shape[:2])
    deep_native = min(long_side, DEEP_SIDE)
    deep_upsample = 1 if 2 * deep_native <= DEEP_SIDE else 0
    # Between 2048 and 4096 px the grey image is enlarged to DEEP_SIDE (a 2400-px photo's 60-px faces are
    # then 100 px, well above the detector's limit); dlib's upsampling would double it, past the budget.
    deep_stretch = 1.0 if deep_upsample or DEEP_SIDE < deep_native * 1.1 else DEEP_SIDE / deep_native
    deep_scale = deep_native * (2 if deep_upsample else deep_stretch) / long_side
    can_go_deeper = data is not None and deep_scale > (2 * working_long / long_side) * 1.2
    straight = can_go_deeper and deep_upsample == 1 and long_side <= STRAIGHT_TO_FINEST_UP_TO and not thorough
    working = _grey(image)
    if thorough and not can_go_deeper:
        rects, upsample = _run(models, working, 1), 1  # the finest look there is for this photo
    elif straight:
        rects, upsample = _run(models, working, 0), 0
    else:
        rects, upsample = _cheap_pass(models, working)
        if len(rects) >= 2 and not upsample and can_go_deeper:
            rects, upsample = _upsampled(models, working, rects), 1  # several faces: smaller ones cheaply first
    cheap = _Look(working_long * (2 if upsample else 1) / long_side, upsample)
    found = _candidates(rects, image, cheap)
    area = _deep_area(image, rects, cheap, thorough) if can_go_deeper else None
    if straight:
        one_large_face = len(rects) == 1 and rects[0].height() >= SECOND_LOOK_BELOW
        area = None if one_large_face else (0, 0, image.width, image.height)
    if area is None:
        if thorough:
            found += _partial(_edge_faces(models, working, upsample), image, cheap, found)
        return found, image, cheap.limit_px
    assert data is not None  # an area to look deeper in needs can_go_deeper, which needs the data
    full_look = _DeepLook(deep_native, deep_upsample, deep_stretch)
    deep_look = full_look
    if area != (0, 0, image.width, image.height) and not thorough and deep_scale > BAND_FINER * cheap.scale:
        # One face near the cheap pass's limit: the people further back are looked for at twice its resolution
        # (faces down to half its limit) rather than at the photo's full size (a 4032-px phone photo: 0.6 the
        # work); at full size only when that look too finds faces at its limit.
        side = round(long_side * BAND_FINER * cheap.scale)  # 3200 px: more than a 2000-px photo has
        decoded = min(side, deep_native)
        deep_look = _DeepLook(decoded, 0, side / decoded)
    scanned_look = _scan_deeper(models, data, deep_look, area, cheap, found, thorough)
    if scanned_look is None:
        return found, image, cheap.limit_px
    deep, grey, scanned, look, deep_found = scanned_look
    if deep_look is not full_look and _new_faces_at_limit(deep_found, found, look):
        full_scan = _scan_deeper(models, data, full_look, area, cheap, found, thorough)
        if full_scan is not None:
            deep, grey, scanned, look, deep_found = full_scan
    deep_upsample, deep_scale = look.upsample, look.scale
    finer_edges: list[_Candidate] = []
    if thorough and deep_upsample and long_side <= THOROUGH_FINER_UP_TO:
        # Blur before publishing on a small photo (a 1080-px class photo): the back row's 15-25-px faces are
        # under the limit of every other look. Twice finer again; what it finds is blurred, never identified.
        # The edges too: a child half outside a small photo is small as well.
        finer = _grey(deep, 2.0)
        finer_look = _Look(deep_scale * 2, 1)
        finer_image = LoadedImage(pixels=finer, scale=deep.scale / 2, width=deep.width, height=deep.height)
        deep_found += [c for c in _candidates(_run(models, finer, 1), finer_image, finer_look)
                       if not any(_overlaps(c.box, other.box) for other in deep_found)]
        finer_edges = _partial(_edge_faces(models, finer, 1), finer_image, finer_look, deep_found + found)
        look = finer_look
    if thorough:
        deep_found += _partial(_edge_faces(models, grey, deep_upsample), scanned, look, deep_found + found)
        deep_found += [c for c in finer_edges if not any(_overlaps(c.box, other.box) for other in deep_found)]
    merged = list(deep_found)
    for candidate in found:
        if not any(_overlaps(candidate.box, other.box) for other in deep_found):
            merged.append(candidate)
    return merged, deep, look.limit_px


def _partial(rects_scores: list, image: LoadedImage, look: _Look, known: list[_Candidate]) -> list[_Candidate]:
    """Faces cut by the edge, as candidates never identified, unless a whole face was found there already. A
    weak one (a mirrored half face scoring below :data:`DETECTION_THRESHOLD`) only at the end of a row of whole
    faces its size: elsewhere at the edge it is as often a sleeve or a flag's star."""
    kept: list[_Candidate] = []
    for rect, score in rects_scores:
        for candidate in _candidates([rect], image, look):
            if any(_overlaps(candidate.box, other.box) for other in known + kept):
                continue
            if score < DETECTION_THRESHOLD and not _in_a_row_of_faces(candidate.box, known):
                continue
            kept.append(_Candidate(candidate.box, look, partial=True))
    return kept


def _candidates(rects: list, image: LoadedImage, look: _Look) -> list[_Candidate]:
    scale = image.scale
    found: list[_Candidate] = []
    for rect in rects:
        box = (rect.left() * scale, rect.top() * scale, rect.right() * scale, rect.bottom() * scale)
        if not any(_overlaps(box, other.box) for other in found):
            found.append(_Candidate(box, look))
    return found


def _face_box(box: tuple, width: int, height: int) -> FaceBox:
    left, top, right, bottom = box
    return FaceBox(top=max(0, round(top)), right=min(width, round(right)), bottom=min(height, round(bottom)),
                   left=max(0, round(left)))


def analyse_loaded(image: LoadedImage, data: bytes | None = None, thorough: bool = False) -> ImageAnalysis:
    models = _Models.get()
    candidates, source, searched = detect_faces(data, image, thorough)
    identifiable: list[tuple[_Candidate, Any]] = []  # dlib rectangles: dlib has no type stubs
    small: list[FaceBox] = []
    edge: list[FaceBox] = []
    for candidate in candidates:
        left, top, right, bottom = candidate.box
        if candidate.partial:
            edge.append(_face_box(candidate.box, image.width, image.height))
            continue
        if bottom - top < MIN_FACE_PX:
            small.append(_face_box(candidate.box, image.width, image.height))
            continue
        # The rectangle in the pixels the face is encoded from.
        s = source.scale
        rect = models.dlib.rectangle(round(left / s), round(top / s), round(right / s), round(bottom / s))
        identifiable.append((candidate, rect))
    faces: list[DetectedFace] = []
    if identifiable:
        pixels = source.pixels
        shapes = models.dlib.full_object_detections()
        for _candidate, rect in identifiable:
            shapes.append(models.landmarks(pixels, rect))
        encodings = encode_faces(models, pixels, shapes)
        for (candidate, rect), shape, encoding in zip(identifiable, shapes, encodings, strict=True):
            box = _face_box(candidate.box, image.width, image.height)
            crop = pixels[max(0, rect.top()):max(0, rect.bottom()), max(0, rect.left()):max(0, rect.right())]
            faces.append(
                DetectedFace(
                    box=box,
                    encoding=tuple(float(x) for x in encoding),
                    size_px=box.height,
                    frontality=_frontality(shape),
                    sharpness=_sharpness(crop.mean(axis=2) if crop.size else crop, 0, crop.shape[1],
                                         crop.shape[0], 0),
                )
            )
    faces.sort(key=lambda face: (face.box.left, face.box.top))
    small.sort(key=lambda box: (box.left, box.top))
    # Faces found near the limit of the finest look (its two smallest scales): smaller ones, which no look could
    # see, are likely (a back row behind them).
    at_limit = any(c.box[3] - c.box[1] < searched * AT_LIMIT for c in candidates if not c.partial)
    return ImageAnalysis(width=image.width, height=image.height, faces=tuple(faces), too_small=len(small),
                         gps=image.gps, small_faces=tuple(small), searched_px=int(round(searched)),
                         unchecked=at_limit, edge_faces=tuple(sorted(edge, key=lambda b: (b.left, b.top))))


def analyse_image(data: bytes, thorough: bool = False) -> ImageAnalysis:
    """Find and encode the faces in one photo. Never raises for a bad image: ``error`` says what was wrong.
    ``thorough``: always take the high-resolution look (blur before publishing)."""
    try:
        image = load_image(data, with_grey=True)
    except ImageError as exc:
        return ImageAnalysis(width=0, height=0, error=exc.message_id)
    try:
        return analyse_loaded(image, data, thorough)
    except MemoryError:
        return ImageAnalysis(width=image.width, height=image.height, gps=image.gps, error=ERROR_INTERNAL)
    except RuntimeError:  # dlib reports failures as RuntimeError
        return ImageAnalysis(width=image.width, height=image.height, gps=image.gps, error=ERROR_INTERNAL)


def analyse_thorough(data: bytes) -> ImageAnalysis:
    """:func:`analyse_image` with the high-resolution look on every photo (a module-level function, for pools)."""
    return analyse_image(data, thorough=True)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _pool_context():
    import multiprocessing

    # fork would copy Qt's threads and locks into the worker; forkserver (Linux) or spawn (elsewhere) do not.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class FaceEngine:
    """A pool of worker processes, sized to the cores, each loading the models once.

    ``analyse_many`` yields ``(key, ImageAnalysis)`` as results arrive (not in input order), keeps at most a
    few images per worker in flight so memory stays flat, and stops promptly when ``ctx`` is cancelled.
    """

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or default_workers())
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=_pool_context(), initializer=start_worker
            )
        return self._pool

    def _rebuild(self) -> ProcessPoolExecutor:
        """A worker died (a native crash on a hostile image, the OOM killer): the pool is broken for good, so a
        new one takes its place."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        return self._executor()

    def analyse_many(
        self, items: Iterable[tuple[Hashable, bytes]], ctx: TaskContext | None = None
    ) -> Iterator[tuple[Hashable, ImageAnalysis]]:
        return self.run_many(analyse_image, items, ctx,
                             crashed=lambda: ImageAnalysis(width=0, height=0, error=ERROR_WORKER_CRASHED))

    def run_many(
        self,
        func: Callable[[Any], _T],
        items: Iterable[tuple[Hashable, object]],
        ctx: TaskContext | None = None,
        crashed: Callable[[], _T] | None = None,
    ) -> Iterator[tuple[Hashable, _T]]:
        """``(key, func(argument))`` for each ``(key, argument)``, computed in the workers (whose models are
        loaded), yielded as results arrive. ``func`` must be a module-level function.

        When a worker dies, the pool is rebuilt and the items that were in flight are run again one at a time:
        the one that takes its worker down again gets ``crashed()`` as its result (or raises
        ``BrokenProcessPool`` when ``crashed`` is None); the others get their real results."""
        pool = self._executor()
        pending: dict[Future, tuple[Hashable, object]] = {}
        suspects: list[tuple[Hashable, object]] = []  # in flight when a worker died: each runs alone
        alone: Future | None = None
        crashes_in_a_row = 0  # photos that each killed a fresh pool, with no success between: the pool itself is bad
        limit = self.workers * 3
        source = iter(items)
        exhausted = False
        try:
            while True:
                if ctx is not None:
                    ctx.check_cancelled()
                try:
                    if suspects:
                        if not pending:
                            alone = pool.submit(func, suspects[0][1])
                            pending[alone] = suspects.pop(0)
                    else:
                        while not exhausted and len(pending) < limit:
                            try:
                                key, argument = next(source)
                            except StopIteration:
                                exhausted = True
                                break
                            try:
                                pending[pool.submit(func, argument)] = (key, argument)
                            except BrokenProcessPool:
                                suspects.append((key, argument))  # never sent: it runs again, alone
                                raise
                except BrokenProcessPool:
                    # A worker died while more work was being handed out: the pool refuses new work. Rebuild it
                    # and run what was in flight one at a time, as when a result reports the death.
                    pool = self._rebuild()
                    suspects.extend(pending.values())
                    pending.clear()
                    alone = None
                    continue
                if not pending:
                    return
                done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    if future not in pending:
                        continue
                    key, argument = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        pool = self._rebuild()
                        if future is alone:
                            crashes_in_a_row += 1
                            if crashed is None or crashes_in_a_row > MAX_CRASHES_IN_A_ROW:
                                raise
                            yield key, crashed()
                        else:
                            suspects.append((key, argument))
                            suspects.extend(pending.values())
                            pending.clear()
                        alone = None
                        break
                    if future is alone:
                        alone = None
                    crashes_in_a_row = 0
                    yield key, result
        except Cancelled:
            for future in pending:
                future.cancel()
            raise
        finally:
            for future in pending:
                future.cancel()

    def close(self, stop_now: bool = False) -> None:
        """Stop the workers: after their current photo, or (``stop_now``, for Ctrl-C and Cancel) at once. A
        worker only computes, so stopping it mid-photo loses nothing; waiting could take seconds on a busy
        machine (a worker still loading its models, a 4000-px photo)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not stop_now:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)

    def __enter__(self) -> FaceEngine:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
