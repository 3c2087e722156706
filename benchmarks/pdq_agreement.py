"""How closely Jikimi's numpy PDQ agrees with Meta's reference hashes.

    uv run python benchmarks/pdq_agreement.py [../shared/data/pdq]

Prints, per reference image, the Hamming distance between our hash and the reference (bits of 256) and the PDQ
quality, then the distribution. PDQ's own match threshold is 31 bits; the project's bound is 8.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.reports.pdq import hamming, pdq_hash  # noqa: E402


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "pdq"
    table = data / "expected-pdq.tsv"
    if not table.exists():
        print(f"no reference table at {table}", file=sys.stderr)
        return 2
    rows = [line.split("\t") for line in table.read_text().splitlines()[1:] if line.strip()]
    distances = []
    started = time.perf_counter()
    print(f"{'image':48} {'distance':>8} {'quality':>7}")
    for path, expected in rows:
        ours, quality = pdq_hash(data / path)
        distance = hamming(ours, expected)
        distances.append(distance)
        print(f"{path:48} {distance:>8} {quality:>7}")
    elapsed = time.perf_counter() - started
    counts = Counter(distances)
    print()
    print("distance distribution: " + ", ".join(f"{d} bits: {counts[d]}" for d in sorted(counts)))
    print(f"exact: {counts[0]}/{len(rows)}; within 8 bits: {sum(d <= 8 for d in distances)}/{len(rows)}; "
          f"max {max(distances)}; mean {sum(distances) / len(distances):.2f}")
    print(f"time: {elapsed:.2f} s for {len(rows)} images ({1000 * elapsed / len(rows):.0f} ms each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
