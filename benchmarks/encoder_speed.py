"""dlib's face encoder against the same network run in numpy (desktop/faces/resnet.py): seconds per face.

    uv run python benchmarks/encoder_speed.py [--rounds 5] [--threads 1 2]

Faces: every face of ``../shared/data/faces/`` (the repository's portraits, ``assets/demo/enrol/`` and
``tests/fixtures/faces/``, when it is absent), cut into dlib's 150-px face chips. For each BLAS thread count
the measurement runs in a fresh process (BLAS reads its thread count when numpy loads) and times, alternating
dlib and numpy, the network on batches of 1, 5 and 20 different faces (dlib: ``compute_face_descriptor`` on
the list of chips; numpy: ``FaceNet.describe``), and one face from its photo (chip included: dlib's
``compute_face_descriptor(photo, shapes, 1)`` against ``engine.encode_faces``). Per face: the median of the
rounds' wall time, and the CPU time (all threads; robust to the load of a shared machine). The largest
difference between the two descriptors of a face, over all faces, is printed below the table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACES = ROOT.parent / "shared" / "data" / "faces"
BATCHES = (1, 5, 20)


def face_photos() -> list[Path]:
    if FACES.is_dir():
        found = [p for p in FACES.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png")]
    else:
        found = [*(ROOT / "assets" / "demo" / "enrol").glob("*.jpg"),
                 *(ROOT / "tests" / "fixtures" / "faces").glob("*.jpg")]
    return sorted(found)


def measure(rounds: int) -> dict:
    """One process, one BLAS thread count (set in the environment before this process started)."""
    sys.path.insert(0, str(ROOT))
    import numpy as np
    from PIL import Image

    from desktop.faces.engine import _Models, encode_faces

    models = _Models.get()
    assert models.net is not None, "the numpy network did not load"
    net, dlib_encoder = models.net, models.encoder
    photos, chips = [], []
    for path in face_photos():
        pixels = np.asarray(Image.open(path).convert("RGB"))
        if max(pixels.shape) > 2000:
            continue
        shapes = models.dlib.full_object_detections()
        for rect in models.detector(pixels, 1):
            shapes.append(models.landmarks(pixels, rect))
        if len(shapes):
            photos.append((pixels, shapes))
            chips += [np.asarray(c) for c in models.dlib.get_face_chips(pixels, shapes, size=150, padding=0.25)]

    theirs = np.array([list(d) for d in dlib_encoder.compute_face_descriptor(chips, 1)])
    worst = float(np.abs(net.describe(chips) - theirs).max())

    def timed(run) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        return time.perf_counter() - wall, time.process_time() - cpu

    rows = {}
    cases: list[tuple[str, int, object, object]] = []
    for size in BATCHES:
        batch = [chips[i % len(chips)] for i in range(size)]
        cases.append((f"network, batch of {size}", size,
                      lambda b=batch: dlib_encoder.compute_face_descriptor(b, 1), lambda b=batch: net.describe(b)))
    pixels, shapes = next((p, s) for p, s in photos if len(s) == 1)
    cases.append(("one face from its photo (chip included)", 1,
                  lambda: dlib_encoder.compute_face_descriptor(pixels, shapes, 1),
                  lambda: encode_faces(models, pixels, shapes)))
    for name, size, with_dlib, with_numpy in cases:
        with_numpy()  # warm
        samples: dict[str, list[tuple[float, float]]] = {"dlib": [], "numpy": []}
        for _ in range(rounds):
            samples["dlib"].append(timed(with_dlib))
            samples["numpy"].append(timed(with_numpy))
        rows[name] = {who: {"wall": statistics.median(w for w, _ in s) / size,
                            "cpu": statistics.median(c for _, c in s) / size}
                      for who, s in samples.items()}
    return {"faces": len(chips), "max_abs_diff": worst, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="BLAS threads (one process each)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.rounds)))
        return
    results = {}
    for threads in args.threads:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "VECLIB_MAXIMUM_THREADS": str(threads)}
        out = subprocess.run([sys.executable, __file__, "--child", "--rounds", str(args.rounds)], env=env,
                             check=True, capture_output=True, text=True).stdout
        results[threads] = json.loads(out.strip().splitlines()[-1])
    first = results[args.threads[0]]
    print(f"{first['faces']} faces; {args.rounds} rounds, alternating; ms per face, median (wall / CPU)\n")
    header = "| | dlib (no BLAS) | " + " | ".join(f"numpy, {t} BLAS thread{'s' * (t > 1)}" for t in args.threads)
    print(header + " | speed-up (wall) |")
    print("|---" * (3 + len(args.threads)) + "|")
    for name in first["rows"]:
        dlib_row = first["rows"][name]["dlib"]
        cells = [f"{dlib_row['wall'] * 1000:.1f} / {dlib_row['cpu'] * 1000:.1f}"]
        speedups = []
        for t in args.threads:
            row = results[t]["rows"][name]["numpy"]
            cells.append(f"{row['wall'] * 1000:.1f} / {row['cpu'] * 1000:.1f}")
            speedups.append(f"{dlib_row['wall'] / row['wall']:.1f}x")
        print(f"| {name} | " + " | ".join(cells) + " | " + " / ".join(speedups) + " |")
    worst = max(r["max_abs_diff"] for r in results.values())
    print(f"\nLargest difference between dlib's and numpy's descriptor components, {first['faces']} faces: {worst:.1e}")


if __name__ == "__main__":
    main()
