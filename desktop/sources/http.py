"""The one HTTP client every connector uses.

Everything Jikimi reads from the network passes :meth:`HttpClient._send`, the single choke point: it checks
the scheme and the resolved address (and each new connection the address it actually reached), waits for the
host's turn (politeness: one request at a time per host unless the host's concurrency was raised, starts spaced
by the host's interval), bounds the concurrency across hosts, sends one request with timeouts, reads the body in
a stream under a byte cap, and tells the observers. Around it,
:meth:`HttpClient._fetch` follows redirects hop by hop (re-checking each hop), honours ``Retry-After`` on 429
and 503, and uses the validators saved for a URL (ETag / Last-Modified) so a re-scan downloads nothing that
did not change.

Failures the user can act on raise :class:`~desktop.sources.base.SourceError` with a message id.
Logs never contain URLs (they can name a child's profile).
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from desktop import APP_NAME, __version__
from desktop.core.tasks import Cancelled
from desktop.log import get_logger
from desktop.sources.base import FetchedImage, SourceError

log = get_logger("sources.http")

USER_AGENT = f"{APP_NAME}/{__version__} (local privacy check of linked public profiles)"
PAGE_CAP = 5 * 1024 * 1024
IMAGE_CAP = 20 * 1024 * 1024
ERROR_BODY_CAP = 64 * 1024
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = (5.0, 15.0)
CHUNK = 64 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
RETRY_STATUSES = (429, 503)


class HttpStatusError(SourceError):
    """The server answered with an error status. Connectors look at ``status`` and ``body`` (e.g. a JSON
    error name) to explain it better; otherwise its message id is already a plain explanation."""

    def __init__(self, message_id: str, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        super().__init__(message_id, f"HTTP {status}", status=status)
        self.status = status
        self.body = body
        self.headers = headers or {}

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8", "replace"))
        except ValueError:
            return None


@dataclass(frozen=True)
class RequestEvent:
    """What an observer sees of every attempt at the choke point."""

    method: str
    url: str
    host: str
    status: int | None  # None when no answer came (refused address, timeout, connection error)
    error: str | None = None  # the message id when the attempt failed
    attempt: int = 1


@dataclass
class PageResponse:
    status: int
    headers: dict[str, str]
    final_url: str
    body: bytes
    not_modified: bool = False  # 304: ``body`` is the copy saved at the previous scan

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.body.decode(charset, "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # 50,000-deep nesting included
            raise SourceError("sources.bad_json", str(exc)) from exc


@dataclass
class SavedValidators:
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None  # pages and API answers only, so a 304 can be re-parsed


class ValidatorStore(Protocol):
    def get(self, url: str) -> SavedValidators | None: ...

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes | None = None) -> None: ...


class MemoryValidatorStore:
    """Validators kept for the life of the process (``jikimi source check`` and tests)."""

    def __init__(self) -> None:
        self._saved: dict[str, SavedValidators] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> SavedValidators | None:
        with self._lock:
            return self._saved.get(url)

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes | None = None) -> None:
        with self._lock:
            self._saved[url] = SavedValidators(etag, last_modified, body)


@dataclass
class _Raw:
    status: int
    headers: dict[str, str]
    url: str
    body: bytes = b""


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation, never a public host
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")  # RFC 2765: ::ffff:0:a.b.c.d
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, SIIT, IPv4-compatible, 6to4, Teredo client), so
    ``64:ff9b::7f00:1`` is judged as ``127.0.0.1``."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _SIIT or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def default_address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Only globally routable addresses: no loopback, private, link-local, CGNAT, multicast, reserved — also
    when spelled as IPv6 (NAT64, 6to4, SIIT, IPv4-compatible, mapped, Teredo) or as old site-local IPv6."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL or ip in _SITE_LOCAL or ip.is_site_local:
            return False
        embedded = embedded_ipv4(ip)
        if embedded is not None:
            return embedded.is_global and not embedded.is_multicast
    return ip.is_global and not ip.is_multicast


def _decimal(value: str, limit: int = 18) -> int | None:
    """A header's non-negative integer (``Content-Length``, ``Retry-After``): ASCII digits only (``"²"`` passes
    ``isdigit``) and not absurdly long."""
    value = value.strip()
    if not value or len(value) > limit or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


class _InFlight:
    """One request as the watchdog sees it: its wall-clock deadline and the connection it is using."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.connection = None
        self.reason: str | None = None  # "timeout" or "cancelled" once the watchdog cut it

    def cut(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
        sock = getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _raise_if_cut(flight: _InFlight) -> None:
    if flight.reason == "cancelled":
        raise Cancelled()
    if flight.reason == "timeout":
        raise SourceError("sources.timeout", "total time exceeded")


_current = threading.local()  # the request this thread is sending (set around session.request)


def _tracked(conn):
    """Tell the watchdog which connection the current request uses, so its deadline or a cancel can cut it."""
    flight = getattr(_current, "flight", None)
    if flight is not None:
        flight.connection = conn
    return conn


def _refuse_private_peer(sock: socket.socket, host: str, address_allowed: Callable[[Any], bool]) -> socket.socket:
    peer = sock.getpeername()[0]
    if not address_allowed(ipaddress.ip_address(peer.split("%", 1)[0])):
        sock.close()
        raise SourceError("sources.private_address", "the connection reached a non-public address", host=host)
    return sock


def _peer_checked_adapter(address_allowed: Callable[[Any], bool]) -> HTTPAdapter:
    """An adapter whose connections check the address they actually reached, before a byte is sent, and tell
    the watchdog which connection the current request uses (so its deadline or a cancel can cut it).

    The address check before a request resolves the name once; the connection resolves it again, and a name
    that answers a public address first and a local one next (DNS rebinding) would slip between the two.
    """

    def checked(base):
        class PeerChecked(base):
            def _new_conn(self):
                return _refuse_private_peer(super()._new_conn(), self.host, address_allowed)

        return PeerChecked

    class Pool(HTTPConnectionPool):
        ConnectionCls = checked(HTTPConnection)

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _tracked(super()._get_conn(timeout))

    class TlsPool(HTTPSConnectionPool):
        ConnectionCls = checked(HTTPSConnection)

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _tracked(super()._get_conn(timeout))

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TlsPool}

    return Adapter()


def _session(user_agent: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.trust_env = False  # no proxies or .netrc credentials picked up from the environment
    return session


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError("sources.host_not_found", str(exc), host=host) from exc
    # a stream socket's address (IPv4 or IPv6) starts with the host as text
    return [str(info[4][0]) for info in infos]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    seconds = _decimal(value)
    if seconds is not None:
        return float(seconds)
    if value[:1].isdigit():
        return None  # digits of another script, or an absurd number: not a date either
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass
class _HostState:
    concurrency: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)  # spaces request starts
    last: float | None = None  # the previous request's end (one at a time) or start (several at once)
    slots: threading.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(max(1, self.concurrency))


class HttpClient:
    def __init__(
        self,
        validator_store: ValidatorStore | None = None,
        min_interval: float = 1.0,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_retry_wait: float = 120.0,
        max_concurrency: int = 4,
        host_concurrency: int = 1,
        page_cap: int = PAGE_CAP,
        image_cap: int = IMAGE_CAP,
        user_agent: str = USER_AGENT,
        address_allowed: Callable[[Any], bool] = default_address_allowed,
        resolver: Callable[[str, int], list[str]] = _resolve,
    ):
        self.validator_store = validator_store
        self.min_interval = min_interval
        self.timeout = timeout
        self.max_retries = max_retries
        self.sleep = sleep
        self.clock = clock
        self.max_retry_wait = max_retry_wait
        self.page_cap = page_cap
        self.image_cap = image_cap
        self.address_allowed = address_allowed
        self.resolver = resolver
        self.session = _session(user_agent)
        adapter = _peer_checked_adapter(address_allowed)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # The hosts the user allowed on the local network (a school intranet, the demo) skip the address checks.
        self.local_session = _session(user_agent)
        local_adapter = _peer_checked_adapter(lambda ip: True)
        self.local_session.mount("http://", local_adapter)
        self.local_session.mount("https://", local_adapter)
        self._is_cancelled: Callable[[], bool] = lambda: False
        self._flights: set[_InFlight] = set()
        self._flights_lock = threading.Lock()
        self._watchdog: threading.Thread | None = None
        self._observers: list[Callable[[RequestEvent], None]] = []
        self._hosts: dict[str, _HostState] = {}
        self._host_intervals: dict[str, float] = {}
        self.host_concurrency = max(1, host_concurrency)
        self._host_concurrency: dict[str, int] = {}
        self._hosts_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, max_concurrency))

    # --- configuration ------------------------------------------------------------------------------
    def add_observer(self, observer: Callable[[RequestEvent], None]) -> None:
        self._observers.append(observer)

    def set_host_interval(self, host: str, seconds: float) -> None:
        """A host's own limit (an API's documented rate, a robots.txt crawl-delay); never below the default."""
        with self._hosts_lock:
            self._host_intervals[host.lower()] = max(seconds, self._host_intervals.get(host.lower(), 0.0))

    def set_host_concurrency(self, host: str, requests: int) -> None:
        """How many requests may run at once against ``host`` (default: ``host_concurrency``, 1 unless the
        client was built otherwise). With more than one, the host's interval spaces the request starts."""
        host = host.lower()
        with self._hosts_lock:
            self._host_concurrency[host] = max(1, requests)
            if host in self._hosts:
                self._hosts[host] = _HostState(max(1, requests), last=self._hosts[host].last)

    def watch(self, is_cancelled: Callable[[], bool] | None) -> None:
        """Make waits and requests in flight stop when ``is_cancelled()`` turns true (the scan's Cancel, Ctrl-C);
        ``None`` stops watching."""
        self._is_cancelled = is_cancelled or (lambda: False)

    def interval_for(self, host: str) -> float:
        return max(self.min_interval, self._host_intervals.get(host.lower(), 0.0))

    def close(self) -> None:
        self.session.close()
        self.local_session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- public API ---------------------------------------------------------------------------------
    def get_page(
        self,
        url: str,
        allow_private: bool | Collection[str] = False,
        conditional: bool = True,
        headers: dict[str, str] | None = None,
    ) -> PageResponse:
        """A page, feed or API answer (≤ 5 MB). Error statuses raise :class:`HttpStatusError`."""
        raw, not_modified, saved = self._fetch(url, allow_private, conditional, headers, self.page_cap, True)
        body = saved.body if not_modified and saved is not None and saved.body is not None else raw.body
        return PageResponse(raw.status, raw.headers, raw.url, body, not_modified)

    def get_json(
        self,
        url: str,
        allow_private: bool | Collection[str] = False,
        conditional: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Any:
        merged = {"Accept": "application/json"}
        merged.update(headers or {})
        return self.get_page(url, allow_private, conditional, merged).json()

    def get_image(
        self, url: str, allow_private: bool | Collection[str] = False, conditional: bool = True
    ) -> FetchedImage:
        """An image (≤ 20 MB); on 304 ``not_modified`` is set and ``data`` is empty."""
        raw, not_modified, _ = self._fetch(
            url, allow_private, conditional, {"Accept": "image/*"}, self.image_cap, False
        )
        content_type = raw.headers.get("content-type", "").split(";")[0].strip().lower()
        if not not_modified and content_type.startswith("text/"):
            raise SourceError("sources.not_an_image", content_type)
        return FetchedImage(
            data=b"" if not_modified else raw.body,
            status=raw.status,
            headers=raw.headers,
            final_url=raw.url,
            not_modified=not_modified,
        )

    # --- redirects, retries, validators ---------------------------------------------------------------
    def _fetch(
        self,
        url: str,
        allow_private: bool | Collection[str],
        conditional: bool,
        headers: dict[str, str] | None,
        cap: int,
        keep_body: bool,
    ) -> tuple[_Raw, bool, SavedValidators | None]:
        saved = self.validator_store.get(url) if (conditional and self.validator_store) else None
        if saved is not None and keep_body and saved.body is None:
            saved = None  # a 304 would leave us nothing to parse
        current = url
        attempt = 0
        redirects = 0
        while True:
            request_headers = dict(headers or {})
            if saved is not None and current == url:
                if saved.etag:
                    request_headers["If-None-Match"] = saved.etag
                if saved.last_modified:
                    request_headers["If-Modified-Since"] = saved.last_modified
            attempt += 1
            raw = self._send("GET", current, request_headers, allow_private, cap, attempt)
            if raw.status in REDIRECT_STATUSES:
                location = raw.headers.get("location")
                if not location:
                    raise HttpStatusError("sources.http_error", raw.status)
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise SourceError("sources.too_many_redirects", limit=MAX_REDIRECTS)
                current = urljoin(current, location)
                attempt = 0
                continue
            if raw.status in RETRY_STATUSES:
                wait = parse_retry_after(raw.headers.get("retry-after"))
                if wait is None:
                    wait = max(1.0, self.interval_for(urlsplit(current).hostname or "")) * (2 ** (attempt - 1))
                if attempt > self.max_retries or wait > self.max_retry_wait:
                    if raw.status == 503 and raw.headers.get("retry-after") is None:
                        raise HttpStatusError("sources.server_unavailable", raw.status, raw.body, raw.headers)
                    raise SourceError(
                        "sources.rate_limited", f"HTTP {raw.status}", retry_after=wait, minutes=max(1, round(wait / 60))
                    )
                log.info("rate limited (HTTP %d), waiting %.1f s before attempt %d", raw.status, wait, attempt + 1)
                self._pause(wait)
                continue
            if raw.status == 304:
                if saved is None:
                    raise HttpStatusError("sources.http_error", raw.status)
                return raw, True, saved
            if raw.status >= 400:
                raise HttpStatusError(_status_message(raw.status), raw.status, raw.body, raw.headers)
            if self.validator_store is not None:
                etag, modified = raw.headers.get("etag"), raw.headers.get("last-modified")
                if etag or modified:
                    self.validator_store.put(url, etag, modified, raw.body if keep_body else None)
            return raw, False, saved

    # --- the choke point ----------------------------------------------------------------------------
    def _pause(self, seconds: float) -> None:
        """Wait (a ``Retry-After``, the politeness interval), stopping at once when the work is cancelled."""
        if self.sleep is not time.sleep:  # an injected sleep (tests) is called once, as asked
            self.sleep(seconds)
            if self._is_cancelled():
                raise Cancelled()
            return
        end = time.monotonic() + seconds
        while True:
            if self._is_cancelled():
                raise Cancelled()
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(0.1, remaining))

    def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        allow_private: bool | Collection[str],
        cap: int,
        attempt: int,
    ) -> _Raw:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        # ``allow_private`` is True (any address, for callers that name one address) or the hosts the user
        # allowed on the local network: every other host, and every redirect hop to one, is checked as usual.
        local_ok = allow_private is True or (
            not isinstance(allow_private, bool) and host in {h.lower() for h in allow_private}
        )
        try:
            if self._is_cancelled():
                raise Cancelled()
            self._check_target(parts, host, local_ok)
            state = self._host_state(host)
            with state.slots:  # at most the host's concurrency (1 by default) in flight to one host
                with state.lock:
                    self._wait_turn(host, state)
                    if state.concurrency > 1:
                        state.last = self.clock()
                with self._slots:
                    try:
                        raw = self._request(method, url, headers, cap, local_ok)
                    finally:
                        if state.concurrency == 1:
                            state.last = self.clock()
        except SourceError as exc:
            self._notify(RequestEvent(method, url, host, getattr(exc, "status", None), exc.message_id, attempt))
            raise
        self._notify(RequestEvent(method, url, host, raw.status, None, attempt))
        return raw

    def _check_target(self, parts, host: str, allow_private: bool) -> None:
        if parts.scheme not in ("http", "https"):
            raise SourceError("sources.bad_scheme", scheme=parts.scheme or "?")
        if not host:
            raise SourceError("sources.bad_url")
        if parts.username or parts.password:
            raise SourceError("sources.bad_url")
        if allow_private:
            return
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise SourceError("sources.bad_url", str(exc)) from exc
        for address in self.resolver(host, port):
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not self.address_allowed(ip):
                raise SourceError("sources.private_address", host=host)

    def _host_state(self, host: str) -> _HostState:
        with self._hosts_lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _HostState(self._host_concurrency.get(host, self.host_concurrency))
            return state

    def _wait_turn(self, host: str, state: _HostState) -> None:
        if state.last is None:
            return
        wait = self.interval_for(host) - (self.clock() - state.last)
        if wait > 0:
            self._pause(wait)

    def _request(self, method: str, url: str, headers: dict[str, str], cap: int, allow_private: bool) -> _Raw:
        # One wall-clock deadline for connecting, the headers and the body: a server trickling its headers one
        # byte at a time keeps every read under the read timeout. The watchdog cuts the connection at the
        # deadline, or at once when the work is cancelled.
        flight = _InFlight(time.monotonic() + self.timeout[0] + self.timeout[1] * 4)
        self._track(flight)
        _current.flight = flight
        try:
            try:
                try:
                    raw = self._request_in_flight(method, url, headers, cap, allow_private, flight)
                except _DroppedKeptAlive:
                    # The server closed a kept-alive connection as we reused it (before any answer): a GET is
                    # safe to ask again once, on a fresh connection, within the same deadline.
                    _raise_if_cut(flight)
                    raw = self._request_in_flight(method, url, headers, cap, allow_private, flight, retried=True)
            except (SourceError, requests.RequestException, urllib3.exceptions.HTTPError, OSError):
                _raise_if_cut(flight)
                raise
            _raise_if_cut(flight)  # a cut connection can also look like a short, complete answer
            return raw
        finally:
            _current.flight = None
            with self._flights_lock:
                self._flights.discard(flight)

    def _track(self, flight: _InFlight) -> None:
        with self._flights_lock:
            self._flights.add(flight)
            if self._watchdog is None or not self._watchdog.is_alive():
                self._watchdog = threading.Thread(target=self._watch_flights, name="jikimi-http-deadline",
                                                  daemon=True)
                self._watchdog.start()

    def _watch_flights(self) -> None:
        while True:
            time.sleep(0.05)
            with self._flights_lock:
                flights = list(self._flights)
                if not flights:
                    self._watchdog = None
                    return
            cancelled = self._is_cancelled()
            now = time.monotonic()
            for flight in flights:
                if cancelled:
                    flight.cut("cancelled")
                elif now > flight.deadline:
                    flight.cut("timeout")

    def _request_in_flight(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        cap: int,
        allow_private: bool,
        flight: _InFlight,
        retried: bool = False,
    ) -> _Raw:
        deadline = flight.deadline
        try:
            session = self.local_session if allow_private else self.session
            response = session.request(
                method, url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
            )
        except requests.Timeout as exc:
            raise SourceError("sources.timeout", str(exc)) from exc
        except requests.exceptions.SSLError as exc:
            raise SourceError("sources.tls_error", str(exc)) from exc
        except requests.ConnectionError as exc:
            if not retried and method in ("GET", "HEAD") and _dropped_before_answer(exc) and flight.reason is None:
                raise _DroppedKeptAlive() from exc
            raise SourceError("sources.unreachable", str(exc)) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, ValueError) as exc:
            raise SourceError("sources.bad_url", str(exc)) from exc
        with response:
            response_headers = {key.lower(): value for key, value in response.headers.items()}
            status = response.status_code
            if status in REDIRECT_STATUSES or status == 304:
                return _Raw(status, response_headers, url)
            limit = cap if status < 400 else ERROR_BODY_CAP
            declared = _decimal(response_headers.get("content-length", ""), limit=30)
            if status < 400 and declared is not None and declared > limit:
                raise SourceError("sources.too_large", megabytes=limit // (1024 * 1024))
            chunks, size = [], 0
            try:
                for chunk in _arriving_chunks(response):
                    size += len(chunk)
                    if size > limit:
                        if status >= 400:
                            break
                        raise SourceError("sources.too_large", megabytes=limit // (1024 * 1024))
                    chunks.append(chunk)
                    if time.monotonic() > deadline or flight.reason is not None:
                        raise SourceError("sources.timeout", "total time exceeded")
            except (requests.exceptions.ConnectionError, urllib3.exceptions.HTTPError, OSError) as exc:
                if "timed out" in str(exc).lower() or isinstance(exc, (TimeoutError, urllib3.exceptions.TimeoutError)):
                    raise SourceError("sources.timeout", str(exc)) from exc
                raise SourceError("sources.unreachable", str(exc)) from exc
            except requests.exceptions.RequestException as exc:
                raise SourceError("sources.unreachable", str(exc)) from exc
            return _Raw(status, response_headers, url, b"".join(chunks))

    def _notify(self, event: RequestEvent) -> None:
        for observer in list(self._observers):
            observer(event)


class _DroppedKeptAlive(Exception):
    """The connection was closed under a request before any answer came (a stale kept-alive connection)."""


def _dropped_before_answer(exc: requests.ConnectionError) -> bool:
    # requests wraps urllib3's ProtocolError ("Connection aborted": reset / remote end closed) in its
    # ConnectionError; failures to connect at all arrive as a MaxRetryError and are not retried.
    return bool(exc.args) and isinstance(exc.args[0], urllib3.exceptions.ProtocolError)


def _status_message(status: int) -> str:
    if status in (404, 410):
        return "sources.not_found"
    if status in (401, 403):
        return "sources.forbidden"
    if status >= 500:
        return "sources.server_unavailable"
    return "sources.http_error"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_base(url: str, base_url: str | None) -> str:
    """``url`` with its scheme and host replaced by ``base_url`` (a self-hosted instance or a test server)."""
    if not base_url:
        return url
    parts, base = urlsplit(url), urlsplit(base_url.rstrip("/"))
    path = base.path.rstrip("/") + parts.path
    return parts._replace(scheme=base.scheme, netloc=base.netloc, path=path).geturl()


def _arriving_chunks(response) -> Iterator[bytes]:
    """The body as it arrives: each read returns whatever bytes came (``read1``), so a server trickling one byte
    at a time cannot keep a read from returning (``iter_content`` waits for a full chunk) and the total-time
    deadline is checked after every arrival."""
    raw = response.raw
    while True:
        chunk = raw.read1(CHUNK, decode_content=True)
        if not chunk:
            return
        yield chunk
