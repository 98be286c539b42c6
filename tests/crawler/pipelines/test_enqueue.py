"""crawler/pipelines/enqueue.py: page ids sent by task name after the commit, one by one or in batches."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.contract import PROCESS_PAGE, PROCESS_PAGES, PROCESS_QUEUE
from crawler.pipelines.enqueue import EnqueuePagePipeline
from crawler.pipelines.persist import PersistRawPagePipeline
from crawler.signals import page_failed
from storage.models import RawPage
from storage.session import session_scope
from tests.crawler.pages import page_item, persisted


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
