"""Article links from RSS 2.0 / Atom feeds (`discovery.feeds`, or a start URL that turns out to be a feed)."""

from __future__ import annotations

import re

from parsel import Selector

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


def is_feed(content_type: str, body: bytes) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    return media in ("", "text/xml", "application/xml") and bool(_FEED_START.match(body[:4096]))


def feed_item_links(body: bytes) -> list[str]:
    """The item links in document order: RSS `<item><link>`, Atom `<entry><link rel="alternate" href>`."""
    selector = Selector(body=body, type="xml")
    selector.remove_namespaces()
    rss = [link.strip() for link in selector.xpath("//item/link/text()").getall()]
    atom = selector.xpath("//entry/link[not(@rel) or @rel='alternate']/@href").getall()
    return [link for link in rss + atom if link]
