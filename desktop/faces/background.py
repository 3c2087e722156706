"""The shipped background cohort: face encodings of public strangers (LFW), encodings only, no photos.

Calibration measures how near strangers typically come to each enrolled person by comparing the person's
references with these faces (``calibration.py``). Built by ``benchmarks/build_background.py``; source and
licence in ``assets/faces/background/README.md``. Nothing here is ever enrolled or named in a result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from desktop.resources import asset


@dataclass(frozen=True)
class Background:
    encodings: np.ndarray  # N x 128, float64
    identity: np.ndarray  # N: index into names
    names: tuple[str, ...]
    groups: tuple[str, ...]  # per identity: east_asian, south_east_asian, other
    sources: tuple[str, ...]  # per encoding: "<identity>/<file>"
    engine_version: str

    def of(self, name: str) -> np.ndarray:
        """The encodings of one identity, in the order of its photos."""
        return self.encodings[self.identity == self.names.index(name)]

    def without(self, names) -> np.ndarray:
        """The cohort with these identities left out (to judge them with faces they are not among)."""
        left_out = [self.names.index(name) for name in names]
        return self.encodings[~np.isin(self.identity, left_out)]


@lru_cache(maxsize=1)
def load_background() -> Background:
    folder = asset("faces", "background")
    with np.load(folder / "encodings.npz") as data:
        encodings = data["encodings"].astype(np.float64)
        identity = data["identity"].astype(np.int64)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return Background(
        encodings=encodings,
        identity=identity,
        names=tuple(entry["name"] for entry in manifest["identities"]),
        groups=tuple(entry["group"] for entry in manifest["identities"]),
        sources=tuple(manifest["sources"]),
        engine_version=manifest["engine_version"],
    )


def background_cohort() -> np.ndarray:
    """The whole shipped cohort (N x 128)."""
    return load_background().encodings
