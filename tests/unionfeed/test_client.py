"""unionfeed.client against a live `unionfeed serve` (uvicorn on 127.0.0.1, a database with real commits, keys on):
the consumer side of the exactly-once contract of /changes."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from common.settings import Settings
from storage import migrate
from storage.models import Article
from storage.repositories import api_keys
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import BASE_TIME, Seeder
from unionfeed.client import Change, SqliteStore, UnionfeedClient, UnionfeedError


class RecordingStore(SqliteStore):
    """The real store, noting each change it applied (what a consumer would see applied twice or never)."""

    applied: list[int]

    def __init__(self, path: Path, applied: list[int]) -> None:
        super().__init__(path)
        self.applied = applied

    def apply(self, changes: Sequence[Change], cursor: int) -> None:
        super().apply(changes, cursor)
        self.applied += [change.seq for change in changes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, sessionmaker[Session], str]]:
    """A live API server on its own SQLite database: (base URL, the writers' session factory, a consumer key)."""
    url = f"sqlite:///{tmp_path / 'feed.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        _, key = api_keys.create_key(session, "consumer")
    port = _free_port()
    app = create_app(Settings(database_url=url, api_auth=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", factory, key
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


def _write(factory: sessionmaker[Session], count: int) -> list[str]:
    with session_scope(factory) as session:
        return [Seeder(session).article().id for _ in range(count)]


def _published(factory: sessionmaker[Session]) -> dict[str, str | None]:
    with session_scope(factory) as session:
        return {a.id: a.title for a in session.scalars(select(Article).where(Article.removed_at.is_(None)))}


def test_sync_keeps_a_consumer_copy_exactly_once(live, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base_url, factory, key = live
    applied: list[int] = []
    copy = tmp_path / "consumer.db"

    # First sync: everything, in pages.
    first_ids = _write(factory, 5)
    with UnionfeedClient(base_url, key) as client:
        store = RecordingStore(copy, applied)
        first = client.sync(store, limit=2)
        head = client.head()
    assert store.ids() == set(first_ids)
    assert (first.pages, first.upserted, first.deleted, first.cursor) == (3, 5, 0, head)
    assert store.cursor() == head

    # Second sync with the stored cursor: only the new changes (two new records, one edit).
    new_ids = _write(factory, 2)
    with session_scope(factory) as session:
        session.get_one(Article, first_ids[0]).title = "更正：标题"
    before = len(applied)
    with UnionfeedClient(base_url, key) as client:
        second = client.sync(store)
    assert second.upserted == 3
    assert len(applied) - before == 3 and min(applied[before:]) > first.cursor
    assert store.ids() == {*first_ids, *new_ids}
    assert (store.record(first_ids[0]) or {})["title"] == "更正：标题"

    # A taken-down page: its `deleted` change removes the consumer's copy.
    with session_scope(factory) as session:
        session.get_one(Article, first_ids[1]).removed_at = BASE_TIME + timedelta(days=1)
    with UnionfeedClient(base_url, key) as client:
        third = client.sync(store)
    assert (third.deleted, third.upserted) == (1, 0)
    assert first_ids[1] not in store.ids()

    # The consumer stops after one page of a longer backlog; a restarted one resumes from the stored cursor.
    later_ids = _write(factory, 5)
    with UnionfeedClient(base_url, key) as client:
        partial = client.sync(store, limit=2, max_pages=1)
    store.close()
    assert partial.upserted == 2
    restarted = RecordingStore(copy, applied)
    assert restarted.cursor() == partial.cursor
    with UnionfeedClient(base_url, key) as client:
        rest = client.sync(restarted, limit=2)
        final_head = client.head()
    assert rest.upserted == 3

    assert applied == list(range(1, final_head + 1)), "every change applied once, in order"
    published = _published(factory)
    assert restarted.ids() == set(published) == {*first_ids, *new_ids, *later_ids} - {first_ids[1]}
    assert {i: (restarted.record(i) or {})["title"] for i in published} == published
    restarted.close()


def test_client_raises_the_api_error(live) -> None:  # type: ignore[no-untyped-def]
    base_url, _, key = live
    with UnionfeedClient(base_url, "uf_not_a_key") as client, pytest.raises(UnionfeedError) as refused:
        client.head()
    assert (refused.value.status, refused.value.code) == (401, "unauthorized")
    with UnionfeedClient(base_url, key) as client, pytest.raises(UnionfeedError) as missing:
        client.article("nosuchid")
    assert missing.value.status == 404
    with UnionfeedClient(base_url, key) as client:
        assert client.articles(limit=5).items == []


def test_client_imports_nothing_of_ours() -> None:
    """Consumers copy unionfeed/client.py as it is: it needs only httpx, pydantic and the standard library."""
    import ast

    import unionfeed.client

    tree = ast.parse(Path(unionfeed.client.__file__).read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    ours = {"api", "common", "crawler", "samples", "storage", "testkit", "unionfeed", "workers"}
    assert not imported & ours
    assert {"httpx", "pydantic"} <= imported
