"""Web pages and galleries: a school homepage board, a class blog, any page a family links.

Reads the page and its next pages on the same host (``rel=next``, page-number links, "다음"/"Next") up to a
page cap, honouring robots.txt (protego; 4xx means no rules, 5xx or no answer means stay away, RFC 9309) and
its crawl-delay. Photos are found as a browser would show them (see :mod:`desktop.sources.html_images`).

A page behind a login wall (forwarded to a login page, or a page whose content is a password form) is reported
as members-only, never as a public page with no photos; a login box in a page's header or sidebar next to the
photos is not a wall. A plain 401/403 stays an error (``sources.forbidden``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from protego import Protego

from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError, SourceListing
from desktop.sources.html_images import add_photo, html_to_text, images_in_soup, meta, parse_html
from desktop.sources.http import USER_AGENT, HttpStatusError, origin_of, with_base
from desktop.sources.media_hosts import check_media_host, web_media_hosts

MAX_PAGES = 10
PAGE_PARAMETERS = ("page", "pageindex", "pageno", "pg", "p", "cpage", "currpage", "page_no", "start_page")
NEXT_WORDS = re.compile(
    r"^\s*(다음|다음\s*페이지|next|next\s*page|older posts|이전 글 더보기|›|»|>|>>)\s*$", re.IGNORECASE
)
ROBOTS_AGENT = USER_AGENT.split("/")[0]
# A login page's address: /login, /bbs/login.php, /users/sign_in, /logon.aspx, selectMberLoginView.do,
# ?act=dispMemberLoginForm … (but not "bloginfo" or "catalogInfo").
LOGIN_ADDRESS = re.compile(r"(?<![a-z])(?i:log[-_]?in|sign[-_]?in|logon)|Log[-_]?[Ii]n|Sign[-_]?[Ii]n|Logon")
PASSWORD_TYPE = re.compile(r"^\s*password\s*$", re.IGNORECASE)
# Page furniture around the content (header, menus, sidebar, footer, a login box), by tag or by class/id word.
CHROME_TAGS = ("header", "nav", "aside", "footer")
CHROME_WORD = re.compile(
    r"^(?:.*[-_])?(header|gnb|lnb|snb|nav|navi|navigation|menu|side|sidebar|aside|footer|util|quick|logo|login"
    r"|outlogin)(?:[-_].*)?$",
    re.IGNORECASE,
)
DECORATION = re.compile(r"logo|icon|btn|button|bullet|blank|spacer", re.IGNORECASE)


def normalise_url(target: str) -> str:
    from desktop.sources.places import address_problem

    text = target.strip()
    problem = address_problem(text)  # "htp//host/galery" is a typo, not the host "htp"
    if problem is not None:
        raise SourceError(problem[0], **problem[1])
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError("sources.bad_target_web")
    return urlunsplit(parts._replace(fragment=""))


class RobotsRules:
    def __init__(self, parser: Protego | None, allow_all: bool = False, deny_all: bool = False):
        self.parser = parser
        self.allow_all = allow_all
        self.deny_all = deny_all

    def allowed(self, url: str) -> bool:
        if self.deny_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(url, ROBOTS_AGENT)

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay else None


def _page_number(url: str) -> tuple[str, int] | None:
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() in PAGE_PARAMETERS and value.isdigit():
            return key.lower(), int(value)
    return None


def _same_except_page(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    if (pa.netloc, pa.path) != (pb.netloc, pb.path):
        return False
    qa = {k: v for k, v in parse_qsl(pa.query) if k.lower() not in PAGE_PARAMETERS}
    qb = {k: v for k, v in parse_qsl(pb.query) if k.lower() not in PAGE_PARAMETERS}
    return qa == qb


def next_page(soup, page_url: str) -> str | None:
    """The next page of the same listing on the same host, if the page links one."""
    host = urlsplit(page_url).netloc
    candidates = []
    for tag in soup.find_all(["link", "a"], rel=True, href=True):
        rels = tag.get("rel") or []
        if "next" in [r.lower() for r in rels]:
            candidates.append(tag["href"])
    for anchor in soup.find_all("a", href=True):
        label = anchor.get_text(" ", strip=True) or anchor.get("aria-label", "") or anchor.get("title", "")
        if NEXT_WORDS.match(label or ""):
            candidates.append(anchor["href"])
    current = _page_number(page_url)
    current_number = current[1] if current else 1
    for anchor in soup.find_all("a", href=True):
        target = urljoin(page_url, anchor["href"])
        number = _page_number(target)
        if number and number[1] == current_number + 1 and _same_except_page(target, page_url):
            candidates.append(anchor["href"])
    for href in candidates:
        target = urljoin(page_url, href.strip())
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and parts.netloc == host and not href.startswith("javascript:"):
            return urlunsplit(parts._replace(fragment=""))
    return None


def _is_chrome(tag) -> bool:
    if tag.name in ("html", "body", "main"):
        return False
    if tag.name in CHROME_TAGS:
        return True
    words = [*(tag.get("class") or []), tag.get("id") or ""]
    return any(CHROME_WORD.match(word) for word in words if word)


def content_photos(markup: bytes, page_url: str) -> list[str]:
    """The photos of a page's own content: not the share image, not the logo and buttons, not what sits in
    the header, menus, sidebar, footer or a login form."""
    soup = parse_html(markup)
    for field in soup.find_all("input", attrs={"type": PASSWORD_TYPE}):
        form = field.find_parent("form")
        if form is not None:
            form.decompose()
    for tag in soup.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
    return [image.url for image in images_in_soup(soup, page_url, include_meta=False)
            if not DECORATION.search(urlsplit(image.url).path.rsplit("/", 1)[-1])]


def login_wall(requested_url: str, page, soup) -> bool:
    """True when a stranger gets a login instead of the page: the address forwarded to a login page, or the
    page holds a password field and no photos of its own (a login box beside a gallery is not a wall)."""
    final = urlsplit(page.final_url)
    forwarded = final._replace(fragment="") != urlsplit(requested_url)._replace(fragment="")
    if forwarded and LOGIN_ADDRESS.search(final.path + "?" + final.query):
        return True
    password = soup.find("input", attrs={"type": PASSWORD_TYPE}) is not None
    return password and not content_photos(page.body, page.final_url)


class WebConnector(Connector):
    kind = "web"
    max_pages = MAX_PAGES

    def start_url(self) -> str:
        return with_base(normalise_url(self.target), self.base_url)

    def robots(self, url: str) -> RobotsRules:
        robots_url = origin_of(url) + "/robots.txt"
        try:
            page = self.client.get_page(robots_url, allow_private=self.allow_private)
        except HttpStatusError as exc:
            if 400 <= exc.status < 500:
                return RobotsRules(None, allow_all=True)
            return RobotsRules(None, deny_all=True)
        except SourceError as exc:
            if exc.message_id == "sources.too_large":  # RFC 9309: parse at least 500 KiB; a huge file is no rules
                return RobotsRules(None, allow_all=True)
            raise
        try:
            return RobotsRules(Protego.parse(page.body.decode("utf-8", "replace")))
        except Exception:  # noqa: BLE001 - an unparseable robots.txt is treated as having no rules
            return RobotsRules(None, allow_all=True)

    def list_photos(self, ctx) -> SourceListing:
        start_url = self.start_url()
        ctx.check_cancelled()
        rules = self.robots(start_url)
        if rules.deny_all:
            raise SourceError("sources.robots_unavailable")
        if not rules.allowed(start_url):
            raise SourceError("sources.robots_disallow")
        delay = rules.crawl_delay()
        if delay:
            self.client.set_host_interval(urlsplit(start_url).hostname or "", min(delay, 30.0))
        url: str | None = start_url  # then each next page, None after the last
        listing = SourceListing(visibility="public")
        seen_pages: set[str] = set()
        seen_images: set[str] = set()
        by_variant: dict[str, int] = {}  # one photo's size variants -> its place in the listing
        texts: list[str] = []
        pages = 0
        while url and pages < self.max_pages and url not in seen_pages:
            ctx.check_cancelled()
            if not rules.allowed(url):
                listing.notices.append("sources.robots_stopped")
                break
            seen_pages.add(url)
            try:
                page = self.client.get_page(url, allow_private=self.allow_private)
            except SourceError as exc:
                if pages == 0:
                    raise
                # a later page failed: the photos of the pages before it stay, and the page is named
                listing.skip("sources.skipped.failed_pages")
                listing.account_flags["failed_page"] = url
                listing.account_flags["failed_page_error"] = exc.message_id
                listing.notices.append("sources.web_page_failed")
                break
            pages += 1
            if page.content_type and "html" not in page.content_type and "xml" not in page.content_type:
                if pages == 1:
                    raise SourceError("sources.not_a_page")
                break
            soup = parse_html(page.body)
            if login_wall(url, page, soup):
                if pages == 1:
                    return self._members_only()
                listing.notices.append("sources.web_next_pages_need_login")
                break
            if pages == 1:
                title = soup.title.get_text(" ", strip=True) if soup.title else ""
                texts.extend(filter(None, [title, meta(soup, "description") or meta(soup, "og:description") or ""]))
            before, found = len(listing.photos), images_in_soup(soup, page.final_url)
            for image in found:
                if image.url in seen_images:
                    continue
                seen_images.add(image.url)
                photo = PhotoRef(image.url, image.link or page.final_url, None, image.alt, "public", image.role)
                add_photo(listing, photo, by_variant)  # another size of a listed photo is counted once
            listing.read(page.final_url, "page", len(found), len(listing.photos) - before)
            ctx.progress(pages, None, "")
            url = next_page(soup, page.final_url)
        if url and url not in seen_pages and pages >= self.max_pages:
            listing.notices.append("sources.page_cap_reached")
        listing.account_flags["pages"] = pages
        listing.profile_text = html_to_text(" ".join(texts))[:2000]
        return listing

    @staticmethod
    def _members_only() -> SourceListing:
        """What a stranger sees at a page behind a login: nothing but the login, so no photos are listed; who
        can see the page is the site's members (the notice says what that means for a parent)."""
        listing = SourceListing(visibility="friends", notices=["sources.web_login_wall"])
        listing.account_flags.update({"login_wall": True, "members_only": True, "pages": 1})
        return listing

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        check_media_host(photo.image_url, web_media_hosts(urlsplit(self.start_url()).hostname or ""))
        return self.client.get_image(photo.image_url, allow_private=self.allow_private)
