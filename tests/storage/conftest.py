"""Storage tests for the feed's change log: SQLite (temporary file) and the real PostgreSQL (`integration`).

`store` is a migrated database with real commits (a fresh one per test module), for tests about what commits do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from storage import migrate
from storage.session import make_engine, make_session_factory
from testkit.storage import Store, drop_pg_database, recreate_pg_database, require_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        require_postgres()
        name = f"unionfeed_test_store_{uuid.uuid4().hex[:8]}"
        url = recreate_pg_database(name)
    migrate.upgrade(url)
    engine = make_engine(url)
    yield Store(url, engine, make_session_factory(engine))
    engine.dispose()
    if name:
        drop_pg_database(name)


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
