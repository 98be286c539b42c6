"""crawler/pipelines/persist.py: the raw page is committed, with its URLs in the seen set."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from sqlalchemy.orm import Session, sessionmaker

from common.sources import Source
from crawler.pipelines.persist import PersistRawPagePipeline
from crawler.spiders.source import SourceSpider
from storage.models import RawPage
from storage.repositories.crawl_state import known_urls
from storage.repositories.pages import page_body
from storage.session import session_scope
from tests.crawler.pages import HTML, page_item, persisted, spider_for


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
