"""End to end through Chromium: the single-page-app sample site is crawled (render: browser, and render: auto reading
the site's JSON API), every article is stored rendered and processed into its expected record; nothing is loaded
from outside the allowed hosts; cookie challenges end as `blocked_by_challenge` while the crawl goes on.

Marked `integration`: without Chromium (`apt-get install chromium`) these tests skip, and under CI=true they fail.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from common.settings import Settings
from common.sources import Source, load_sources
from crawler.rendering import chromium_missing
from crawler.run import RunResult
from samples.manifest import SITES_DIR, load_manifest
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import Article, CrawlRun, RawPage
from storage.session import make_engine, make_session_factory, session_scope
from unionfeed.demo import process_pending

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
SPA = "spa.sample.test"
FAULTY = "faulty.sample.test"
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 3,
    "RETRY_TIMES": 0,
    "LOG_LEVEL": "WARNING",
    "RENDER_RESTART_AFTER": 10,  # the browser is replaced twice in a crawl of the SPA: no page may be lost to it
}
FIELDS = {"title": "title", "source": "origin", "author": "author", "category": "category", "site_name": "site_name"}
FIELDS |= {"language": "language", "body_text": "body_text", "subtitle": "subtitle", "editor": "editor"}
FIELDS |= {"images": "images", "attachments": "attachments", "flags": "flags"}


@dataclass
class Crawl:
    database_url: str
    results: dict[str, RunResult]
    requests: Counter[tuple[str, str]]
    processed: list[dict[str, object]]


def chromium_or_skip() -> None:
    if (missing := chromium_missing(Settings().chromium_path)) is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true forbids skipping: {missing}")
        pytest.skip(missing)


def render_sources() -> list[Source]:
    shipped = load_sources(ROOT / "sources.yaml")
    spa = shipped.get("sample-spa")
    # The same site as `render: auto` that finds its articles only in the site's API: no link pattern matches.
    discovery = spa.discovery.model_copy(update={"article_patterns": [r"^$"]})
    api_only = spa.model_copy(update={"key": "spa-auto-api", "render": "auto", "discovery": discovery})
    guarded = shipped.get("sample-guarded")
    guarded_rendered = guarded.model_copy(update={"key": "guarded-browser", "render": "browser"})
    return [spa, api_only, guarded, guarded_rendered, shipped.get("sample-faulty")]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]) -> Iterator[Crawl]:
    chromium_or_skip()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('render') / 'crawl.db'}"
    upgrade(database_url)
    with SampleServer(slow_delay=5.0) as server:  # longer than DOWNLOAD_TIMEOUT: the slow page times out
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": server.url})
        results = crawl_in_child(app, render_sources(), trigger="cli", scrapy_overrides=OVERRIDES)
        requests = server.requests
    processed = process_pending(app)
    yield Crawl(database_url, {r.source: r for r in results}, requests, processed)


def rows(database_url: str, query: Any) -> list[Any]:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        found = list(session.scalars(query))
        session.expunge_all()
    engine.dispose()
    return found


def expected_records() -> dict[str, dict[str, Any]]:
    return {
        entry["url"]: json.loads((SITES_DIR / entry["expected"]).read_text(encoding="utf-8"))
        for entry in load_manifest()["rendered_articles"]
    }


def test_every_spa_article_is_stored_rendered(crawl: Crawl) -> None:
    expected = set(expected_records())
    for key in ("sample-spa", "spa-auto-api"):
        pages = rows(crawl.database_url, select(RawPage).where(RawPage.source == key))
        assert {page.url for page in pages} == expected, key
        assert all(page.rendered for page in pages), key
        assert crawl.results[key].status == "succeeded", crawl.results[key]
    [run] = rows(crawl.database_url, select(CrawlRun).where(CrawlRun.id == crawl.results["sample-spa"].run_id))
    assert run.stats["rendered_pages"] == len(expected) + 1 and run.stats["browser_restarts"] == 2
    assert run.stats["render_blocked"] > 0  # the logo, the font, the third-party script and image


def test_the_rendering_crawlers_of_a_process_share_one_pool_of_two_pages(crawl: Crawl) -> None:
    runs = rows(crawl.database_url, select(CrawlRun).where(CrawlRun.source.in_(["sample-spa", "spa-auto-api"])))
    assert [run.stats["rendered_at_once"] for run in runs] == [2, 2]


def test_every_spa_article_has_its_expected_fields(crawl: Crawl) -> None:
    articles = {a.canonical_url: a for a in rows(crawl.database_url, select(Article))}
    for url, record in expected_records().items():
        article = articles[url]
        for field, column in FIELDS.items():
            assert getattr(article, column) == record[field], (url, field)
        assert article.published_at.isoformat() == _utc(record["published_at"]), url


def test_no_request_leaves_the_allowed_hosts(crawl: Crawl) -> None:
    hosts = {host for host, _ in crawl.requests}
    assert hosts == {SPA, "guarded.sample.test", FAULTY}
    spa_paths = {path for host, path in crawl.requests if host == SPA}
    assert not {path for path in spa_paths if path.endswith((".png", ".woff2"))}  # images and fonts never load
    assert "/api/news/page-3.json" in spa_paths  # "load more" was clicked to the last page


@pytest.mark.parametrize("key", ["sample-guarded", "guarded-browser"])  # over HTTP, and through Chromium
def test_a_challenged_site_is_blocked_not_an_empty_success(crawl: Crawl, key: str) -> None:
    result = crawl.results[key]
    assert (result.status, result.pages_stored, result.errors_by_kind) == ("failed", 0, {"blocked_by_challenge": 1})
    [run] = rows(crawl.database_url, select(CrawlRun).where(CrawlRun.id == result.run_id))
    assert [(e["kind"], e["reason"]) for e in run.errors] == [
        ("blocked_by_challenge", "http_521 cookie __jsl_clearance_s")
    ]


def test_challenged_pages_are_recorded_and_the_crawl_goes_on(crawl: Crawl) -> None:
    result = crawl.results["sample-faulty"]
    assert (result.status, result.pages_stored) == ("partial", 2)
    [run] = rows(crawl.database_url, select(CrawlRun).where(CrawlRun.id == result.run_id))
    blocked = {e["urls"][0]: e["reason"] for e in run.errors if e["kind"] == "blocked_by_challenge"}
    assert blocked == {
        f"http://{FAULTY}/a/guarded.html": "http_412 cookie FSSBBIl1UgzbN7N80T",
        f"http://{FAULTY}/a/challenge.html": "http_200 cookie acw_sc__v2",
    }


def _utc(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()
