"""Class photos: Jikimi's match-folder against the face_recognition CLI (the peer), in the same run.

    uv run python benchmarks/class_bench.py [--photos 8] [--rounds 3] [--write docs/benchmarks.md]

Builds the synthetic class photos of ``benchmarks/class_photos.py`` (when ``benchmarks/out/class`` is missing or
``--rebuild``), then for the 4000x3000 photos and their 1080-px copies:

- runs ``jikimi match-folder KNOWN PHOTOS --json --cpus 2`` (a fresh data folder every round: cold) and
  ``face_recognition --cpus 2 KNOWN PHOTOS`` alternately, ``--rounds`` times each, timing the whole processes;
- finds the peer's faces the way its CLI does (its own library: the photo shrunk to 1600 px, HOG upsampled once;
  the CLI does not print boxes), to count them by width band;
- reports, per width band of the true faces: found by Jikimi (identified or counted as too small), identified
  by Jikimi, found by the peer; the children named on the right face (Jikimi's boxes) and per photo (the
  peer prints names without boxes); names given to faces of people not enrolled; wall times and their ratio.

Needs ../shared/data (skips with the reason when absent). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.class_photos import OUT, build, data_present  # noqa: E402
from desktop.faces.background import LEAVE_OUT_VARIABLE  # noqa: E402

VENV_BIN = Path(sys.executable).parent
BANDS = ((0, 30), (30, 45), (45, 60), (60, 85), (85, 120), (120, 160), (160, 10_000))
_TRAILING = re.compile(r"[\s_\-.]*\d+$")


def band_of(width: float) -> tuple[int, int]:
    return next(b for b in BANDS if b[0] <= width < b[1])


def band_label(band: tuple[int, int]) -> str:
    low, high = band
    return f"< {high} px" if low == 0 else (f"≥ {low} px" if high >= 10_000 else f"{low}–{high - 1} px")


def overlaps(det: tuple, truth: tuple) -> bool:
    """det and truth as (x, y, w, h): IoU above 0.3, or the detection's centre inside the true box."""
    ax, ay, aw, ah = det
    bx, by, bw, bh = truth
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    cx, cy = ax + aw / 2, ay + ah / 2
    return (union > 0 and inter / union > 0.3) or (bx <= cx <= bx + bw and by <= cy <= by + bh)


def assign(detections: list[tuple], truths: list[tuple]) -> dict[int, int]:
    """Truth index -> detection index, greedily by overlap."""
    pairs = []
    for t, truth in enumerate(truths):
        for d, det in enumerate(detections):
            if overlaps(det, truth):
                ax, ay, aw, ah = det
                bx, by, bw, bh = truth
                centre = ((ax + aw / 2 - bx - bw / 2) ** 2 + (ay + ah / 2 - by - bh / 2) ** 2) ** 0.5
                pairs.append((centre, t, d))
    result, used = {}, set()
    for _, t, d in sorted(pairs):
        if t not in result and d not in used:
            result[t] = d
            used.add(d)
    return result


def peer_boxes(photo: Path) -> list[tuple]:
    """The faces face_recognition's CLI analyses in a photo, as (x, y, w, h) in original pixels."""
    import face_recognition
    import numpy as np
    import PIL.Image

    image = face_recognition.load_image_file(str(photo))
    scale = 1.0
    if max(image.shape) > 1600:
        pil = PIL.Image.fromarray(image)
        pil.thumbnail((1600, 1600), PIL.Image.LANCZOS)
        scale = image.shape[1] / pil.width
        image = np.array(pil)
    return [(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale)
            for top, right, bottom, left in face_recognition.face_locations(image)]


def timed(command: list[str], stdout_path: Path) -> float:
    with open(stdout_path, "w") as out:
        start = time.perf_counter()
        subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start


def run_size(root: Path, size: str, rounds: int, truth: dict) -> dict:
    known, photos = root / "known", root / f"photos-{size}"
    jikimi_times, peer_times = [], []
    jikimi_out, peer_out = Path(tempfile.mkdtemp()) / "jikimi.json", Path(tempfile.mkdtemp()) / "peer.txt"
    for _ in range(rounds):
        data = Path(tempfile.mkdtemp(prefix="jikimi-bench-"))
        try:
            jikimi_times.append(timed([str(VENV_BIN / "jikimi"), "--data-dir", str(data), "match-folder", str(known),
                                       str(photos), "--json", "--cpus", "2"], jikimi_out))
        finally:
            shutil.rmtree(data, ignore_errors=True)
        peer_times.append(timed([str(VENV_BIN / "face_recognition"), "--cpus", "2", str(known), str(photos)],
                                peer_out))
    result = json.loads(jikimi_out.read_text())
    jikimi = {Path(p["path"]).name: p for p in result["photos"]}
    folds = named_in_folds(known, photos)
    peer_names: dict[str, set[str]] = {}
    for line in peer_out.read_text().splitlines():
        parts = line.split(",")
        if len(parts) >= 2 and not line.startswith("WARNING"):
            name = Path(parts[0]).name
            peer_names.setdefault(name, set())
            if parts[1] not in ("unknown_person", "no_persons_found"):
                peer_names[name].add(_TRAILING.sub("", parts[1]))
    key = f"box_{size}"
    bands: dict[tuple, dict[str, int]] = {}
    counts = dict(faces=0, jikimi_found=0, jikimi_analysed=0, peer_found=0, enrolled=0, right_match=0,
                  right_possible=0, wrong_name=0, stranger_named=0, strangers=0, photos=0, flagged=0,
                  clean_with_missed=0, target=0, target_found=0, clear=0, clear_found=0,
                  peer_pairs=0, peer_right=0, peer_false=0, jikimi_photo_right=0,
                  jikimi_photo_false=0, extra=0)
    scale = 1.0 if size == "4000" else int(size) / 4000
    for name, faces in truth["photos"].items():
        counts["photos"] += 1
        photo = jikimi[name]
        boxes = [tuple(f["box"][k] for k in ("x", "y", "w", "h")) if f["box"] else None for f in photo["faces"]]
        mine = [b for b in boxes if b is not None]
        index = [i for i, b in enumerate(boxes) if b is not None]
        truths = [tuple(f[key]) for f in faces]
        matched = assign(mine, truths)
        peers = peer_boxes(photos / name)
        peer_matched = assign(peers, truths)
        counts["extra"] += len(mine) - len(matched)
        if photo["unchecked"]:
            counts["flagged"] += 1
        missed_here = 0
        for t, face in enumerate(faces):
            width = face["width_4000"] * scale
            band = bands.setdefault(band_of(width), dict(faces=0, jikimi_found=0, jikimi_analysed=0, peer_found=0))
            band["faces"] += 1
            counts["faces"] += 1
            entry = photo["faces"][index[matched[t]]] if t in matched else None
            if entry is not None:
                band["jikimi_found"] += 1
                counts["jikimi_found"] += 1
                if entry["level"] != "too_small":
                    band["jikimi_analysed"] += 1
                    counts["jikimi_analysed"] += 1
            elif width >= 30:
                missed_here += 1
            if width >= (60 if size == "4000" else 30):
                counts["target"] += 1
                counts["target_found"] += entry is not None
                if not face["covered"] and not face["edge"]:
                    counts["clear"] += 1
                    counts["clear_found"] += entry is not None
            if t in peer_matched:
                band["peer_found"] += 1
                counts["peer_found"] += 1
            # Names: from the two folds (each half enrolled, judged with a cohort of the other half only), a face
            # counted in the fold where its person is enrolled, and as a stranger in the other.
            stranger = face["identity"].startswith("stranger:")
            counts["enrolled"] += not stranger
            counts["strangers"] += len(folds) if stranger else 0  # a stranger in both folds
            for fold_known, fold in folds:
                fold_entry = _entry_at(fold[name], entry)
                named = fold_entry is not None and fold_entry["level"] in ("match", "possible")
                if face["identity"] in fold_known:
                    if named and fold_entry["name"] == face["identity"]:
                        counts["right_match" if fold_entry["level"] == "match" else "right_possible"] += 1
                    elif named:
                        counts["wrong_name"] += 1
                elif stranger and named:
                    counts["stranger_named"] += 1
                elif named:
                    counts["wrong_name"] += 1  # a person of the other half, named as someone of this one
        if missed_here and photo["fully_checked"]:
            counts["clean_with_missed"] += 1
        seated = {f["identity"] for f in faces if not f["identity"].startswith("stranger:")}
        named_by_peer = peer_names.get(name, set())
        counts["peer_pairs"] += len(seated)
        counts["peer_right"] += len(seated & named_by_peer)
        counts["peer_false"] += len(named_by_peer - seated)
        named_by_jikimi = {f["name"] for _known, fold in folds for f in fold[name]["faces"]
                           if f["level"] in ("match", "possible")}
        counts["jikimi_photo_right"] += len(seated & named_by_jikimi)
        counts["jikimi_photo_false"] += len(named_by_jikimi - seated)
    return {"size": size, "bands": bands, "counts": counts, "jikimi_times": jikimi_times, "peer_times": peer_times}


def _entry_at(photo: dict, entry: dict | None) -> dict | None:
    """The fold's face at the same box as the timed run's (detection does not depend on who is enrolled)."""
    if entry is None or entry["box"] is None:
        return None
    return next((f for f in photo["faces"] if f["box"] == entry["box"]), None)


def named_in_folds(known: Path, photos: Path) -> list[tuple[set[str], dict]]:
    """Who Jikimi names, judged as docs/accuracy.md judges (leave identities out): the shipped cohort holds these
    LFW people's own photos, which real children never are. Each half of the known people is enrolled in turn
    and judged with a cohort of the other half only; returns (that half's names, per-photo results)."""
    names = sorted({_TRAILING.sub("", path.stem) for path in known.iterdir() if path.suffix == ".jpg"})
    folds = []
    for half in (names[0::2], names[1::2]):
        folder = Path(tempfile.mkdtemp(prefix="jikimi-fold-"))
        data = Path(tempfile.mkdtemp(prefix="jikimi-fold-data-"))
        try:
            for path in known.iterdir():
                if _TRAILING.sub("", path.stem) in half:
                    shutil.copy(path, folder / path.name)
            env = {**os.environ, LEAVE_OUT_VARIABLE: ",".join(half)}
            output = subprocess.run([str(VENV_BIN / "jikimi"), "--data-dir", str(data), "match-folder", str(folder),
                                     str(photos), "--json", "--cpus", "2"], capture_output=True, text=True, env=env,
                                    check=False).stdout
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)
        folds.append((set(half), {Path(p["path"]).name: p for p in json.loads(output)["photos"]}))
    return folds


def blur_check(root: Path, size: str, truth: dict) -> dict:
    """Blur before publishing on the same photos (its plan: the boxes it would cover): true faces of 30 px or more
    whose centre no covered area reaches, by kind, and the photos that carry a warning."""
    from desktop.faces.blur import cover_box, plan_blur

    started = time.perf_counter()
    plan = plan_blur(root / f"photos-{size}", Path(tempfile.mkdtemp()) / "out")
    elapsed = time.perf_counter() - started
    key = f"box_{size}"
    scale = 1.0 if size == "4000" else int(size) / 4000
    left = {"clear": 0, "covered": 0, "edge": 0}
    small = {"faces": 0, "left": 0}  # every face, whatever its size
    total = 0
    by_source = {o.source: o for o in plan.summary.written}
    for name, faces in truth["photos"].items():
        outcome = by_source[name]
        width, height = truth["sizes"][size]
        areas = [cover_box(box, width, height) for box in outcome.blurred_boxes]
        for face in faces:
            x, y, w, h = face[key]
            cx, cy = x + w / 2, y + h / 2
            covered = any(left_ <= cx <= right and top <= cy <= bottom for top, right, bottom, left_ in areas)
            small["faces"] += 1
            small["left"] += not covered
            if face["width_4000"] * scale < 30:
                continue
            total += 1
            if not covered:
                left["edge" if face["edge"] else "covered" if face["covered"] else "clear"] += 1
    return {"size": size, "faces": total, "left": left, "warned": len(plan.summary.with_warnings),
            "photos": len(plan.summary.written), "seconds": elapsed, "all": small}


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} % ({part}/{whole})" if whole else "–"


def report(results: list[dict], photos: int, rounds: int) -> str:
    lines = [f"{photos} synthetic class photos (`benchmarks/class_photos.py`), 20–25 people each; known: 3 photos of "
             f"each of the 12 LFW identities. {rounds} alternating cold runs of each command, `--cpus 2` both.", ""]
    for result in results:
        size, counts = result["size"], result["counts"]
        lines += [f"**{size} px** — faces by width (dlib's face box in the photo's pixels):", "",
                  "| face width | faces | Jikimi found (identified + too small) | Jikimi identified | peer found |",
                  "|---|---|---|---|---|"]
        for band in sorted(result["bands"]):
            row = result["bands"][band]
            lines.append(f"| {band_label(band)} | {row['faces']} | {pct(row['jikimi_found'], row['faces'])} | "
                         f"{pct(row['jikimi_analysed'], row['faces'])} | {pct(row['peer_found'], row['faces'])} |")
        lines.append(f"| all | {counts['faces']} | {pct(counts['jikimi_found'], counts['faces'])} | "
                     f"{pct(counts['jikimi_analysed'], counts['faces'])} | "
                     f"{pct(counts['peer_found'], counts['faces'])} |")
        floor = 60 if size == "4000" else 30
        lines += ["", f"- faces ≥ {floor} px found (identified or too small): "
                  f"{pct(counts['target_found'], counts['target'])}; of those neither partly covered nor cut by the "
                  f"photo's edge: {pct(counts['clear_found'], counts['clear'])}"]
        jt, pt = statistics.median(result["jikimi_times"]), statistics.median(result["peer_times"])
        ratios = [j / p for j, p in zip(result["jikimi_times"], result["peer_times"], strict=True)]
        lines += [
                  "- enrolled children named on the right face (two folds, each half of the people enrolled and "
                  "judged with a cohort of the other half: docs/accuracy.md): `match` "
                  f"{pct(counts['right_match'], counts['enrolled'])}, `possible` "
                  f"{pct(counts['right_possible'], counts['enrolled'])}; a wrong enrolled name on a face: "
                  f"{counts['wrong_name']}; strangers' faces (not enrolled; counted in both folds) given a name: "
                  f"{counts['stranger_named']} of {counts['strangers']}",
                  f"- per photo (the peer prints no boxes): enrolled children named — Jikimi (match or possible) "
                  f"{pct(counts['jikimi_photo_right'], counts['peer_pairs'])}, peer "
                  f"{pct(counts['peer_right'], counts['peer_pairs'])}; names of people not in the photo — Jikimi "
                  f"{counts['jikimi_photo_false']}, peer {counts['peer_false']}",
                  f"- photos flagged `unchecked` (faces at the limit of the finest look): {counts['flagged']} of "
                  f"{counts['photos']}; photos reported fully checked while a face ≥ 30 px was missed: "
                  f"{counts['clean_with_missed']}; detections matching no seated face: {counts['extra']}",
                  f"- wall time, whole process: Jikimi {jt:.2f} s, peer {pt:.2f} s (medians); ratio "
                  f"**{statistics.median(ratios):.2f}** (median of the paired runs; "
                  f"{min(ratios):.2f}–{max(ratios):.2f})", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--sizes", default="4000,1080")
    parser.add_argument("--write", type=Path, help="replace the class-bench block of this Markdown file")
    args = parser.parse_args()
    reason = data_present()
    if reason:
        print(f"skipped: {reason}")
        return 0
    truth_path = OUT / "truth.json"
    if args.rebuild or not truth_path.is_file() or len(json.loads(truth_path.read_text())["photos"]) != args.photos:
        build(args.photos, 14, OUT)
    truth = json.loads(truth_path.read_text())
    results = [run_size(OUT, size, args.rounds, truth) for size in args.sizes.split(",")]
    text = report(results, len(truth["photos"]), args.rounds)
    blur_lines = ["**Blur before publishing** on the same photos (`plan_blur`: the areas it covers):", ""]
    for size in args.sizes.split(","):
        check = blur_check(OUT, size, truth)
        left = check["left"]
        blur_lines.append(
            f"- {size} px: faces ≥ 30 px left unblurred **{sum(left.values())}** of {check['faces']} (clear "
            f"{left['clear']}, partly covered {left['covered']}, cut by the edge {left['edge']}); faces of any size "
            f"left unblurred {check['all']['left']} of {check['all']['faces']}; photos with a "
            f"warning that faces may remain: {check['warned']} of {check['photos']}; {check['seconds']:.1f} s "
            f"in one run (2 workers)")
    text += "\n" + "\n".join(blur_lines) + "\n"
    print(text)
    if args.write:
        doc = args.write.read_text()
        start, end = "<!-- class-bench:start -->", "<!-- class-bench:end -->"
        if start in doc:
            doc = doc[:doc.index(start) + len(start)] + "\n" + text + "\n" + doc[doc.index(end):]
            args.write.write_text(doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
