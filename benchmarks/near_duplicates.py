"""How far a "not my child" answer should reach (``NEAR_DUPLICATE`` in ``desktop/faces/calibration.py``).

    uv run python benchmarks/near_duplicates.py

An answer covers the face it was given about and the same photo posted again. This measures, with Jikimi's own
encoder, how far apart those copies land (each LFW identity's first two photos and the demo photos, resized to
75 %, 50 % and 150 %, re-compressed at JPEG quality 60, cropped by 10 %) next to how near two *different* photos
of the same person come (every pair within each LFW identity) and two different people. The reach must take in
the copies and stay below the different photos.
"""

from __future__ import annotations

import io
import itertools
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LFW = ROOT.parent / "shared" / "data" / "faces-lfw"
DEMO = ROOT / "assets" / "demo"

COPIES = {
    "75 % size": lambda im: im.resize((im.width * 3 // 4, im.height * 3 // 4), Image.LANCZOS),
    "50 % size": lambda im: im.resize((im.width // 2, im.height // 2), Image.LANCZOS),
    "150 % size": lambda im: im.resize((im.width * 3 // 2, im.height * 3 // 2), Image.LANCZOS),
    "JPEG quality 60": lambda im: im,
    "10 % crop": lambda im: im.crop((im.width // 20, im.height // 20, im.width * 19 // 20, im.height * 19 // 20)),
}


def centre_encoding(data: bytes):
    from desktop.faces.engine import analyse_image

    analysis = analyse_image(data)
    faces = analysis.identifiable_faces
    if not faces:
        return None
    cx, cy = analysis.width / 2, analysis.height / 2

    def off_centre(face) -> float:
        return ((face.box.left + face.box.right) / 2 - cx) ** 2 + ((face.box.top + face.box.bottom) / 2 - cy) ** 2

    return np.array(min(faces, key=off_centre).encoding)


def copy_bytes(data: bytes, name: str) -> bytes:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    COPIES[name](image).save(out, "JPEG", quality=60 if name == "JPEG quality 60" else 85)
    return out.getvalue()


def describe(label: str, values: list[float]) -> str:
    v = np.array(values)
    return (f"{label}: n={len(v)}, min {v.min():.3f}, 1st pct {np.percentile(v, 1):.3f}, median {np.median(v):.3f}, "
            f"95th pct {np.percentile(v, 95):.3f}, max {v.max():.3f}")


def main() -> int:
    if not LFW.is_dir():
        print("../shared/data/faces-lfw is absent", file=sys.stderr)
        return 2
    people = {d.name: sorted(d.glob("*.jpg")) for d in sorted(LFW.iterdir()) if d.is_dir()}
    encodings = {name: [e for e in (centre_encoding(p.read_bytes()) for p in paths) if e is not None]
                 for name, paths in people.items()}
    same = [float(np.linalg.norm(a - b)) for found in encodings.values() for a, b in itertools.combinations(found, 2)]
    different = [float(np.linalg.norm(a - b)) for x, y in itertools.combinations(encodings, 2)
                 for a in encodings[x] for b in encodings[y]]
    originals = [p for paths in people.values() for p in paths[:2]] + sorted(DEMO.glob("*/*.jpg"))
    copies: dict[str, list[float]] = {name: [] for name in COPIES}
    for path in originals:
        data = path.read_bytes()
        base = centre_encoding(data)
        if base is None:
            continue
        for name in COPIES:
            copied = centre_encoding(copy_bytes(data, name))
            if copied is not None:
                copies[name].append(float(np.linalg.norm(copied - base)))
    from desktop.faces.calibration import NEAR_DUPLICATE

    for name, values in copies.items():
        print(describe(f"copy, {name}", values))
    every_copy = [v for values in copies.values() for v in values]
    print(describe("every copy", every_copy))
    print(describe("same person, different photos", same))
    print(describe("different people", different))
    print(f"NEAR_DUPLICATE {NEAR_DUPLICATE}: covers {np.mean(np.array(every_copy) <= NEAR_DUPLICATE):.1%} of copies, "
          f"{np.mean(np.array(same) <= NEAR_DUPLICATE):.2%} of different photos of one person, "
          f"{np.mean(np.array(different) <= NEAR_DUPLICATE):.2%} of different people's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
