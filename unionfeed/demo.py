"""`unionfeed demo`: the whole job on embedded defaults — sample sites, SQLite, tasks in-process.

The crawl and the processing are the production code paths: the crawler stores raw pages, then every pending page
goes through the same Celery task the workers run, applied eagerly here instead of over Redis.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from common.contract import CHECK_HEALTH, DELIVER_WEBHOOKS, PROCESS_PAGE
from common.settings import Settings
from common.sources import Source
from crawler.rendering import chromium_missing
from crawler.run import RunResult, run_crawl
from samples.generate import sample_sites
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.repositories import api_keys, pages
from storage.session import make_engine, make_session_factory, session_scope
from workers.app import create_celery, local_task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

SAMPLE_SUFFIX = ".sample.test"
# Failures are summarized below the table, by kind: Scrapy's own error lines (a retry given up) would only repeat them.
DEMO_SCRAPY_SETTINGS = {"LOG_LEVEL": "CRITICAL", "DOWNLOAD_TIMEOUT": 5}
Progress = Callable[[int, int], None]  # (pages done, pages in all)
Watch = Callable[[Source, "Crawler"], None]  # given each source's crawler as it starts


@dataclass
class SourceSummary:
    source: str
    status: str = ""
    requests: int = 0  # what the crawl asked for (robots.txt included)
    pages_stored: int = 0  # raw pages stored: new and changed pages
    created: int = 0
    duplicates: int = 0
    updated: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_kinds: Counter[str] = field(default_factory=Counter)  # every kind of failure, crawl and processing
    failures: list[str] = field(default_factory=list)  # the pages whose processing failed, with the reason


def crawl_samples(
    settings: Settings,
    sources: list[Source],
    *,
    watch: Watch | None = None,
    scrapy_overrides: dict[str, Any] | None = None,
) -> list[RunResult]:
    """Serve the sample sites and crawl them (`watch` is given each source's crawler as it starts)."""
    upgrade(settings.database_url)
    # The faulty sample site's slow page answers after 8 s; a 5 s download timeout shows a timeout being recorded
    # without making the demo wait for the production default.
    with sample_sites() as sites_dir, SampleServer(sites_dir, slow_delay=8) as server:
        routes = {**settings.proxy_routes, SAMPLE_SUFFIX: server.url}
        overrides = {**DEMO_SCRAPY_SETTINGS, **(scrapy_overrides or {})}
        crawl_settings = settings.model_copy(update={"proxy_routes": routes})
        return run_crawl(crawl_settings, sources, trigger="demo", scrapy_overrides=overrides, watch=watch)


def process_samples(
    settings: Settings, sources: list[Source], results: list[RunResult], *, progress: Progress | None = None
) -> list[SourceSummary]:
    """Process every stored page (`progress` is told after each), run the health check; one summary per source."""
    summaries = {result.source: _from_crawl(result) for result in results}
    for outcome in process_pending(settings, progress):
        summary = summaries.setdefault(outcome["source"], SourceSummary(str(outcome["source"])))
        _count(summary, outcome)
    check_health_in_process(settings)
    return [summaries[s.key] for s in sources if s.key in summaries]


def check_health_in_process(settings: Settings) -> None:
    """The embedded mode runs beat's health check and webhook deliveries here, through the same tasks."""
    celery = create_celery(settings)
    for name in (CHECK_HEALTH, DELIVER_WEBHOOKS):
        local_task(celery, name).apply()


def without_browser(settings: Settings, sources: list[Source]) -> tuple[list[Source], list[str]]:
    """The sources the demo can crawl here, and a line for each it skips: a site rendered in a browser when
    Chromium is not installed (the demo stays runnable on a fresh machine)."""
    missing = chromium_missing(settings.chromium_path)
    if missing is None:
        return sources, []
    skipped = [s for s in sources if s.render == "browser"]
    notes = [f"skipped {s.key}: its pages are built by JavaScript and need a browser. {missing}." for s in skipped]
    return [s for s in sources if s not in skipped], notes


def demo_key(settings: Settings) -> str:
    """A fresh consumer key named "demo" (the previous demo key is revoked: a key is only ever shown once)."""
    factory = make_session_factory(make_engine(settings.database_url))
    with session_scope(factory) as session:
        api_keys.revoke(session, "demo")
    with session_scope(factory) as session:
        return api_keys.create_key(session, "demo")[1]


def process_pending(settings: Settings, progress: Progress | None = None) -> list[dict[str, object]]:
    """Apply the processing task to every stored page not yet processed, timing each source; `progress` is told
    after each page."""
    logging.getLogger("celery").setLevel(logging.WARNING)
    celery = create_celery(settings)
    task = local_task(celery, PROCESS_PAGE)
    with session_scope(celery.unionfeed.session_factory) as session:
        page_ids = pages.pending_page_ids(session)
    outcomes = []
    for done, page_id in enumerate(page_ids, 1):
        started = time.perf_counter()
        result = task.apply(args=[page_id]).get(propagate=False)
        if isinstance(result, dict):
            result["seconds"] = time.perf_counter() - started
            outcomes.append(result)
        if progress is not None:
            progress(done, len(page_ids))
    return outcomes


def _from_crawl(result: RunResult) -> SourceSummary:
    return SourceSummary(
        source=result.source,
        status=result.status,
        requests=result.requests,
        pages_stored=result.pages_stored,
        errors=result.errors,
        seconds=result.seconds,
        error_kinds=Counter(result.errors_by_kind),
    )


def _count(summary: SourceSummary, outcome: dict[str, object]) -> None:
    kind = outcome["outcome"]
    summary.seconds += float(outcome.get("seconds", 0.0))  # type: ignore[arg-type]
    if kind == "created":
        summary.created += 1
    elif kind == "duplicate":
        summary.duplicates += 1
    elif kind == "updated":
        summary.updated += 1
    elif kind == "failed":
        summary.errors += 1
        summary.error_kinds["processing_failed"] += 1
        summary.failures.append(f"page {outcome['page_id']}: {outcome.get('reason')}")


def outcome_totals(summaries: list[SourceSummary]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for s in summaries:
        totals.update(pages=s.pages_stored, created=s.created, duplicates=s.duplicates, errors=s.errors)
    return totals
