"""Blur before publishing: a folder of event photos in one process against the face engine's worker pool, in
one run.

    uv run python benchmarks/blur_speed.py [--photos 16] [--workers N]

Each photo stands for a class event shot: a 3000×2000 JPEG with six LFW faces (``../shared/data/faces-lfw``)
enlarged to about 300 px and placed across a plain background, saved with EXIF. The same folder is blurred
twice: once in this process (as every folder was before), once with faces found in the worker processes
(``blur_folder`` does that from ``POOL_FROM`` photos on). Reported: wall times, the ratio, and that the copies
are byte-identical. The pool's start-up (models loaded in each worker) is inside the pooled time.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LFW = ROOT.parent / "shared" / "data" / "faces-lfw"


def _event_photo(number: int, faces: list[Path]) -> bytes:
    from PIL import Image

    rng = random.Random(number)
    canvas = Image.new("RGB", (3000, 2000), tuple(rng.randrange(60, 200) for _ in range(3)))
    for slot, face in enumerate(rng.sample(faces, 6)):
        portrait = Image.open(face).convert("RGB").resize((300, 300))
        canvas.paste(portrait, (150 + (slot % 3) * 950, 250 + (slot // 3) * 950))
    exif = canvas.getexif()
    exif[0x010F] = "EventCam"
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    args = parser.parse_args(argv)
    if not LFW.is_dir():
        print(f"no LFW photos at {LFW}", file=sys.stderr)
        return 2
    from desktop.faces import blur
    from desktop.faces.engine import FaceEngine, default_workers

    faces = sorted(LFW.glob("*/*.jpg"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "event"
        folder.mkdir()
        for number in range(args.photos):
            (folder / f"event-{number:03d}.jpg").write_bytes(_event_photo(number, faces))
        workers = args.workers or default_workers()
        print(f"{args.photos} photos of 3000×2000 with 6 faces each; {workers} workers on {default_workers()} cores")

        saved = blur.POOL_FROM
        blur.POOL_FROM = 10**9
        started = time.perf_counter()
        single = blur.blur_folder(folder, Path(tmp) / "single")
        single_time = time.perf_counter() - started
        blur.POOL_FROM = saved

        started = time.perf_counter()
        with FaceEngine(workers=workers) as engine:
            pooled = blur.blur_folder(folder, Path(tmp) / "pooled", engine=engine)
        pooled_time = time.perf_counter() - started

        same = _digests(Path(tmp) / "single") == _digests(Path(tmp) / "pooled")
    print(f"one process: {single_time:.1f} s ({single.faces_blurred} faces blurred)")
    print(f"worker pool: {pooled_time:.1f} s ({pooled.faces_blurred} faces blurred), start-up included")
    print(f"ratio pool/one process: {pooled_time / single_time:.2f}; copies byte-identical: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
