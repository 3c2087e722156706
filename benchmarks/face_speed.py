"""Jikimi's match-folder against the face_recognition CLI on the same folders: wall time, recall, false
matches, warm-cache time, peak memory.

    uv run python benchmarks/face_speed.py [--rounds 2] [--memory-photos 1000] [--mixed] [--write docs/benchmarks.md]

The corpus (benchmarks/out/, git-ignored) is built from ../shared/data/faces:
- known/: one or two photos per identity from knn_examples/train (``obama.jpg``, ``obama2.jpg``, ...);
- unknown/: every other photo of the set (distinct content) at its own size, resized to phone-camera size
  (4032x3024 or 3024x4032 by orientation) and to social size (1080 px long side), plus generated photos with
  no face (textures, gradients, shapes) at both sizes.
With ``--mixed`` the corpus also holds what a family's and a school's photos look like beyond it: phone-size
photos (4032x3024) with one small face (each single-person photo's head pasted 160-260 px wide on a generated
background) and group photos at 4032 px (four synthetic class photos of ``class_photos.py``, 20-25 people each;
the people of ``faces/`` among them are enrolled here, the LFW people are not: they count for false matches).
Bytecode is compiled once first (for both). Both commands run with ``--cpus 2``, alternating, each cold run
of Jikimi with an empty data folder; then one warm run of Jikimi over the same photos (its content cache
filled). Peak memory is the summed resident memory of the command and its worker processes, sampled every
50 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FACES = ROOT.parent / "shared" / "data" / "faces"
OUT = ROOT / "benchmarks" / "out"
VENV_BIN = Path(sys.executable).parent
IDENTITIES = ("alex_lacamoire", "biden", "kit_harington", "obama", "rose_leslie")

# Who is in each source photo (file name -> identities); photos of people not enrolled have an empty set.
TRUTH = {
    "obama_and_biden": {"obama", "biden"},
    "kit_with_rose": {"kit_harington", "rose_leslie"},
    "johnsnow_test1": {"kit_harington"},
    "alex_lacamoire1": {"alex_lacamoire"},
    "obama1": {"obama"},
    "two_people": {"obama", "biden"},
    "lin-manuel-miranda": set(),
    "alex-lacamoire": {"alex_lacamoire"},
    "32bit": {"obama"},
}


def truth_for(stem: str) -> set[str]:
    if stem in TRUTH:
        return TRUTH[stem]
    for identity in IDENTITIES:
        if stem.startswith(identity.split("_")[0]):
            return {identity}
    raise KeyError(stem)


def build_corpus() -> tuple[Path, Path, dict[str, set[str]]]:
    if OUT.exists():
        shutil.rmtree(OUT)
    known, unknown = OUT / "known", OUT / "unknown"
    known.mkdir(parents=True)
    unknown.mkdir()
    train = FACES / "examples" / "knn_examples" / "train"
    used = set()
    for identity in IDENTITIES:
        for number, path in enumerate(sorted((train / identity).iterdir())[:2], start=1):
            suffix = "" if number == 1 else str(number)
            shutil.copy(path, known / f"{identity}{suffix}{path.suffix.lower()}")
            used.add(hashlib.sha256(path.read_bytes()).hexdigest())
    truth: dict[str, set[str]] = {}
    seen = set(used)
    sources = sorted(
        p for p in FACES.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png") and "train" not in p.parts
    )
    for path in sources:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        stem = path.stem
        people = truth_for(stem)
        image = Image.open(path)
        image.load()
        rgb = image.convert("RGB")
        shutil.copy(path, unknown / f"{stem}-own{path.suffix.lower()}")
        truth[f"{stem}-own{path.suffix.lower()}"] = people
        portrait = rgb.height > rgb.width
        phone = rgb.resize((3024, 4032) if portrait else (4032, 3024), Image.Resampling.LANCZOS)
        phone.save(unknown / f"{stem}-phone.jpg", quality=90)
        truth[f"{stem}-phone.jpg"] = people
        social = rgb.copy()
        factor = 1080 / max(social.size)
        social = social.resize((round(social.width * factor), round(social.height * factor)), Image.Resampling.LANCZOS)
        social.save(unknown / f"{stem}-social.jpg", quality=85)
        truth[f"{stem}-social.jpg"] = people
    if MIXED:
        add_mixed(unknown, truth)
    rng = np.random.default_rng(2024)
    for number in range(12):
        for size_name, size in (("phone", (4032, 3024)), ("social", (1080, 810))):
            image = no_face_photo(rng, size, number)
            name = f"noface{number:02d}-{size_name}.jpg"
            image.save(unknown / name, quality=88)
            truth[name] = set()
    return known, unknown, truth


MIXED = False


def add_mixed(unknown: Path, truth: dict[str, set[str]]) -> None:
    """Phone-size photos with one small face, and class photos at 4032 px (see the module doc)."""
    from desktop.faces.engine import analyse_image

    rng = np.random.default_rng(14)
    singles = sorted(n for n, people in truth.items() if n.endswith(("-own.jpg", "-own.jpeg", "-own.png"))
                     and len(people) == 1)
    for number, name in enumerate(singles):
        source = Image.open(unknown / name).convert("RGB")
        faces = analyse_image((unknown / name).read_bytes()).identifiable_faces
        if len(faces) != 1:
            continue
        box = faces[0].box
        width = float(rng.uniform(160, 260))
        factor = width / box.width
        crop = source.crop((box.left - box.width, box.top - box.height, box.right + box.width,
                            box.bottom + 2 * box.height))
        crop = crop.resize((round(crop.width * factor), round(crop.height * factor)), Image.Resampling.LANCZOS)
        background = no_face_photo(rng, (4032, 3024), number)
        background.paste(crop, (int(rng.integers(200, 4032 - crop.width - 200)),
                                int(rng.integers(200, 3024 - crop.height - 100))))
        target = f"{Path(name).stem.removesuffix('-own')}-smallface-phone.jpg"
        background.save(unknown / target, quality=90)
        truth[target] = truth[name]
    from benchmarks.class_photos import OUT as CLASS_OUT
    from benchmarks.class_photos import build

    if not (CLASS_OUT / "truth.json").is_file():
        build(8, 14, CLASS_OUT)
    import json

    seated = json.loads((CLASS_OUT / "truth.json").read_text())["photos"]
    for path in sorted((CLASS_OUT / "photos-4000").glob("*.jpg"))[:4]:
        Image.open(path).resize((4032, 3024), Image.Resampling.LANCZOS).save(unknown / f"group-{path.stem}-phone.jpg",
                                                                             quality=90)
        # The people of faces/ sit among the LFW ones as strangers there; here some of them are enrolled.
        people = {face["identity"].removeprefix("stranger:") for face in seated[path.name]}
        truth[f"group-{path.stem}-phone.jpg"] = people & set(IDENTITIES)


def no_face_photo(rng, size, number) -> Image.Image:
    """A photo-like picture without a face: sky gradient, noisy ground, random shapes, blur."""
    width, height = size
    small = (width // 4, height // 4)
    sky = np.linspace(rng.uniform(120, 220), rng.uniform(30, 120), small[1])[:, None, None]
    base = np.repeat(np.repeat(sky, small[0], axis=1), 3, axis=2) * rng.uniform(0.6, 1.2, size=3)
    horizon = int(small[1] * rng.uniform(0.4, 0.7))
    base[horizon:] = rng.uniform(40, 140, size=3) + rng.normal(0, 25, size=(small[1] - horizon, small[0], 3))
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(5, 25))):
        x, y = int(rng.integers(0, small[0])), int(rng.integers(0, small[1]))
        w, h = int(rng.integers(10, small[0] // 3)), int(rng.integers(10, small[1] // 3))
        colour = tuple(int(c) for c in rng.integers(0, 255, size=3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x, y, x + w, y + h], fill=colour)
    return image.filter(ImageFilter.GaussianBlur(1)).resize(size, Image.Resampling.BICUBIC)


class PeakMemory:
    """Summed RSS of a process and its descendants, sampled until stopped (Linux /proc)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/status") as handle:
                        for line in handle:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(command: list[str], env: dict) -> tuple[float, str, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    memory = PeakMemory(process.pid)
    out, _ = process.communicate()
    elapsed = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed with {process.returncode}")
    print(f"  {Path(command[0]).name}: {elapsed:.2f} s wall, load average {os.getloadavg()[0]:.1f}", flush=True)
    return elapsed, out, peak


_TRAILING = re.compile(r"[\s_\-.]*\d+$")
_RESULT = re.compile(r"([^,]*?\.(?:jpe?g|png)),([^,/]*)", re.IGNORECASE)


def score(output: str, truth: dict[str, set[str]]) -> dict:
    named: dict[str, set[str]] = {name: set() for name in truth}
    for line in output.splitlines():
        if line.startswith("WARNING") or "," not in line:
            continue
        # Two worker processes printing at once can glue their lines ("a.jpg,no_persons_found/dir/b.jpg,obama"):
        # a name never holds a "/" or a ",", a path ends in the photo's extension.
        for path, name in _RESULT.findall(line):
            if name in ("unknown_person", "no_persons_found") or os.path.basename(path) not in named:
                continue
            named[os.path.basename(path)].add(_TRAILING.sub("", name))
    expected = sum(len(people) for people in truth.values())
    found = sum(len(named[f] & truth[f]) for f in truth)
    false = {(f, who) for f in truth for who in named[f] - truth[f]}
    return {"recall": found / expected, "found": found, "expected": expected, "false": false}


def cpu_seconds(unknown: Path) -> tuple[float, float]:
    """CPU time (this process, one core) to analyse every photo: the peer's per-photo pipeline, then Jikimi's.

    Unlike wall time on a shared machine, CPU time hardly depends on what else is running."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import face_recognition

    face_recognition.face_encodings(np.zeros((100, 100, 3), np.uint8))
    paths = sorted(unknown.iterdir())
    started = time.process_time()
    for path in paths:  # what face_recognition_cli.test_image does for each photo
        image = face_recognition.load_image_file(str(path))
        if max(image.shape) > 1600:
            pil = Image.fromarray(image)
            pil.thumbnail((1600, 1600), Image.LANCZOS)
            image = np.array(pil)
        face_recognition.face_encodings(image)
    peer = time.process_time() - started
    # Jikimi's in a fresh process set up as the app sets itself up (one BLAS thread, before numpy loads): numpy is
    # loaded here already, with as many BLAS threads as cores, whose waiting would count as CPU time.
    ours = float(subprocess.run([sys.executable, "-c", _OURS_CPU, str(unknown)], capture_output=True, text=True,
                                check=True, cwd=ROOT).stdout.split()[-1])
    return peer, ours


_OURS_CPU = """
import sys, time
from pathlib import Path
from desktop.faces.pool_start import limit_blas_threads
limit_blas_threads()
from desktop.faces.engine import analyse_image, warm_up
warm_up()
paths = sorted(Path(sys.argv[1]).iterdir())
started = time.process_time()
for path in paths:
    analyse_image(path.read_bytes())
print(time.process_time() - started)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-photos", type=int, default=1000)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--mixed", action="store_true", help="add phone photos with one small face and class photos")
    args = parser.parse_args()
    global MIXED
    MIXED = args.mixed
    if not FACES.is_dir():
        print("../shared/data/faces is absent", file=sys.stderr)
        return 2
    known, unknown, truth = build_corpus()
    # Installed Python code normally has its bytecode cached; this environment sets PYTHONDONTWRITEBYTECODE,
    # which would make both commands recompile every module at each start. Compile once, for both.
    import compileall
    import sysconfig

    for folder in (sysconfig.get_paths()["purelib"], str(ROOT / "desktop")):
        compileall.compile_dir(folder, quiet=1, workers=2)
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", PYTHONWARNINGS="ignore")
    peer_cmd = [str(VENV_BIN / "face_recognition"), "--cpus", "2", str(known), str(unknown)]
    data = OUT / "data"

    def ours_cmd(data_dir: Path) -> list[str]:
        return [str(VENV_BIN / "jikimi"), "--data-dir", str(data_dir), "match-folder", str(known), str(unknown),
                "--cpus", "2"]

    peer_runs, cold_runs = [], []
    for round_number in range(args.rounds):
        peer_runs.append(run(peer_cmd, env))
        if data.exists():
            shutil.rmtree(data)
        cold_runs.append(run(ours_cmd(data), env))
        print(f"round {round_number + 1}: peer {peer_runs[-1][0]:.2f} s, Jikimi cold {cold_runs[-1][0]:.2f} s",
              flush=True)
    warm = run(ours_cmd(data), env)
    peer_time = float(np.median([r[0] for r in peer_runs]))
    cold_time = float(np.median([r[0] for r in cold_runs]))
    peer_best = min(r[0] for r in peer_runs)
    cold_best = min(r[0] for r in cold_runs)
    peer_score, ours_score, warm_score = score(peer_runs[-1][1], truth), score(cold_runs[-1][1], truth), score(
        warm[1], truth)
    extra_false = ours_score["false"] - peer_score["false"]
    photos = len(truth)
    lines = [
        f"Corpus: {photos} photos ({sum(1 for p in truth.values() if not p)} without an enrolled person, "
        f"{sum(1 for n in truth if 'phone' in n)} at 4032x3024); known: {len(list(known.iterdir()))} photos of "
        f"{len(IDENTITIES)} people. {args.rounds} alternating cold runs each, `--cpus 2` both.",
        "",
        "| | wall time (median; best) | ratio to peer (median; best) | recall | false matches | peak memory |",
        "|---|---|---|---|---|---|",
        f"| face_recognition CLI | {peer_time:.2f} s; {peer_best:.2f} s | 1 | {100 * peer_score['recall']:.1f} % "
        f"({peer_score['found']}/{peer_score['expected']}) | {len(peer_score['false'])} | "
        f"{max(r[2] for r in peer_runs) / 2**20:.0f} MiB |",
        f"| jikimi match-folder, cold | {cold_time:.2f} s; {cold_best:.2f} s | {cold_time / peer_time:.3f}; "
        f"{cold_best / peer_best:.3f} | "
        f"{100 * ours_score['recall']:.1f} % ({ours_score['found']}/{ours_score['expected']}) | "
        f"{len(ours_score['false'])} (not made by the peer: {len(extra_false)}) | "
        f"{max(r[2] for r in cold_runs) / 2**20:.0f} MiB |",
        f"| jikimi match-folder, warm cache | {warm[0]:.2f} s | {warm[0] / peer_time:.4f} "
        f"(1/{cold_time / warm[0]:.0f} of the median cold run) | {100 * warm_score['recall']:.1f} % | "
        f"{len(warm_score['false'])} | "
        f"{warm[2] / 2**20:.0f} MiB |",
    ]
    if peer_score["false"] or ours_score["false"]:
        lines += ["", f"False matches — peer: {sorted(peer_score['false'])}; Jikimi: {sorted(ours_score['false'])}"]
    peer_cpu, ours_cpu = cpu_seconds(unknown)
    lines += ["", f"CPU time to analyse the {photos} photos in one process (robust to the shared machine's load): "
              f"face_recognition's per-photo pipeline {peer_cpu:.1f} s, Jikimi's {ours_cpu:.1f} s "
              f"(ratio {ours_cpu / peer_cpu:.3f})."]
    if args.memory_photos:
        many = OUT / "many"
        many.mkdir()
        sources = sorted(unknown.iterdir())
        for number in range(args.memory_photos):
            source = sources[number % len(sources)]
            image = Image.open(source).convert("RGB")
            # distinct content: a slightly different crop each time, so the cache does not help
            shave = 1 + number // len(sources)
            image.crop((shave, shave, image.width - shave, image.height - shave)).save(
                many / f"{number:04d}.jpg", quality=88)
        memory_data = OUT / "data-many"
        elapsed, _, peak = run([str(VENV_BIN / "jikimi"), "--data-dir", str(memory_data), "match-folder",
                                str(known), str(many), "--cpus", "2"], env)
        memory_line = (f"Memory: {args.memory_photos} distinct photos (a third at 4032x3024) in one cold run of "
                       f"jikimi match-folder --cpus 2: peak {peak / 2**20:.0f} MiB (all processes), {elapsed:.1f} s.")
        print(memory_line)
        if args.write:
            write_block(args.write, "face-memory", memory_line)
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_block(args.write, "face-speed-mixed" if args.mixed else "face-speed", table)
    return 0


def write_block(path: Path, name: str, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text + "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
