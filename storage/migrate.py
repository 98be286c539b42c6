"""Run the Alembic migrations programmatically (`unionfeed migrate`, the demo, the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def expected_heads() -> set[str]:
    """The revisions this code's migrations end at: a database at any other revision has the wrong schema."""
    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())  # no database is opened


def connection_heads(connection: Connection) -> set[str]:
    """The revisions the database behind `connection` was migrated to (empty: never migrated)."""
    return set(MigrationContext.configure(connection).get_current_heads())


def current_heads(database_url: str) -> set[str]:
    from storage.session import make_engine

    engine = make_engine(database_url)
    with engine.connect() as connection:
        heads = connection_heads(connection)
    engine.dispose()
    return heads
