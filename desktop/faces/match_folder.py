"""``jikimi match-folder KNOWN_DIR UNKNOWN``: the ``face_recognition`` CLI's input and output, Jikimi's engine.

Input conventions, as the peer: files in KNOWN_DIR whose names match ``.*\\.(jpg|jpeg|png)`` (any case) are the
known people, named by the file name without its extension; UNKNOWN is a folder (the same file rule) or one
image. Output, one line per face on stdout, as the peer: ``path,name`` for each recognised face,
``path,unknown_person`` for a face nobody matches, ``path,no_persons_found`` for a photo without a face; with
``--show-distance`` a third field (the face distance to the named file, ``None`` otherwise). Warnings about
known files are printed as the peer prints them (``WARNING: ...``).

Where Jikimi differs, on purpose:

- Known files whose names differ only by a trailing number (``obama``, ``obama2``, ``obama_3``) are the same
  person: their photos calibrate one per-person threshold. A recognised face is printed once, with the name of
  the nearest of that person's files (the peer prints every file within its tolerance).
- A face is attributed only to the nearest person, within that person's calibrated threshold (see
  ``calibration.py``). ``--tolerance T`` caps the thresholds at T (default: calibrated, never above 0.6, the
  peer's default). ``--confident-only`` prints only ``match``-level results; ``possible`` faces become
  ``unknown_person``.
- A face too small to identify is ``unknown_person``; an unreadable file gets a reason on stderr, no crash.
- Analyses are cached by the SHA-256 of the file's bytes (encrypted, in the data folder): a second run over
  the same photos does no face work.

``--json`` prints one JSON document instead of the lines (warnings go to stderr)::

    {"photos": [{"path": "...", "width": 4000, "height": 3000, "error": null,
                 "searched_px": 73, "unchecked": false, "fully_checked": true,
                 "faces": [{"box": {"x": 10, "y": 20, "w": 80, "h": 80}, "level": "match",
                            "name": "obama", "file": "obama2", "distance": 0.31}, ...]}]}

Every face found is listed, in original pixels: ``level`` is ``match`` (confident), ``possible`` (a person must
confirm), ``unknown`` (nobody enrolled, or nearer nobody than their limits) or ``too_small`` (found, too small
to identify). ``name`` is the person (file names differing by a trailing number are one person), ``file`` the
nearest of their known files, ``distance`` the one the decision used (to the person: the mean of their two
nearest known faces; for ``unknown``, to the nearest person; ``null`` for ``too_small``). ``unchecked`` says
the photo probably shows more faces, smaller than ``searched_px``, that nobody checked; ``fully_checked`` is
true only when every face was identified and none was probably missed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import TextIO, cast

import numpy as np

from desktop.faces.calibration import MATCH, Classifier, PersonModel
from desktop.faces.types import FaceBox, ImageAnalysis
from desktop.safe_files import read_regular

PEER_PATTERN = re.compile(r".*\.(jpg|jpeg|png)", flags=re.I)
_TRAILING_NUMBER = re.compile(r"[\s_\-.]*\d+$")


def image_files_in_folder(folder: str) -> list[str]:
    """The peer's rule, verbatim in effect: ``os.listdir`` order, names matching ``.*\\.(jpg|jpeg|png)``."""
    return [os.path.join(folder, name) for name in os.listdir(folder) if PEER_PATTERN.match(name)]


def person_key(name: str) -> str:
    stripped = _TRAILING_NUMBER.sub("", name)
    return (stripped or name).casefold()


def person_name(members: list) -> str:
    """A person's name for the JSON output: their first known file's name without the trailing number."""
    first = members[0].name
    return _TRAILING_NUMBER.sub("", first) or first


@dataclass
class KnownFace:
    name: str
    path: str
    encoding: np.ndarray


class Analyser:
    """Analyses files through the content cache and, for what it has not seen, the process pool."""

    def __init__(self, cache=None, cpus: int | None = None):
        self.cache = cache
        self.cpus = cpus
        self._engine = None

    def _pool(self):
        if self._engine is None:
            from desktop.faces.engine import FaceEngine

            self._engine = FaceEngine(self.cpus)
        return self._engine

    def analyse(self, entries: list[tuple[Hashable, str]]) -> Iterator[tuple[Hashable, ImageAnalysis]]:
        """Yields ``(key, analysis)`` for ``(key, path)`` entries; cached ones at once, the rest as the pool
        finishes them (in any order)."""
        ready: list[tuple[Hashable, ImageAnalysis]] = []
        digests: dict[Hashable, str] = {}

        def misses() -> Iterator[tuple[Hashable, bytes]]:
            for key, path in entries:
                try:
                    data = read_regular(path)
                except OSError:
                    ready.append((key, ImageAnalysis(width=0, height=0, error="faces.file_unreadable")))
                    continue
                digest = hashlib.sha256(data).hexdigest()
                cached = self.cache.get(digest) if self.cache is not None else None
                if cached is not None:
                    ready.append((key, cached))
                    continue
                digests[key] = digest
                yield key, data

        pending = misses()
        # Serve cache hits without starting the pool; start it on the first miss only.
        first = next(pending, None)
        yield from _drain(ready)
        if first is None:
            return

        def chain() -> Iterator[tuple[Hashable, bytes]]:
            yield first
            yield from pending

        for key, analysis in self._pool().analyse_many(chain()):
            if self.cache is not None and key in digests and analysis.error is None:
                self.cache.put(digests[key], analysis)
            yield key, analysis
            yield from _drain(ready)
        yield from _drain(ready)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()


def _drain(ready: list) -> Iterator:
    while ready:
        yield ready.pop(0)


def _print_result(out: TextIO, filename: str, name: str, distance, show_distance: bool) -> None:
    out.write(f"{filename},{name},{distance}\n" if show_distance else f"{filename},{name}\n")


def _box(box: FaceBox) -> dict:
    return {"x": box.left, "y": box.top, "w": box.width, "h": box.height}


def _distance(value) -> float | None:
    value = float(value)
    return round(value, 4) if np.isfinite(value) else None


def match_folder(
    known_folder: str,
    image_to_check: str,
    tolerance: float | None = None,
    cpus: int | None = None,
    show_distance: bool = False,
    confident_only: bool = False,
    cache=None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    as_json: bool = False,
) -> int:
    from desktop.i18n import tr

    out = out or sys.stdout
    err = err or sys.stderr
    analyser = Analyser(cache, cpus)
    try:
        known_files = image_files_in_folder(known_folder)
        if os.path.isdir(image_to_check):
            targets = image_files_in_folder(image_to_check)
        else:
            targets = [image_to_check]
        # One stream through the pool: the photos to check are analysed while the known ones finish; their
        # results wait until every known face is in.
        entries: list[tuple[Hashable, str]] = [(("known", i), p) for i, p in enumerate(known_files)]
        entries += [(("check", i), p) for i, p in enumerate(targets)]
        stream = analyser.analyse(entries)
        known_results: dict[int, ImageAnalysis] = {}
        waiting: list[tuple[str, ImageAnalysis]] = []
        for key, analysis in stream:
            kind, index = cast(tuple[str, int], key)  # the keys built in ``entries`` above
            if kind == "known":
                known_results[index] = analysis
            else:
                waiting.append((targets[index], analysis))
            if len(known_results) == len(known_files):
                break
        known: list[KnownFace] = []
        notes = err if as_json else out  # the peer prints its warnings on stdout; JSON keeps stdout for itself
        for index, path in enumerate(known_files):
            analysis = known_results[index]
            faces = analysis.identifiable_faces
            if analysis.error:
                err.write(f"{path}: {tr(analysis.error)}\n")
            if len(faces) > 1:
                notes.write(f"WARNING: More than one face found in {path}. Only considering the largest face.\n")
            if not faces:
                notes.write(f"WARNING: No faces found in {path}. Ignoring file.\n")
                continue
            face = max(faces, key=lambda f: f.box.height * f.box.width)
            name = os.path.splitext(os.path.basename(path))[0]
            known.append(KnownFace(name, path, np.asarray(face.encoding, dtype=np.float64)))
        groups: dict[str, list[KnownFace]] = {}
        for known_face in known:
            groups.setdefault(person_key(known_face.name), []).append(known_face)
        keys = list(groups)
        models = [PersonModel(i, np.vstack([f.encoding for f in groups[k]])) for i, k in enumerate(keys)]
        classifier = Classifier(models, possible_ceiling=tolerance if tolerance is not None else None)
        if tolerance is not None:
            for model in classifier.models:
                model.match_threshold = min(model.match_threshold, tolerance)

        def checked() -> Iterator[tuple[str, ImageAnalysis]]:
            yield from waiting
            for key, analysis in stream:
                _kind, index = cast(tuple[str, int], key)  # the keys built in ``entries`` above
                yield targets[index], analysis

        photos: list[dict] = []
        for path, analysis in checked():
            if analysis.error:
                err.write(f"{path}: {tr(analysis.error)}\n")
                if as_json:
                    photos.append({"path": path, "width": analysis.width, "height": analysis.height,
                                   "error": analysis.error, "searched_px": 0, "unchecked": False,
                                   "fully_checked": False, "faces": []})
                continue
            faces = analysis.identifiable_faces
            listed: list[dict] = []
            for face in faces:
                result = classifier.classify(face.encoding) if models else None
                named = result is not None and result.person_id is not None
                if named and confident_only and result is not None and result.level != MATCH:
                    named = False
                entry = {"box": _box(face.box), "level": "unknown", "name": None, "file": None,
                         "distance": _distance(result.distance) if result is not None else None}
                listed.append(entry)
                if not named:
                    if not as_json:
                        _print_result(out, path, "unknown_person", None, show_distance)
                    continue
                # named: the classifier gave this face to a person
                assert result is not None and result.person_id is not None
                members = groups[keys[result.person_id]]
                vector = np.asarray(face.encoding, dtype=np.float64)
                nearest = min(members, key=lambda m: float(np.linalg.norm(m.encoding - vector)))
                entry.update(level=result.level, name=person_name(members), file=nearest.name)
                if not as_json:
                    _print_result(out, path, nearest.name, float(np.linalg.norm(nearest.encoding - vector)),
                                  show_distance)
            small = list(analysis.small_faces)
            for number in range(analysis.too_small):
                box = _box(small[number]) if number < len(small) else None
                listed.append({"box": box, "level": "too_small", "name": None, "file": None, "distance": None})
                if not as_json:
                    _print_result(out, path, "unknown_person", None, show_distance)
            if as_json:
                photos.append({"path": path, "width": analysis.width, "height": analysis.height, "error": None,
                               "searched_px": analysis.searched_px, "unchecked": analysis.unchecked,
                               "fully_checked": analysis.fully_checked, "faces": listed})
                continue
            if not faces and not analysis.too_small:
                _print_result(out, path, "no_persons_found", None, show_distance)
            out.flush()
        if as_json:
            json.dump({"photos": photos}, out, ensure_ascii=False, indent=1)
            out.write("\n")
            out.flush()
        return 0
    finally:
        analyser.close()


__all__ = ["match_folder", "image_files_in_folder", "person_key"]
