"""The crawl state between crawls (crawler/state.py, crawler/seen_cache.py, storage/repositories/crawl_state.py):
what is remembered when, on SQLite, on the real Redis, and the repository on a fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session, sessionmaker

from common.sources import Source
from crawler.seen_cache import SeenCache
from crawler.state import CrawlState
from storage.base import utcnow
from storage.migrate import upgrade
from storage.models import CrawlUrl
from storage.repositories import articles, pages
from storage.repositories.crawl_state import (
    announce_published,
    known_urls,
    record_article,
    refetch_candidates,
    seen_mark,
    seen_urls,
    upsert_urls,
)
from storage.session import make_engine, make_session_factory, session_scope

SITE = "http://news.sample.test"
NEWS, PAGE2, FEED = f"{SITE}/news/", f"{SITE}/news/index_2.html", f"{SITE}/feed/"
ETAG = {"Etag": '"v1"', "Last-Modified": "Mon, 01 Jul 2024 00:00:00 GMT"}  # as Scrapy spells them


def state_for(database_url: str, source: Source, cache: SeenCache | None = None) -> CrawlState:
    state = CrawlState(make_engine(database_url), source, cache)
    state.open()
    return state


def rows(sessions: sessionmaker[Session]) -> dict[str, CrawlUrl]:
    with session_scope(sessions) as session:
        found = {row.url: row for row in session.scalars(select(CrawlUrl))}
        session.expunge_all()
    return found


def store(session: Session, url: str, **fields: Any) -> None:
    values = {"fetched_at": utcnow(), "status": 200, "body_sha256": "x" * 64, **fields}
    record_article(session, source="demo", url=url, **values)


# --- list validators ---


def test_validators_are_saved_for_a_section_that_finished_cleanly(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    state = state_for(database_url, source)
    state.list_fetched(NEWS, kind="list", section=NEWS, entry=False, status=200, headers=ETAG)
    state.list_fetched(PAGE2, kind="list", section=NEWS, entry=False, status=200, headers={"ETag": '"p2"'})
    state.save(finished=True)
    saved = rows(sessions)
    assert (saved[NEWS].etag, saved[NEWS].last_modified, saved[NEWS].status) == ('"v1"', ETAG["Last-Modified"], 200)
    assert saved[PAGE2].etag == '"p2"' and saved[NEWS].fetched_at is not None
    assert state_for(database_url, source).conditional_headers(NEWS) == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": ETAG["Last-Modified"],
    }


def test_a_transient_failure_keeps_the_old_validators_of_its_section(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    with session_scope(sessions) as session:
        upsert_urls(session, "demo", {NEWS: {"etag": '"v0"', "fetched_at": utcnow() - timedelta(days=1)}}, kind="list")
    state = state_for(database_url, source)
    state.list_fetched(NEWS, kind="list", section=NEWS, entry=False, status=200, headers=ETAG)
    state.list_fetched(FEED, kind="feed", section=FEED, entry=True, status=200, headers={"ETag": '"f"'})
    state.failed(NEWS, "http_404")  # permanent: changes nothing
    state.failed(NEWS, "timeout")  # an article of the section timed out: read the list again next time
    state.save(finished=True)
    saved = rows(sessions)
    assert saved[NEWS].etag == '"v0"' and saved[NEWS].fetched_at < utcnow() - timedelta(hours=23)  # type: ignore[operator]
    assert (saved[FEED].etag, saved[FEED].entry, saved[FEED].kind) == ('"f"', True, "feed")


def test_an_interrupted_crawl_saves_no_validators(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    state = state_for(database_url, source)
    state.list_fetched(NEWS, kind="list", section=NEWS, entry=False, status=200, headers=ETAG)
    state.save(finished=False)
    assert (rows(sessions)[NEWS].etag, rows(sessions)[NEWS].fetched_at) == (None, None)


def test_a_304_keeps_the_validators_and_renews_the_fetch_time(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    earlier = utcnow() - timedelta(days=3)
    with session_scope(sessions) as session:
        upsert_urls(session, "demo", {NEWS: {"etag": '"v1"', "fetched_at": earlier}}, kind="list")
    state = state_for(database_url, source)
    state.list_fetched(NEWS, kind="list", section=NEWS, entry=False, status=304, headers={})
    state.save(finished=True)
    saved = rows(sessions)[NEWS]
    assert saved.etag == '"v1"' and saved.status == 304 and saved.fetched_at > earlier  # type: ignore[operator]


def test_entry_points_are_remembered_and_forgotten(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    column = f"{SITE}/col/col2/"
    state = state_for(database_url, source)
    state.list_fetched(column, kind="list", section=NEWS, entry=False, status=200, headers={})
    state.make_entry(column)
    state.save(finished=True)
    later = state_for(database_url, source)
    assert [(row.url, row.kind) for row in later.entry_points()] == [(column, "list")]
    later.drop_entry(column)  # it answered 404
    later.save(finished=True)
    assert state_for(database_url, source).entry_points() == []


def test_another_list_read_recently_without_articles_is_not_read_again_soon(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    with session_scope(sessions) as session:
        upsert_urls(session, "demo", {f"{SITE}/col/col9/": {"fetched_at": utcnow() - timedelta(hours=2)}}, kind="list")
        upsert_urls(session, "demo", {f"{SITE}/col/col8/": {"fetched_at": utcnow() - timedelta(days=2)}}, kind="list")
    state = state_for(database_url, source)
    assert state.checked_within(f"{SITE}/col/col9/", timedelta(hours=24))
    assert not state.checked_within(f"{SITE}/col/col8/", timedelta(hours=24))
    assert not state.checked_within(f"{SITE}/col/col7/", timedelta(hours=24))


# --- seen set and refetches ---


def test_unseen_is_asked_once_per_page_and_keeps_order(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html", aliases=[f"{SITE}/a/one.html"])
    state = state_for(database_url, source)
    urls = [f"{SITE}/a/3.html", f"{SITE}/a/1.html", f"{SITE}/a/one.html", f"{SITE}/a/2.html", f"{SITE}/a/3.html"]
    assert state.unseen(urls) == [f"{SITE}/a/3.html", f"{SITE}/a/2.html"]


def test_refetch_candidates_are_recent_and_due(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    now = utcnow()
    with session_scope(sessions) as session:
        hours = timedelta(hours=1)
        store(session, f"{SITE}/a/recent.html", published_at=now - 5 * hours, fetched_at=now - 13 * hours)
        store(session, f"{SITE}/a/just-read.html", published_at=now - timedelta(hours=5))
        store(session, f"{SITE}/a/old.html", published_at=now - timedelta(days=9), fetched_at=now - timedelta(days=9))
        store(session, f"{SITE}/a/gone.html", published_at=now, fetched_at=now - 13 * hours)
        record_article(
            session,
            source="demo",
            url=f"{SITE}/a/alias.html",
            fetched_at=now - timedelta(days=1),
            status=200,
            published_at=now,
        )  # no body: an alias, never requested
        # Known only from processing: the worker extracted its publication date.
        store(session, f"{SITE}/a/processed.html", fetched_at=now - timedelta(hours=20))
        page = pages.add_raw_page(
            session,
            source="demo",
            crawl_run_id=None,
            url=f"{SITE}/a/processed.html",
            final_url=f"{SITE}/a/processed.html",
            status_code=200,
            headers={},
            body=b"x",
        )
        session.execute(CrawlUrl.__table__.update().where(CrawlUrl.url == f"{SITE}/a/gone.html").values(gone_at=now))
        articles.add_article(session, **article_fields("a1", f"{SITE}/a/processed.html", now - timedelta(hours=30)))
        pages.mark_page(session, page, state=pages.DONE, article_id="a1")
    with session_scope(sessions) as session:
        due = refetch_candidates(
            session, "demo", published_since=now - timedelta(hours=48), fetched_before=now - timedelta(hours=12)
        )
        assert [row.url for row in due] == [f"{SITE}/a/recent.html", f"{SITE}/a/processed.html"]
    state = state_for(database_url, source)
    assert [r.url for r in state.refetches()] == [f"{SITE}/a/recent.html", f"{SITE}/a/processed.html"]
    off = Source.model_validate({**source.model_dump(), "discovery": {"refetch_window_hours": 0}})
    assert state_for(database_url, off).refetches() == []


def article_fields(article_id: str, url: str, published: Any) -> dict[str, Any]:
    now = utcnow()
    return {
        "id": article_id,
        "canonical_url": url,
        "source": "demo",
        "published_at": published,
        "body_text": "b",
        "content_hash": "h",
        "extractor_version": "t",
        "cluster_id": article_id,
        "first_seen_at": now,
        "last_seen_at": now,
        "updated_at": now,
    }


def test_announced_dates_fill_in_stored_articles_only(database_url: str, sessions: sessionmaker[Session]) -> None:
    when = utcnow() - timedelta(hours=3)
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html")
        store(session, f"{SITE}/a/2.html", published_at=when - timedelta(days=1))
        dates = {f"{SITE}/a/1.html": when, f"{SITE}/a/2.html": when, f"{SITE}/a/unseen.html": when}
        assert announce_published(session, "demo", dates) == 1
    saved = rows(sessions)
    assert saved[f"{SITE}/a/1.html"].published_at == when
    assert saved[f"{SITE}/a/2.html"].published_at == when - timedelta(days=1)
    assert f"{SITE}/a/unseen.html" not in saved


# --- the Redis copy of the seen set ---


@pytest.fixture
def cache(crawler_redis_url: str) -> Iterator[SeenCache]:
    seen = SeenCache.connect(crawler_redis_url, "demo", prefix="unionfeed:crawl:seen", ttl=60)
    yield seen
    seen.close()


@pytest.mark.integration
def test_the_cache_is_warmed_from_storage_and_asked_first(
    database_url: str, sessions: sessionmaker[Session], source: Source, cache: SeenCache
) -> None:
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html")
    state = state_for(database_url, source, cache)
    assert cache.client.smembers(cache.key) == {f"{SITE}/a/1.html".encode()}
    assert 0 < cache.client.ttl(cache.key) <= 60 and cache.client.exists(cache.marker)
    cache.add([f"{SITE}/a/only-in-redis.html"])  # the cache answers before the database is asked
    assert state.unseen([f"{SITE}/a/1.html", f"{SITE}/a/only-in-redis.html", f"{SITE}/a/new.html"]) == [
        f"{SITE}/a/new.html"
    ]
    with session_scope(sessions) as session:  # stored meanwhile by another path: found in the database, cached
        store(session, f"{SITE}/a/new.html")
    assert state.unseen([f"{SITE}/a/new.html"]) == []
    assert cache.client.sismember(cache.key, f"{SITE}/a/new.html")
    state.save(finished=True)  # the crawl confirms the copy against the database's mark
    assert state_for(database_url, source, cache)
    assert cache.client.sismember(cache.key, f"{SITE}/a/only-in-redis.html")  # kept: not rebuilt
    with session_scope(sessions) as session:
        assert not cache.warm(lambda: iter([["x"]]), seen_mark(session, "demo"))  # the database's copy: kept


@pytest.mark.integration
def test_the_cache_of_another_database_is_never_trusted(
    tmp_path: Path, database_url: str, sessions: sessionmaker[Session], source: Source, cache: SeenCache
) -> None:
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html")
    state_for(database_url, source, cache).save(finished=True)
    replaced = f"sqlite:///{tmp_path / 'new-deployment.db'}"  # a new database; Redis keeps its cache
    upgrade(replaced)
    assert state_for(replaced, source, cache).unseen([f"{SITE}/a/1.html"]) == [f"{SITE}/a/1.html"]
    assert cache.client.scard(cache.key) == 0


@pytest.mark.integration
def test_the_cache_of_a_restored_database_is_rebuilt(
    database_url: str, sessions: sessionmaker[Session], source: Source, cache: SeenCache
) -> None:
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html")
    state = state_for(database_url, source, cache)
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/2.html")
    cache.add([f"{SITE}/a/2.html"])  # as the crawl does once the page is committed
    state.save(finished=True)
    with session_scope(sessions) as session:  # restored from a backup taken before: same identity, the row gone
        session.execute(delete(CrawlUrl).where(CrawlUrl.url == f"{SITE}/a/2.html"))
    assert state_for(database_url, source, cache).unseen([f"{SITE}/a/1.html", f"{SITE}/a/2.html"]) == [
        f"{SITE}/a/2.html"
    ]


@pytest.mark.integration
def test_every_cache_key_expires(crawler_redis_url: str) -> None:
    fresh = SeenCache.connect(crawler_redis_url, "new-source", prefix="unionfeed:crawl:seen", ttl=60)
    try:
        assert fresh.warm(lambda: iter([]), "stamp:0:0")  # a new source: nothing to fill the set with
        fresh.add(["http://example.test/a/1.html"])
        assert 0 < fresh.client.ttl(fresh.key) <= 60 and 0 < fresh.client.ttl(fresh.marker) <= 60
    finally:
        fresh.close()


def test_a_broken_cache_falls_back_to_the_database(
    database_url: str, sessions: sessionmaker[Session], source: Source
) -> None:
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html")
    broken = SeenCache.connect("redis://127.0.0.1:1/0", "demo", prefix="p", ttl=60)
    state = state_for(database_url, source, broken)
    assert state.unseen([f"{SITE}/a/1.html", f"{SITE}/a/2.html"]) == [f"{SITE}/a/2.html"]
    assert broken.enabled is False


# --- the repository on PostgreSQL ---


@pytest.mark.integration
def test_the_crawl_state_repository_on_postgresql(pg_sessions: sessionmaker[Session]) -> None:
    sessions = pg_sessions
    now = utcnow()
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html", aliases=[f"{SITE}/a/one.html"], published_at=now)
        upsert_urls(session, "demo", {NEWS: {"etag": '"v1"', "entry": True}}, kind="list")
    with session_scope(sessions) as session:
        store(session, f"{SITE}/a/1.html", etag='"e2"')  # a refetch: the row is updated, not duplicated
        assert known_urls(session, "demo", [f"{SITE}/a/1.html", f"{SITE}/a/one.html", NEWS]) == {
            f"{SITE}/a/1.html",
            f"{SITE}/a/one.html",
        }
        assert [url for _, url in seen_urls(session, "demo")] == [f"{SITE}/a/1.html", f"{SITE}/a/one.html"]
        soon = now + timedelta(hours=1)
        due = refetch_candidates(session, "demo", published_since=now - timedelta(hours=1), fetched_before=soon)
        assert [(row.url, row.etag) for row in due] == [(f"{SITE}/a/1.html", '"e2"')]


# --- the crawler's database engine and the group commit ---


def test_one_engine_per_crawler_shared_by_its_components(database_url: str, source: Source) -> None:
    from scrapy import signals
    from scrapy.utils.misc import build_from_crawler
    from scrapy.utils.test import get_crawler

    from crawler.database import crawler_engine
    from crawler.pipelines.persist import PersistRawPagePipeline
    from crawler.spiders.source import SourceSpider

    crawler = get_crawler(SourceSpider, {"DATABASE_URL": database_url})
    spider = SourceSpider.from_crawler(crawler, source=source)
    persist = build_from_crawler(PersistRawPagePipeline, crawler)
    engine = crawler_engine(crawler)
    assert spider.state is not None and spider.state.engine is persist.engine is engine
    assert not persist.threaded  # SQLite: transactions in the reactor's thread
    with engine.connect() as connection:  # type: ignore[union-attr]
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert crawler_engine(get_crawler(settings_dict={})) is None


def test_the_crawlers_of_a_process_share_one_engine_until_the_last_one_stops(database_url: str) -> None:
    from scrapy import signals
    from scrapy.utils.test import get_crawler

    from crawler.database import crawler_engine

    first, second = (get_crawler(settings_dict={"DATABASE_URL": database_url}) for _ in range(2))
    engine = crawler_engine(first)
    assert engine is not None and crawler_engine(second) is engine
    disposed: list[bool] = []
    event.listen(engine.pool, "close", lambda *_: disposed.append(True))
    with engine.connect():
        pass  # a pooled connection, closed when the engine is disposed
    first.signals.send_catch_log(signals.engine_stopped)
    assert not disposed
    second.signals.send_catch_log(signals.engine_stopped)
    assert disposed
    third = get_crawler(settings_dict={"DATABASE_URL": database_url})
    assert crawler_engine(third) is not engine  # a later crawler starts a new pool
    third.signals.send_catch_log(signals.engine_stopped)


def test_an_unknown_sqlite_synchronous_level_is_refused(database_url: str) -> None:
    from scrapy.utils.test import get_crawler

    from crawler.database import crawler_engine

    with pytest.raises(ValueError, match="DATABASE_SQLITE_SYNCHRONOUS"):
        crawler_engine(get_crawler(settings_dict={"DATABASE_URL": database_url, "DATABASE_SQLITE_SYNCHRONOUS": "fast"}))


def check_group_commit(database_url: str, *, threaded: bool) -> None:
    import asyncio

    from scrapy import signals
    from scrapy.utils.misc import build_from_crawler
    from scrapy.utils.test import get_crawler

    from crawler.items import PageItem
    from crawler.pipelines.persist import PersistRawPagePipeline
    from storage.models import RawPage

    crawler = get_crawler(settings_dict={"DATABASE_URL": database_url, "PAGE_PERSIST_BATCH_MAX": 8})
    pipeline = build_from_crawler(PersistRawPagePipeline, crawler)
    assert pipeline.threaded is threaded

    def item(n: int, status: Any = 200) -> PageItem:
        url = f"{SITE}/a/{n}.html"
        return PageItem("demo", url, url, status, {"Content-Type": "text/html"}, b"<html>x</html>", utcnow())

    async def crawl() -> list[Any]:
        items = [item(n) for n in range(20)] + [item(99, status=None)]  # NOT NULL status: this one cannot be stored
        return await asyncio.gather(*(pipeline.process_item(i) for i in items), return_exceptions=True)

    results = asyncio.run(crawl())
    assert all(isinstance(r, PageItem) and r.page_id for r in results[:20]) and isinstance(results[20], Exception)
    stats = crawler.stats.get_stats()
    assert stats["page_persist/stored"] == 20 and stats["page_persist/transactions_retried"] == 1
    assert stats.get("page_persist/transactions", 0) < 20  # grouped, not one commit per page
    assert stats["page_persist/largest_transaction"] == 8
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        assert len(session.scalars(select(RawPage.id)).all()) == 20
        assert len(known_urls(session, "demo", [f"{SITE}/a/{n}.html" for n in range(100)])) == 20
    engine.dispose()
    crawler.signals.send_catch_log(signals.engine_stopped)


def test_sqlite_pages_are_committed_in_groups_and_a_bad_page_fails_alone(database_url: str) -> None:
    check_group_commit(database_url, threaded=False)


@pytest.mark.integration
def test_postgresql_pages_are_committed_in_groups_and_a_bad_page_fails_alone(fresh_postgres_url: str) -> None:
    upgrade(fresh_postgres_url)
    check_group_commit(fresh_postgres_url, threaded=True)
