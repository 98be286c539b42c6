"""Storage tests for the feed's change log: SQLite (temporary file) and the real PostgreSQL (`integration`).

`store` is a database migrated once per session; each test runs inside a transaction rolled back at the end, and
the code under test commits through sessions joined to it (a commit releases a savepoint). `pg_store` is a
PostgreSQL database of its own with real commits, for tests about what concurrent committers see.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from storage import migrate
from storage.session import make_engine, make_session_factory
from testkit.storage import (
    Store,
    drop_pg_database,
    joined_factory,
    migrated_database,
    recreate_pg_database,
    require_postgres,
    rolled_back_connection,
)


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with migrated_database(request.param, tmp_path_factory.mktemp("store-db")) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def store(store_engine: Engine) -> Iterator[Store]:
    with rolled_back_connection(store_engine) as connection:
        url = store_engine.url.render_as_string(hide_password=False)
        yield Store(url, store_engine, joined_factory(store_engine, connection))


@pytest.fixture
def pg_store(tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    require_postgres()
    name = f"unionfeed_test_store_{uuid.uuid4().hex[:8]}"
    url = recreate_pg_database(name)
    migrate.upgrade(url)
    engine = make_engine(url, pool_size=20, max_overflow=5)
    yield Store(url, engine, make_session_factory(engine))
    engine.dispose()
    drop_pg_database(name)
