"""The one HTTP client: every request passes one observable choke point, and every bad answer becomes a
clear, translated message rather than a hang, a huge download or a request to the local network."""

from __future__ import annotations

import ipaddress
import threading
import time

import pytest
from werkzeug.wrappers import Response

from desktop.i18n import tr
from desktop.sources.base import SourceError
from desktop.sources.http import PAGE_CAP, USER_AGENT, HttpClient, MemoryValidatorStore
from desktop.store.http_cache import HttpValidatorStore
from tests.sources_helpers import Recorder, jpeg, make_client


def loopback_is_public(ip) -> bool:
    """Pretend the loopback test server is the public internet, so the private-address rules can be tested."""
    return ip.is_loopback or ip.is_global


def test_requests_name_the_app_and_its_version(httpserver):
    httpserver.expect_request("/page", headers={"User-Agent": USER_AGENT}).respond_with_data("<html>hi</html>")
    page = make_client().get_page(httpserver.url_for("/page"), allow_private=True)
    assert page.status == 200 and page.body == b"<html>hi</html>"
    assert USER_AGENT.startswith("Jikimi/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://10.0.0.8/x",
        "http://192.168.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/x",
        "http://100.64.0.1/x",
    ],
)
def test_local_and_private_addresses_are_refused_without_connecting(url):
    recorder = Recorder()
    client = make_client(recorder)
    with pytest.raises(SourceError) as caught:
        client.get_page(url)
    assert caught.value.message_id == "sources.private_address"
    assert "local network" in tr(caught.value.message_id, **caught.value.values)
    assert [(e.url, e.status, e.error) for e in recorder.events] == [(url, None, "sources.private_address")]


def test_a_name_that_rebinds_to_a_local_address_after_the_check_is_refused_before_sending(httpserver):
    """DNS rebinding: the name answers a public address when checked, then the local one when connecting."""
    httpserver.expect_request("/secret").respond_with_data("internal")
    recorder = Recorder()
    client = make_client(recorder, resolver=lambda host, port: ["93.184.216.34"])
    url = httpserver.url_for("/secret").replace("127.0.0.1", "localhost")
    with pytest.raises(SourceError) as caught:
        client.get_page(url)
    assert caught.value.message_id == "sources.private_address"
    assert httpserver.log == []  # the local server never received the request
    assert [(e.status, e.error) for e in recorder.events] == [(None, "sources.private_address")]


def test_over_https_the_rebound_address_is_refused_before_the_tls_handshake():
    """Not even a TLS ClientHello (which names the host) reaches the local address."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    received: list[bytes] = []

    def accept():
        connection, _ = listener.accept()
        connection.settimeout(1.0)
        try:
            received.append(connection.recv(1024))
        except OSError:
            received.append(b"")
        connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    client = make_client(resolver=lambda host, port: ["93.184.216.34"])
    try:
        with pytest.raises(SourceError) as caught:
            client.get_page(f"https://localhost:{listener.getsockname()[1]}/secret")
        thread.join(timeout=5)
    finally:
        listener.close()
    assert caught.value.message_id == "sources.private_address"
    assert received == [b""]  # connected and closed again without a byte sent


def test_sources_allowed_on_the_local_network_still_connect(httpserver):
    httpserver.expect_request("/page").respond_with_data("intranet")
    client = make_client(resolver=lambda host, port: ["93.184.216.34"])
    assert client.get_page(httpserver.url_for("/page"), allow_private=True).body == b"intranet"


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/"])
def test_only_http_and_https(url):
    with pytest.raises(SourceError) as caught:
        make_client().get_page(url)
    assert caught.value.message_id == "sources.bad_scheme"


def test_redirects_are_followed_hop_by_hop(httpserver):
    httpserver.expect_request("/a").respond_with_response(Response(status=301, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/c?x=1"}))
    httpserver.expect_request("/c").respond_with_data("arrived")
    recorder = Recorder()
    page = make_client(recorder).get_page(httpserver.url_for("/a"), allow_private=True)
    assert page.body == b"arrived"
    assert page.final_url == httpserver.url_for("/c?x=1")
    assert [e.status for e in recorder.events] == [301, 302, 200]


def test_a_redirect_loop_stops_after_five_hops(httpserver):
    for n in range(10):
        httpserver.expect_request(f"/r{n}").respond_with_response(
            Response(status=302, headers={"Location": f"/r{n + 1}"})
        )
    recorder = Recorder()
    with pytest.raises(SourceError) as caught:
        make_client(recorder).get_page(httpserver.url_for("/r0"), allow_private=True)
    assert caught.value.message_id == "sources.too_many_redirects"
    assert len(recorder.events) == 6  # the first request and five redirects followed


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/", "http://10.1.2.3:8080/", "http://[fd00::1]/"],
)
def test_a_redirect_to_a_private_address_is_refused_at_that_hop(httpserver, target):
    httpserver.expect_request("/go").respond_with_response(Response(status=302, headers={"Location": target}))
    recorder = Recorder()
    client = make_client(recorder, address_allowed=loopback_is_public)
    with pytest.raises(SourceError) as caught:
        client.get_page(httpserver.url_for("/go"))
    assert caught.value.message_id == "sources.private_address"
    assert [e.status for e in recorder.events] == [302, None]
    assert recorder.events[-1].url == target


def test_a_redirect_to_another_scheme_is_refused(httpserver):
    httpserver.expect_request("/go").respond_with_response(
        Response(status=301, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(SourceError) as caught:
        make_client().get_page(httpserver.url_for("/go"), allow_private=True)
    assert caught.value.message_id == "sources.bad_scheme"


def test_429_with_retry_after_is_waited_out_then_retried(httpserver):
    calls = {"n": 0}

    def handler(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "7"})
        return Response('{"ok": true}', content_type="application/json")

    httpserver.expect_request("/api").respond_with_handler(handler)
    recorder = Recorder()
    data = make_client(recorder).get_json(httpserver.url_for("/api"), allow_private=True)
    assert data == {"ok": True}
    assert recorder.sleeps == [7.0]
    assert [e.status for e in recorder.events] == [429, 200]


def test_503_without_retry_after_backs_off_exponentially_then_gives_a_clear_message(httpserver):
    httpserver.expect_request("/busy").respond_with_response(Response("busy", status=503))
    recorder = Recorder()
    client = make_client(recorder, max_retries=3)
    with pytest.raises(SourceError) as caught:
        client.get_page(httpserver.url_for("/busy"), allow_private=True)
    assert caught.value.message_id == "sources.server_unavailable"
    assert recorder.sleeps == [1.0, 2.0, 4.0]
    assert len(recorder.events) == 4


def test_a_rate_limit_that_does_not_lift_says_try_later(httpserver):
    httpserver.expect_request("/api").respond_with_response(Response("no", status=429, headers={"Retry-After": "1800"}))
    recorder = Recorder()
    with pytest.raises(SourceError) as caught:
        make_client(recorder).get_page(httpserver.url_for("/api"), allow_private=True)
    assert caught.value.message_id == "sources.rate_limited"
    assert caught.value.retry_after == 1800
    assert tr("sources.rate_limited", **caught.value.values).endswith("Try again in about 30 minutes.")
    assert recorder.sleeps == []  # half an hour is too long to sit and wait inside a scan


def test_a_slow_server_times_out(httpserver):
    def slow(request):
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    client = make_client(timeout=(1, 0.3))
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        client.get_page(httpserver.url_for("/slow"), allow_private=True)
    assert caught.value.message_id == "sources.timeout"
    assert time.monotonic() - started < 1.0


def test_an_oversized_page_is_refused_from_its_content_length(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * (PAGE_CAP + 1))
    recorder = Recorder()
    with pytest.raises(SourceError) as caught:
        make_client(recorder).get_page(httpserver.url_for("/big"), allow_private=True)
    assert caught.value.message_id == "sources.too_large"
    assert (
        tr("sources.too_large", **caught.value.values)
        == "The site sent more than 5 MB for one item, so Jikimi stopped reading it."
    )


def test_an_oversized_body_without_content_length_is_cut_off_while_reading(httpserver):
    def endless(request):
        def chunks():
            block = b"y" * 65536
            for _ in range(2000):  # far more than the cap; the client must stop early
                yield block

        return Response(chunks(), content_type="image/jpeg")  # streamed: no Content-Length

    httpserver.expect_request("/huge.jpg").respond_with_handler(endless)
    client = make_client(image_cap=1024 * 1024)
    with pytest.raises(SourceError) as caught:
        client.get_image(httpserver.url_for("/huge.jpg"), allow_private=True)
    assert caught.value.message_id == "sources.too_large"
    assert HttpClient().image_cap == 20 * 1024 * 1024  # the default a scan gets: docs/sources.md, images ≤ 20 MB


def test_not_found_and_server_errors_are_explained(httpserver):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/teapot").respond_with_data("", status=418)
    client = make_client()
    with pytest.raises(SourceError) as gone:
        client.get_page(httpserver.url_for("/gone"), allow_private=True)
    assert gone.value.message_id == "sources.not_found"
    with pytest.raises(SourceError) as teapot:
        client.get_page(httpserver.url_for("/teapot"), allow_private=True)
    assert tr(teapot.value.message_id, **teapot.value.values).startswith("The site answered with an error (HTTP 418)")


def test_malformed_json_is_a_clear_error(httpserver):
    httpserver.expect_request("/api").respond_with_data("{not json", content_type="application/json")
    with pytest.raises(SourceError) as caught:
        make_client().get_json(httpserver.url_for("/api"), allow_private=True)
    assert caught.value.message_id == "sources.bad_json"


def test_an_html_error_page_is_not_taken_for_an_image(httpserver):
    httpserver.expect_request("/photo.jpg").respond_with_data("<html>login</html>", content_type="text/html")
    with pytest.raises(SourceError) as caught:
        make_client().get_image(httpserver.url_for("/photo.jpg"), allow_private=True)
    assert caught.value.message_id == "sources.not_an_image"


def test_same_host_requests_wait_for_the_politeness_interval():
    clock = {"now": 100.0}
    recorder = Recorder()

    def fake_sleep(seconds):
        recorder.sleeps.append(seconds)
        clock["now"] += seconds

    client = HttpClient(sleep=fake_sleep, clock=lambda: clock["now"])
    assert client.min_interval >= 1.0  # the default stays polite
    state = client._host_state("example.org")
    client._wait_turn("example.org", state)
    state.last = clock["now"]
    clock["now"] += 0.25
    client._wait_turn("example.org", state)
    assert recorder.sleeps == [pytest.approx(0.75)]
    client.set_host_interval("example.org", 2.0)  # e.g. robots.txt crawl-delay
    state.last = clock["now"]
    client._wait_turn("example.org", state)
    assert recorder.sleeps[-1] == pytest.approx(2.0)
    other = client._host_state("other.example")
    client._wait_turn("other.example", other)
    assert len(recorder.sleeps) == 2  # a different host does not wait


class FakeClock:
    """A monotonic clock that moves only when the client sleeps on it (thread-safe: hosts wait in parallel)."""

    def __init__(self):
        self.now = 100.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


def test_politeness_between_real_requests(httpserver):
    httpserver.expect_request("/p").respond_with_data("ok")
    fake = FakeClock()
    client = make_client(min_interval=0.2, clock=fake.clock)
    client.sleep = fake.sleep
    for _ in range(3):
        client.get_page(httpserver.url_for("/p"), allow_private=True, conditional=False)
    assert fake.sleeps == [pytest.approx(0.2)] * 2  # no time passes on the fake clock but the waits themselves


def test_concurrency_is_bounded_across_hosts():
    client = HttpClient(min_interval=0, max_concurrency=2)
    assert _peak_in_flight(client, [f"https://host{n}.example/" for n in range(6)], together=2) == 2


def test_conditional_requests_reuse_the_saved_page_on_304(httpserver):
    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response("<rss>first</rss>", headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 00:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    store = MemoryValidatorStore()
    client = make_client(validator_store=store)
    first = client.get_page(httpserver.url_for("/feed"), allow_private=True)
    second = client.get_page(httpserver.url_for("/feed"), allow_private=True)
    assert (first.not_modified, first.body) == (False, b"<rss>first</rss>")
    assert (second.not_modified, second.status, second.body) == (True, 304, b"<rss>first</rss>")
    sent = [request.headers.get("If-Modified-Since") for request, _ in httpserver.log]
    assert sent == [None, "Wed, 01 May 2024 00:00:00 GMT"]


def test_images_are_conditional_too_and_their_bytes_are_not_kept(httpserver, workspace):
    photo = jpeg()

    def handler(request):
        if request.headers.get("If-None-Match") == '"img1"':
            return Response(status=304)
        return Response(photo, content_type="image/jpeg", headers={"ETag": '"img1"'})

    httpserver.expect_request("/p.jpg").respond_with_handler(handler)
    store = HttpValidatorStore(workspace.db, workspace.vault)
    client = make_client(validator_store=store)
    url = httpserver.url_for("/p.jpg")
    first = client.get_image(url, allow_private=True)
    again = client.get_image(url, allow_private=True)
    assert first.data == photo and not first.not_modified
    assert again.not_modified and again.data == b""
    saved = store.get(url)
    assert saved.etag == '"img1"' and saved.body is None


def test_the_validator_store_is_encrypted_at_rest(httpserver, workspace):
    secret_body = "<rss><title>민지의 비밀 블로그</title></rss>"
    httpserver.expect_request("/feed").respond_with_data(secret_body, headers={"ETag": '"e"'})
    store = workspace.http_validators
    url = httpserver.url_for("/feed")
    make_client(validator_store=store).get_page(url, allow_private=True)
    assert store.get(url).body == secret_body.encode()
    raw = (
        workspace.paths.database.read_bytes()
        + workspace.paths.database.with_name(workspace.paths.database.name + "-wal").read_bytes()
    )
    assert secret_body.encode() not in raw and url.encode() not in raw and b'"e"' not in raw


def test_default_rules_refuse_every_non_global_address():
    from desktop.sources.http import default_address_allowed

    refused = [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd12::1",
        "::ffff:192.168.0.1",
        "224.0.0.1",
    ]
    assert [a for a in refused if default_address_allowed(ipaddress.ip_address(a))] == []
    assert default_address_allowed(ipaddress.ip_address("93.184.216.34"))


def _peak_in_flight(client, urls, together: int | None = None) -> int:
    """The most requests in flight at once. ``together``: each request waits at a barrier until that many are in
    flight (proof that the client lets them overlap, however the threads are scheduled); without it a request
    takes 50 ms, long enough for a client that wrongly let a second one in to be caught doing it."""
    active, peak, lock = [0], [0], threading.Lock()
    barrier = threading.Barrier(together) if together else None

    def fake_request(method, url, headers, cap, allow_private):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        if barrier is not None:
            barrier.wait(timeout=10)  # broken (and the peak too low) if the client never lets `together` in
        else:
            time.sleep(0.05)
        with lock:
            active[0] -= 1
        from desktop.sources.http import _Raw

        return _Raw(200, {}, url, b"ok")

    client._request = fake_request
    client.resolver = lambda host, port: ["93.184.216.34"]
    threads = [threading.Thread(target=client.get_page, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return peak[0]


def test_one_host_gets_one_request_at_a_time_by_default():
    client = HttpClient(min_interval=0, max_concurrency=4)
    assert _peak_in_flight(client, [f"https://cdn.example/{n}.jpg" for n in range(6)]) == 1


def test_a_host_allowed_more_gets_them_and_its_interval_spaces_the_starts():
    client = HttpClient(min_interval=0, max_concurrency=4)
    client.set_host_concurrency("cdn.example", 3)
    assert _peak_in_flight(client, [f"https://cdn.example/{n}.jpg" for n in range(6)], together=3) == 3
    assert _peak_in_flight(client, [f"https://other.example/{n}.jpg" for n in range(4)]) == 1

    # Overlapping requests to one host still start min_interval apart: each start after the first waits it out.
    fake = FakeClock()
    spaced = HttpClient(min_interval=0.03, max_concurrency=4, host_concurrency=4, sleep=fake.sleep, clock=fake.clock)
    assert _peak_in_flight(spaced, [f"https://cdn.example/{n}.jpg" for n in range(4)], together=2) >= 2
    assert fake.sleeps == [pytest.approx(0.03)] * 3
