"""Engines, session factories and transactions. The caller (a task, a request, a CLI command) owns the transaction.

A session factory made here records article changes (`storage.changelog`) unless told not to: the listeners sit on
that factory only, never on the global `Session` class, so a factory that never writes articles (the crawler's)
runs without them. Every factory keeps the crawl-run ledger summary (`storage.ops_ledger`): the crawler's finishes
the runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage import changelog, ops_ledger


def make_engine(database_url: str, **kwargs: object) -> Engine:
    """Create an engine; for SQLite, create the file's folder and use WAL so readers never block the writer."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)  # long-lived workers outlive database restarts
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(
    bind: Engine | Connection, *, record_changes: bool = True, **kwargs: object
) -> sessionmaker[Session]:
    """Sessions on `bind` that keep their objects after commit; with `record_changes`, every commit that writes
    articles numbers its changes (`storage.changelog`)."""
    factory: sessionmaker[Session] = sessionmaker(bind, expire_on_commit=False, **kwargs)  # type: ignore[call-overload]
    if record_changes:
        changelog.install(factory)
    ops_ledger.install(factory)  # every factory: the crawler's finishes the crawl runs
    return factory


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
