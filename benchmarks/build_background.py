"""Build the background cohort that calibration compares every enrolled person with
(``assets/faces/background/``): 128-d face encodings of public LFW photos, encodings only, no photos.

    uv run python benchmarks/build_background.py

Reads ``../shared/data/faces-lfw/`` (one folder per identity; the face nearest the centre of each photo, as the
data set's README says) and encodes every photo with Jikimi's own engine (``desktop.faces.engine``), so the
cohort lives in the same space as the faces it is compared with. Writes ``encodings.npz`` (``encodings``:
float32 N x 128; ``identity``: index into the manifest's identities) and ``manifest.json`` (identities, their
group, the source file of each encoding, the engine version). Deterministic: rebuild it when the engine's
detection or encoding changes (``desktop/faces/version.py``).

The photos of ``../shared/data/faces/`` (Obama, Biden, ...) are left out on purpose: the test portraits and the
speed benchmark's people come from there, and a cohort must never hold the person it judges.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LFW = ROOT.parent / "shared" / "data" / "faces-lfw"
OUT = ROOT / "assets" / "faces" / "background"
EAST_ASIAN = {"Junichiro_Koizumi", "Jiang_Zemin", "Hu_Jintao", "Wen_Jiabao", "Jackie_Chan", "Zhu_Rongji"}
SOUTH_EAST_ASIAN = {"Gloria_Macapagal_Arroyo", "Megawati_Sukarnoputri"}


def centre_encoding(data: bytes):
    """The encoding of the face nearest the photo's centre (None without a usable face)."""
    from desktop.faces.engine import analyse_image

    analysis = analyse_image(data)
    faces = analysis.identifiable_faces
    if not faces:
        return None

    def off_centre(face):
        box = face.box
        return ((box.left + box.right) / 2 - analysis.width / 2) ** 2 + (
            (box.top + box.bottom) / 2 - analysis.height / 2) ** 2

    return np.asarray(min(faces, key=off_centre).encoding, dtype=np.float64)


def group_of(name: str) -> str:
    if name in EAST_ASIAN:
        return "east_asian"
    return "south_east_asian" if name in SOUTH_EAST_ASIAN else "other"


def main() -> int:
    from desktop.faces.version import ENGINE_VERSION

    if not LFW.is_dir():
        print("skipped: ../shared/data/faces-lfw is absent", file=sys.stderr)
        return 2
    names = sorted(d.name for d in LFW.iterdir() if d.is_dir())
    encodings, identity, sources = [], [], []
    for index, name in enumerate(names):
        for path in sorted((LFW / name).glob("*.jpg")):
            vector = centre_encoding(path.read_bytes())
            if vector is None:
                print(f"no face: {path.name}", file=sys.stderr)
                continue
            encodings.append(vector)
            identity.append(index)
            sources.append(f"{name}/{path.name}")
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "encodings.npz", encodings=np.array(encodings, dtype=np.float32),
                        identity=np.array(identity, dtype=np.int16))
    manifest = {
        "source": "Labeled Faces in the Wild (University of Massachusetts Amherst), via ../shared/data/faces-lfw",
        "engine_version": ENGINE_VERSION,
        "identities": [{"name": name, "group": group_of(name)} for name in names],
        "sources": sources,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(encodings)} encodings of {len(names)} identities -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
