"""Article links from RSS 2.0 / Atom feeds (`discovery.feeds`, a start URL that turns out to be a feed, or a feed a
start page announces with `<link rel="alternate">`), each with its publication date when the feed gives one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from parsel import Selector

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Entry:
    """One item of a feed or sitemap: a link and, when announced, when it was published."""

    url: str
    published: datetime | None = None


def is_feed(content_type: str, body: bytes) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in FEED_TYPES:
        return True
    return media in ("", "text/xml", "application/xml") and bool(_FEED_START.match(body[:4096]))


def feed_entries(body: bytes) -> list[Entry]:
    """The items in document order: RSS `<item><link>` with `pubDate` (or `dc:date`), Atom `<entry><link
    rel="alternate">` with `published` (or `updated`)."""
    selector = Selector(body=body, type="xml")
    selector.remove_namespaces()
    entries: list[Entry] = []
    for item in selector.xpath("//item"):
        link = item.xpath("link/text()").get() or item.xpath("guid[not(@isPermaLink='false')]/text()").get() or ""
        date = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
        entries.append(Entry(link.strip(), parse_date(date)))
    for entry in selector.xpath("//entry"):
        link = entry.xpath("link[not(@rel) or @rel='alternate']/@href").get() or ""
        date = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
        entries.append(Entry(link.strip(), parse_date(date)))
    return [entry for entry in entries if entry.url]


def feed_item_links(body: bytes) -> list[str]:
    return [entry.url for entry in feed_entries(body)]


def parse_date(text: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 / W3C (Atom, sitemaps) as an aware UTC datetime; a date alone is its midnight UTC;
    None when absent or unreadable (the item is then never skipped for its age)."""
    if not text or not (text := text.strip()):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def announced_feeds(selector: Selector) -> list[str]:
    """The feed URLs (as written, relative or not) an HTML page announces in `<link rel="alternate">`."""
    hrefs = []
    for link in selector.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            hrefs.append(link.attrib["href"].strip())
    return hrefs
