"""The spider (crawler/spiders/source.py) on feeds, sitemaps and article pages: its callbacks on built responses
(its crawl state on a throwaway SQLite database where it matters)."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from datetime import timedelta
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from common.sources import Source
from crawler.items import ARTICLE_PAGE, LIST_PAGE, PAGE_KIND, SECTION, PageItem
from crawler.signals import page_failed
from crawler.spiders.source import PUBLISHED, REFETCH, ROLE, SourceSpider
from crawler.state import Refetch
from storage.repositories.crawl_state import upsert_urls
from storage.session import session_scope
from tests.crawler.feed_documents import NEWS_SITEMAP, NOW, OLD, RSS, SITE, sitemap_index


def spider_for(source: Source, database_url: str | None = None) -> SourceSpider:
    crawler = get_crawler(SourceSpider, {"DATABASE_URL": database_url} if database_url else {})
    spider = SourceSpider.from_crawler(crawler, source=source)
    crawler.spider = spider
    if spider.state is not None:
        spider.state.open()
    return spider


def list_response(url: str, body: bytes, content_type: str, role: str = "configured", **meta: Any) -> Response:
    request = Request(url, meta={PAGE_KIND: LIST_PAGE, SECTION: url, ROLE: role, **meta})
    cls = HtmlResponse if content_type == "text/html" else TextResponse
    return cls(url, body=body, headers={"Content-Type": content_type}, request=request)


def test_feed_items_older_than_the_horizon_are_not_fetched(make_source: Any) -> None:
    spider = spider_for(make_source(discovery={"horizon_days": 30}))
    requests = list(spider.parse_list(list_response(f"{SITE}/feed/", RSS, "application/rss+xml")))
    assert [r.url for r in requests] == [
        f"{SITE}/2024/06/22/a-recent-story/",
        f"{SITE}/2024/06/20/by-guid-only/",
        f"{SITE}/2024/06/19/undated-story/",  # no date: never skipped for its age
    ]
    assert requests[0].meta[PUBLISHED] is not None and requests[2].meta[PUBLISHED] is None
    assert spider.crawler.stats.get_value("source/beyond_horizon") == 1


def test_news_sitemap_items_within_the_horizon_and_domains(make_source: Any) -> None:
    spider = spider_for(make_source(discovery={"horizon_days": 30}))
    requests = list(spider.parse_list(list_response(f"{SITE}/news.xml", NEWS_SITEMAP, "application/xml")))
    assert [(r.url, r.meta[PAGE_KIND]) for r in requests] == [
        (f"{SITE}/2024/123456.html", ARTICLE_PAGE),
        (f"{SITE}/2024/123458.html", ARTICLE_PAGE),
    ]
    assert spider.crawler.stats.get_value("source/sitemaps") == 1


def test_a_sitemap_index_leads_to_child_sitemaps_changed_since_they_were_read(
    make_source: Any, database_url: str, sessions: Any
) -> None:
    read_at = NOW - timedelta(days=2)
    with session_scope(sessions) as session:
        upsert_urls(session, "demo", {f"{SITE}/s1.xml": {"fetched_at": read_at}}, kind="sitemap")
    spider = spider_for(make_source(discovery={"horizon_days": 30}), database_url)
    body = gzip.compress(
        sitemap_index(
            (f"{SITE}/s1.xml", NOW - timedelta(days=3)),  # unchanged since it was read
            (f"{SITE}/s2.xml", NOW - timedelta(days=1)),
            (f"{SITE}/s3.xml", OLD),  # beyond the horizon: holds only old articles
            (f"{SITE}/s4.xml", None),
        )
    )
    requests = list(spider.parse_list(list_response(f"{SITE}/sitemap.xml.gz", body, "application/octet-stream")))
    assert [(r.url, r.meta[ROLE], r.meta["list_kind"]) for r in requests] == [
        (f"{SITE}/s2.xml", "page", "sitemap"),
        (f"{SITE}/s4.xml", "page", "sitemap"),
    ]
    assert spider.crawler.stats.get_value("source/sitemaps_unchanged") == 1


START_PAGE = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
<a href="/2024/06/22/a-recent-story/">story</a></body></html>"""


def test_a_start_page_announces_its_feed(make_source: Any) -> None:
    spider = spider_for(make_source())
    requests = list(spider.parse_list(list_response(f"{SITE}/news/", START_PAGE, "text/html")))
    feeds = [r for r in requests if r.meta[PAGE_KIND] == LIST_PAGE]
    assert [(r.url, r.meta[ROLE], r.meta[SECTION]) for r in feeds] == [(f"{SITE}/feed/", "announced", f"{SITE}/feed/")]
    page = list_response(f"{SITE}/news/index_2.html", START_PAGE, "text/html", role="page")
    assert all(r.meta[PAGE_KIND] == ARTICLE_PAGE for r in spider.parse_list(page))  # only start pages are asked
    off = spider_for(make_source(discovery={"autodiscover_feeds": False}))
    start = list_response(f"{SITE}/news/", START_PAGE, "text/html")
    assert all(r.meta[PAGE_KIND] == ARTICLE_PAGE for r in off.parse_list(start))


def test_a_list_that_answers_304_leads_nowhere(make_source: Any, database_url: str) -> None:
    spider = spider_for(make_source(), database_url)
    response = list_response(f"{SITE}/news/", b"", "text/html")
    response = response.replace(status=304)
    assert list(spider.parse_list(response)) == []
    assert spider.state is not None and spider.state._lists[f"{SITE}/news/"].status == 304


def test_list_requests_carry_the_remembered_validators(make_source: Any, database_url: str, sessions: Any) -> None:
    validators = {"etag": '"abc"', "last_modified": "Mon, 01 Jul 2024 00:00:00 GMT"}
    with session_scope(sessions) as session:
        upsert_urls(session, "demo", {f"{SITE}/news/": validators}, kind="list")
    spider = spider_for(make_source(), database_url)
    request = spider.list_request(f"{SITE}/news/", role="configured")
    assert request is not None
    assert request.headers["If-None-Match"] == b'"abc"'
    assert request.headers["If-Modified-Since"] == b"Mon, 01 Jul 2024 00:00:00 GMT"
    assert spider.list_request(f"{SITE}/other/", role="configured").headers.get("If-None-Match") is None  # type: ignore[union-attr]


ARTICLE = b"""<html><head><link rel="canonical" href="/2024/123456.html"></head><body><p>text</p></body></html>"""


def article_response(url: str, body: bytes = ARTICLE, status: int = 200, **meta: Any) -> HtmlResponse:
    request = Request(url, meta={PAGE_KIND: ARTICLE_PAGE, SECTION: f"{SITE}/news/", **meta})
    return HtmlResponse(url, status=status, body=body, headers={"Content-Type": "text/html"}, request=request)


def stored(spider: SourceSpider, database_url: str, item: PageItem) -> None:
    from crawler.pipelines.persist import PersistRawPagePipeline

    pipeline = PersistRawPagePipeline.from_crawler(spider.crawler)
    asyncio.run(pipeline.process_item(item))


def test_rel_canonical_becomes_an_alias_of_the_stored_page(make_source: Any) -> None:
    spider = spider_for(make_source())
    [item] = spider.parse_article(article_response(f"{SITE}/2024/123456.html?from=list&x=1"))
    assert (item.url, item.aliases) == (f"{SITE}/2024/123456.html?x=1", [f"{SITE}/2024/123456.html"])


def test_a_page_whose_canonical_url_is_stored_is_not_stored_again(make_source: Any, database_url: str) -> None:
    spider = spider_for(make_source(), database_url)
    [item] = spider.parse_article(article_response(f"{SITE}/2024/123456.html"))
    assert item.aliases == []
    stored(spider, database_url, item)
    # The same article under another spelling, in this crawl or a later one: one article, one URL.
    assert list(spider.parse_article(article_response(f"{SITE}/print/123456.html?x=1"))) == []
    later = spider_for(make_source(), database_url)
    assert list(later.parse_article(article_response(f"{SITE}/a/123456.html"))) == []
    assert later.crawler.stats.get_value("source/canonical_duplicates") == 1
    assert later.state is not None and f"{SITE}/a/123456.html" in later.state._articles  # seen from now on


def test_a_refetch_stores_the_page_only_when_it_changed(make_source: Any) -> None:
    spider = spider_for(make_source())
    refetch = Refetch(f"{SITE}/2024/123456.html", '"e1"', None, hashlib.sha256(ARTICLE).hexdigest())
    assert list(spider.parse_article(article_response(refetch.url, b"", 304, **{REFETCH: refetch}))) == []
    assert list(spider.parse_article(article_response(refetch.url, ARTICLE, **{REFETCH: refetch}))) == []
    changed = ARTICLE.replace(b"text", b"fixed")
    [item] = spider.parse_article(article_response(refetch.url, changed, **{REFETCH: refetch}))
    assert item.refetch and item.url == refetch.url
    assert spider.crawler.stats.get_value("source/refetch_unchanged") == 2
    request = spider.refetch_request(refetch)
    assert request.headers["If-None-Match"] == b'"e1"' and request.meta["handle_httpstatus_list"] == [304, 404, 410]


def failure(url: str, status: int, **meta: Any) -> Failure:
    request = Request(url, meta={SECTION: f"{SITE}/news/", **meta})
    error = HttpError(Response(url, status=status, request=request))
    result = Failure(error)
    result.request = request  # type: ignore[attr-defined]
    return result


def test_transient_failures_keep_their_section_from_being_remembered(make_source: Any, database_url: str) -> None:
    spider = spider_for(make_source(), database_url)
    assert spider.state is not None
    spider.on_error(failure(f"{SITE}/2024/1.html", 404))
    assert spider.state.failed_sections == set()  # a 404 stays a 404: no reason to read the list again
    spider.on_error(failure(f"{SITE}/2024/2.html", 503))
    assert spider.state.failed_sections == {f"{SITE}/news/"}


def test_a_refetched_article_that_is_gone_is_no_failure(make_source: Any, database_url: str) -> None:
    spider = spider_for(make_source(), database_url)
    refetch = Refetch(f"{SITE}/2024/1.html", None, None, "x")
    errors: list[Any] = []
    spider.crawler.signals.connect(lambda **kw: errors.append(kw), signal=page_failed, weak=False)
    [removal] = spider.parse_article(article_response(refetch.url, b"", 404, **{REFETCH: refetch}))
    assert errors == [] and spider.crawler.stats.get_value("source/refetch_gone") == 1
    assert removal.gone and removal.status == 404  # stored as the article's removal
