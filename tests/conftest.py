"""Shared test fixtures: real PostgreSQL and Redis when reachable; under CI=true they must be."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("UNIONFEED_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("UNIONFEED_TEST_REDIS", "redis://127.0.0.1:6379/13")
# The tests' sites listen on 127.0.0.1: this test deployment allows loopback, as an intranet install allows its
# networks (fetch safety, common/addresses.py). Nothing else that is not public is reachable.
os.environ.setdefault("UNIONFEED_PRIVATE_NETWORKS", "127.0.0.0/8")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip when a service is absent on a developer machine; under CI a missing service is a failure."""
    if _reachable(host, port):
        return
    if IN_CI:
        pytest.fail(f"{name} on {host}:{port} is not reachable, and CI=true forbids skipping integration tests")
    pytest.skip(f"{name} on {host}:{port} is not reachable")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("integration") is not None:
        report.outcome = "failed"
        report.longrepr = f"integration test skipped under CI=true: {report.longrepr}"


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    require_service("PostgreSQL", "127.0.0.1", 5432)
    return PG_ADMIN_URL


@pytest.fixture
def fresh_postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    name = f"unionfeed_t_{uuid.uuid4().hex[:12]}"
    # No pooled connection: a test may restart the server, and the drop must still go through afterwards.
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database reserved for tests, flushed before and after."""
    require_service("Redis", "127.0.0.1", 6379)
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    try:
        yield REDIS_TEST_URL
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'unionfeed.db'}"
