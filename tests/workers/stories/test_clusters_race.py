"""Race safety on the real services: two reprints of one story stored at the same moment by two workers end in one
cluster. Each worker is its own process (its own engine, Redis connection and index object); they start together at
a barrier, so both look for duplicates before either has committed — without the per-key locks, both would find
nothing and each would start its own story."""

from __future__ import annotations

import multiprocessing
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from common.settings import Settings
from storage.migrate import upgrade
from storage.models import Article
from storage.session import make_engine, make_session_factory
from workers.stories.clusters import Deduplicator

from .conftest import CHINA, SOURCES, STORY, body, record, store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "fixtures" / "dedup"))
from handmade import STORIES as HANDMADE  # noqa: E402

ZH_STORIES = ["drivers", "skills", "cooling", "newjobs", "model"]

pytestmark = pytest.mark.integration
ROUNDS = 4


def reprints(round_no: int) -> tuple[tuple[str, str, str, datetime], ...]:
    """Two copies of one story; each round its own story."""
    paras = STORY if round_no == 0 else list(HANDMADE[f"hm-zh-{ZH_STORIES[round_no - 1]}"]["paras"])
    return (
        ("province", f"http://province.test/{round_no}", body(paras), datetime(2023, 7, 3, 16, tzinfo=CHINA)),
        (
            "city",
            f"http://city.test/{round_no}",
            body(["（记者 张伟）" + paras[0], *paras[1:4]]),
            datetime(2023, 7, 4, 9, tzinfo=CHINA),
        ),
    )


def worker(settings: Settings, barrier, jobs, results) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    dedup = Deduplicator.from_settings(settings, SOURCES)
    for source, url, text, published in jobs:
        barrier.wait(timeout=60)
        outcome = store(factory, dedup, source, record(url, text, published))
        results.put((url, outcome.cluster_id))
    engine.dispose()


@pytest.mark.parametrize("mode", ["redis", "embedded"])
def test_two_reprints_stored_concurrently_end_in_one_cluster(
    fresh_postgres_url: str, redis_url: str, mode: str
) -> None:
    upgrade(fresh_postgres_url)
    settings = Settings(
        database_url=fresh_postgres_url,
        redis_url=redis_url if mode == "redis" else None,
        dedup_redis_prefix="test:race",
    )
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    rounds = [reprints(n) for n in range(ROUNDS)]
    processes = [
        context.Process(target=worker, args=(settings, barrier, [r[side] for r in rounds], results)) for side in (0, 1)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    engine = create_engine(fresh_postgres_url)
    with engine.connect() as connection:
        stored = dict(connection.execute(select(Article.canonical_url, Article.cluster_id)).all())
    engine.dispose()
    assert len(stored) == 2 * ROUNDS
    for first, second in rounds:
        assert stored[first[1]] == stored[second[1]], f"{first[1]} and {second[1]}: two clusters"
    assert len(set(stored.values())) == ROUNDS
