"""Push: each numbered change goes to the Redis stream after commit, and only then."""

from __future__ import annotations

import pytest
import redis as redis_lib

from storage.events import STREAM, install_publisher
from storage.models import Article
from storage.session import session_scope
from testkit.storage import Seeder, Store


@pytest.mark.integration
def test_changes_are_published_after_commit(store: Store, redis_url: str) -> None:
    publisher = install_publisher(store.factory, redis_url)
    assert publisher is not None
    client = redis_lib.Redis.from_url(redis_url, decode_responses=True)
    try:
        with pytest.raises(RuntimeError), session_scope(store.factory) as session:
            Seeder(session).article()
            raise RuntimeError("rolled back: nothing to publish")
        assert client.xlen(STREAM) == 0
        with session_scope(store.factory) as session:
            a = Seeder(session).article(title="推送")
        with session_scope(store.factory) as session:
            session.get_one(Article, a.id).title = "推送（更新）"

        entries = [fields for _id, fields in client.xrange(STREAM)]
        assert [(e["seq"], e["kind"], e["article_id"]) for e in entries] == [
            ("1", "created", a.id),
            ("2", "updated", a.id),
        ]
        assert entries[0]["source"] == "acftu" and entries[0]["url"] == a.canonical_url
        assert entries[0]["title"] == "推送" and entries[0]["changed_at"].endswith("Z")
    finally:
        publisher.close()
        client.close()


def test_no_redis_url_installs_nothing(store: Store) -> None:
    assert install_publisher(store.factory, None) is None


def test_redis_down_does_not_break_the_writer(store: Store) -> None:
    publisher = install_publisher(store.factory, "redis://127.0.0.1:1/0")
    with session_scope(store.factory) as session:
        Seeder(session).article()
    assert publisher is not None
    publisher.close()
