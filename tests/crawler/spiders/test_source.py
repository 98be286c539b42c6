"""The spider (crawler/spiders/source.py) on list pages, articles and feed start URLs, built from a crawler."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from common.sources import Source
from crawler.items import ARTICLE_PAGE, LIST_PAGE, PAGE_KIND
from crawler.signals import page_failed
from crawler.spiders.source import SourceSpider
from tests.crawler.pages import HTML, spider_for

LIST_HTML = """<html><body>
<nav><a href="/">首页</a> <a href="/news/">工会新闻</a> <a href="/about.html">关于我们</a>
     <a href="/login.jsp">登录</a> <a href="http://elsewhere.example/2023/123456.html">外链</a></nav>
<ul>
  <li><a href="/news/202307/t20230703_101.html?utm_source=wx#top">一</a></li>
  <li><a href="2023/07/05/union-wins-the-case/">二</a></li>
  <li><a href="/news/202307/t20230703_101.html">一（重复）</a></li>
  <li><a href="/files/notice_2023.pdf">附件</a></li>
</ul>
<div class="pager"><a href="index_1.html">2</a> <a href="index_2.html">3</a> <a href="index_3.html">4</a>
  <a href="index_1.html">下一页</a></div>
<script>createPageHTML(6, 0, "index", "html");</script>
</body></html>"""


def list_response(url: str = "http://news.sample.test/news/", body: str = LIST_HTML, **meta: Any) -> HtmlResponse:
    request = Request(url, meta={PAGE_KIND: LIST_PAGE, "list_section": url, "list_role": "configured", **meta})
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def test_spider_follows_unseen_articles_and_the_next_page_only(make_source: Any) -> None:
    crawler = get_crawler(SourceSpider)
    spider = spider_for(crawler, make_source(discovery={"max_list_pages": 4}))
    start = spider.list_request("http://news.sample.test/news/", role="configured")
    assert start is not None and start.meta["handle_httpstatus_list"] == [304]
    requests = list(spider.parse_list(list_response()))
    lists = [r.url for r in requests if r.meta[PAGE_KIND] == LIST_PAGE]
    articles = [r.url for r in requests if r.meta[PAGE_KIND] == ARTICLE_PAGE]
    # Pages 2..6 are linked (and scripted); only the next one is followed: it is read only if this one had news.
    assert lists == ["http://news.sample.test/news/index_1.html"]
    assert articles == [
        "http://news.sample.test/news/202307/t20230703_101.html",
        "http://news.sample.test/news/2023/07/05/union-wins-the-case/",
    ]
    assert crawler.stats.get_value("source/list_pages") == 1


def test_list_budget_bounds_the_pages_of_a_section(make_source: Any) -> None:
    spider = spider_for(get_crawler(SourceSpider), make_source(discovery={"max_list_pages": 2}))
    section = "http://news.sample.test/news/"
    assert spider.list_request(section, role="configured") is not None
    assert spider.list_request(section + "index_1.html", role="page", section=section) is not None
    assert spider.list_request(section + "index_2.html", role="page", section=section) is None
    assert spider.list_request(section, role="configured") is None  # once per crawl


def test_spider_yields_the_article_as_fetched(source: Source) -> None:
    crawler = get_crawler(SourceSpider)
    spider = spider_for(crawler, source, crawl_run_id="42")
    original = "http://news.sample.test/2023/123456.html"
    request = Request("http://news.sample.test/2023/123457.html", meta={"redirect_urls": [original]})
    response = HtmlResponse(request.url, body=HTML, headers={"Content-Type": "text/html"}, request=request)
    [item] = list(spider.parse_article(response))
    assert (item.source, item.url, item.final_url, item.crawl_run_id) == ("demo", original, request.url, 42)
    assert item.body == HTML and item.headers["Content-Type"] == "text/html"


def test_non_html_list_page_is_a_failure(source: Source) -> None:
    crawler = get_crawler(SourceSpider)
    spider = spider_for(crawler, source)
    failures: list[dict[str, str]] = []
    crawler.signals.connect(lambda **kw: failures.append(kw), signal=page_failed, weak=False)
    url = "http://news.sample.test/feed.json"
    request = Request(url, meta={"list_section": url, "list_role": "configured"})
    response = TextResponse(url, body=b"{}", headers={"Content-Type": "application/json"}, request=request)
    assert list(spider.parse_list(response)) == []
    assert [f["kind"] for f in failures] == ["non_html"]


def test_spider_loads_its_source_by_key(tmp_path: Any) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {key: k1, name: K, start_urls: ['http://k.sample.test/']}\n", encoding="utf-8")
    spider = SourceSpider.from_crawler(get_crawler(SourceSpider, {"SOURCES_PATH": str(path)}), source="k1")
    assert (spider.name, spider.allowed_domains) == ("k1", ["k.sample.test"])


RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>http://news.sample.test/2024/06/22/a-long-story-slug/</link></item>
<item><title>b</title><link> http://news.sample.test/2024/06/20/another-long-story/?utm_source=rss </link></item>
<item><title>off</title><link>http://elsewhere.example/2024/06/20/x/</link></item>
</channel></rss>"""


def test_a_feed_start_url_yields_its_items_as_articles(source: Source) -> None:
    crawler = get_crawler(SourceSpider)
    spider = spider_for(crawler, source)
    url = "http://news.sample.test/feed/"
    request = Request(url, meta={"list_section": url, "list_role": "configured"})
    response = TextResponse(url, body=RSS, headers={"Content-Type": "application/rss+xml"}, request=request)
    requests = list(spider.parse_list(response))
    assert [(r.url, r.meta[PAGE_KIND]) for r in requests] == [
        ("http://news.sample.test/2024/06/22/a-long-story-slug/", ARTICLE_PAGE),
        ("http://news.sample.test/2024/06/20/another-long-story/", ARTICLE_PAGE),
    ]
    assert crawler.stats.get_value("source/feeds") == 1


def test_sibling_columns_come_after_the_lists_next_page(make_source: Any) -> None:
    crawler = get_crawler(SourceSpider)
    start = "http://news.sample.test/col/col1/"
    spider = spider_for(crawler, make_source(start=start, discovery={"max_list_pages": 3}))
    spider.list_request(start, role="configured")
    body = """<html><body><a href="/col/col2/index.html">基层风采</a> <a href="/col/col9/index.html">概况</a>
        <a href="/art/2023/7/3/art_1_101.html">一</a> <a href="/col/col1/index_2.html">2</a></body></html>"""
    requests = list(spider.parse_list(list_response(start, body)))
    # Budget 3 = the start page, its next page, and one sibling column.
    assert [(r.url, r.meta["list_role"]) for r in requests if r.meta[PAGE_KIND] == LIST_PAGE] == [
        ("http://news.sample.test/col/col1/index_2.html", "page"),
        ("http://news.sample.test/col/col2/index.html", "other_list"),  # requested as linked
    ]
