"""How closely Jikimi's numpy PDQ agrees with Meta's reference hashes.

    uv run python benchmarks/pdq_agreement.py [../shared/data/pdq]

Prints, per reference image, the Hamming distance (bits of 256) between the reference hash and ours, twice:
with the photo decoded as the app decodes it (Pillow's libjpeg-turbo, as browsers do) and with the JPEG decoded
by IJG libjpeg 9 (the decoder family the reference table was made with; dlib bundles it). Then the PDQ quality
and both distributions. PDQ's own match threshold is 31 bits; the project's bound is 8.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from desktop.reports.pdq import hamming, pdq_hash  # noqa: E402


def _ijg_decoded(path: Path):
    try:
        import dlib
    except ImportError:
        return None
    if path.suffix.lower() != ".jpg":
        return path
    return Image.fromarray(dlib.load_rgb_image(str(path)))


def _summary(label: str, distances: list[int]) -> str:
    counts = Counter(distances)
    spread = ", ".join(f"{d} bits: {counts[d]}" for d in sorted(counts))
    return (f"{label}: {spread}; within 8 bits {sum(d <= 8 for d in distances)}/{len(distances)}; "
            f"max {max(distances)}; mean {sum(distances) / len(distances):.2f}")


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "pdq"
    table = data / "expected-pdq.tsv"
    if not table.exists():
        print(f"no reference table at {table}", file=sys.stderr)
        return 2
    rows = [line.split("\t") for line in table.read_text().splitlines()[1:] if line.strip()]
    app_distances: list[int] = []
    ijg_distances: list[int] = []
    elapsed = 0.0
    print(f"{'image':48} {'app':>5} {'ijg':>5} {'quality':>7}")
    for path, expected in rows:
        started = time.perf_counter()
        ours, quality = pdq_hash(data / path)
        elapsed += time.perf_counter() - started
        app_distances.append(hamming(ours, expected))
        ijg_source = _ijg_decoded(data / path)
        ijg = "-" if ijg_source is None else str(hamming(pdq_hash(ijg_source)[0], expected))
        if ijg_source is not None:
            ijg_distances.append(int(ijg))
        print(f"{path:48} {app_distances[-1]:>5} {ijg:>5} {quality:>7}")
    print()
    print(_summary("app decoder (libjpeg-turbo)", app_distances))
    if ijg_distances:
        print(_summary("IJG libjpeg 9 decoder (dlib)", ijg_distances))
    print(f"time (app path, decode included): {elapsed:.2f} s for {len(rows)} images "
          f"({1000 * elapsed / len(rows):.0f} ms each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
