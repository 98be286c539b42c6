"""Fixtures for the crawler tests: a migrated SQLite database, a private Redis database, sample sources."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from common.sources import Source
from crawler_testkit import make_source
from storage.migrate import upgrade
from storage.session import make_engine, make_session_factory

# DB 15 is this package's own: other suites flush their Redis databases while these tests may be running.
CRAWLER_REDIS_URL = os.environ.get("UNIONFEED_TEST_CRAWLER_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'crawler.db'}"
    upgrade(url)
    return url


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


@pytest.fixture
def source() -> Source:
    return make_source()
