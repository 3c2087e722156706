"""The shipped background cohort: face encodings of public strangers (LFW), encodings only, no photos.

Calibration measures how near strangers typically come to each enrolled person by comparing the person's
references with these faces (``calibration.py``). Built by ``benchmarks/build_background.py``; source and
licence in ``assets/faces/background/README.md``. Nothing here is ever enrolled or named in a result.
"""

from __future__ import annotations

import json
import os
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


# Evaluation only (benchmarks/class_bench.py): identities to leave out of the cohort, comma-separated. A benchmark
# that enrols LFW people must not judge them against their own photos in the cohort (docs/accuracy.md, "Leave
# identities out"); real children are never in it.
LEAVE_OUT_VARIABLE = "JIKIMI_EVAL_COHORT_LEAVE_OUT"


def background_cohort() -> np.ndarray:
    """The shipped cohort (N x 128), less any identities an evaluation leaves out."""
    background = load_background()
    leave_out = [name for name in os.environ.get(LEAVE_OUT_VARIABLE, "").split(",") if name in background.names]
    return background.without(leave_out) if leave_out else background.encodings
