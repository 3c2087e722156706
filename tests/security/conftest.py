"""A data directory after a real demo scan (enrolment from the bundled portraits, three loopback sources, the face
engine), with a case, evidence and checklist progress added, plus the markers a leak would show: the child's name,
source targets, image URLs, raw face-encoding bytes, thumbnail bytes, and the sealed blobs of all of them."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop import paths


@dataclass
class Scanned:
    data_dir: Path
    child_id: int
    plain: dict[str, list[bytes]] = field(default_factory=dict)   # kind -> byte strings that must never be on disk
    sealed: dict[str, list[bytes]] = field(default_factory=dict)  # kind -> sealed blobs of the child's data

    def copy_to(self, target: Path) -> Path:
        shutil.copytree(self.data_dir, target)
        return target


def files_containing(data_dir: Path, needles: list[bytes]) -> dict[str, list[int]]:
    """Every file under data_dir (DB, WAL, SHM, backups, logs, keys, preferences): which needles it contains."""
    hits: dict[str, list[int]] = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        found = [i for i, needle in enumerate(needles) if needle and needle in blob]
        if found:
            hits[str(path.relative_to(data_dir))] = found
    return hits


def _collect(workspace, child_id: int) -> tuple[dict, dict]:
    from desktop.faces.matching import ENCODING
    from desktop.store import scans

    vault, db = workspace.vault, workspace.db
    child = workspace.persons.get(child_id)
    plain: dict[str, list[bytes]] = {"name": [child.name.encode("utf-8"), child.name.encode("utf-16-le")]}
    plain["targets"] = [s.target.encode() for s in workspace.sources.list_for_person(child_id)]
    photos = db.query(
        "SELECT p.* FROM photos p JOIN sources s ON s.id = p.source_id WHERE s.person_id = ?", (child_id,))
    plain["image_urls"] = [vault.open_text(r["image_url_enc"], scans.IMAGE_URL).encode() for r in photos]
    plain["post_urls"] = [vault.open_text(r["post_url_enc"], scans.POST_URL).encode() for r in photos
                          if r["post_url_enc"]]
    refs = db.query("SELECT encoding_enc FROM face_references WHERE person_id = ?", (child_id,))
    plain["encodings"] = [vault.open(r["encoding_enc"], ENCODING)[:32] for r in refs]
    thumbs = db.query("SELECT thumbnail_enc FROM findings WHERE person_id = ? AND thumbnail_enc IS NOT NULL",
                      (child_id,))
    plain["thumbnails"] = [vault.open(r["thumbnail_enc"], scans.FINDING_THUMBNAIL)[200:264] for r in thumbs]
    sealed = {
        "name": [db.query_one("SELECT name_enc FROM persons WHERE id = ?", (child_id,))[0]],
        "encodings": [r["encoding_enc"] for r in refs],
        "thumbnails": [r["thumbnail_enc"] for r in thumbs],
        "photos": [r["image_url_enc"] for r in photos],
        "targets": [r[0] for r in db.query("SELECT target_enc FROM sources WHERE person_id = ?", (child_id,))],
        "face_cache": [r[0] for r in db.query(
            "SELECT analysis_enc FROM face_cache WHERE content_index IN (SELECT p.content_index FROM photos p"
            " JOIN sources s ON s.id = p.source_id WHERE s.person_id = ?)", (child_id,))],
        "http_cache": [r[0] for r in db.query("SELECT validators_enc FROM http_cache")],
        "evidence": [r[0] for r in db.query("SELECT record_enc FROM evidence WHERE person_id = ?", (child_id,))],
        "scans": [r[0] for r in db.query("SELECT summary_enc FROM scans WHERE person_id = ? AND summary_enc"
                                         " IS NOT NULL", (child_id,))],
    }
    # Only the distinctive middle of each blob (a 16-byte slice cannot occur by chance).
    sealed = {kind: [bytes(b)[12:44] for b in blobs] for kind, blobs in sealed.items()}
    return plain, sealed


@pytest.fixture(scope="session")
def scanned_demo(tmp_path_factory) -> Scanned:
    from desktop.demo import run_demo_scan
    from desktop.demo_server import DemoServer
    from desktop.log import setup_logging
    from desktop.reports.evidence import capture_from_bytes
    from desktop.store.checklist import ChecklistRepository
    from desktop.store.workspace import open_workspace

    data_dir = tmp_path_factory.mktemp("scanned") / "data"
    app_paths = paths.resolve(data_dir).ensure()
    handler = setup_logging(app_paths.log_file, level=logging.DEBUG)
    server = DemoServer().start()
    workspace = open_workspace(app_paths)
    try:
        outcome = run_demo_scan(workspace, server.base_url)
        assert outcome.state == "done"
        child = workspace.persons.require(workspace.persons.list(role="child")[0].name)
        finding = workspace.db.query_one("SELECT id, thumbnail_enc FROM findings WHERE person_id = ?", (child.id,))
        from desktop.store.scans import FINDING_THUMBNAIL, IMAGE_URL
        row = workspace.db.query_one("SELECT p.image_url_enc FROM photos p JOIN findings f ON f.photo_id = p.id"
                                     " WHERE f.id = ?", (finding["id"],))
        image_url = workspace.vault.open_text(row[0], IMAGE_URL)
        image = workspace.vault.open(finding["thumbnail_enc"], FINDING_THUMBNAIL)
        case = workspace.cases.create("Photo on the school gallery", person_id=child.id, description="evidence")
        record = capture_from_bytes(image, page_url=image_url, image_url=image_url, status=200, keep_image=True)
        workspace.cases.add_evidence(case.id, record.to_dict(), kept_image=image, finding_id=finding["id"])
        ChecklistRepository(workspace.db).set_done(child.id, "instagram.private")
        plain, sealed = _collect(workspace, child.id)
        child_id = child.id
    finally:
        workspace.close()
        server.stop()
        logging.getLogger("jikimi").removeHandler(handler)
        handler.close()
    assert all(plain[k] for k in ("name", "targets", "image_urls", "encodings", "thumbnails")), plain.keys()
    return Scanned(data_dir, child_id, plain, sealed)
