"""The crawl frontier (crawler/state.py): a crawl that does not complete a list (stopped early, a list page that
answers 503 after its retries) leaves the list's section open, and the next crawl reads past the pages of articles
that crawl stored until the gap is closed; then a re-crawl is as cheap as before (the first page only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from common.settings import Settings
from crawler.run import RunResult
from storage.models import CrawlUrl, RawPage
from storage.session import make_engine, make_session_factory, session_scope
from testkit.paged_site import serve_paged_site
from tests.crawler.conftest import MakeSource

OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "LOG_LEVEL": "WARNING",
}


def stored(database_url: str) -> tuple[set[str], list[Any]]:
    """The article paths stored, and the frontier of the source's lists (`frontier_since` of each list row)."""
    engine = make_engine(database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            paths = {urlsplit(url).path for url in session.scalars(select(RawPage.url))}
            frontier = list(session.scalars(select(CrawlUrl.frontier_since).where(CrawlUrl.kind == "list")))
    finally:
        engine.dispose()
    return {path for path in paths if path.startswith("/news/2026/")}, frontier


def test_a_crawl_stopped_early_is_completed_by_the_next(
    database_url: str, make_source: MakeSource, crawl_in_child: Callable[..., list[RunResult]]
) -> None:
    with serve_paged_site(articles=30) as site:
        source = make_source("paged", site.start_url)
        app = Settings(database_url=database_url, redis_url="")
        overrides = {**OVERRIDES, "CLOSESPIDER_ITEMCOUNT": 7}  # closed early, as by the crawl time limit
        [first] = crawl_in_child(app, [source], trigger="cli", scrapy_overrides=overrides)
        paths, frontier = stored(database_url)
        assert first.errors_by_kind.get("interrupted") == 1 and 7 <= len(paths) < 30
        assert sum(since is not None for since in frontier) == 1  # the start page's section stays open
        [second] = crawl_in_child(app, [source], trigger="cli", scrapy_overrides=OVERRIDES)
        paths, frontier = stored(database_url)
        assert len(paths) == 30 and second.status == "succeeded"
        assert all(since is None for since in frontier)  # closed
        [third] = crawl_in_child(app, [source], trigger="cli", scrapy_overrides=OVERRIDES)
        assert (third.stats["list_pages"], third.new_articles) == (1, 0)


def test_a_list_page_that_failed_is_read_again_past_known_pages(
    database_url: str, make_source: MakeSource, crawl_in_child: Callable[..., list[RunResult]]
) -> None:
    with serve_paged_site(articles=30, list_seconds=0.0) as site:
        source = make_source("paged", site.start_url)
        app = Settings(database_url=database_url, redis_url="")
        site.failing = {2}  # the third page answers 503, retries included
        [first] = crawl_in_child(app, [source], trigger="cli", scrapy_overrides=OVERRIDES)
        assert first.status == "partial" and len(stored(database_url)[0]) == 10
        site.failing = set()
        site.publish(2)
        [second] = crawl_in_child(app, [source], trigger="cli", scrapy_overrides=OVERRIDES)
        paths, frontier = stored(database_url)
        assert len(paths) == 32 and second.status == "succeeded"
        assert all(since is None for since in frontier)
