"""Processing stores each record's body confidence; reprocessing brings records of an older extractor up to it."""

from __future__ import annotations

from sqlalchemy import select

from samples.corpus import article_pages
from storage.models import Article
from storage.session import session_scope
from tests.workers import test_processing
from tests.workers.test_processing import SOURCES, store
from unionfeed.commands.reprocess import reprocess
from workers.processing import process_page
from workers.stories.clusters import Deduplicator

factory = test_processing.factory  # the migrated SQLite session factory fixture


def test_confidence_is_stored_and_reprocess_fills_it_in(factory) -> None:  # type: ignore[no-untyped-def]
    dedup = Deduplicator.embedded(SOURCES)
    for page in list(article_pages({"zjgh.sample.test"}))[:3]:
        process_page(factory, SOURCES, store(factory, page), dedup=dedup)
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
    outcome = process_page(factory, SOURCES, store(factory, page), low_confidence_below=1.01)
    with session_scope(factory) as session:
        assert "low_confidence" in session.get(Article, outcome.article_id).flags
