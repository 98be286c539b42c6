"""Atom 1.0 and JSON Feed 1.1 renderings of a page of canonical records (pure functions, no I/O)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from storage.models import Article

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str | None) -> str:
    return _INVALID_XML.sub("", value or "")


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _summary(article: Article, length: int = 200) -> str:
    text = " ".join((article.body_text or "").split())
    return text if len(text) <= length else text[:length] + "…"


def atom(articles: list[Article], *, title: str, self_url: str, feed_id: str, next_url: str | None = None) -> bytes:
    """`next_url`: the next page of the feed (RFC 5005 paging, `<link rel="next">`)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = _xml_text(title)
    updated = max((a.updated_at for a in articles), default=datetime(1970, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = _iso(updated)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=self_url)
    if next_url is not None:
        ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="next", href=next_url)
    ET.SubElement(feed, f"{{{ATOM_NS}}}generator").text = "unionfeed"
    for article in articles:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = f"urn:unionfeed:article:{article.id}"
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = _xml_text(article.title or article.canonical_url)
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=_xml_text(article.canonical_url))
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _iso(article.updated_at)
        if article.published_at is not None:
            ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _iso(article.published_at)
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = _xml_text(article.author or article.origin or article.source)
        if article.category:
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", term=_xml_text(article.category))
        ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = _xml_text(_summary(article))
        content = ET.SubElement(entry, f"{{{ATOM_NS}}}content", type="html")
        content.text = _xml_text(article.body_html or article.body_text)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def json_feed(
    articles: list[Article],
    *,
    title: str,
    feed_url: str,
    home_page_url: str | None = None,
    next_url: str | None = None,
) -> dict[str, Any]:
    """`home_page_url`: the web page the feed is about (a source's site), omitted when there is none; `next_url`:
    the next page of older items. Optional members without a value are left out, as JSON Feed 1.1 asks."""
    items = []
    for article in articles:
        item: dict[str, Any] = {
            "id": article.id,
            "url": article.canonical_url,
            "title": article.title,
            "content_html": article.body_html or None,
            "content_text": article.body_text,
            "summary": _summary(article),
            "date_modified": _iso(article.updated_at),
            "authors": [{"name": article.author}] if article.author else None,
            "tags": [article.category] if article.category else [],
            "language": article.language,
            "image": (article.images or [{}])[0].get("url"),
            "_unionfeed": {"source": article.source, "origin": article.origin, "cluster_id": article.cluster_id},
        }
        if article.published_at is not None:
            item["date_published"] = _iso(article.published_at)
        items.append({k: v for k, v in item.items() if v is not None})
    document = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "next_url": next_url,
        "items": items,
    }
    return {k: v for k, v in document.items() if v is not None}


def json_bytes(document: dict[str, Any]) -> bytes:
    """The JSON Feed document as sent: UTF-8, Chinese left readable."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
