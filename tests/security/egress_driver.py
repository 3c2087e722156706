"""Runs a full demo scan and a full multi-source loopback scan (three servers on three loopback hosts) and
records every outgoing connection of this process with an audit hook (``socket.connect``, ``socket.getaddrinfo``,
``socket.sendto``). Run under ``strace -f`` by tests/security/test_egress.py, which also sees the face-engine
worker processes. Writes a JSON report to the path given as the first argument."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

RECORDED: list[list] = []


def _hook(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if isinstance(address, tuple):
            RECORDED.append([event, str(address[0]), int(address[1])])
        else:  # AF_UNIX: the face-engine pool's forkserver pipe; not network traffic
            RECORDED.append([event, "unix", 0])
    elif event in ("socket.gethostbyaddr", "socket.gethostbyname"):
        RECORDED.append([event, str(args[0]), 0])
    elif event == "socket.getaddrinfo":
        RECORDED.append([event, str(args[0]), int(args[1] or 0)])


def linked_hosts(workspace, person_id: int) -> list[list]:
    hosts = set()
    for source in workspace.sources.list_for_person(person_id):
        url = urlparse(source.base_url or source.target)
        hosts.add((url.hostname, url.port or (443 if url.scheme == "https" else 80)))
    return sorted(list(h) for h in hosts)


def demo_scan(root: Path) -> dict:
    from desktop import paths
    from desktop.demo import demo_child, run_demo_scan
    from desktop.demo_server import DemoServer
    from desktop.store.workspace import open_workspace

    server = DemoServer().start()
    workspace = open_workspace(paths.resolve(root / "demo").ensure())
    try:
        outcome = run_demo_scan(workspace, server.base_url)
        child = demo_child(workspace)
        findings = workspace.db.query_one("SELECT count(*) FROM findings WHERE person_id = ?", (child.id,))[0]
        return {"state": outcome.state, "findings": findings, "hosts": linked_hosts(workspace, child.id)}
    finally:
        workspace.close()
        server.stop()


def multi_source_scan(root: Path) -> dict:
    from desktop import paths
    from desktop.demo import demo_scanner
    from desktop.faces.enrol import enrol
    from desktop.resources import asset
    from desktop.store.workspace import open_workspace
    from tests.integration.fake_platforms import Platforms, Post, serve

    photos = sorted(asset("demo", "photos").glob("*.jpg"))[:6]
    images = {p.name: p.read_bytes() for p in photos}
    names = list(images)
    servers = [
        serve(Platforms(images, bluesky_posts=[Post(n) for n in names[:3]], bluesky_avatar=names[0]), "127.0.0.1"),
        serve(Platforms(images, feed_posts=[Post(n, "소풍") for n in names[2:5]]), "127.0.0.2"),
        serve(Platforms(images, gallery_pages=[[Post(n) for n in names[3:5]], [Post(names[5])]]), "127.0.0.3"),
    ]
    workspace = open_workspace(paths.resolve(root / "multi").ensure())
    try:
        child = workspace.persons.add("Lee Seoyeon", age_band="under14", consent_by=["guardian"])
        enrol(workspace, child, sorted(asset("demo", "enrol").glob("*.jpg")))
        (_, bsky), (_, feed), (_, web) = servers
        workspace.sources.add(person_id=child.id, kind="bluesky", target="child.test", base_url=bsky,
                              allow_private=True)
        workspace.sources.add(person_id=child.id, kind="feed", target=f"{feed}/feed.xml", allow_private=True)
        workspace.sources.add(person_id=child.id, kind="web", target=f"{web}/gallery?page=1", allow_private=True)
        scanner = demo_scanner(workspace)
        try:
            outcome = scanner.scan(child)
        finally:
            scanner.close()
        checked = workspace.db.query_one("SELECT count(*) FROM photos WHERE state = 'done'")[0]
        return {"state": outcome.state, "photos_checked": checked, "hosts": linked_hosts(workspace, child.id)}
    finally:
        workspace.close()
        for server, _ in servers:
            server.shutdown()
            server.server_close()


def main() -> None:
    sys.addaudithook(_hook)
    with tempfile.TemporaryDirectory() as root:
        report = {"demo": demo_scan(Path(root)), "multi": multi_source_scan(Path(root))}
    report["recorded"] = RECORDED
    Path(sys.argv[1]).write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main()
