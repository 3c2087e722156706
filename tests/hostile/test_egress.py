"""Cases 3, 4 and 5 of issue 19: requests only to hosts the user linked (and their documented media hosts),
``--allow-private`` opening exactly the linked host, and local addresses spelled as IPv6."""

from __future__ import annotations

import io
import ipaddress
import json
import zipfile

import pytest

from desktop.core.tasks import TaskContext
from desktop.sources.base import PhotoRef, SourceError
from desktop.sources.http import default_address_allowed
from desktop.sources.media_hosts import EXPORT_MEDIA_HOSTS, check_media_host, web_media_hosts
from desktop.sources.registry import connector_for
from tests.hostile.servers import answer
from tests.sources_helpers import Recorder, jpeg, make_client


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b:1::c0a8:101",  # local-use NAT64 (RFC 8215)
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "::7f00:1",  # IPv4-compatible ::127.0.0.1
    "::ffff:0:a00:1",  # SIIT ::ffff:0:10.0.0.1
    "fec0::1",  # site-local
    "::ffff:127.0.0.1",  # mapped (already refused before; kept as a guard)
])
def test_a_local_address_spelled_as_ipv6_is_refused(address):
    assert not default_address_allowed(ipaddress.ip_address(address))


def test_a_public_address_behind_nat64_is_still_reachable():
    assert default_address_allowed(ipaddress.ip_address("64:ff9b::808:808"))  # 8.8.8.8
    assert default_address_allowed(ipaddress.ip_address("2606:4700::1111"))


def _page(image_host: str, image_port: int) -> bytes:
    return (f'<html><body><main><img src="http://{image_host}:{image_port}/child.jpg" width=400 height=300>'
            f'</main></body></html>').encode()


def test_allow_private_opens_the_linked_host_only_not_other_local_addresses_or_redirect_hops(raw_server):
    other = raw_server(answer(body=jpeg(), headers={"Content-Type": "image/jpeg"}), host="127.0.0.2")

    def linked(conn, request, stop):
        if request.startswith(b"GET /go"):
            answer("302 Found", headers={"Location": f"{other.base}/admin"})(conn, request, stop)
        elif request.startswith(b"GET /robots.txt"):
            answer("404 Not Found")(conn, request, stop)
        else:
            answer(body=_page("127.0.0.2", other.port), headers={"Content-Type": "text/html"})(conn, request, stop)

    page = raw_server(linked)
    client = make_client()
    connector = connector_for("web", f"{page.base}/", client=client, allow_private=True)
    assert connector.allow_private == {"127.0.0.1"}
    listing = connector.list_photos(TaskContext())  # the linked intranet page itself is read
    assert [photo.image_url for photo in listing.photos] == [f"{other.base}/child.jpg"]
    with pytest.raises(SourceError) as image:
        client.get_image(f"{other.base}/child.jpg", allow_private=connector.allow_private)
    with pytest.raises(SourceError) as hop:
        client.get_page(f"{page.base}/go", allow_private=connector.allow_private)
    assert image.value.message_id == hop.value.message_id == "sources.private_address"
    assert other.requests == [], "a local address the user never linked was contacted"


def test_a_page_image_on_a_host_that_is_not_the_site_is_listed_but_not_fetched(raw_server):
    stranger = raw_server(answer(body=jpeg(), headers={"Content-Type": "image/jpeg"}))
    recorder = Recorder()
    connector = connector_for("web", "http://127.0.0.1:9/", client=make_client(recorder), allow_private=True)
    ref = PhotoRef(f"http://localhost:{stranger.port}/x.jpg", "http://127.0.0.1:9/")
    with pytest.raises(SourceError) as refused:
        connector.fetch_image(ref)
    assert refused.value.message_id == "sources.media_host_not_allowed"
    assert refused.value.values["host"] == "localhost"
    assert recorder.events == [] and stranger.requests == []
    same_site = connector_for("web", f"http://127.0.0.1:{stranger.port}/", client=make_client(), allow_private=True)
    assert same_site.fetch_image(PhotoRef(f"http://127.0.0.1:{stranger.port}/x.jpg")).data == jpeg()


def test_documented_platform_media_hosts_are_the_only_other_hosts_a_page_may_use():
    check_media_host("https://postfiles.pstatic.net/a.jpg", web_media_hosts("blog.naver.com"))
    check_media_host("https://cdn.school.es.kr/a.jpg", web_media_hosts("www.school.es.kr"))
    with pytest.raises(SourceError):
        check_media_host("https://postfiles.pstatic.net/a.jpg", web_media_hosts("www.school.es.kr"))
    with pytest.raises(SourceError):
        check_media_host("https://evil.example/a.jpg", web_media_hosts("blog.naver.com"))


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_an_export_naming_a_photo_on_any_host_lists_it_without_contacting_that_host(tmp_path, raw_server):
    tracker = raw_server(answer(body=jpeg(), headers={"Content-Type": "image/jpeg"}))
    data = {"Profile": {"Profile Info": {"ProfileMap": {
        "userName": "minji", "profilePhoto": f"https://localhost:{tracker.port}/pixel.jpg"}}}}
    export = tmp_path / "tiktok.zip"
    export.write_bytes(_zip({"user_data_tiktok.json": json.dumps(data)}))
    recorder = Recorder()
    connector = connector_for("tiktok-export", str(export), client=make_client(recorder))
    listing = connector.list_photos(TaskContext())
    assert len(listing.photos) == 1  # listed …
    with pytest.raises(SourceError) as refused:
        connector.fetch_image(listing.photos[0])  # … not fetched
    assert refused.value.message_id == "sources.media_host_not_allowed"
    assert recorder.events == [] and tracker.requests == []
    assert "tiktokcdn.com" in EXPORT_MEDIA_HOSTS["tiktok-export"]
    check_media_host("https://p16-sign.tiktokcdn.com/avatar.jpeg", EXPORT_MEDIA_HOSTS["tiktok-export"])


def test_a_sources_details_name_the_hosts_its_photos_may_come_from(capsys):
    from desktop.app import main

    assert main(["person", "add", "Minji", "--role", "child", "--consent", "guardian"]) == 0
    assert main(["source", "add", "Minji", "web", "https://blog.naver.com/minji"]) == 0
    capsys.readouterr()
    assert main(["source", "list", "Minji"]) == 0
    out = capsys.readouterr().out
    assert "photos are downloaded only from the linked address and: blog.naver.com, pstatic.net" in out


def test_keeping_evidence_from_a_local_address_does_not_follow_a_redirect_to_another(raw_server):
    from desktop.reports.evidence import capture_from_url

    other = raw_server(answer(body=jpeg(), headers={"Content-Type": "image/jpeg"}), host="127.0.0.2")
    image = raw_server(answer("302 Found", headers={"Location": f"{other.base}/router.jpg"}))
    with pytest.raises(SourceError) as refused:
        capture_from_url(f"{image.base}/photo.jpg", None, make_client(), allow_private=True)
    assert refused.value.message_id == "sources.private_address" and other.requests == []


def test_the_sources_window_shows_where_a_sources_photos_may_come_from(qtbot, workspace):
    from desktop.ui.dialogs.sources_dialog import SourcesDialog
    from desktop.ui.worker import SyncTaskRunner

    child = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    workspace.sources.add(person_id=child.id, kind="web", target="https://blog.naver.com/minji", owner="self")
    dialog = SourcesDialog(None, workspace, child, SyncTaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).toolTip() == ("photos are downloaded only from the linked address and:"
                                             " blog.naver.com, pstatic.net")
