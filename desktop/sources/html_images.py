"""Finding the photos in HTML the way a browser would show them (beautifulsoup4 + lxml).

Covers ``img`` src/srcset (largest candidate), ``picture/source``, lazy-load attributes, ``noscript``
fallbacks, ``og:image``/``twitter:image``, inline ``background-image`` styles and JSON-LD ``image``, resolved
against ``<base href>``. Skips SVG, ``data:`` URIs and tracking pixels.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup

from desktop.sources.base import PhotoRef, SourceListing

LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-echo", "src")
LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "srcset")
BACKGROUND = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
META_IMAGES = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
TINY = 2  # width/height at or below this many pixels: a tracking pixel or spacer


@dataclass(frozen=True)
class FoundImage:
    url: str
    alt: str = ""
    role: str = "page_image"
    link: str | None = None  # the page the image links to, when it is wrapped in a link


def parse_html(markup: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(markup, "lxml")


def parse_srcset(srcset: str) -> list[tuple[str, str]]:
    """(url, descriptor) candidates as the HTML standard splits them: a URL runs to the next whitespace and may
    itself hold commas (image CDNs: ``/c_fill,w_800/x.jpg 800w``); a comma ends a candidate only after the URL
    (or as the URL's last character)."""
    found = []
    pos, end = 0, len(srcset)
    while pos < end:
        while pos < end and (srcset[pos].isspace() or srcset[pos] == ","):
            pos += 1
        if pos >= end:
            break
        start = pos
        while pos < end and not srcset[pos].isspace():
            pos += 1
        url, descriptor = srcset[start:pos], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            begin, depth = pos, 0
            while pos < end and not (srcset[pos] == "," and depth == 0):
                depth += {"(": 1, ")": -1}.get(srcset[pos], 0)
                pos += 1
            descriptor = srcset[begin:pos].strip()
        if url:
            found.append((url, descriptor))
    return found


def largest_from_srcset(srcset: str) -> str | None:
    best, best_size = None, -1.0
    for url, descriptor in parse_srcset(srcset):
        size = 1.0
        for word in descriptor.lower().split():
            try:
                if word.endswith("w"):
                    size = float(word[:-1])
                elif word.endswith("x"):
                    size = float(word[:-1]) * 1000  # density: rank above unknown widths
            except ValueError:
                continue
        if size > best_size:
            best, best_size = url, size
    return best


# Size variants of one photo: the same address but for a size in the query (?w=1024), in the name
# (photo-300x200.jpg, photo-lqip.jpg) or in a path step (Blogger /s320/, /w640-h480/; CDN /c_fill,w_800/).
SIZE_QUERY = {"w", "h", "width", "height", "size", "resize", "fit", "crop", "q", "quality", "dpr", "auto", "fm",
              "format", "blur", "type", "scale", "mode", "rs", "sz", "imwidth", "im_w", "tr", "tw", "th"}
SIZE_VALUE = re.compile(
    r"^(?:[a-z]{0,2}\d{1,5}(?:\.\d+)?(?:x\d{1,5})?[a-z]{0,2}|auto|thumb\w*|small|medium|large|original|webp|"
    r"jpe?g|png|avif|true|false|crop|fill|fit|cover|contain|max|min|[a-z]{1,3}\d{1,5}(?:_[a-z0-9]+)*)$",
    re.IGNORECASE,
)
SIZE_NAME = re.compile(
    r"(?:[-_]\d{2,5}x\d{2,5}|[-_.@](?:lqip|placeholder|blur(?:red)?|tiny|small|thumb(?:nail)?|preview|\d(?:\.\d)?x))$",
    re.IGNORECASE,
)
SIZE_STEP = re.compile(
    r"^(?:s\d{2,5}(?:-[a-z0-9]+)*|w\d{2,5}(?:-h\d{2,5})?(?:-[a-z0-9]+)*|h\d{2,5}|\d{2,5}x\d{2,5}|"
    r"(?=[^/]*\d)[a-z]{1,3}_[a-z0-9.:]+(?:,[a-z]{1,3}_[a-z0-9.:]+)*)$",
    re.IGNORECASE,
)
SIZE_NUMBER = re.compile(r"(?:^|[-_/,=xsw])(\d{2,5})(?=$|[-_x,/.]|h)", re.IGNORECASE)


def _size_parameter(key: str, value: str) -> bool:
    """A query parameter that only picks a size or format (``w=1024``, ``type=w773``), not which photo."""
    return key.lower() in SIZE_QUERY and bool(SIZE_VALUE.match(value.strip() or "0"))


def variant_key(url: str) -> str:
    """The same key for every size of one photo (the address without its size markers)."""
    parts = urlsplit(url)
    steps = parts.path.split("/")
    kept = [step for step in steps[:-1] if not SIZE_STEP.match(step)]
    name = steps[-1] if steps else ""
    stem, dot, extension = name.rpartition(".")
    if dot:
        stem = SIZE_NAME.sub("", stem)
        name = f"{stem}.{extension.lower().replace('jpeg', 'jpg')}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if not _size_parameter(k, v)])
    return f"{parts.netloc.lower()}{'/'.join(kept + [name])}?{query}"


def variant_size(url: str) -> float:
    """How large this variant is said to be; an address without a size is the original (largest)."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("w", "width", "imwidth", "im_w", "tw", "size", "sz") and value.isdigit():
            return float(value)
    sizes = [v for k, v in parse_qsl(parts.query) if _size_parameter(k, v)]
    if sizes:  # type=w773 (Naver), q=80 …: the largest number named, else a small variant
        numbers = [int(n) for value in sizes for n in re.findall(r"\d{2,5}", value)]
        return float(max(numbers)) if numbers else 1.0
    steps = parts.path.split("/")
    marked = [s for s in steps[:-1] if SIZE_STEP.match(s)]
    stem = steps[-1].rpartition(".")[0] if steps else ""
    size_in_name = SIZE_NAME.search(stem)
    if not marked and not size_in_name:
        return float("inf")
    numbers = [int(n) for text in marked + ([size_in_name.group(0)] if size_in_name else [])
               for n in SIZE_NUMBER.findall(text)]
    return float(max(numbers)) if numbers else 1.0


def larger_variant(kept: PhotoRef, other: PhotoRef) -> PhotoRef:
    """One photo seen in two sizes: the larger address, the fuller caption, "post" over "thumbnail"."""
    url = other.image_url if variant_size(other.image_url) > variant_size(kept.image_url) else kept.image_url
    caption = other.caption if len(other.caption) > len(kept.caption) else kept.caption
    role = other.role if kept.role == "thumbnail" else kept.role
    return replace(kept, image_url=url, caption=caption, role=role)


def add_photo(listing: SourceListing, photo: PhotoRef, by_variant: dict[str, int]) -> None:
    """Lists a photo once across its sizes: another size of a photo already listed is folded into it (the
    larger address kept) and counted as a skipped size variant. ``by_variant`` maps keys to list positions."""
    key = variant_key(photo.image_url)
    if key in by_variant:
        listing.skip("sources.skipped.size_variants")
        listing.photos[by_variant[key]] = larger_variant(listing.photos[by_variant[key]], photo)
        return
    by_variant[key] = len(listing.photos)
    listing.photos.append(photo)


def attr(tag, name: str) -> str:
    """An attribute as one string ("" when absent); BeautifulSoup gives class-like attributes as lists."""
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value if isinstance(value, str) else ""


def base_href(soup: BeautifulSoup, page_url: str) -> str:
    tag = soup.find("base", href=True)
    return urljoin(page_url, attr(tag, "href")) if tag else page_url


def usable(url: str | None) -> bool:
    if not url:
        return False
    lowered = url.strip().lower()
    if lowered.startswith(("data:", "javascript:", "about:", "blob:")):
        return False
    path = urlsplit(lowered).path
    return not path.endswith((".svg", ".svgz", ".ico"))


def absolute(url: str, base: str) -> str:
    url = url.strip()
    if url.startswith("//"):
        scheme = urlsplit(base).scheme or "https"
        return f"{scheme}:{url}"
    return urljoin(base, url)


def _tiny(tag) -> bool:
    for attribute in ("width", "height"):
        value = str(tag.get(attribute, "")).strip().rstrip("px")
        if value.isdigit() and int(value) <= TINY:
            return True
    return False


def _img_url(tag) -> str | None:
    for attribute in LAZY_SRCSET:
        if tag.get(attribute):
            best = largest_from_srcset(tag[attribute])
            if usable(best):
                return best
    for attribute in LAZY_ATTRIBUTES:
        value = tag.get(attribute)
        if usable(value):
            return value
    return None


def _link_of(tag, base: str) -> str | None:
    anchor = tag.find_parent("a", href=True)
    if anchor is None:
        return None
    href = anchor["href"].strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    target = absolute(href, base)
    return None if usable(target) and _looks_like_image(target) else target


def _looks_like_image(url: str) -> bool:
    return urlsplit(url).path.lower().endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp"))


def images_in_soup(soup: BeautifulSoup, page_url: str, include_meta: bool = True) -> list[FoundImage]:
    base = base_href(soup, page_url)
    found: dict[str, FoundImage] = {}

    def add(url: str | None, alt: str = "", role: str = "page_image", link: str | None = None) -> None:
        if url is None or not usable(url):
            return
        full = absolute(url, base)
        if urlsplit(full).scheme not in ("http", "https"):
            return
        if full not in found:
            found[full] = FoundImage(full, " ".join(alt.split()), role, link)

    if include_meta:
        for name in META_IMAGES:
            for tag in soup.find_all("meta", attrs={"property": name}) + soup.find_all("meta", attrs={"name": name}):
                add(attr(tag, "content"), _meta(soup, "og:title") or "", "page_image")
    covered = set()  # an <img> inside a <picture> is the fallback of the same photo
    for picture in soup.find_all("picture"):
        img = picture.find("img")
        best = None
        for source in picture.find_all("source"):
            media_type = attr(source, "type").lower()
            if "svg" in media_type:
                continue
            for attribute in LAZY_SRCSET:
                if attr(source, attribute):
                    best = largest_from_srcset(attr(source, attribute))
                    break
            if best:
                break
        if best:
            add(best, attr(img, "alt") if img else "", link=_link_of(picture, base))
            if img is not None:
                covered.add(id(img))
    for img in soup.find_all("img"):
        if _tiny(img) or id(img) in covered:
            continue
        add(_img_url(img), attr(img, "alt") or attr(img, "title"), link=_link_of(img, base))
    for noscript in soup.find_all("noscript"):
        inner = BeautifulSoup(noscript.decode_contents(), "lxml")
        for img in inner.find_all("img"):
            if not _tiny(img):
                add(_img_url(img), attr(img, "alt"))
    for tag in soup.find_all(style=True):
        for match in BACKGROUND.finditer(attr(tag, "style")):
            add(match.group(1), attr(tag, "aria-label") or attr(tag, "title"))
    for script in soup.find_all("script", type="application/ld+json"):
        for url in _json_ld_images(script.string or ""):
            add(url)
    return list(found.values())


def _json_ld_images(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # junk, or nesting deep enough to exhaust the parser's stack
        return []
    urls: list[str] = []

    def walk(node, depth: int = 0) -> None:
        if depth > 8:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("image", "thumbnailUrl", "contentUrl") and isinstance(value, str):
                    urls.append(value)
                elif key in ("image", "logo") and isinstance(value, dict) and isinstance(value.get("url"), str):
                    urls.append(value["url"])
                elif key == "image" and isinstance(value, list):
                    urls.extend(
                        v if isinstance(v, str) else v.get("url", "") for v in value if isinstance(v, str | dict)
                    )
                else:
                    walk(value, depth + 1)

    walk(data)
    return [u for u in urls if u]


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    value = tag.get("content") if tag else None
    return value.strip() if isinstance(value, str) else None


def meta(soup: BeautifulSoup, name: str) -> str | None:
    return _meta(soup, name)


ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment. Entities left after parsing were escaped twice (Blogger writes captions
    that way: ``&amp;amp;``): they are decoded once more, so "A &amp; B" reads "A & B"."""
    if not markup:
        return ""
    text = markup if "<" not in markup else BeautifulSoup(markup, "lxml").get_text(" ")
    if ENTITY.search(text):
        text = html.unescape(text)
        if "<" in text and re.search(r"</?[a-zA-Z][^>]*>", text):
            text = BeautifulSoup(text, "lxml").get_text(" ")
    return " ".join(text.split())
