"""Face detection and encoding: one photo in-process (:func:`analyse_image`), many in a process pool
(:class:`FaceEngine`).

Detection strategy (dlib's HOG detector, measured on this project's 2-core laptop class):

1. Every image is decoded at working size (long side 800, JPEG draft decoding; see ``loading.py``): 800 px
   found exactly the same faces as 1024 px on the benchmark corpus for 30 % less CPU.
2. HOG runs once without upsampling (~0.04 s): it finds faces from ~80 px up, which covers portraits,
   selfies and profile pictures, most of what a public profile shows.
3. Only when that pass finds nothing, or only small faces (a group or distant shot, where more small faces are
   likely), HOG runs again with one upsampling step (~0.17 s), which finds faces down to ~40 px.
   The ``face_recognition`` CLI upsamples every photo once at up to 1600 px (~0.6 s a photo).
4. Faces under :data:`MIN_FACE_PX` pixels high are counted as "too small to check" and not encoded.
5. All faces of a photo are encoded in one dlib call (5-point landmarks, the ResNet encoder).

dlib and the models load lazily, once per process: the app starts without them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from desktop.core.tasks import Cancelled, TaskContext
from desktop.faces.loading import ImageError, LoadedImage, load_image
from desktop.faces.types import DetectedFace, FaceBox, ImageAnalysis
from desktop.faces.version import ENGINE_VERSION  # noqa: F401 - re-exported for callers

# A face smaller than this (height in original pixels) is too small for the encoder to identify reliably.
MIN_FACE_PX = 48
# When the first pass finds only faces smaller than this (working pixels), look again with upsampling.
SECOND_LOOK_BELOW = 86
# HOG score below which a detection is discarded (dlib's own default is 0).
DETECTION_THRESHOLD = 0.0

ERROR_INTERNAL = "faces.image_failed"
ERROR_WORKER_CRASHED = "faces.worker_crashed"  # the photo took its worker process down (native crash, memory)
MAX_CRASHES_IN_A_ROW = 3  # beyond this the workers themselves cannot run (models missing): stop, do not retry
# Laplacian variance on the 96-px face grid at which a face counts as fully sharp.
SHARP_VARIANCE = 400.0


class _Models:
    """dlib's detector, landmark predictor and encoder; loaded on first use, once per process."""

    _instance: _Models | None = None

    def __init__(self):
        import dlib

        from desktop.faces.models import model_paths

        paths = model_paths()
        self.dlib = dlib
        self.detector = dlib.get_frontal_face_detector()
        self.landmarks = dlib.shape_predictor(str(paths["landmarks_5"]))
        self.encoder = dlib.face_recognition_model_v1(str(paths["encoder"]))

    @classmethod
    def get(cls) -> _Models:
        if cls._instance is None:
            cls._instance = _Models()
        return cls._instance


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


def _detect(models: _Models, pixels: np.ndarray) -> list:
    rects, scores, _ = models.detector.run(pixels, 0, DETECTION_THRESHOLD)
    found = list(rects)
    if not found or max(r.height() for r in found) < SECOND_LOOK_BELOW:
        rects, scores, _ = models.detector.run(pixels, 1, DETECTION_THRESHOLD)
        found = list(rects)
    return found


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


def analyse_loaded(image: LoadedImage) -> ImageAnalysis:
    models = _Models.get()
    pixels = image.pixels
    rects = _detect(models, pixels)
    scale = image.scale
    grey = pixels.mean(axis=2)
    identifiable, too_small = [], 0
    for rect in rects:
        height_original = rect.height() * scale
        if height_original < MIN_FACE_PX:
            too_small += 1
            continue
        identifiable.append(rect)
    faces: list[DetectedFace] = []
    if identifiable:
        shapes = models.dlib.full_object_detections()
        for rect in identifiable:
            shapes.append(models.landmarks(pixels, rect))
        encodings = models.encoder.compute_face_descriptor(pixels, shapes, 1)
        for rect, shape, encoding in zip(identifiable, shapes, encodings, strict=True):
            box = FaceBox(
                top=max(0, round(rect.top() * scale)),
                right=min(image.width, round(rect.right() * scale)),
                bottom=min(image.height, round(rect.bottom() * scale)),
                left=max(0, round(rect.left() * scale)),
            )
            faces.append(
                DetectedFace(
                    box=box,
                    encoding=tuple(float(x) for x in encoding),
                    size_px=box.height,
                    frontality=_frontality(shape),
                    sharpness=_sharpness(grey, rect.top(), rect.right(), rect.bottom(), rect.left()),
                )
            )
    faces.sort(key=lambda face: (face.box.left, face.box.top))
    return ImageAnalysis(width=image.width, height=image.height, faces=tuple(faces), too_small=too_small,
                         gps=image.gps)


def analyse_image(data: bytes) -> ImageAnalysis:
    """Find and encode the faces in one photo. Never raises for a bad image: ``error`` says what was wrong."""
    try:
        image = load_image(data)
    except ImageError as exc:
        return ImageAnalysis(width=0, height=0, error=exc.message_id)
    try:
        return analyse_loaded(image)
    except MemoryError:
        return ImageAnalysis(width=image.width, height=image.height, gps=image.gps, error=ERROR_INTERNAL)
    except RuntimeError:  # dlib reports failures as RuntimeError
        return ImageAnalysis(width=image.width, height=image.height, gps=image.gps, error=ERROR_INTERNAL)


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
                max_workers=self.workers, mp_context=_pool_context(), initializer=_worker_start
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
        func: Callable,
        items: Iterable[tuple[Hashable, object]],
        ctx: TaskContext | None = None,
        crashed: Callable[[], object] | None = None,
    ) -> Iterator[tuple[Hashable, object]]:
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
                        pending[pool.submit(func, argument)] = (key, argument)
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

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> FaceEngine:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
