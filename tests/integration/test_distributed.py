"""The distributed path for real: a Celery worker process on the real Redis crawls a sample site into the real
PostgreSQL, triggered by a plain Celery client that imports nothing from the project."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from celery import Celery
from sqlalchemy import create_engine, text

from samples.server import SampleServer
from storage.migrate import upgrade
from tests.integration.workerproc import ROOT, start_worker, stop_worker, worker_env

SOURCE, HOST = "sample-townblog", "townblog.sample.test"

pytestmark = pytest.mark.integration


def expected_urls() -> set[str]:
    manifest = json.loads((ROOT / "samples" / "sites" / "manifest.json").read_text(encoding="utf-8"))
    return {a["url"] for a in manifest["articles"] if a["host"] == HOST}


def unpaced_sources(tmp_path: Path) -> Path:
    """sources.yaml with only the crawled sample, without the default politeness delay: the sample server is local
    (the worker's crawl runs in a child process of its own, which takes its settings from this file and the
    environment alone)."""
    config = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    [source] = [s for s in config["sources"] if s["key"] == SOURCE]
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [{**source, "politeness": {"delay_seconds": 0}}]}), encoding="utf-8")
    return path


def test_worker_crawls_and_processes_into_postgres(fresh_postgres_url: str, redis_url: str, tmp_path: Path) -> None:
    upgrade(fresh_postgres_url)
    engine = create_engine(fresh_postgres_url)
    expected = expected_urls()
    with SampleServer() as server:
        routes = json.dumps({".sample.test": server.url})
        sources = str(unpaced_sources(tmp_path))
        env = worker_env(fresh_postgres_url, redis_url, UNIONFEED_PROXY_ROUTES=routes, UNIONFEED_SOURCES_PATH=sources)
        worker = start_worker(env)
        try:
            client = Celery(broker=redis_url)
            client.send_task("unionfeed.crawl_source", args=[SOURCE], kwargs={"trigger": "queue"}, queue="crawl")
            stored: set[str] = set()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not expected <= stored:
                assert worker.poll() is None, "the worker process died"
                with engine.connect() as db:
                    query = text("SELECT canonical_url FROM articles WHERE source = :s")
                    stored = set(db.scalars(query, {"s": SOURCE}))
                time.sleep(0.5)
        finally:
            stop_worker(worker)
    assert expected <= stored, f"{len(expected - stored)} articles never landed, e.g. {sorted(expected - stored)[:3]}"
    with engine.connect() as db:
        runs = db.execute(text("SELECT trigger, status FROM crawl_runs WHERE source = :s"), {"s": SOURCE}).all()
        states = dict(db.execute(text("SELECT process_state, count(*) FROM raw_pages GROUP BY process_state")).all())
    assert runs == [("queue", "succeeded")]
    assert set(states) == {"done"}
    engine.dispose()
