"""Fixtures for the crawler tests: a migrated SQLite database, a private Redis database, sources, child crawls."""

from __future__ import annotations

import multiprocessing
import os
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from common.sources import Source
from storage.migrate import upgrade
from storage.session import make_engine, make_session_factory
from testkit.storage import joined_factory, migrated_database, rolled_back_connection
from tests.crawler.local_site import Recorder, serve_local_site

# DB 15 is this package's own: other suites flush their Redis databases while these tests may be running.
CRAWLER_REDIS_URL = os.environ.get("UNIONFEED_TEST_CRAWLER_REDIS", "redis://127.0.0.1:6379/15")
PROXY_ENV = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")

MakeSource = Callable[..., Source]


def build_source(key: str = "demo", start: str = "http://news.sample.test/news/index.html", **fields: Any) -> Source:
    schedule = {"every": timedelta(hours=1)}
    return Source.model_validate(
        {"key": key, "name": key.title(), "start_urls": [start], "schedule": schedule, **fields}
    )


@pytest.fixture
def make_source() -> MakeSource:
    return build_source


@pytest.fixture
def source() -> Source:
    return build_source()


@pytest.fixture
def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'crawler.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def pg_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """PostgreSQL migrated once per session, for repository tests inside a rolled-back transaction."""
    with migrated_database("postgresql", tmp_path_factory.mktemp("crawler-pg")) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def pg_sessions(pg_engine: Engine) -> Iterator[sessionmaker[Session]]:
    with rolled_back_connection(pg_engine) as connection:
        yield joined_factory(pg_engine, connection)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def crawler_redis_url() -> Iterator[str]:
    """Real Redis, database 15, emptied before and after. Skipped only when Redis is absent and CI is not "true"."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis on 127.0.0.1:6379 is not reachable, and CI=true forbids skipping")
        pytest.skip("Redis on 127.0.0.1:6379 is not reachable")
    import redis

    client = redis.Redis.from_url(CRAWLER_REDIS_URL)
    client.flushdb()
    try:
        yield CRAWLER_REDIS_URL
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(scope="session")
def crawl_in_child() -> Callable[..., list[Any]]:
    """`crawler.run.run_crawl` in a fresh child process (Twisted's reactor cannot start twice in one process), with
    no proxy in its environment: one would carry the tests' requests off this machine.

    Children are forked from a forkserver that imported `crawler.run` once (it starts no reactor and no thread), so
    a crawl does not pay for a new interpreter and its imports."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.run"])

    def run(app_settings: Settings, sources: list[Source], **kwargs: Any) -> list[Any]:
        from crawler.run import run_crawl

        with pytest.MonkeyPatch.context() as patch:
            for name in PROXY_ENV:
                patch.delenv(name, raising=False)
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                return pool.submit(run_crawl, app_settings, sources, **kwargs).result(timeout=120)

    return run


@pytest.fixture
def local_site() -> Iterator[tuple[str, Recorder]]:
    """A small local news site (tests/crawler/local_site.py): its list URL and what the crawler did there."""
    with serve_local_site() as served:
        yield served


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
