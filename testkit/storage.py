"""Test support for code that stores: throwaway databases migrated once, and sessions rolled back at the end.

Used by the test suites (tests/api, tests/storage) and bench/feed_api.py; nothing in the service imports it.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage import migrate
from storage.models import Article, CrawlRun
from storage.repositories import articles, runs
from storage.session import make_session_factory

DEFAULT_PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pg_server_url() -> str:
    """The PostgreSQL server the integration tests use (any database on it; tests create their own)."""
    return os.environ.get("UNIONFEED_TEST_PG", DEFAULT_PG_SERVER)


def pg_reachable(server_url: str | None = None) -> bool:
    engine = create_engine(server_url or pg_server_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable" here
        return False
    finally:
        engine.dispose()


def require_postgres() -> None:
    """For tests: skip when PostgreSQL is unreachable, except under CI=true, where that is a failure."""
    import pytest

    if not pg_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is unreachable and CI=true: integration tests may not be skipped")
        pytest.skip("PostgreSQL is unreachable (set UNIONFEED_TEST_PG)")


def recreate_pg_database(name: str, server_url: str | None = None) -> str:
    """Drop and create database `name` on the test server; return its URL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name {name!r}")
    server = make_url(server_url or pg_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(name: str, server_url: str | None = None) -> None:
    admin = create_engine(server_url or pg_server_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@dataclass
class Store:
    url: str
    engine: Engine
    factory: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


@contextmanager
def migrated_database(backend: str, directory: Path) -> Iterator[str]:
    """A database migrated to the latest schema for a whole test session: a SQLite file in `directory`, or a
    PostgreSQL database of a unique name (test runs side by side never share one), dropped at the end."""
    if backend == "sqlite":
        url = f"sqlite:///{directory / 'unionfeed.db'}"
        migrate.upgrade(url)
        yield url
        return
    require_postgres()
    name = f"unionfeed_test_{uuid.uuid4().hex[:12]}"
    url = recreate_pg_database(name)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        drop_pg_database(name)


@contextmanager
def rolled_back_connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back at the end, whatever the code under test commits
    through sessions joined to it (`joined_factory`: their commits release savepoints)."""
    connection = engine.connect()
    raw = connection.connection.driver_connection if engine.dialect.name == "sqlite" else None
    previous = raw.isolation_level if raw is not None else None
    transaction = connection.begin()
    if raw is not None:
        # pysqlite opens transactions lazily and not for SAVEPOINT, so a released savepoint would commit:
        # take over transaction control and open the outer transaction explicitly.
        raw.isolation_level = None
        connection.exec_driver_sql("BEGIN")
    try:
        yield connection
    finally:
        if transaction.is_active:
            transaction.rollback()
        if raw is not None:
            raw.isolation_level = previous
        connection.close()


def joined_factory(engine: Engine, connection: Connection) -> sessionmaker[Session]:
    """The storage session factory, its sessions joined into the connection's outer transaction ("joining a session
    into an external transaction"): a commit releases a savepoint, a rollback returns to it. Session events (change
    recording) run as they do in production."""
    factory = make_session_factory(engine)
    factory.configure(bind=connection, join_transaction_mode="create_savepoint")
    return factory


@contextmanager
def rolled_back_session(engine: Engine) -> Iterator[Session]:
    """One session inside a transaction that is rolled back at the end, whatever the code under test commits."""
    with rolled_back_connection(engine) as connection:
        session = joined_factory(engine, connection)()
        try:
            yield session
        finally:
            session.close()


_ids = itertools.count(1)
BASE_TIME = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


class Seeder:
    """Writes rows through the repositories, as the workers do, then flushes."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def run(self, source: str = "acftu", status: str = "succeeded", **stats: Any) -> CrawlRun:
        run = runs.start_run(self.session, source=source, trigger="cli")
        if status != "running":
            runs.finish_run(self.session, run.id, status=status, stats=stats, errors=[])
        self.session.flush()
        return run

    def article(self, **fields: Any) -> Article:
        n = next(_ids)
        article_id = fields.pop("id", f"a{n:031x}"[-32:])
        defaults: dict[str, Any] = {
            "id": article_id,
            "canonical_url": f"http://www.acftu.sample.test/news/{article_id}.html",
            "source": "acftu",
            "title": f"工会新闻 {n}",
            "subtitle": None,
            "published_at": BASE_TIME - timedelta(hours=n),
            "published_precision": "datetime",
            "origin": "工人日报",
            "author": "记者 张三",
            "editor": "李四",
            "category": "要闻",
            "site_name": "中华全国总工会",
            "language": "zh",
            "body_text": f"全国总工会召开会议。第{n}段。\n\n第二段。",
            "body_html": f"<p>全国总工会召开会议。第{n}段。</p><p>第二段。</p>",
            "images": [{"url": "http://www.acftu.sample.test/img/1.jpg", "caption": "会议现场"}],
            "attachments": [],
            "flags": [],
            "content_hash": f"{n:064x}",
            "extractor_version": "test-1",
            "cluster_id": article_id,
            "revision": 1,
            "first_seen_at": BASE_TIME,
            "last_seen_at": BASE_TIME,
            "updated_at": BASE_TIME,
        }
        defaults.update(fields)
        return articles.add_article(self.session, **defaults)
