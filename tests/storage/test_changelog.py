"""The change log: what is recorded automatically, and that numbers follow commit order without gaps."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage import changelog
from storage.models import Article, ArticleChange
from storage.repositories import changes
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import BASE_TIME, Seeder, Store, migrated_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """A database of the test's own with real commits and rollbacks: what the change log does at COMMIT and
    ROLLBACK is the point here, so a savepoint inside one rolled-back transaction does not stand in for them."""
    with migrated_database(request.param, tmp_path) as url:
        engine = make_engine(url)
        try:
            yield Store(url, engine, make_session_factory(engine))
        finally:
            engine.dispose()


def log(store: Store) -> list[tuple[int, str, str]]:
    with session_scope(store.factory) as session:
        rows = session.scalars(select(ArticleChange).order_by(ArticleChange.seq))
        return [(c.seq, c.kind, c.article_id) for c in rows]


def test_created_updated_merged_are_recorded_at_commit(store: Store) -> None:
    with session_scope(store.factory) as session:
        a = Seeder(session).article()
        b = Seeder(session).article()
        assert log(store) == []  # nothing is numbered before the commit
    with session_scope(store.factory) as session:
        session.get_one(Article, a.id).title = "改了标题"
    with session_scope(store.factory) as session:
        session.get_one(Article, b.id).cluster_id = a.id  # b joins a's story
    with session_scope(store.factory) as session:
        c = Seeder(session).article(cluster_id=a.id)  # a new duplicate of a

    assert log(store) == [
        (1, "created", a.id),
        (2, "created", b.id),
        (3, "updated", a.id),
        (4, "merged", b.id),
        (5, "merged", a.id),
        (6, "created", c.id),
        (7, "merged", a.id),
    ]


def test_bookkeeping_only_updates_are_not_changes(store: Store) -> None:
    with session_scope(store.factory) as session:
        a = Seeder(session).article()
    with session_scope(store.factory) as session:
        row = session.get_one(Article, a.id)
        row.last_seen_at = BASE_TIME.replace(year=2027)
        row.updated_at = BASE_TIME.replace(year=2027)
    assert [kind for _, kind, _ in log(store)] == ["created"]


def test_one_change_per_article_per_transaction_strongest_kind_wins(store: Store) -> None:
    with session_scope(store.factory) as session:
        a = Seeder(session).article()
        a.title = "x"
        session.flush()
        a.body_text = "y"
    assert [kind for _, kind, _ in log(store)] == ["created"]


def test_rollback_records_nothing_and_leaves_no_gap(store: Store) -> None:
    with pytest.raises(RuntimeError), session_scope(store.factory) as session:
        Seeder(session).article()
        raise RuntimeError("worker crashed")
    with session_scope(store.factory) as session:
        a = Seeder(session).article()
    assert log(store) == [(1, "created", a.id)]


def test_bulk_orm_update_and_explicit_record_change(store: Store) -> None:
    with session_scope(store.factory) as session:
        seed = Seeder(session)
        a, b, c = seed.article(), seed.article(), seed.article()
    with session_scope(store.factory) as session:
        session.execute(update(Article).where(Article.id.in_([b.id, c.id])).values(cluster_id=a.id))
    with session_scope(store.factory) as session:
        changes.record_change(session, c.id, "updated")
    kinds = [(kind, article_id) for seq, kind, article_id in log(store)][3:]
    assert sorted(kinds[:3]) == sorted([("merged", b.id), ("merged", c.id), ("merged", a.id)])
    assert kinds[3:] == [("updated", c.id)]
    with pytest.raises(ValueError):
        changes.record_change(Session(), "x", "renamed")


def test_changes_inside_a_rolled_back_test_transaction_vanish(store: Store) -> None:
    from testkit.storage import rolled_back_session

    with rolled_back_session(store.engine) as session:
        Seeder(session).article()
        session.commit()  # releases a savepoint; numbers are taken inside the outer transaction
        assert [c.kind for c in session.scalars(select(ArticleChange))] == ["created"]
    assert log(store) == []


@pytest.mark.integration
def test_concurrent_writers_get_commit_ordered_gapless_numbers(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight writers commit with a random pause between taking numbers and COMMIT (the window in which a plain
    sequence would let a later number become visible first); a reader polling meanwhile must see the log grow only
    at its end: every prefix it reads is gapless."""
    store = pg_store
    assign = changelog.assign_sequence

    def assign_then_pause(session: Session) -> list[changes.Change]:
        numbered = assign(session)
        time.sleep(random.uniform(0, 0.01))  # numbers taken, COMMIT not yet sent
        return numbered

    monkeypatch.setattr(changelog, "assign_sequence", assign_then_pause)
    writers, per_writer = 8, 25
    stop = threading.Event()
    observed_gaps: list[str] = []
    received: list[int] = []

    def write(worker: int) -> None:
        ids: list[str] = []
        for i in range(per_writer):
            with session_scope(store.factory) as session:
                if ids and i % 3 == 0:
                    session.get_one(Article, random.choice(ids)).title = f"rev {worker}-{i}"
                else:
                    article = Seeder(session).article(id=f"w{worker:02d}i{i:03d}".ljust(32, "0"))
                    ids.append(article.id)

    def consume() -> None:
        cursor = 0
        while True:
            done = stop.is_set()
            with session_scope(store.factory) as session:
                page = changes.list_changes(session, after=cursor, limit=7)
            for change in page:
                if change.seq != cursor + 1:
                    observed_gaps.append(f"{cursor} -> {change.seq}")
                cursor = change.seq
                received.append(change.seq)
            if done and not page:
                return

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    reader = threading.Thread(target=consume)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join(timeout=60)

    stored = log(store)
    assert observed_gaps == []
    assert [seq for seq, _, _ in stored] == list(range(1, len(stored) + 1))
    assert received == [seq for seq, _, _ in stored]
    creates_per_writer = sum(1 for i in range(per_writer) if not (i and i % 3 == 0))
    assert Counter(kind for _, kind, _ in stored)["created"] == writers * creates_per_writer
