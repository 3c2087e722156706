"""The built-in demo family: fictional people in a throw-away data directory, with linked sources served by
the loopback demo server (``desktop/demo_server.py``) and scanned by the real engine."""

from __future__ import annotations

import tempfile
from pathlib import Path

from desktop import i18n
from desktop.resources import asset

DEMO_MARKER = "demo"


def make_demo_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="jikimi-demo-"))


def seed(workspace) -> None:
    """Add the demo child with a guardian's consent (idempotent)."""
    persons = workspace.persons
    name = i18n.tr("demo.child_name")
    if persons.find(name) is None:
        persons.add(name, role="child", age_band="under14", consent_by=["guardian"])
    seed_class(workspace)
    workspace.db.set_setting(DEMO_MARKER, "1")


def is_demo(workspace) -> bool:
    return workspace.db.get_setting(DEMO_MARKER) == "1"


def demo_child(workspace):
    return workspace.persons.require(i18n.tr("demo.child_name"))


def prepare(workspace, base_url: str, ctx=None):
    """Enrol the demo child from the bundled portraits and link the demo sources (idempotent)."""
    from desktop.faces.enrol import enrol

    seed(workspace)
    child = demo_child(workspace)
    if not workspace.face_references.has_any(child.id):
        enrol(workspace, child, sorted(asset("demo", "enrol").glob("*.jpg")), ctx=ctx)
    sources = workspace.sources
    if not sources.list_for_person(child.id):
        sources.add(person_id=child.id, kind="bluesky", target="haneul.demo.bsky.social", owner="self",
                    base_url=base_url, allow_private=True)
        sources.add(person_id=child.id, kind="feed", target=f"{base_url}/blog/rss.xml", owner="parent",
                    allow_private=True)
        sources.add(person_id=child.id, kind="web", target=f"{base_url}/school/gallery?page=1", owner="school",
                    allow_private=True)
    return child


def demo_scanner(workspace):
    """A scanner whose HTTP client skips the politeness pause and fetches several photos at once from one
    host: the demo server is on this machine."""
    from desktop.scan.orchestrator import FETCH_WORKERS, Scanner
    from desktop.sources.http import HttpClient

    return Scanner(workspace, client_factory=lambda: HttpClient(validator_store=workspace.http_validators,
                                                                min_interval=0.0, host_concurrency=FETCH_WORKERS))


def run_demo_scan(workspace, base_url: str, ctx=None):
    child = prepare(workspace, base_url, ctx)
    scanner = demo_scanner(workspace)
    try:
        return scanner.scan(child, ctx)
    finally:
        scanner.close()
# The demo class: 24 fictional students (nicknames only) with mixed consent, and finished scans for most of
# those with consent, so the class overview shows its real computation. Each profile below is one scanned
# student: (source visibilities, exposed photos as (level, signals), recommendation ids).
_DEMO_CONSENT = ["given", "given", "requested", "given", "given", "none", "given", "given", "given", "withdrawn",
                 "given", "requested", "given", "given", "given", "none", "given", "given", "given", "requested",
                 "given", "given", "refused", "given"]
_DEMO_PROFILES = [
    (("public",), [("match", ("clear_face", "school_name", "uniform"))] * 4 + [("possible", ())],
     ("make_private", "hide_photos_first", "tag_approval")),
    (("public", "private"), [("match", ("clear_face", "uniform"))] * 3, ("make_private", "hide_photos_first")),
    (("private",), [], ()),
    (("public",), [("match", ("clear_face", "location"))] * 2 + [("possible", ("location",))],
     ("make_private", "remove_location", "hide_photos_first")),
    (("friends",), [("match", ("profile_picture", "clear_face"))], ("change_profile_picture",)),
    (("public",), [("match", ("school_name", "real_name", "clear_face"))] * 2,
     ("make_private", "hide_photos_first", "tag_approval")),
    (("private", "friends"), [], ()),
    (("public",), [("match", ("clear_face", "uniform", "school_name"))] * 5 + [("possible", ())] * 2,
     ("make_private", "hide_photos_first")),
    (("unknown",), [("possible", ("profile_picture",))], ("change_profile_picture",)),
    (("private",), [("match", ("profile_picture",))], ("change_profile_picture",)),
    (("public",), [("match", ("clear_face", "location", "phone"))], ("make_private", "remove_location")),
    (("friends",), [], ()),
    (("public", "public"), [("match", ("clear_face", "same_photo_elsewhere"))] * 3 + [("possible", ())],
     ("make_private", "hide_photos_first", "tag_approval")),
    (("private",), [], ()),
    (("friends",), [("match", ("uniform",))] * 2, ("tag_approval",)),
]


def seed_class(workspace) -> None:
    """Add the demo class (idempotent)."""
    classes = workspace.classes
    name = i18n.tr("class.demo.class_name")
    if classes.find(name) is not None:
        return
    school_class = classes.create(name, i18n.tr("class.demo.school"))
    nicknames = i18n.tr("class.demo.nicknames").split(",")
    data = "\n".join(f"{number},{nickname}" for number, nickname in enumerate(nicknames, 1)).encode("utf-8")
    students = classes.import_roster(school_class.id, data, age_band="under14").students
    profiles = iter(_DEMO_PROFILES)
    for student, status in zip(students, _DEMO_CONSENT, strict=True):
        if status == "withdrawn":
            classes.consents.record(student.id, "given")
        classes.consents.record(student.id, status)
        profile = next(profiles, None) if status == "given" else None
        if profile is not None:
            _seed_scan(workspace, student.id, *profile)
    from desktop.store.class_summary import take_snapshot

    take_snapshot(workspace.db, workspace.vault, school_class.id)  # as a finished class scan leaves it


def _seed_scan(workspace, person_id: int, visibilities, exposures, recommendations) -> None:
    from desktop.store.demo_rows import add_finished_scan

    summary = {"demo": True, "recommendations": [
        {"id": rec, "priority": rank, "title": i18n.tr(f"class.demo.rec.{rec}")}
        for rank, rec in enumerate(recommendations, 1)]}
    add_finished_scan(workspace.db, workspace.vault, person_id, summary, visibilities, exposures)
