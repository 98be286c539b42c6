"""crawler/middlewares/offsite.py, built from a crawler: offsite redirects are recorded; only http(s) passes."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from common.sources import Source
from crawler.middlewares.offsite import OffsiteMiddleware
from crawler.signals import page_failed
from crawler.spiders.source import SourceSpider
from tests.crawler.pages import spider_for


def test_offsite_redirect_is_recorded(source: Source) -> None:
    crawler = get_crawler(SourceSpider)
    spider_for(crawler, source)
    middleware = build_from_crawler(OffsiteMiddleware, crawler)
    failures: list[dict[str, str]] = []
    crawler.signals.connect(lambda **kw: failures.append(kw), signal=page_failed, weak=False)
    request = Request("http://elsewhere.example/x", meta={"redirect_urls": ["http://news.sample.test/a.html"]})
    with pytest.raises(IgnoreRequest):
        middleware.process_request(request)
    middleware.process_request(Request("http://news.sample.test/ok.html"))
    assert [(f["kind"], f["request_url"]) for f in failures] == [("offsite", "http://elsewhere.example/x")]
    assert "http://news.sample.test/a.html" in failures[0]["reason"]


def test_only_http_and_https_pass(source: Source) -> None:
    crawler = get_crawler(SourceSpider)
    spider_for(crawler, source)
    middleware = build_from_crawler(OffsiteMiddleware, crawler)
    with pytest.raises(IgnoreRequest, match="only http and https"):
        middleware.process_request(Request("ftp://news.sample.test/x", meta={"redirect_urls": ["http://x"]}))
    middleware.process_request(Request("https://news.sample.test/ok.html"))
