"""Where a source may download photos from, besides the address the user linked.

A data export or a page names image addresses the family never chose: a Takeout Blogger post can embed
``<img src="http://any-host/…">`` and fetching it would tell that host the family's address and that Jikimi ran.
So exports fetch only from their platform's documented media hosts, and the web connector only from the linked
page's own site and the media hosts documented for that site's platform. Anything else stays listed and is not
fetched (``sources.media_host_not_allowed`` on that photo). The table is shown in a source's details
(``jikimi source list`` and the Sources dialog) and in docs/sources.md.

A host entry matches itself and its sub-domains (``bp.blogspot.com`` matches ``1.bp.blogspot.com``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from desktop.sources.base import SourceError

# Data exports: the platform's own image and thumbnail hosts.
EXPORT_MEDIA_HOSTS: dict[str, tuple[str, ...]] = {
    "takeout": ("googleusercontent.com", "bp.blogspot.com", "i.ytimg.com", "ytimg.com"),
    "tiktok-export": ("tiktokcdn.com", "tiktokcdn-us.com", "tiktokcdn-eu.com"),
    "x-export": ("pbs.twimg.com",),
    "instagram-export": ("cdninstagram.com", "fbcdn.net"),
    "facebook-export": ("fbcdn.net",),
}

# Web pages on a known platform: (the linked site, its media hosts).
SITE_MEDIA_HOSTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("blog.naver.com", ("pstatic.net",)),
    ("cafe.naver.com", ("pstatic.net",)),
    ("tistory.com", ("daumcdn.net", "kakaocdn.net")),
    ("blog.daum.net", ("daumcdn.net", "kakaocdn.net")),
    ("blogspot.com", ("googleusercontent.com", "bp.blogspot.com")),
    ("blogger.com", ("googleusercontent.com", "bp.blogspot.com")),
    ("wordpress.com", ("wp.com",)),
    ("band.us", ("pstatic.net",)),
)


def host_matches(host: str, entry: str) -> bool:
    host, entry = host.lower().rstrip("."), entry.lower()
    return host == entry or host.endswith("." + entry)


def site_of(host: str) -> str:
    """The linked site a host belongs to: ``www.school.es.kr`` → ``school.es.kr``."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def web_media_hosts(page_host: str) -> tuple[str, ...]:
    """The hosts a linked page's photos may come from: its own site and its platform's media hosts."""
    allowed = [site_of(page_host)]
    for site, media in SITE_MEDIA_HOSTS:
        if host_matches(page_host, site):
            allowed.extend(media)
    return tuple(allowed)


def check_media_host(url: str, allowed: tuple[str, ...]) -> None:
    """Refuse (``sources.media_host_not_allowed``) a photo address on a host outside ``allowed``."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or not any(host_matches(host, entry) for entry in allowed):
        raise SourceError("sources.media_host_not_allowed", "host not on the source's media host list",
                          host=host or "?")


def media_hosts_for(kind: str, target: str) -> tuple[str, ...]:
    """What a source's details show: the hosts (besides the linked address) its photos may be downloaded from.
    Empty for the kinds that fetch only from the linked address or their platform's API."""
    if kind in EXPORT_MEDIA_HOSTS:
        return EXPORT_MEDIA_HOSTS[kind]
    if kind == "web":
        from desktop.sources.base import linked_hosts

        hosts = sorted(linked_hosts(target))
        return web_media_hosts(hosts[0]) if hosts else ()
    return ()
