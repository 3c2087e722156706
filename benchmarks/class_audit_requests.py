"""What a class audit asks of the school's server: the class's gallery read once for the class, against once
per student (the behaviour before ``Scanner.class_pages_read_once``), in one run.

    uv run python benchmarks/class_audit_requests.py [--students 8] [--photos 40] [--interval 0.2]

A loopback school gallery (``tests/integration/fake_platforms.py``, the real HTML gallery format, with ETags so
repeated asks get ``304``) publishes ``--photos`` LFW photos (``../shared/data/faces-lfw``) over pages of 10.
``--students`` students of one class, each one LFW person enrolled from 3 other photos of theirs, all with
consent; the gallery is the class's own source. The same audit runs twice on fresh copies of the data: once
scanning the students one by one as before (every student's scan lists the gallery and asks for every photo),
once through ``audit_class`` (gallery read once). The HTTP client spaces requests to the host by ``--interval``
seconds (the app's default politeness is 1 s; shortened here so the old way finishes in a minute or two).

Reported per way: requests to the school's server (200 / 304), wall time, and the findings per student (which
must be the same both ways).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LFW = ROOT.parent / "shared" / "data" / "faces-lfw"


def _people(students: int) -> list[tuple[str, list[Path]]]:
    people = []
    for folder in sorted(p for p in LFW.iterdir() if p.is_dir()):
        photos = sorted(folder.glob("*.jpg"))
        if len(photos) >= 6:
            people.append((folder.name, photos))
    return people[:students]


def _gallery(people, photos: int):
    """Gallery photos: the people's photos not used for enrolment, taken in turn."""
    pool = [photo for _, files in people for photo in files[3:]]
    pool.sort(key=lambda p: (int(p.stem.rsplit("_", 1)[-1]), p.name))
    return pool[:photos]


def _setup(data_dir: Path, people, base: str):
    from desktop import paths
    from desktop.faces.enrol import enrol
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(paths.resolve(data_dir).ensure())
    school_class = workspace.classes.create("3-1", "Bench Middle")
    for number, (_name, files) in enumerate(people, start=1):
        workspace.classes.add_student(school_class.id, number, f"student{number}")
        workspace.classes.set_consent(school_class.id, number, "given")
        enrol(workspace, workspace.classes.member(school_class.id, number), files[:3])
    workspace.sources.add(class_id=school_class.id, kind="web", target=f"{base}/gallery?page=1", owner="school",
                          allow_private=True)
    return workspace, school_class


def _findings(workspace, school_class, count: int) -> list[int]:
    from desktop.store.scans import ScanRepository

    repo = ScanRepository(workspace.db, workspace.vault)
    return [len(repo.findings(workspace.classes.member(school_class.id, n).id)) for n in range(1, count + 1)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.2)
    args = parser.parse_args(argv)
    if not LFW.is_dir():
        print(f"no LFW photos at {LFW}", file=sys.stderr)
        return 2

    from desktop.core.tasks import TaskContext
    from desktop.faces.engine import FaceEngine
    from desktop.scan.class_audit import audit_class
    from desktop.scan.orchestrator import Scanner
    from desktop.sources.http import HttpClient
    from tests.integration.fake_platforms import Platforms, Post, serve

    people = _people(args.students)
    gallery = _gallery(people, args.photos)
    images = {photo.name: photo.read_bytes() for photo in gallery}
    posts = [Post(photo.name, "운동회") for photo in gallery]
    pages = [posts[i:i + 10] for i in range(0, len(posts), 10)]
    print(f"{len(people)} students, {len(gallery)} gallery photos on {len(pages)} pages, "
          f"{args.interval} s between requests to the school's host")
    engine = FaceEngine()
    list(engine.analyse_many([(0, images[gallery[0].name])]))  # start the workers before the clock (once per session)
    results = {}
    try:
        for way in ("per student (before)", "once per audit (now)"):
            platforms = Platforms(images=images, gallery_pages=pages, validators=True)
            server, base = serve(platforms)
            with tempfile.TemporaryDirectory() as tmp:
                workspace, school_class = _setup(Path(tmp) / "data", people, base)
                client = HttpClient(validator_store=workspace.http_validators, min_interval=args.interval)
                scanner = Scanner(workspace, engine=engine, client=client)
                started = time.perf_counter()
                if way.startswith("per student"):
                    for number in range(1, len(people) + 1):
                        scanner.scan(workspace.classes.member(school_class.id, number), TaskContext())
                else:
                    audit_class(workspace, school_class.id, TaskContext(), scanner=scanner)
                elapsed = time.perf_counter() - started
                statuses = Counter(status for path, status in platforms.responses if path != "/robots.txt")
                results[way] = (elapsed, statuses, _findings(workspace, school_class, len(people)))
                client.close()
                workspace.close()
            server.shutdown()
            server.server_close()
    finally:
        engine.close()
    print(f"{'way':24} {'requests':>8} {'200':>5} {'304':>5} {'wall s':>7}  findings per student")
    for way, (elapsed, statuses, findings) in results.items():
        print(f"{way:24} {sum(statuses.values()):>8} {statuses[200]:>5} {statuses[304]:>5} {elapsed:>7.1f}  "
              f"{findings}")
    (before_time, before, before_findings), (now_time, now, now_findings) = results.values()
    print(f"ratio now/before: requests {sum(now.values()) / sum(before.values()):.3f}, "
          f"time {now_time / before_time:.3f}; same findings: {before_findings == now_findings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
