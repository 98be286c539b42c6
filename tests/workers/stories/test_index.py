"""The near-duplicate index stores: in-process following the database, and in Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.base import utcnow
from storage.models import Article
from storage.repositories import fingerprints
from storage.session import session_scope
from workers.dedup import DedupConfig, body_fingerprint, signature_bytes
from workers.stories.index import EmbeddedIndex, RedisIndex

from ..dedup.conftest import signatures
from .conftest import STORY, body

CONFIG = DedupConfig()
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def put(factory, article_id: str, sketch, indexed_at: datetime, row_id: int | None = None, lead=None) -> None:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        session.add(
            Article(
                id=article_id,
                canonical_url=f"http://x.test/{article_id}",
                source="s",
                body_text="",
                body_html="",
                content_hash=article_id,
                extractor_version="t",
                cluster_id=article_id,
                revision=1,
                first_seen_at=indexed_at,
                last_seen_at=indexed_at,
                updated_at=indexed_at,
            )
        )
        session.flush()
        fields = dict(
            language="zh",
            body_length=500,
            num_perm=CONFIG.num_perm,
            signature=signature_bytes(sketch, lead),
            indexed_at=indexed_at,
        )
        if row_id is None:
            fingerprints.put_fingerprint(session, article_id, **fields)
        else:
            from storage.models import ArticleFingerprint

            session.add(ArticleFingerprint(id=row_id, article_id=article_id, **fields))


def candidates(factory, index, sketch) -> set[str]:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        return index.candidates(session, sketch, NOW)


def test_embedded_index_loads_the_window_and_catches_up_with_other_processes(factory: sessionmaker[Session]) -> None:
    a, b, c, d = signatures(4, planted=False)
    put(factory, "old", a, NOW - timedelta(days=120))
    put(factory, "kept", b, NOW - timedelta(days=10))
    first, second = EmbeddedIndex(CONFIG), EmbeddedIndex(CONFIG)  # two processes on one database
    assert candidates(factory, first, a) == set()  # outside the 90-day window
    assert candidates(factory, first, b) == {"kept"}
    put(factory, "later", c, NOW)  # written by the other process
    assert candidates(factory, second, c) == {"later"}
    assert candidates(factory, first, c) == {"later"}  # caught up
    put(factory, "gap-after", d, NOW, row_id=20)  # commits first ...
    assert candidates(factory, first, d) == {"gap-after"}
    put(factory, "gap", a, NOW, row_id=15)  # ... a transaction that took id 15 earlier commits later
    assert candidates(factory, first, a) == {"gap"}


def test_embedded_index_forgets_a_rewritten_fingerprint(factory: sessionmaker[Session]) -> None:
    a, b = signatures(2, planted=False)
    put(factory, "art", a, NOW)
    index = EmbeddedIndex(CONFIG)
    assert candidates(factory, index, a) == {"art"}
    with session_scope(factory) as session:
        fingerprints.put_fingerprint(
            session,
            "art",
            language="zh",
            body_length=500,
            num_perm=CONFIG.num_perm,
            signature=signature_bytes(b),
            indexed_at=NOW,
        )
    assert candidates(factory, index, a) == set()
    assert candidates(factory, index, b) == {"art"}


@pytest.mark.integration
def test_redis_index_shared_windowed_and_refilled_from_the_database(
    factory: sessionmaker[Session], redis_url: str
) -> None:
    config = DedupConfig()
    sketch = body_fingerprint(body(STORY), "zh", config).sketch
    other = signatures(1)[0]
    assert sketch is not None
    put(factory, "stored", sketch, utcnow())
    worker_a = RedisIndex(config, redis_url, prefix="test:lsh")
    worker_b = RedisIndex(config, redis_url, prefix="test:lsh")
    with session_scope(factory) as session:
        assert worker_a.candidates(session, sketch) == {"stored"}  # filled from the database on first use
        worker_a.add(session, "fresh", other, utcnow())
        assert worker_b.candidates(session, other) == {"fresh"}  # shared
        worker_a.add(session, "fresh", other, utcnow())  # re-adding replaces
        assert len(worker_b) == 2
        assert worker_b.expire(utcnow() + timedelta(seconds=1)) == 2
        assert worker_a.candidates(session, sketch) == set() and len(worker_a) == 0
    worker_a.redis.flushdb()  # Redis lost everything: the next worker refills it
    with session_scope(factory) as session:
        assert worker_b.candidates(session, sketch) == {"stored"}


@pytest.mark.integration
def test_redis_index_moves_a_rewritten_entry_and_forgets_a_discarded_one(
    factory: sessionmaker[Session], redis_url: str
) -> None:
    first, second = signatures(2, planted=False)
    index = RedisIndex(DedupConfig(), redis_url, prefix="test:lsh-move")
    with session_scope(factory) as session:
        assert index.candidates(session, first) == set()  # built (empty database), nothing indexed
        index.add(session, "art", first, utcnow())
        assert index.candidates(session, first) == {"art"}
        index.add(session, "art", second, utcnow())  # a new fingerprint for the same article
        assert index.candidates(session, first) == set() and index.candidates(session, second) == {"art"}
        index.discard(session, "art")
        assert index.candidates(session, second) == set() and len(index) == 0
    # Nothing is left behind but the index's own bookkeeping keys.
    leftover = {key for key in index.redis.scan_iter(match=b"{test:lsh-move}*")}
    assert leftover <= {index.built_key.encode(), index.sweep_key.encode()}


def test_embedded_index_finds_a_body_by_its_lead_signature_stored_after_its_own(
    factory: sessionmaker[Session],
) -> None:
    whole, lead, unrelated = signatures(3, planted=False)
    put(factory, "story", whole, NOW, lead=lead)
    index = EmbeddedIndex(CONFIG)
    assert candidates(factory, index, lead) == {"story"}  # a copy of the first paragraphs looks like the lead
    assert candidates(factory, index, whole) == {"story"}
    assert candidates(factory, index, unrelated) == set()
    with session_scope(factory) as session:
        assert index.candidates(session, unrelated, NOW, lead) == {"story"}  # queried with its own lead too
    assert len(index) == 1


@pytest.mark.integration
def test_redis_index_holds_a_lead_as_an_entry_of_the_body(factory: sessionmaker[Session], redis_url: str) -> None:
    whole, lead, other = signatures(3, planted=False)
    index = RedisIndex(DedupConfig(), redis_url, prefix="test:lsh-lead")
    with session_scope(factory) as session:
        index.add(session, "art", whole, utcnow(), lead)
        assert index.candidates(session, lead) == {"art"} and index.candidates(session, other, lead=lead) == {"art"}
        assert len(index) == 1  # one body in the window, two entries in the buckets
        index.add(session, "art", other, utcnow())  # the new text has no lead: the old lead entry goes
        assert index.candidates(session, lead) == set() and index.candidates(session, other) == {"art"}
        index.add(session, "art", whole, utcnow(), lead)
        assert index.expire(utcnow() + timedelta(seconds=1)) == 1
        assert index.candidates(session, lead) == set() and index.candidates(session, whole) == set()
    leftover = {key for key in index.redis.scan_iter(match=b"{test:lsh-lead}*")}
    assert leftover <= {index.built_key.encode(), index.sweep_key.encode()}
