"""Sitemaps (`discovery.sitemaps`): `<urlset>` pages of article links, `<sitemapindex>` files of further sitemaps,
gzip-compressed or not, with dates from `<lastmod>` and Google News' `<news:publication_date>`.

Parsing is lxml's recovering iterparse without entity resolution or network access (as Scrapy's own sitemap
support does), so a hostile file costs bounded work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

import lxml.etree
from scrapy.utils.gz import gunzip

from crawler.feeds import Entry, parse_date

_SITEMAP_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?(?:urlset|sitemapindex)\b", re.S)
GZIP_MAGIC = b"\x1f\x8b"
URLSET, INDEX = "urlset", "sitemapindex"


@dataclass
class Sitemap:
    kind: str  # URLSET (entries are pages) or INDEX (entries are sitemaps)
    entries: list[Entry] = field(default_factory=list)


def sitemap_body(body: bytes, *, max_size: int = 0) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it is gzip data; None when it is no sitemap."""
    if body[:2] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, EOFError, ValueError):  # corrupt, truncated, or over `max_size`
            return None
    return body if _SITEMAP_START.match(body[:4096]) else None


def parse_sitemap(xml: bytes) -> Sitemap:
    """Entries in document order. A page's date is its news publication date, else its `lastmod`; a child
    sitemap's date is its `lastmod` (a sitemap not modified since a date holds nothing newer)."""
    events = lxml.etree.iterparse(
        BytesIO(xml), events=("start", "end"), recover=True, resolve_entities=False, no_network=True, huge_tree=False
    )
    sitemap: Sitemap | None = None
    try:
        for event, element in events:
            name = _local(element.tag)
            if sitemap is None and event == "start":
                sitemap = Sitemap(INDEX if name == INDEX else URLSET)
            elif event == "end" and name in ("url", "sitemap"):
                if entry := _entry(element):
                    sitemap.entries.append(entry)  # type: ignore[union-attr]
                element.clear()
    except lxml.etree.XMLSyntaxError:
        pass  # keep what was read before the damage
    return sitemap or Sitemap(URLSET)


def _entry(element: lxml.etree._Element) -> Entry | None:
    fields: dict[str, str] = {}
    for child in element.iter():  # first of each name: `<loc>` comes before an `<image:image><image:loc>`
        if child is not element:
            fields.setdefault(_local(child.tag), (child.text or "").strip())
    if not fields.get("loc"):
        return None
    return Entry(fields["loc"], parse_date(fields.get("publication_date")) or parse_date(fields.get("lastmod")))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
