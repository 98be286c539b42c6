"""Pages and spiders the crawler component tests build: an article item, a persisted one, a spider on a source."""

from __future__ import annotations

import asyncio
from typing import Any

from common.sources import Source
from crawler.items import PageItem
from crawler.pipelines.persist import PersistRawPagePipeline
from crawler.spiders.source import SourceSpider
from storage.base import utcnow

HTML = b"<!doctype html><html><head><title>t</title></head><body><p>\xe5\xb7\xa5\xe4\xbc\x9a</p></body></html>"


def page_item(url: str = "http://news.sample.test/2023/123456.html", **fields: Any) -> PageItem:
    values: dict[str, Any] = {
        "source": "demo",
        "url": url,
        "final_url": url,
        "status": 200,
        "headers": {"Content-Type": "text/html; charset=utf-8"},
        "body": HTML,
        "fetched_at": utcnow(),
        **fields,
    }
    return PageItem(**values)


def persisted(pipeline: PersistRawPagePipeline, item: PageItem) -> PageItem:
    """The persist pipeline's coroutine run to its end (its transaction runs in a worker thread)."""
    return asyncio.run(pipeline.process_item(item))


def spider_for(crawler: Any, source: Source, **kwargs: Any) -> SourceSpider:
    spider = SourceSpider.from_crawler(crawler, source=source, **kwargs)
    crawler.spider = spider
    return spider
