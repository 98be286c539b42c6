"""Each crawler component on its own, built from a crawler (`scrapy.utils.test.get_crawler`)."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.contract import PROCESS_PAGE, PROCESS_PAGES, PROCESS_QUEUE
from common.settings import Settings
from common.sources import Source
from crawler.extensions.crawl_run import CrawlRunRecorder, run_status
from crawler.failures import NoProxyRoute
from crawler.items import ARTICLE_PAGE, LIST_PAGE, PAGE_KIND, PageItem
from crawler.middlewares.offsite import OffsiteMiddleware
from crawler.middlewares.proxy_routes import ProxyRoutesMiddleware
from crawler.pipelines.enqueue import EnqueuePagePipeline
from crawler.pipelines.persist import PersistRawPagePipeline
from crawler.pipelines.validate import RejectedPage, ValidatePagePipeline
from crawler.settings import crawler_settings
from crawler.signals import page_failed
from crawler.spiders.source import SourceSpider
from storage.base import utcnow
from storage.models import CrawlRun, RawPage
from storage.repositories.crawl_state import known_urls
from storage.repositories.pages import page_body
from storage.session import session_scope

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


# --- settings ---


def test_crawler_settings_maps_the_app_settings_in_one_place() -> None:
    app = Settings(
        database_url="sqlite:///x.db",
        redis_url="redis://127.0.0.1:6379/3",
        proxy_routes={".sample.test": "http://127.0.0.1:8123"},
        user_agent="ua (+mailto:a@b.invalid)",
        crawl_time_limit=600,
    )
    settings = crawler_settings(app, DOWNLOAD_TIMEOUT=2)
    assert settings["DATABASE_URL"] == "sqlite:///x.db"
    assert settings["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert settings.getbool("PAGE_ENQUEUE_ENABLED")
    assert settings.getdict("PROXY_ROUTES") == {".sample.test": "http://127.0.0.1:8123"}
    assert settings["USER_AGENT"] == "ua (+mailto:a@b.invalid)"
    assert settings.getint("CLOSESPIDER_TIMEOUT") == 600
    assert settings.getint("DOWNLOAD_TIMEOUT") == 2
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert not crawler_settings(Settings(redis_url="")).getbool("PAGE_ENQUEUE_ENABLED")


@pytest.mark.parametrize("agent", ["unionfeed/0.1", "Mozilla/5.0 (compatible)"])
def test_a_user_agent_must_name_a_contact(agent: str) -> None:
    with pytest.raises(ValueError, match="contact"):
        crawler_settings(Settings(user_agent=agent))


@pytest.mark.parametrize(
    "agent", ["unionfeed/0.1 (+mailto:ops@example.org)", "bot/1 (+https://example.org/bot)", "bot ops@example.org"]
)
def test_a_contact_is_a_mail_address_or_a_page(agent: str) -> None:
    assert crawler_settings(Settings(user_agent=agent))["USER_AGENT"] == agent


def test_politeness_and_bounds_are_on_by_default() -> None:
    settings = crawler_settings(Settings())
    assert settings.getbool("ROBOTSTXT_OBEY") and settings["ROBOTSTXT_PARSER"].endswith("ProtegoRobotParser")
    assert settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getfloat("DOWNLOAD_DELAY") > 0 and settings.getint("DOWNLOAD_MAXSIZE") > 0
    assert settings.getint("REDIRECT_MAX_TIMES") == 5 and settings.getint("RETRY_TIMES") == 2
    assert all(settings.getdict("DOWNLOAD_HANDLERS")[scheme] is None for scheme in ("file", "ftp", "s3", "data"))


# --- proxy routes ---


def proxy_middleware(routes: dict[str, str]) -> ProxyRoutesMiddleware:
    return build_from_crawler(ProxyRoutesMiddleware, get_crawler(settings_dict={"PROXY_ROUTES": routes}))


def test_routed_hosts_get_their_proxy() -> None:
    middleware = proxy_middleware({".sample.test": "http://127.0.0.1:8123", "a.sample.test": "http://127.0.0.1:9"})
    request = Request("http://news.sample.test/x.html")
    assert middleware.process_request(request) is None
    assert request.meta["proxy"] == "http://127.0.0.1:8123"
    longest = Request("http://a.sample.test/")
    middleware.process_request(longest)
    assert longest.meta["proxy"] == "http://127.0.0.1:9"
    assert middleware.crawler.stats.get_value("proxy_routes/routed") == 2


def test_sample_hosts_without_a_route_are_refused() -> None:
    middleware = proxy_middleware({})
    with pytest.raises(NoProxyRoute):
        middleware.process_request(Request("http://news.sample.test/x.html"))
    assert middleware.crawler.stats.get_value("proxy_routes/refused") == 1


def test_other_hosts_are_left_alone() -> None:
    middleware = proxy_middleware({".sample.test": "http://127.0.0.1:8123"})
    request = Request("http://127.0.0.1:9/x.html")
    middleware.process_request(request)
    assert "proxy" not in request.meta


def test_proxy_routes_can_be_disabled() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(ProxyRoutesMiddleware, get_crawler(settings_dict={"PROXY_ROUTES_ENABLED": False}))


# --- offsite ---


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


# --- validate ---


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"body": b"  \n"}, "empty"),
        ({"headers": {"Content-Type": "application/pdf"}, "body": b"%PDF-1.4"}, "non_html"),
        ({"headers": {"Content-Type": "application/json"}, "body": b'{"a": 1}'}, "non_html"),
        ({"headers": {}, "body": b"\x89PNG\r\n"}, "non_html"),
    ],
)
def test_validate_drops_with_a_kind(fields: dict[str, Any], kind: str) -> None:
    pipeline = build_from_crawler(ValidatePagePipeline, get_crawler())
    with pytest.raises(RejectedPage) as dropped:
        pipeline.process_item(page_item(**fields))
    assert dropped.value.kind == kind
    assert pipeline.crawler.stats.get_value(f"page_validate/dropped/{kind}") == 1


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html"}, {}, {"Content-Type": "text/plain"}])
def test_validate_keeps_html(headers: dict[str, str]) -> None:
    pipeline = build_from_crawler(ValidatePagePipeline, get_crawler())
    item = page_item(headers=headers)
    assert pipeline.process_item(item) is item


# --- persist ---


def test_persist_commits_the_raw_page(database_url: str, sessions: sessionmaker[Session]) -> None:
    pipeline = build_from_crawler(PersistRawPagePipeline, get_crawler(settings_dict={"DATABASE_URL": database_url}))
    item = persisted(pipeline, page_item(final_url="http://news.sample.test/2023/123456.html?x=1"))
    assert item.page_id is not None
    with session_scope(sessions) as session:  # another connection sees it: it is committed
        page = session.get_one(RawPage, item.page_id)
        assert (page.source, page.url, page.status_code, page.process_state) == (
            "demo",
            "http://news.sample.test/2023/123456.html",
            200,
            "pending",
        )
        assert page.final_url.endswith("?x=1") and page_body(page) == HTML
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert pipeline.crawler.stats.get_value("page_persist/stored") == 1


def test_persist_needs_a_database() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(PersistRawPagePipeline, get_crawler())


# --- enqueue ---


def test_enqueue_is_off_in_embedded_mode() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(EnqueuePagePipeline, get_crawler(settings_dict={"PAGE_ENQUEUE_ENABLED": True}))
    with pytest.raises(NotConfigured):
        build_from_crawler(EnqueuePagePipeline, get_crawler(settings_dict={"REDIS_URL": "redis://127.0.0.1:6379/15"}))


def queued(redis_url: str) -> list[tuple[str, list[Any]]]:
    """(task name, args) of every message waiting in the process queue, oldest first."""
    import redis

    client = redis.Redis.from_url(redis_url)
    messages = [json.loads(raw) for raw in reversed(client.lrange(PROCESS_QUEUE, 0, -1))]
    client.close()
    for message in messages:
        assert message["properties"]["delivery_info"]["routing_key"] == PROCESS_QUEUE
    return [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0]) for m in messages]


def enqueue_crawler(redis_url: str, database_url: str, **settings: Any) -> Any:
    return get_crawler(
        settings_dict={"REDIS_URL": redis_url, "PAGE_ENQUEUE_ENABLED": True, "DATABASE_URL": database_url, **settings}
    )


@pytest.mark.integration
def test_enqueue_one_by_one_publishes_each_page_id_by_task_name(crawler_redis_url: str, database_url: str) -> None:
    crawler = enqueue_crawler(crawler_redis_url, database_url, PAGE_ENQUEUE_BATCH_SIZE=1)
    persist = build_from_crawler(PersistRawPagePipeline, crawler)
    enqueue = build_from_crawler(EnqueuePagePipeline, crawler)
    item = enqueue.process_item(persisted(persist, page_item()))
    assert queued(crawler_redis_url) == [(PROCESS_PAGE, [item.page_id])]  # sent at once, before the close
    enqueue.close_spider()
    assert crawler.stats.get_value("page_enqueue/sent") == 1


@pytest.mark.integration
def test_enqueue_sends_batches_of_committed_pages_and_the_rest_when_idle_or_closing(
    crawler_redis_url: str, database_url: str, sessions: sessionmaker[Session]
) -> None:
    crawler = enqueue_crawler(crawler_redis_url, database_url, PAGE_ENQUEUE_BATCH_SIZE=3)
    persist = build_from_crawler(PersistRawPagePipeline, crawler)
    enqueue = build_from_crawler(EnqueuePagePipeline, crawler)

    def store(n: int) -> int:
        item = enqueue.process_item(persisted(persist, page_item(f"http://news.sample.test/2023/{n}.html")))
        assert item.page_id is not None
        return item.page_id

    ids = [store(n) for n in range(100, 104)]
    assert queued(crawler_redis_url) == [(PROCESS_PAGES, [ids[:3]])]  # the 4th waits for its batch
    crawler.signals.send_catch_log(signals.spider_idle, spider=None)
    assert queued(crawler_redis_url) == [(PROCESS_PAGES, [ids[:3]]), (PROCESS_PAGES, [ids[3:]])]
    last = store(104)
    enqueue.close_spider()  # nothing stored is left unsent
    sent = queued(crawler_redis_url)
    assert sent[-1] == (PROCESS_PAGES, [[last]])
    with session_scope(sessions) as session:  # every id sent belongs to a committed page
        committed = set(session.scalars(select(RawPage.id)))
    assert {page_id for _, [batch] in sent for page_id in batch} == committed == {*ids, last}
    assert (crawler.stats.get_value("page_enqueue/sent"), crawler.stats.get_value("page_enqueue/messages")) == (5, 3)


def test_enqueue_flushes_a_batch_that_waited_too_long() -> None:
    crawler = get_crawler(
        settings_dict={"REDIS_URL": "redis://127.0.0.1:1/15", "PAGE_ENQUEUE_ENABLED": True, "PAGE_ENQUEUE_MAX_WAIT": 5}
    )
    enqueue = build_from_crawler(EnqueuePagePipeline, crawler)
    sent: list[Any] = []
    enqueue.app.send_task = lambda name, args, **kwargs: sent.append((name, args))  # type: ignore[method-assign]
    enqueue.process_item(page_item(page_id=7))
    enqueue.flush_stale()
    assert sent == []
    enqueue.oldest -= 6
    enqueue.flush_stale()
    assert sent == [(PROCESS_PAGES, [[7]])]


def test_enqueue_failure_keeps_the_stored_page_and_is_recorded() -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    crawler = get_crawler(settings_dict={"REDIS_URL": "redis://127.0.0.1:1/15", "PAGE_ENQUEUE_ENABLED": True})
    enqueue = build_from_crawler(EnqueuePagePipeline, crawler)
    failures: list[dict[str, str]] = []
    crawler.signals.connect(lambda **kw: failures.append(kw), signal=page_failed, weak=False)
    items = [page_item(page_id=7), page_item(page_id=8)]
    assert [enqueue.process_item(item) for item in items] == items
    enqueue.close_spider()
    assert [f["kind"] for f in failures] == ["enqueue_failed", "enqueue_failed"]
    assert crawler.stats.get_value("page_enqueue/failed") == 2


# --- seen set ---


def test_a_stored_page_makes_its_urls_seen(database_url: str, sessions: sessionmaker[Session], source: Source) -> None:
    crawler = get_crawler(SourceSpider, {"DATABASE_URL": database_url})
    spider = spider_for(crawler, source)
    persist = build_from_crawler(PersistRawPagePipeline, crawler)
    requested, final, declared, new = (f"http://news.sample.test/2023/{n}.html" for n in (111, 222, 333, 444))
    persisted(persist, page_item(requested, final_url=final, aliases=[final, declared]))
    with session_scope(sessions) as session:
        assert known_urls(session, "demo", [requested, final, declared, new]) == {requested, final, declared}
        assert known_urls(session, "other", [requested]) == set()
    assert spider.state is not None
    spider.state.open()
    assert spider.state.unseen([new, requested, new, final]) == [new]
    assert crawler.stats.get_value("page_persist/new") == 1


# --- spider ---

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


# --- crawl run recorder ---


def recorder_crawler(database_url: str, **settings: Any) -> Any:
    extension = "crawler.extensions.crawl_run.CrawlRunRecorder"
    return get_crawler(SourceSpider, {"DATABASE_URL": database_url, "EXTENSIONS": {extension: 500}, **settings})


def test_recorder_creates_the_run_and_records_failures(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    crawler = recorder_crawler(database_url, CRAWL_RUN_TRIGGER="schedule")
    assert crawler.get_extension(CrawlRunRecorder) is not None
    spider = spider_for(crawler, source)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    assert isinstance(spider.crawl_run_id, int)
    crawler.stats.inc_value("source/list_pages")
    send = crawler.signals.send_catch_log
    send(page_failed, request_url="http://news.sample.test/a.html", kind="http_404", reason="HTTP 404")
    send(page_failed, request_url="http://news.sample.test/b.html", kind="http_404", reason="HTTP 404")
    send(
        signals.item_dropped, item=page_item(), response=None, exception=RejectedPage("non_html", "pdf"), spider=spider
    )
    loop = Request("http://news.sample.test/loop.html", meta={"redirect_urls": ["http://news.sample.test/loop.html"]})
    send(signals.request_dropped, request=loop, spider=spider)
    send(signals.request_dropped, request=Request("http://news.sample.test/dupe.html"), spider=spider)
    send(signals.spider_closed, spider=spider, reason="finished")

    with session_scope(sessions) as session:
        run = session.get_one(CrawlRun, spider.crawl_run_id)
        assert (run.source, run.trigger, run.status) == ("demo", "schedule", "partial")
        assert run.stats["errors_by_kind"] == {"http_404": 2, "non_html": 1, "redirect_loop": 1}
        assert run.stats["list_pages"] == 1 and run.finished_at is not None
        by_kind = {e["kind"]: e for e in run.errors}
        assert by_kind["http_404"]["count"] == 2 and by_kind["http_404"]["url"] == "http://news.sample.test/a.html"
        assert by_kind["http_404"]["urls"] == ["http://news.sample.test/a.html", "http://news.sample.test/b.html"]


def test_recorder_uses_a_given_run_and_spider_trigger(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    from storage.repositories.runs import start_run

    with session_scope(sessions) as session:
        run_id = start_run(session, source="demo", trigger="api").id
    crawler = recorder_crawler(database_url)
    spider = spider_for(crawler, source, crawl_run_id=run_id, trigger="api")
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    with session_scope(sessions) as session:
        assert session.scalars(select(CrawlRun.id)).all() == [run_id]
        assert session.get_one(CrawlRun, run_id).status == "succeeded"


def test_recorder_writes_progress_while_the_crawl_runs(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    crawler = recorder_crawler(database_url, CRAWL_RUN_FLUSH_INTERVAL=0)
    spider = spider_for(crawler, source)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    recorder = crawler.get_extension(CrawlRunRecorder)
    counts = {
        "downloader/request_count": 9,
        "downloader/response_status_count/304": 3,
        "page_persist/new": 4,
        "page_persist/refetched": 1,
        "robotstxt/request_count": 1,
    }
    for name, count in counts.items():
        crawler.stats.set_value(name, count)
    url = "http://news.sample.test/a.html"
    crawler.signals.send_catch_log(page_failed, request_url=url, kind="timeout", reason="t")
    recorder.flush()
    with session_scope(sessions) as session:
        run = session.get_one(CrawlRun, spider.crawl_run_id)
        assert run.status == "running" and run.finished_at is None
        names = ("requests", "not_modified", "new_articles", "revisions", "robots_requests")
        assert [run.stats[name] for name in names] == [9, 3, 4, 1, 1]
        assert run.stats["errors_by_kind"] == {"timeout": 1} and run.errors[0]["urls"] == [url]
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")


def test_recorder_needs_a_database() -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {"crawler.extensions.crawl_run.CrawlRunRecorder": 500}})
    assert crawler.get_extension(CrawlRunRecorder) is None


@pytest.mark.parametrize(
    ("errors", "fetched", "status"), [(0, 0, "succeeded"), (0, 5, "succeeded"), (2, 5, "partial"), (2, 0, "failed")]
)
def test_run_status(errors: int, fetched: int, status: str) -> None:
    assert run_status(errors, fetched) == status


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
