"""CrawlRunRecorder: one `CrawlRun` row per spider run, with every failure by kind and the closing stats.

Failures reach it four ways: the `crawler.signals.page_failed` signal (errbacks, offsite, non-HTML lists, enqueue),
`item_dropped` (the validate pipeline's RejectedPage), `item_error`/`spider_error` (exceptions in code), and
`request_dropped` (the dupefilter dropping a redirect back into its own chain, i.e. a redirect loop).
Links the crawl chose not to request (robots.txt forbids them, they lead off the source's domains: `page_skipped`,
or a `page_failed` of those kinds from the middlewares) are no errors: they are kept apart, as `skipped`.
Status at the close: `succeeded` without errors, `partial` with errors and at least one page fetched, `failed`
with errors and nothing fetched. While the crawl runs, its stats and errors so far are written every
CRAWL_RUN_FLUSH_INTERVAL seconds (status still `running`) with a heartbeat, so a long or killed crawl shows what it
met, and a run whose process died is swept to `interrupted` by the next crawl (`crawler.run`) or the reconciler.
The recorder only inserts and updates its run; it never deletes anything.

Stats of a run: requests (robots.txt included, also counted apart), not_modified (304s), list_pages, article_pages,
new_articles (pages stored for the first time), revisions (rechecked articles whose page changed and was stored
again: the workers decide whether the text changed), removals (rechecked articles whose page answered 404/410, stored
as their removal), restored (removed articles whose page answered 200 again), refetches and revisits (rechecks of
recently published articles, and the per-crawl revisit budget spent) each with what they found
(`revisit_unchanged`, `revisit_changed`, `revisit_gone`, `revisit_back`, same for `refetch_`), known_skipped,
beyond_horizon, rendered_pages (through the browser), browser_restarts, render_blocked (resources a rendered
page was not allowed to load), challenges, errors_by_kind,
skipped (a count), skipped_by_kind and skipped_examples (grouped like the errors: kind, reason, count, first URLs).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import AsyncioLoopingCall, create_looping_call
from sqlalchemy import Engine
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from common.processes import this_host
from crawler.database import crawler_engine
from crawler.failures import (
    INTERRUPTED,
    PIPELINE_ERROR,
    REDIRECT_LOOP,
    SPIDER_ERROR,
    classify_exception,
    is_redirect_loop,
    is_skip,
)
from crawler.signals import page_failed, page_skipped
from storage.base import utcnow
from storage.repositories.runs import finish_run, get_run, start_run
from storage.session import make_session_factory, session_scope
from storage.states import FAILED, PARTIAL, SUCCEEDED

MAX_EXAMPLE_URLS = 10


@dataclass
class ErrorLog:
    """Failures grouped by (kind, reason): a count and the first few URLs, so a broken site stays a short record."""

    entries: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, kind: str, reason: str, url: str) -> None:
        entry = self.entries.setdefault(
            (kind, reason), {"kind": kind, "reason": reason, "url": url, "count": 0, "urls": []}
        )
        entry["count"] += 1
        if len(entry["urls"]) < MAX_EXAMPLE_URLS and url not in entry["urls"]:
            entry["urls"].append(url)

    def by_kind(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for entry in self.entries.values():
            counts[entry["kind"]] += entry["count"]
        return dict(sorted(counts.items()))

    def as_list(self) -> list[dict[str, Any]]:
        return [dict(entry, urls=list(entry["urls"])) for entry in self.entries.values()]


def run_status(errors: int, pages_fetched: int) -> str:
    if errors == 0:
        return SUCCEEDED
    return PARTIAL if pages_fetched > 0 else FAILED


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler, engine: Engine, trigger: str, flush_interval: float = 0.0) -> None:
        self.crawler = crawler
        self.engine = engine
        self.sessions = make_session_factory(engine, record_changes=False)  # writes no articles
        self.default_trigger = trigger
        self.flush_interval = flush_interval
        self.errors = ErrorLog()
        self.skipped = ErrorLog()
        self.run_id: int | None = None
        self.started = 0.0
        self.timer: AsyncioLoopingCall | LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        settings = crawler.settings
        if not settings.getbool("CRAWL_RUN_ENABLED", True) or (engine := crawler_engine(crawler)) is None:
            raise NotConfigured("CRAWL_RUN_ENABLED is off or DATABASE_URL is not set")
        recorder = cls(
            crawler,
            engine,
            settings.get("CRAWL_RUN_TRIGGER", "cli"),
            settings.getfloat("CRAWL_RUN_FLUSH_INTERVAL", 30.0),
        )
        connect = crawler.signals.connect
        connect(recorder.spider_opened, signal=signals.spider_opened)
        connect(recorder.spider_closed, signal=signals.spider_closed)
        connect(recorder.page_failed, signal=page_failed)
        connect(recorder.page_skipped, signal=page_skipped)
        connect(recorder.item_dropped, signal=signals.item_dropped)
        connect(recorder.item_error, signal=signals.item_error)
        connect(recorder.spider_error, signal=signals.spider_error)
        connect(recorder.request_dropped, signal=signals.request_dropped)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.run_id = getattr(spider, "crawl_run_id", None)
        if self.run_id is None:
            trigger = getattr(spider, "trigger", None) or self.default_trigger
            with session_scope(self.sessions) as session:
                run = start_run(session, source=spider.name, trigger=trigger, host=this_host(), pid=os.getpid())
                self.run_id = run.id
            spider.crawl_run_id = self.run_id  # type: ignore[attr-defined]
        self.crawler.stats.set_value("crawl_run/id", self.run_id)
        if self.flush_interval > 0:
            self.timer = create_looping_call(self.flush)
            self.timer.start(self.flush_interval, now=False)

    def flush(self) -> None:
        """Write the stats and errors so far, and the heartbeat; the run stays `running`."""
        if self.run_id is None:
            return
        with session_scope(self.sessions) as session:
            run = get_run(session, self.run_id)
            if run is not None:
                run.stats, run.errors = self.closing_stats("running"), self.errors.as_list()
                run.heartbeat_at = utcnow()

    def page_failed(self, request_url: str, kind: str, reason: str) -> None:
        (self.skipped if is_skip(kind) else self.errors).add(kind, reason, request_url)

    def page_skipped(self, request_url: str, kind: str, reason: str) -> None:
        self.skipped.add(kind, reason, request_url)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        kind = getattr(exception, "kind", "dropped")
        self.errors.add(kind, str(exception), getattr(item, "url", ""))

    def item_error(self, item: Any, failure: Failure) -> None:
        self.errors.add(PIPELINE_ERROR, _describe(failure), getattr(item, "url", ""))

    def spider_error(self, failure: Failure, response: Any) -> None:
        self.errors.add(SPIDER_ERROR, _describe(failure), getattr(response, "url", ""))

    def request_dropped(self, request: Request) -> None:
        if is_redirect_loop(request.url, request.meta):
            chain = " -> ".join([*request.meta["redirect_urls"], request.url])
            self.errors.add(REDIRECT_LOOP, f"redirect loop: {chain}", request.meta["redirect_urls"][0])

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        if reason != "finished":  # closespider timeout, shutdown, ...: the crawl did not see everything
            self.errors.add(INTERRUPTED, f"crawl closed early: {reason}", "")
        stats = self.closing_stats(reason)
        status = run_status(sum(stats["errors_by_kind"].values()), stats["list_pages"] + stats["article_pages"])
        with session_scope(self.sessions) as session:
            finish_run(session, self.run_id, status=status, stats=stats, errors=self.errors.as_list())  # type: ignore[arg-type]
        self.crawler.stats.set_value("crawl_run/status", status)

    def closing_stats(self, reason: str) -> dict[str, Any]:
        value = self.crawler.stats.get_value
        return {
            "requests": value("downloader/request_count", 0),
            "robots_requests": value("robotstxt/request_count", 0),
            "responses": value("downloader/response_count", 0),
            "not_modified": value("downloader/response_status_count/304", 0),
            "responses_by_status": responses_by_status(self.crawler.stats.get_stats()),
            "entry_points": value("source/entry_points", 0),
            "list_pages": value("source/list_pages", 0),
            "article_pages": value("source/article_pages", 0),
            "new_articles": value("page_persist/new", 0),
            **recheck_stats(value),
            "pages_stored": value("page_persist/stored", 0),
            "pages_enqueued": value("page_enqueue/sent", 0),
            "known_skipped": value("source/known_skipped", 0),
            "beyond_horizon": value("source/beyond_horizon", 0),
            "canonical_duplicates": value("source/canonical_duplicates", 0),
            "retries": value("retry/count", 0),
            "rendered_pages": value("render/pages", 0),
            "browser_restarts": value("render/browser_restarts", 0),
            "rendered_at_once": value("render/process_pages_max", 0),  # pages of the process's pool in use, at most
            "render_blocked": value("render/blocked", 0),
            "challenges": value("source/challenges", 0),
            "errors_by_kind": self.errors.by_kind(),
            "skipped": sum(self.skipped.by_kind().values()),
            "skipped_by_kind": self.skipped.by_kind(),
            "skipped_examples": self.skipped.as_list(),
            "elapsed_seconds": round(time.monotonic() - self.started, 3),
            "finish_reason": reason,
        }


def responses_by_status(stats: dict[str, Any]) -> dict[str, int]:
    """Scrapy's `downloader/response_status_count/<code>` stats as {code: count} (the /metrics status label)."""
    prefix = "downloader/response_status_count/"
    return {key[len(prefix) :]: int(count) for key, count in sorted(stats.items()) if key.startswith(prefix)}


RECHECK_OUTCOMES = ("unchanged", "changed", "gone", "back")


def recheck_stats(value: Callable[[str, int], Any]) -> dict[str, int]:
    """What the rechecks of stored articles cost and found: `refetches` (recently published) and `revisits` (the
    per-crawl budget, counted apart), each by outcome; `revisions` (changed pages stored again), `removals` (pages
    gone, stored as removals) and `restored` (removed articles back)."""
    stats = {"refetches": value("source/refetches", 0), "revisits": value("source/revisits", 0)}
    for why in ("refetch", "revisit"):
        stats |= {f"{why}_{outcome}": value(f"source/{why}_{outcome}", 0) for outcome in RECHECK_OUTCOMES}
    restored = stats["refetch_back"] + stats["revisit_back"]
    stats |= {"revisions": max(0, value("page_persist/refetched", 0) - restored), "restored": restored}
    return stats | {"removals": value("page_persist/gone", 0)}


def _describe(failure: Failure) -> str:
    return classify_exception(failure.value)[1]
