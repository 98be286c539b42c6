"""Processing as the task runs it: extract, dedup, upsert; idempotent; revisions; reprocessing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.sources import load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.models import Article, ArticleRevision, RawPage
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from unionfeed.commands.reprocess import reprocess
from workers.processing import ALREADY_DONE, CREATED, UNCHANGED, UPDATED, process_page
from workers.stories.clusters import Deduplicator

ROOT = Path(__file__).resolve().parents[2]
SOURCES = load_sources(ROOT / "sources.yaml")


@pytest.fixture
def factory(sqlite_url: str):  # type: ignore[no-untyped-def]
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


def store(factory, page, url: str | None = None, body: bytes | None = None) -> int:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        return pages.add_raw_page(
            session,
            source="sample-" + page.host.split(".")[0],
            crawl_run_id=None,
            url=url or page.url,
            final_url=url or page.url,
            status_code=200,
            headers=page.headers,
            body=body or page.body,
        ).id


def one_page(host: str = "zjgh.sample.test"):  # type: ignore[no-untyped-def]
    return next(p for p in article_pages({host}) if p.expected.get("author"))


def test_a_page_becomes_its_expected_record_and_a_second_run_does_nothing(factory) -> None:  # type: ignore[no-untyped-def]
    page = one_page()
    page_id = store(factory, page)
    dedup = Deduplicator.embedded(SOURCES)
    first = process_page(factory, SOURCES, page_id, dedup=dedup)
    assert first.outcome == CREATED
    assert process_page(factory, SOURCES, page_id, dedup=dedup).outcome == ALREADY_DONE
    with session_scope(factory) as session:
        article = session.scalars(select(Article)).one()
        assert article.title == page.expected["title"]
        assert article.author == page.expected["author"]
        assert article.origin == page.expected["source"]
        assert article.published_at is not None and article.published_at.tzinfo is not None
        assert session.get(RawPage, page_id).process_state == "done"


def test_refetched_page_with_a_changed_body_becomes_a_revision(factory) -> None:  # type: ignore[no-untyped-def]
    page = one_page()
    dedup = Deduplicator.embedded(SOURCES)
    process_page(factory, SOURCES, store(factory, page), dedup=dedup)
    assert process_page(factory, SOURCES, store(factory, page), dedup=dedup).outcome == UNCHANGED
    first_paragraph = page.expected["body_text"].split("\n\n")[0]
    edited = page.body.decode("gbk").replace(first_paragraph[:20], "更正：" + first_paragraph[:20], 1).encode("gbk")
    outcome = process_page(factory, SOURCES, store(factory, page, body=edited), dedup=dedup)
    assert outcome.outcome == UPDATED and "body_text" in outcome.changed
    with session_scope(factory) as session:
        article = session.scalars(select(Article)).one()
        assert article.revision == 2 and "更正：" in article.body_text
        revision = session.scalars(select(ArticleRevision)).one()
        assert "更正：" not in revision.body_text


def test_reprocess_reports_changed_records_and_fields(factory) -> None:  # type: ignore[no-untyped-def]
    dedup = Deduplicator.embedded(SOURCES)
    for page in list(article_pages({"zjgh.sample.test"}))[:5]:
        process_page(factory, SOURCES, store(factory, page), dedup=dedup)
    with session_scope(factory) as session:  # as an older extractor might have left them
        first, second = session.scalars(select(Article).order_by(Article.id).limit(2))
        first.author = "记者"
        second.editor = None
    progress: list[tuple[int, int]] = []
    report = reprocess(factory, SOURCES, dedup, progress=lambda done, total: progress.append((done, total)))
    assert (report.pages, report.changed, report.failed) == (5, 2, 0), report
    assert progress == [(n, 5) for n in range(1, 6)]  # what `unionfeed reprocess` shows in its progress bar
    assert report.fields == {"author": 1, "editor": 1}
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(ArticleRevision)) == 0  # metadata fixes: no revision
    assert reprocess(factory, SOURCES, dedup).changed == 0


def test_lines_on_most_recent_articles_of_a_source_are_dropped_as_template(factory) -> None:  # type: ignore[no-untyped-def]
    junk = "Follow the union on every platform: search unionnews-official and never miss a story of ours."
    dedup = Deduplicator.embedded(SOURCES)
    corpus = list(article_pages({"townblog.sample.test"}))[:14]
    outcomes = []
    for page in corpus:
        body = page.body.decode("utf-8")
        paragraphs = page.expected["body_text"].split("\n\n")[1:]  # after the lead, which may carry the dateline
        start = next(body.index("<p>" + p[:30]) for p in paragraphs if "<p>" + p[:30] in body)
        body = body[:start] + f"<p>{junk}</p>\n" + body[start:]
        outcomes.append(process_page(factory, SOURCES, store(factory, page, body=body.encode()), dedup=dedup))
    with session_scope(factory) as session:
        bodies = [session.get(Article, outcome.article_id).body_text for outcome in outcomes]
    assert junk in bodies[0]  # nothing to compare the first pages with: the line looks like text
    assert [junk in body for body in bodies[10:]] == [False] * 4  # once most recent articles carry it, it is template


def test_a_source_that_folds_https_stores_one_article_for_both_schemes(factory) -> None:  # type: ignore[no-untyped-def]
    from common.sources import SourcesFile

    page = one_page()
    key = "sample-" + page.host.split(".")[0]
    folding = SOURCES.get(key)
    folding = folding.model_copy(update={"discovery": folding.discovery.model_copy(update={"fold_https": True})})
    sources = SourcesFile(sources=[folding if s.key == key else s for s in SOURCES.sources])
    assert page.url.startswith("http://")
    dedup = Deduplicator.embedded(sources)
    first = process_page(factory, sources, store(factory, page), dedup=dedup)
    https = "https://" + page.url.removeprefix("http://")
    second = process_page(factory, sources, store(factory, page, url=https), dedup=dedup)
    assert (first.outcome, second.outcome) == (CREATED, UNCHANGED), second.changed
    with session_scope(factory) as session:
        assert session.scalars(select(Article.canonical_url)).all() == [page.url]
