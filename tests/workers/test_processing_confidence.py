"""Processing stores each record's body confidence; reprocessing brings records of an older extractor up to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from common.sources import load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.models import Article
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from workers.deduplication import Deduplicator
from workers.processing import process_page
from workers.reprocess import reprocess

SOURCES = load_sources(Path(__file__).resolve().parents[2] / "sources.yaml")


@pytest.fixture
def factory(sqlite_url: str):  # type: ignore[no-untyped-def]
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


def _store(factory, page) -> int:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        return pages.add_raw_page(
            session, source="sample-" + page.host.split(".")[0], crawl_run_id=None, url=page.url,
            final_url=page.url, status_code=200, headers=page.headers, body=page.body,
        ).id


def test_confidence_is_stored_and_reprocess_fills_it_in(factory) -> None:  # type: ignore[no-untyped-def]
    dedup = Deduplicator.embedded(SOURCES)
    for page in list(article_pages({"zjgh.sample.test"}))[:3]:
        process_page(factory, SOURCES, _store(factory, page), dedup=dedup)
    with session_scope(factory) as session:
        stored = list(session.scalars(select(Article)))
        assert stored and all(a.confidence is not None and 0 <= a.confidence <= 1 for a in stored)
        for article in stored:  # as records of the extractor before 2.0 were stored
            article.confidence = None
    report = reprocess(factory, SOURCES, dedup)
    assert report.changed == 3 and report.fields["confidence"] == 3
    assert reprocess(factory, SOURCES, dedup).changed == 0


def test_the_threshold_setting_decides_the_flag(factory) -> None:  # type: ignore[no-untyped-def]
    page = list(article_pages({"zjgh.sample.test"}))[0]
    outcome = process_page(factory, SOURCES, _store(factory, page), low_confidence_below=1.01)
    with session_scope(factory) as session:
        assert "low_confidence" in session.get(Article, outcome.article_id).flags
