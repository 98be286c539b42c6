"""Drop pages that are not worth storing (not HTML, empty), each with a kind and reason the run records."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawler.failures import EMPTY, NON_HTML
from crawler.items import PageItem, is_html


class RejectedPage(DropItem):
    """A dropped page, with the failure kind the CrawlRunRecorder files it under."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class ValidatePagePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePagePipeline:
        if not crawler.settings.getbool("PAGE_VALIDATE_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def process_item(self, item: PageItem) -> PageItem:
        rejection = check_page(item)
        if rejection is not None:
            self.crawler.stats.inc_value(f"page_validate/dropped/{rejection.kind}")
            raise rejection
        return item


def check_page(item: PageItem) -> RejectedPage | None:
    """Why this page must not be stored, or None when it is fine (a removal needs no body)."""
    if item.gone:
        return None
    if not item.body.strip():
        return RejectedPage(EMPTY, "empty response body")
    if not is_html(item.content_type, item.body):
        return RejectedPage(NON_HTML, f"not an HTML page (Content-Type: {item.content_type or 'none'})")
    return None
