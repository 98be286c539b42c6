"""Metadata from <head>: meta tags, Open Graph, JSON-LD, <title>, canonical link, <html lang>."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import html

from workers.extraction.normalize import clean_line

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|WebPage|Posting|Review", re.I)
# JSON-LD objects in order of trust: the article itself before the page or site that holds it.
_LD_RANK = (re.compile(r"Article|BlogPosting|Report|Posting|Review", re.I), re.compile(r"WebPage", re.I))
# Meta keys that may hold several authors (one tag per author, as Open Graph's article:author does).
AUTHOR_META = ("article:author", "author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl")
# Publication times that pages set from script (e.g. WeChat articles: var ct = "1716592000"; createTime = '...').
# (?=[cdp]): every key opens with one of these; at any other character the search moves on before it tries the word
# boundary and each key (a quarter faster over the scripts of real pages)
_SCRIPT_DATE = re.compile(
    r"""(?=[cdp])\b(?:publish_?time|pub_?time|pub_?date|create_?time|createTime|publishTime|datePublished|ct)\b"""
    r"""\s*[=:]\s*["']?(\d{10}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)["']?"""
)
_DC_PREFIX = re.compile(r"^(dc|dcterms)(?:term)?:")  # "dc:title" and "dcterm:title" are spelt dc.title too
_CDATA = re.compile(r"<!\[CDATA\[|\]\]>|<!--|-->")
_IMAGE_TEXT = ("caption", "description", "name")
_TITLE_SEP = re.compile(r"\s+[-–—|·•:»]{1,2}\s+|\s*[_｜|]\s*|\s*[－—]{1,2}\s*|\s+::\s+")


@dataclass(slots=True)
class HeadInfo:
    meta: dict[str, str] = field(default_factory=dict)
    authors_meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    ld_nodes: dict[str, dict] = field(default_factory=dict)
    rel_authors: list[str] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    image_captions: list[str] = field(default_factory=list)  # what JSON-LD ImageObjects say their pictures show
    title_tag: str = ""
    lang: str | None = None
    canonical: str | None = None
    base_url: str = ""

    def first(self, *keys: str) -> str | None:
        for key in keys:
            value = self.meta.get(key.lower())
            if value:
                return value
        return None

    def ld(self, *keys: str) -> object | None:
        for obj in self.jsonld:
            for key in keys:
                if obj.get(key):
                    return obj[key]
        return None


_PUBLISHED_TIME_CLASS = re.compile(r"(?:^|\s)(?:published|entry-date|post-date|pubdate)(?:\s|$)")


def read_head(root: html.HtmlElement, url: str) -> HeadInfo:
    """Collect head metadata. Must run before pre-cleaning (JSON-LD lives in <script>)."""
    info = HeadInfo(base_url=url)
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if not (key and value and value.strip()):
            continue
        for name in key.lower().split():  # RDFa allows several properties in one attribute ("og:title dc:title")
            name = _DC_PREFIX.sub(r"\1.", name)
            info.meta.setdefault(name, clean_line(value))
            if name in AUTHOR_META:
                info.authors_meta.setdefault(name, []).append(clean_line(value))
    for el in root.iter("time"):
        # A <time datetime> marked as the publication time counts wherever it sits: themes often put the only full
        # timestamp in an entry footer, which the class hints skip as chrome.
        marked = _PUBLISHED_TIME_CLASS.search(el.get("class") or "") and el.get("datetime")
        if el.get("itemprop") == "datePublished" or el.get("pubdate") is not None or marked:
            info.meta.setdefault("time:published", el.get("datetime") or el.text_content())
    for el in root.iter("script"):
        if "ld+json" in (el.get("type") or "").lower() and el.text:
            _read_jsonld(el.text, info)
        elif el.text and "script:date" not in info.meta:
            found = _SCRIPT_DATE.search(el.text[:200_000])
            if found:
                info.meta["script:date"] = _script_date(found.group(1))
    for link in root.xpath("//a[@rel='author'] | //link[@rel='author'][@title]")[:10]:
        name = clean_line(link.get("title") if link.tag == "link" else link.text_content())
        if name and name not in info.rel_authors:
            info.rel_authors.append(name)
    info.jsonld.sort(key=_ld_rank)
    title = root.find(".//title")
    info.title_tag = clean_line(title.text_content()) if title is not None else ""
    info.lang = root.get("lang") or root.get("xml:lang") or info.first("content-language", "language", "og:locale")
    for base in root.iter("base"):
        if base.get("href"):
            info.base_url = urljoin(url, base.get("href").strip())
            break
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            info.canonical = urljoin(info.base_url, link.get("href").strip())
            break
    return info


def _script_date(value: str) -> str:
    if value.isdigit():
        from datetime import UTC, datetime

        return datetime.fromtimestamp(int(value), tz=UTC).isoformat()
    return value


def _read_jsonld(raw: str, info: HeadInfo) -> None:
    # CMSs wrap JSON-LD in CDATA sections or HTML comments, sometimes behind "//" to hide them from old parsers
    raw = _CDATA.sub("", raw)
    start = min((i for i in (raw.find("{"), raw.find("[")) if i >= 0), default=-1)
    if start < 0:
        return
    try:
        data, _ = json.JSONDecoder(strict=False).raw_decode(raw[start:])
    except (ValueError, RecursionError):
        return
    stack = [data]
    seen = 0
    while stack and seen < 200:
        seen += 1
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(obj)
            continue
        if not isinstance(obj, dict):
            continue
        kind = obj.get("@type")
        kind = " ".join(map(str, kind)) if isinstance(kind, list) else str(kind or "")
        if isinstance(obj.get("@id"), str):
            info.ld_nodes.setdefault(obj["@id"], obj)
        if "BreadcrumbList" in kind:
            items = obj.get("itemListElement") or []
            names = [_ld_name(i) for i in (items if isinstance(items, list) else [])]
            info.crumbs = [n for n in names if n]
        elif "ImageObject" in kind:
            info.image_captions.extend(clean_line(v) for k in _IMAGE_TEXT if isinstance(v := obj.get(k), str))
        elif _ARTICLE_TYPES.search(kind) or (not kind and "pubDate" in obj):
            info.jsonld.append(obj)  # untyped: Baidu's "cambrian" JSON-LD ({"title", "pubDate", ...})
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "image", "associatedMedia"):
            if isinstance(obj.get(key), (dict, list)):
                stack.append(obj[key])


def _ld_rank(obj: dict) -> int:
    kind = obj.get("@type")
    kind = " ".join(map(str, kind)) if isinstance(kind, list) else str(kind or "")
    return next((i for i, rx in enumerate(_LD_RANK) if rx.search(kind)), len(_LD_RANK))


def _ld_name(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    name = item.get("name")
    inner = item.get("item")
    if not name and isinstance(inner, dict):
        name = inner.get("name")
    return clean_line(str(name)) if name else None


def ld_text(value: object) -> str | None:
    """A JSON-LD value as text: strings, {"name": ...} objects, or lists of those joined."""
    if isinstance(value, str):
        return clean_line(value) or None
    if isinstance(value, dict):
        return ld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (ld_text(v) for v in value[:10]) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def title_segments(title_tag: str) -> list[str]:
    return [s.strip() for s in _TITLE_SEP.split(title_tag) if s and s.strip()]


def declared_canonical(info: HeadInfo, url: str) -> str:
    """The page's canonical URL when it is a plausible article URL, else the given one (fragment removed)."""
    for candidate in (info.canonical, info.first("og:url")):
        if not candidate:
            continue
        absolute = urljoin(info.base_url or url, candidate)
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc and parts.path not in ("", "/"):
            if not urlsplit(url).path.strip("/") or parts.path.strip("/"):
                return urlunsplit(parts._replace(fragment=""))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment="")) if parts.scheme else url


def normalize_lang(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
