"""crawler/extensions/crawl_run.py: the run, its progress and its failures are recorded; the run status."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request, signals
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.sources import Source
from crawler.extensions.crawl_run import CrawlRunRecorder, run_status
from crawler.pipelines.validate import RejectedPage
from crawler.signals import page_failed
from crawler.spiders.source import SourceSpider
from storage.models import CrawlRun
from storage.session import session_scope
from tests.crawler.pages import page_item, spider_for


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
