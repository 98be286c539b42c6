"""Identity: a record is stored under a URL of its source's own domains; a canonical declared elsewhere is only kept
as `declared_canonical` (workers.stories.records.stored_url, and a real sample page through processing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from common.sources import Source, load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.models import Article, RawPage
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from workers.processing import process_page
from workers.stories.clusters import Deduplicator
from workers.stories.records import stored_url

ROOT = Path(__file__).resolve().parents[3]
SOURCES = load_sources(ROOT / "sources.yaml")
SITE = "http://news.sample.test"
SOURCE = Source.model_validate(
    {"key": "demo", "name": "Demo", "start_urls": [f"{SITE}/news/"], "allowed_domains": ["sample.test"]}
)


def raw(url: str, final_url: str | None = None) -> RawPage:
    return RawPage(source="demo", url=url, final_url=final_url or url)


@pytest.mark.parametrize(
    ("declared", "page", "expected"),
    [
        (None, raw(f"{SITE}/a/1.html"), (f"{SITE}/a/1.html", None)),
        (f"{SITE}/a/1.html#top", raw(f"{SITE}/a/1.html"), (f"{SITE}/a/1.html", None)),
        # A canonical on the source's domains (a subdomain too) replaces the fetched URL.
        (f"{SITE}/a/one.html", raw(f"{SITE}/a/1.html"), (f"{SITE}/a/one.html", None)),
        ("http://m.sample.test/a/1.html", raw(f"{SITE}/a/1.html"), ("http://m.sample.test/a/1.html", None)),
        # One elsewhere is remembered only.
        (
            "https://news.sina.example/x.html",
            raw(f"{SITE}/a/1.html"),
            (f"{SITE}/a/1.html", "https://news.sina.example/x.html"),
        ),
        (
            "https://sample.test.evil.example/a.html",
            raw(f"{SITE}/a/1.html"),
            (f"{SITE}/a/1.html", "https://sample.test.evil.example/a.html"),
        ),
        # A redirect off the source's domains: the requested URL is the record's.
        (None, raw(f"{SITE}/a/1.html", "http://elsewhere.example/a/1.html"), (f"{SITE}/a/1.html", None)),
        ("http://[broken/", raw(f"{SITE}/a/1.html"), (f"{SITE}/a/1.html", None)),
    ],
)
def test_the_stored_url_is_always_on_the_source_s_domains(
    declared: str | None, page: RawPage, expected: tuple[str, str | None]
) -> None:
    assert stored_url(declared, page, canonicalize=SOURCE.canonical_url, owns=SOURCE.owns) == expected


def test_without_a_source_the_requested_host_is_the_domain() -> None:
    page = raw(f"{SITE}/a/1.html")
    assert stored_url("http://other.example/a.html", page) == (f"{SITE}/a/1.html", "http://other.example/a.html")


def test_a_sample_page_declaring_a_foreign_canonical_keeps_its_own_url(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine)
    page = next(p for p in article_pages({"ghweihai.sample.test"}))
    foreign = "https://finance.sina.example/2024/copy.html"
    body = page.body.replace(b"</head>", f'<link rel="canonical" href="{foreign}"></head>'.encode(), 1)
    with session_scope(factory) as session:
        page_id = pages.add_raw_page(
            session,
            source="sample-ghweihai",
            crawl_run_id=None,
            url=page.url,
            final_url=page.url,
            status_code=200,
            headers=page.headers,
            body=body,
        ).id
    outcome = process_page(factory, SOURCES, page_id, dedup=Deduplicator.embedded(SOURCES))
    with session_scope(factory) as session:
        article = session.scalars(select(Article)).one()
        assert (article.id, article.canonical_url, article.declared_canonical) == (
            outcome.article_id,
            page.url,
            foreign,
        )
    engine.dispose()
