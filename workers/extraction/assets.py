"""Images (absolute URL + caption) and attachments (PDF/DOC/XLS/ZIP links) of the article body."""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import html

from workers.extraction.models import AttachmentRef
from workers.extraction.normalize import clean_line

_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-url", "data-actualsrc", "original", "oldsrc", "src")
_ICON = re.compile(
    r"icon|logo|share|qrcode|qr-code|erweima|ewm|weixin|wechat|weibo|btn|button|arrow|spacer|blank|pixel|"
    r"loading|avatar|emoji|sprite|banner|ad[s_-]|close|print|dot\.|line\.|bg[._-]",
    re.I,
)
DOC_HINT = re.compile(r"\.(?:pdf|docx?|xlsx?|zip|rar|7z|pptx?|wps|et|ofd|csv)\b", re.I)
DOC_EXT = re.compile(r"\.(pdf|docx?|xlsx?|zip|rar|7z|pptx?|wps|et|ofd|csv)$", re.I)


def image_url(img: html.HtmlElement, base: str) -> str | None:
    """Absolute URL of a content image, or None for icons, pixels, data: URIs and tiny images."""
    src = None
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            src = value
            break
    if not src and img.get("srcset"):
        src = img.get("srcset").split(",")[0].strip().split(" ")[0]
    if not src or src.startswith(("data:", "javascript:", "about:")):
        return None
    for dim in ("width", "height"):
        size = re.match(r"\s*(\d+)", img.get(dim) or "")
        if size and int(size.group(1)) < 40:
            return None
    hints = f"{src} {img.get('class', '')} {img.get('id', '')}"
    if _ICON.search(hints.rsplit("/", 1)[-1]) or _ICON.search(f"{img.get('class', '')} {img.get('id', '')}"):
        return None
    absolute = urljoin(base, src)
    return absolute if absolute.startswith(("http://", "https://")) else None


def image_stem(url: str) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name.rsplit(".", 1)[0].lower()


def alt_caption(img: html.HtmlElement) -> str | None:
    for attr in ("alt", "title"):
        value = clean_line(img.get(attr) or "")
        if len(value) >= 4:
            return value
    return None


def attachment_links(root: html.HtmlElement, base: str, skip: set[html.HtmlElement]) -> list[AttachmentRef]:
    """Links to documents anywhere outside navigation/footer chrome."""
    found: dict[str, AttachmentRef] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        if not DOC_HINT.search(href):
            continue
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            continue
        name = unquote(parts.path.rsplit("/", 1)[-1])
        if not DOC_EXT.search(name):
            query = parse_qs(parts.query)
            names = [v[0] for k, v in query.items() if k.lower() in ("filename", "file", "name", "fn") and v]
            name = next((n for n in names if DOC_EXT.search(n)), "")
            if not name:
                continue
        if any(anc in skip for anc in a.iterancestors()):
            continue
        title = clean_line(a.text_content()) or clean_line(a.get("title") or "") or name
        found.setdefault(absolute, AttachmentRef(url=absolute, title=title))
    return list(found.values())


def links_to_document(element: html.HtmlElement) -> bool:
    """A line that links to one to three files (an attachment list's line), not to other pages."""
    links = [a.get("href") or "" for a in islice(element.iter("a"), 4)]  # a fourth link already says no
    return 0 < len(links) <= 3 and any(DOC_EXT.search(h.split("?")[0]) or DOC_EXT.search(h) for h in links)
