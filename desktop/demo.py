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
    has_face = workspace.db.query_one("SELECT 1 FROM face_references WHERE person_id = ?", (child.id,))
    if not has_face:
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
    """A scanner whose HTTP client skips the politeness pause: the demo server is on this machine."""
    from desktop.scan.orchestrator import Scanner
    from desktop.sources.http import HttpClient
    from desktop.store.http_cache import HttpCacheStore

    return Scanner(workspace, client_factory=lambda: HttpClient(
        validator_store=HttpCacheStore(workspace.db, workspace.vault), min_interval=0.0))


def run_demo_scan(workspace, base_url: str, ctx=None):
    child = prepare(workspace, base_url, ctx)
    scanner = demo_scanner(workspace)
    try:
        return scanner.scan(child, ctx)
    finally:
        scanner.close()
