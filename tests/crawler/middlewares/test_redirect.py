"""crawler/middlewares/redirect.py, built from a crawler: redirects out of HTTP are ignored, the response goes on."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.middlewares.redirect import HttpMetaRefreshMiddleware, HttpRedirectMiddleware

PAGE = "http://news.example.org/a/1.html"


def refresh_page(target: str) -> HtmlResponse:
    body = f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head><body>text</body></html>'
    return HtmlResponse(PAGE, body=body.encode(), encoding="utf-8")


@pytest.mark.parametrize("target", ["javascript:void(0)", "mailto:desk@example.org", "tel:123", "data:text/html,x"])
def test_non_http_targets_are_ignored_and_the_page_kept(target: str) -> None:
    crawler = get_crawler()
    meta_refresh = build_from_crawler(HttpMetaRefreshMiddleware, crawler)
    page = refresh_page(target)
    assert meta_refresh.process_response(Request(PAGE), page) is page
    redirect = build_from_crawler(HttpRedirectMiddleware, crawler)
    moved = Response(PAGE, status=302, headers={"Location": target})
    assert redirect.process_response(Request(PAGE), moved) is moved
    assert crawler.stats.get_value("redirect/ignored_scheme") == 2


def test_http_targets_are_followed_as_by_scrapy() -> None:
    crawler = get_crawler()
    followed = build_from_crawler(HttpMetaRefreshMiddleware, crawler).process_response(
        Request(PAGE), refresh_page("/a/2.html")
    )
    assert isinstance(followed, Request) and followed.url == "http://news.example.org/a/2.html"
    moved = Response(PAGE, status=301, headers={"Location": "//mirror.example.org/a/1.html"})
    followed = build_from_crawler(HttpRedirectMiddleware, crawler).process_response(Request(PAGE), moved)
    assert isinstance(followed, Request) and followed.url == "http://mirror.example.org/a/1.html"
