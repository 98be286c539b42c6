"""The one item the crawler produces (a fetched article page, exactly as it came off the wire) and what a page is."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from common.contract import GONE_STATUSES

# request.meta["page_kind"] and ["list_section"]: what the spider expects behind a request and which entry point it
# descends from. Other components read them (the crawl state files failures by section), so the names live here.
PAGE_KIND = "page_kind"
LIST_PAGE = "list"
ARTICLE_PAGE = "article"
SECTION = "list_section"  # the entry point (start URL, feed, remembered column) a request descends from

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass
class PageItem:
    source: str
    url: str  # the canonical URL that was requested (before redirects): what the crawl deduplicates on
    final_url: str  # where the response came from after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    crawl_run_id: int | None = None
    page_id: int | None = None  # set once the raw page is committed
    refetch: bool = False  # a seen article fetched again for corrections, whose page changed
    aliases: list[str] = field(default_factory=list)  # its other canonical URLs: after redirects, rel=canonical
    published_at: datetime | None = None  # as a feed or sitemap announced it
    section: str | None = None  # the entry point the page was reached from (see CrawlState)
    rendered: bool = False  # the body is the DOM a browser built (render: browser or auto), not the HTTP body

    @property
    def gone(self) -> bool:
        """A recheck of a stored article answered 404/410: the page stands for the article's removal."""
        return self.status in GONE_STATUSES

    @property
    def content_type(self) -> str:
        return self.header("content-type")

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name), "")

    @property
    def body_sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def is_html(content_type: str, body: bytes) -> bool:
    """An HTML page by its Content-Type; without one (or a generic one), by how the body starts."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return True
    if media and media not in ("application/octet-stream", "text/plain", "binary/octet-stream"):
        return False
    return bool(_HTML_START.match(body[:2048]))
