"""Processed pages per second: in-process vs 1, 2 and 4 Celery worker processes on the real Redis and PostgreSQL.

    uv run python -m bench.queue_scaling [--copies 3] [--workers 1 2 4]

The same stored pages are processed in every configuration (reset to pending in between), so the figures compare
like with like in one run. The queue's own cost is the 1-worker time per page minus the in-process time per page.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis
from sqlalchemy import create_engine, text

from common.contract import PROCESS_PAGE, PROCESS_PAGES, PROCESS_QUEUE
from common.settings import Settings
from common.sources import load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from workers.app import create_celery
from workers.context import WorkerContext
from workers.processing import process_page

ROOT = Path(__file__).resolve().parents[1]

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/12"


def fresh_database() -> str:
    name = f"unionfeed_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    for engine in _POLL_ENGINES.values():
        engine.dispose()  # type: ignore[attr-defined]
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def store_pages(url: str, copies: int) -> list[int]:
    factory = make_session_factory(make_engine(url))
    corpus = list(article_pages())
    with session_scope(factory) as session:
        return [
            pages.add_raw_page(
                session,
                source="sample-" + p.host.split(".")[0],
                crawl_run_id=None,
                url=f"{p.url}?copy={copy}" if copy else p.url,
                final_url=f"{p.url}?copy={copy}" if copy else p.url,
                status_code=200,
                headers=p.headers,
                body=p.body,
            ).id
            for copy in range(copies)
            for p in corpus
        ]


def reset(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(text("UPDATE raw_pages SET process_state = 'pending', article_id = NULL, processed_at = NULL"))
        for table in ("article_revisions", "article_fingerprints", "article_changes", "articles"):
            db.execute(text(f"DELETE FROM {table}"))
    engine.dispose()


_POLL_ENGINES: dict[str, object] = {}


def done_count(url: str) -> int:
    # One pooled connection for the whole run: a new connection per poll would cost the workers CPU.
    engine = _POLL_ENGINES.setdefault(url, create_engine(url, pool_size=1))
    with engine.connect() as db:  # type: ignore[attr-defined]
        return int(db.scalar(text("SELECT count(*) FROM raw_pages WHERE process_state <> 'pending'")) or 0)


def in_process(url: str, page_ids: list[int]) -> float:
    """The workers' own processing code and dedup index (Redis-backed), called directly: no queue."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = Settings(database_url=url, redis_url=REDIS_URL)
    context = WorkerContext(settings, sources=load_sources(ROOT / "sources.yaml"))
    started = time.perf_counter()
    for page_id in page_ids:
        process_page(context.session_factory, context.sources, page_id, dedup=context.dedup)
    return time.perf_counter() - started


def with_workers(url: str, page_ids: list[int], concurrency: int, batch: int) -> float:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL}
    env["UNIONFEED_SOURCES_PATH"] = str(ROOT / "sources.yaml")
    command = [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", PROCESS_QUEUE]
    command += [
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        os.environ.get("BENCH_WORKER_LOGLEVEL", "ERROR"),
    ]
    command += ["-n", f"bench-{uuid.uuid4().hex[:6]}@%h"]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        producer_app = create_celery(Settings(database_url=url, redis_url=REDIS_URL))
        # Warm up: the worker is ready once it has processed one page.
        producer_app.send_task(PROCESS_PAGE, args=[page_ids[0]], queue=PROCESS_QUEUE)
        while done_count(url) < 1:
            time.sleep(0.05)
        started = time.perf_counter()
        rest = page_ids[1:]
        with producer_app.producer_or_acquire() as producer:
            if batch == 1:
                for page_id in rest:
                    producer_app.send_task(PROCESS_PAGE, args=[page_id], queue=PROCESS_QUEUE, producer=producer)
            else:
                for start in range(0, len(rest), batch):
                    chunk = rest[start : start + batch]
                    producer_app.send_task(PROCESS_PAGES, args=[chunk], queue=PROCESS_QUEUE, producer=producer)
        while done_count(url) < len(page_ids):
            time.sleep(0.2)
        return time.perf_counter() - started
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batch", type=int, default=10, help="pages per message for the batched runs")
    args = parser.parse_args()
    url = fresh_database()
    try:
        upgrade(url)
        page_ids = store_pages(url, args.copies)
        n = len(page_ids)
        seconds = in_process(url, page_ids)
        reset(url)
        base_rate = n / seconds
        print(f"{n} pages; PostgreSQL + Redis on 127.0.0.1; {os.cpu_count()} cores")
        print(f"{'configuration':<22}{'pages/s':>10}{'ms/page':>10}{'vs 1 worker':>13}")
        print(f"{'in-process':<22}{base_rate:>10.1f}{1000 / base_rate:>10.2f}{'':>13}")
        for batch in (1, args.batch):
            rates = {}
            for concurrency in args.workers:
                reset(url)
                rates[concurrency] = (n - 1) / with_workers(url, page_ids, concurrency, batch)
            for concurrency, rate in rates.items():
                label = f"{concurrency} worker(s), {batch}/msg"
                print(f"{label:<22}{rate:>10.1f}{1000 / rate:>10.2f}{rate / rates[min(rates)]:>12.2f}x")
            if 1 in rates:
                cost = 1000 / rates[1] - 1000 / base_rate
                share = cost / (1000 / base_rate)
                print(f"  queue cost per page at {batch}/msg: {cost:.2f} ms = {share:.0%} of in-process processing")
    finally:
        drop_database(url)


if __name__ == "__main__":
    main()
