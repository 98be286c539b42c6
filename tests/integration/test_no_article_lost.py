"""No article lost, whatever is killed: chaos with real worker processes on PostgreSQL and Redis.

Each test stores sample pages as a crawl leaves them (pending), sends them in batches of 10 as the crawler does,
breaks something, and lets the product recover on its own (no `unionfeed reconcile`, no beat). Afterwards the
articles equal the baseline (the same pages processed in-process, undisturbed) by URL and content hash, none is
doubled, and no page is left pending, within a bounded time. The timings are shrunk by settings
(`UNIONFEED_BROKER_VISIBILITY_SECONDS`), not by code paths of their own.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from common.contract import PROCESS_PAGES, PROCESS_QUEUE
from common.sources import load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import drop_pg_database, recreate_pg_database
from tests.integration.workerproc import page_states, send_plain, start_worker, stop_worker, wait_until, worker_env
from workers.processing import process_page

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HOSTS = {"townblog.sample.test", "zjgh.sample.test"}
PAGES = 30
BATCH = 10  # the crawler's batch (crawler/pipelines/enqueue.py)
VISIBILITY_SECONDS = 3
# From the fault to the last page processed: the visibility timeout, a worker's start (its imports take 3 s alone,
# 20 s on a loaded 2-core machine), the pages themselves. Before: 6 hours (a kill), 20 minutes (an IntegrityError).
RECOVERY_BOUND_SECONDS = 120

Fingerprint = tuple[str, str]  # an article's (canonical_url, content_hash)


def sample_pages() -> list:  # type: ignore[type-arg]
    return list(article_pages(HOSTS))[:PAGES]


def store_pages(database_url: str) -> list[int]:
    engine = make_engine(database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            return [
                pages.add_raw_page(
                    session,
                    source="sample-" + p.host.split(".")[0],
                    crawl_run_id=None,
                    url=p.url,
                    final_url=p.url,
                    status_code=200,
                    headers=p.headers,
                    body=p.body,
                ).id
                for p in sample_pages()
            ]
    finally:
        engine.dispose()


def articles_by_page_url(database_url: str) -> dict[str, Fingerprint]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            query = (
                "SELECT p.url, a.canonical_url, a.content_hash FROM articles a JOIN raw_pages p ON p.id = a.raw_page_id"
            )
            rows = db.execute(text(query)).all()
    finally:
        engine.dispose()
    return {url: (canonical, digest) for url, canonical, digest in rows}


@pytest.fixture(scope="module")
def baseline(postgres_admin_url: str) -> Iterator[dict[str, Fingerprint]]:
    """The same pages processed in this process, one by one, with nothing broken: page URL -> its article."""
    name = f"unionfeed_baseline_{uuid.uuid4().hex[:8]}"
    url = recreate_pg_database(name, postgres_admin_url)
    try:
        upgrade(url)
        page_ids = store_pages(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        sources = load_sources(ROOT / "sources.yaml")
        for page_id in page_ids:
            process_page(factory, sources, page_id)
        engine.dispose()
        yield articles_by_page_url(url)
    finally:
        drop_pg_database(name, postgres_admin_url)


@pytest.fixture
def database(fresh_postgres_url: str) -> str:
    upgrade(fresh_postgres_url)
    return fresh_postgres_url


def send_batches(redis_url: str, page_ids: list[int]) -> None:
    batches = [[page_ids[start : start + BATCH]] for start in range(0, len(page_ids), BATCH)]
    send_plain(redis_url, PROCESS_PAGES, PROCESS_QUEUE, batches)


def assert_articles_equal(database_url: str, expected: dict[str, Fingerprint]) -> None:
    stored = articles_by_page_url(database_url)
    assert stored == expected
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            articles = db.scalar(text("SELECT count(*) FROM articles"))
            urls = db.scalar(text("SELECT count(DISTINCT canonical_url) FROM articles"))
            revisions = db.scalar(text("SELECT count(*) FROM article_revisions"))
    finally:
        engine.dispose()
    assert articles == urls == len(expected)  # none doubled
    assert revisions == 0  # no page was processed a second time with another outcome


def nothing_pending(database_url: str) -> bool:
    states = page_states(database_url)
    return states.get("pending", 0) == 0 and sum(states.values()) == PAGES


def kill_main_process(worker) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the worker's main process; its pool children die with it (Celery sets their parent-death signal
    to SIGKILL), so the page being processed is rolled back and the batch's message stays unacknowledged."""
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_worker_main_process_killed_its_messages_come_back_without_a_manual_command(  # type: ignore[no-untyped-def]
    database: str, redis_url: str, baseline: dict[str, Fingerprint]
) -> None:
    env = worker_env(database, redis_url, UNIONFEED_BROKER_VISIBILITY_SECONDS=str(VISIBILITY_SECONDS))
    page_ids = store_pages(database)
    send_batches(redis_url, page_ids)
    worker = start_worker(env, concurrency=1, queues="process")
    replacement = None
    try:
        assert wait_until(lambda: page_states(database).get("done", 0) >= 3, timeout=120)
        kill_main_process(worker)
        killed_at = time.monotonic()
        held = redis.Redis.from_url(redis_url).hlen("unacked")
        assert held > 0, "the killed worker held no message"
        assert page_states(database).get("pending", 0) > 0, "everything was processed before the kill"
        # What a supervisor does (systemd Restart=always, a container's restart policy): start a worker again.
        replacement = start_worker(env, concurrency=1, queues="process")
        assert wait_until(lambda: nothing_pending(database), timeout=RECOVERY_BOUND_SECONDS, interval=0.5)
        recovered_in = time.monotonic() - killed_at
    finally:
        stop_worker(worker, hard=True)  # the orphaned pool children too
        if replacement is not None:
            stop_worker(replacement)
    assert page_states(database) == {"done": PAGES}
    assert_articles_equal(database, baseline)
    print(f"killed worker's {held} held message(s) recovered; all pages processed {recovered_in:.1f} s after the kill")


def corrupt_body(database_url: str, page_id: int) -> None:
    """The stored bytes of one page damaged: reading them raises zlib.error, not an extraction error."""
    engine = create_engine(database_url)
    with engine.begin() as db:
        db.execute(text("UPDATE raw_pages SET body = :body WHERE id = :id"), {"body": b"not deflate", "id": page_id})
    engine.dispose()


def refuse_article_of(database_url: str, page_id: int) -> None:
    """A constraint the article of one page breaks, every time: an IntegrityError that no retry resolves."""
    engine = create_engine(database_url)
    with engine.begin() as db:
        db.exec_driver_sql(f"ALTER TABLE articles ADD CONSTRAINT refuse_page CHECK (raw_page_id <> {page_id})")
    engine.dispose()


def page_errors(database_url: str) -> dict[int, tuple[str, str | None]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(text("SELECT id, process_state, process_error FROM raw_pages")).all()
    finally:
        engine.dispose()
    return {page_id: (state, error) for page_id, state, error in rows}


def test_pages_raising_non_extraction_errors_fail_alone_and_at_once(  # type: ignore[no-untyped-def]
    database: str, redis_url: str, baseline: dict[str, Fingerprint]
) -> None:
    page_ids = store_pages(database)
    corrupt, refused = page_ids[3], page_ids[6]  # two pages of the first batch of 10
    corrupt_body(database, corrupt)
    refuse_article_of(database, refused)
    send_batches(redis_url, page_ids)
    started = time.monotonic()
    worker = start_worker(worker_env(database, redis_url), concurrency=1, queues="process")
    try:
        assert wait_until(lambda: nothing_pending(database), timeout=RECOVERY_BOUND_SECONDS, interval=0.5)
        settled_in = time.monotonic() - started
    finally:
        stop_worker(worker)
    outcomes = page_errors(database)
    assert outcomes[corrupt][0] == "failed" and outcomes[corrupt][1].startswith("error: Error -3")  # zlib's own
    assert outcomes[refused][0] == "failed" and outcomes[refused][1].startswith("IntegrityError: ")
    assert "refuse_page" in outcomes[refused][1]  # the constraint it broke, not the other page's cause
    assert {state for page_id, (state, _) in outcomes.items() if page_id not in (corrupt, refused)} == {"done"}
    broken_urls = {sample_pages()[3].url, sample_pages()[6].url}
    assert_articles_equal(database, {url: found for url, found in baseline.items() if url not in broken_urls})
    print(f"two broken pages failed alone; every page settled {settled_in:.1f} s after the worker started")


def test_a_task_longer_than_the_visibility_timeout_is_not_sent_twice(database: str, redis_url: str) -> None:
    """The worker renews the message it holds: while its task waits (here on a row lock the test holds for three
    timeouts), the message is never put back in the queue for another worker."""
    page_ids = store_pages(database)
    env = worker_env(database, redis_url, UNIONFEED_BROKER_VISIBILITY_SECONDS=str(VISIBILITY_SECONDS))
    broker = redis.Redis.from_url(redis_url)
    engine = create_engine(database)
    worker = start_worker(env, concurrency=1, queues="process")
    try:
        with engine.connect() as holder, holder.begin():
            holder.execute(text("SELECT id FROM raw_pages WHERE id = :id FOR UPDATE"), {"id": page_ids[0]})
            send_batches(redis_url, page_ids[:BATCH])
            assert wait_until(lambda: broker.hlen("unacked") == 1 and broker.llen(PROCESS_QUEUE) == 0, timeout=120)
            held_until = time.monotonic() + 3 * VISIBILITY_SECONDS
            while time.monotonic() < held_until:
                assert broker.llen(PROCESS_QUEUE) == 0, "the held message was put back in the queue"
                time.sleep(0.2)
        assert wait_until(lambda: page_states(database).get("done", 0) == BATCH, timeout=60)
        assert wait_until(lambda: broker.hlen("unacked") == 0, timeout=10)  # acknowledged, once
    finally:
        engine.dispose()
        stop_worker(worker)
