"""API tests run twice: on SQLite (a temporary file) and on the real PostgreSQL (marked `integration`).

Each backend is migrated once per session (`storage.migrate.upgrade`); each test runs inside a transaction that is
rolled back at the end, and the app under test reads through that same session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from storage import migrate
from storage.session import make_engine
from testkit.storage import Seeder, recreate_pg_database, require_postgres, rolled_back_session

PG_TEST_DATABASE = "unionfeed_test_api"


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api-db') / 'unionfeed.db'}"
    else:
        require_postgres()
        url = recreate_pg_database(PG_TEST_DATABASE)
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with rolled_back_session(engine) as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, redis_url=None, api_auth=False)


@pytest.fixture
def client(settings: Settings, db: Session) -> Iterator[TestClient]:
    app = create_app(settings)
    app.dependency_overrides[get_session] = lambda: db
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def seed(db: Session) -> Seeder:
    return Seeder(db)
