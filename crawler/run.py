"""Run crawls in this process: `run_crawl(...)` from Python, `python -m crawler.run SOURCE_KEY` from a shell
(`[--trigger T] [--sources PATH] [-s SCRAPY_SETTING=VALUE ...]`; exit code 1 only when the crawl failed outright).

Twisted's reactor runs once per process, so `run_crawl` can be called once per process: the Celery crawl task
runs `python -m crawler.run KEY --trigger queue` in a child process and reads the one JSON line it prints.
All given sources are crawled concurrently, one Scrapy crawler each, on one reactor.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from sqlalchemy.orm import Session, sessionmaker
from twisted.python.failure import Failure

from common.processes import process_alive, this_host
from common.settings import Settings
from common.sources import Source, SourcesFileError, load_sources
from crawler.extensions.crawl_run import FAILED
from crawler.failures import BROWSER_UNAVAILABLE, CRASHED
from crawler.rendering import chromium_missing
from crawler.settings import crawler_settings, source_settings
from crawler.spiders.source import SourceSpider
from storage.repositories.runs import finish_run, get_run, start_run, sweep_dead_runs
from storage.session import make_engine, make_session_factory, session_scope


@dataclass(frozen=True)
class RunResult:
    source: str
    run_id: int
    status: str  # succeeded, partial, failed
    pages_stored: int
    errors: int  # failures recorded on the run (all kinds)
    seconds: float
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    requests: int = 0  # robots.txt included
    not_modified: int = 0  # 304 answers to conditional requests
    new_articles: int = 0  # pages stored for the first time
    revisions: int = 0  # rechecked articles whose page changed, stored again
    revisits: int = 0  # requests spent on the revisit budget (counted apart from discovery)
    removals: int = 0  # rechecked articles whose page answered 404/410, stored as their removal
    restored: int = 0  # removed articles whose page answered 200 again
    stats: dict[str, Any] = field(default_factory=dict)  # the run's whole ledger (crawl_runs.stats)
    skipped_by_kind: dict[str, int] = field(default_factory=dict)  # not requested: robots.txt, off-site links

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_crawl(
    app_settings: Settings,
    sources: Sequence[Source],
    *,
    trigger: str,
    scrapy_overrides: dict[str, Any] | None = None,
    watch: Callable[[Source, Crawler], None] | None = None,
) -> list[RunResult]:
    """Crawl `sources` concurrently and return one result per source, in order. Blocks until all are done.
    `watch` is given each source's crawler before it starts (to connect signals, read its stats: a progress view)."""
    if not sources:
        return []
    settings = crawler_settings(app_settings, **(scrapy_overrides or {}))
    engine = make_engine(settings["DATABASE_URL"])
    sessions = make_session_factory(engine, record_changes=False)  # writes no articles
    try:
        # Runs an earlier crawl left `running` when its process died are closed first (`interrupted`); the runs
        # exist before any crawler starts, so even a crawler that cannot start leaves a record.
        stale_after = timedelta(seconds=settings.getint("CRAWL_RUN_STALE_AFTER"))
        with session_scope(sessions) as session:
            sweep_dead_runs(session, stale_after=stale_after, alive=process_alive)
        with session_scope(sessions) as session:
            here = {"host": this_host(), "pid": os.getpid()}
            run_ids = [start_run(session, source=source.key, trigger=trigger, **here).id for source in sources]
        crashes = _crawl_all(settings, sources, run_ids, trigger, watch)
        return [
            _result(sessions, source.key, run_id, crashes.get(run_id))
            for source, run_id in zip(sources, run_ids, strict=True)
        ]
    finally:
        engine.dispose()


def _crawl_all(
    settings: ScrapySettings,
    sources: Sequence[Source],
    run_ids: list[int],
    trigger: str,
    watch: Callable[[Source, Crawler], None] | None = None,
) -> dict[int, tuple[str, str]]:
    """Crawl every source that can be; returns (kind, reason) by run id for those that crashed or could not start."""
    process = CrawlerProcess(settings)
    crashes: dict[int, tuple[str, str]] = {}
    no_browser = chromium_missing(settings["RENDER_CHROMIUM_PATH"])
    for source, run_id in zip(sources, run_ids, strict=True):
        if source.render == "browser" and no_browser:  # every page of it needs one: nothing to crawl
            crashes[run_id] = (BROWSER_UNAVAILABLE, f"{source.key} is rendered in a browser; {no_browser}")
            continue
        crawler = source_crawler(process, source, browser=no_browser is None)
        if watch is not None:
            watch(source, crawler)
        done = process.crawl(crawler, source=source, trigger=trigger, crawl_run_id=run_id)
        done.addErrback(_remember_crash, crashes, run_id)
    if process.crawlers:
        process.start()
    return crashes


def source_crawler(process: CrawlerProcess, source: Source, *, browser: bool = True) -> Crawler:
    """A crawler for `source`: the process's settings, then the source's own (`crawler.settings.source_settings`),
    which settings given on the command line (priority "cmdline") still override."""
    crawler = process.create_crawler(SourceSpider)
    crawler.settings.setdict(source_settings(source, browser=browser), priority="spider")
    return crawler


def _remember_crash(failure: Failure, crashes: dict[int, tuple[str, str]], run_id: int) -> None:
    crashes[run_id] = (CRASHED, f"{failure.type.__name__}: {failure.getErrorMessage()}")  # type: ignore[union-attr]


def _result(sessions: sessionmaker[Session], source: str, run_id: int, crash: tuple[str, str] | None) -> RunResult:
    with session_scope(sessions) as session:
        run = get_run(session, run_id)
        assert run is not None, f"crawl run {run_id} vanished"
        if run.status == "running":  # the crawler died (or could not start) before its recorder closed its run
            kind, reason = crash or (CRASHED, "the crawl ended without closing its run")
            errors = [*run.errors, {"kind": kind, "reason": reason, "url": "", "count": 1, "urls": []}]
            stats = {**run.stats, "errors_by_kind": {**run.stats.get("errors_by_kind", {}), kind: 1}}
            finish_run(session, run_id, status=FAILED, stats=stats, errors=errors)
        stats, errors = dict(run.stats), list(run.errors)
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
        return RunResult(
            source=source,
            run_id=run_id,
            status=run.status,
            pages_stored=int(stats.get("pages_stored", 0)),
            errors=sum(int(e.get("count", 1)) for e in errors),
            seconds=round(seconds, 3),
            errors_by_kind=dict(stats.get("errors_by_kind", {})),
            requests=int(stats.get("requests", 0)),
            not_modified=int(stats.get("not_modified", 0)),
            new_articles=int(stats.get("new_articles", 0)),
            revisions=int(stats.get("revisions", 0)),
            revisits=int(stats.get("revisits", 0)),
            removals=int(stats.get("removals", 0)),
            restored=int(stats.get("restored", 0)),
            stats=stats,
            skipped_by_kind=dict(stats.get("skipped_by_kind", {})),
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description="Crawl one source; print its result.")
    parser.add_argument("source", metavar="SOURCE_KEY")
    parser.add_argument("--trigger", default="cli", help="who started the crawl: cli, schedule, queue, api, demo")
    parser.add_argument("--sources", type=Path, default=None, help="sources file (default: the configured one)")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="override a Scrapy setting (repeatable)"
    )
    args = parser.parse_args(argv)
    try:
        overrides = dict(_setting(item) for item in args.set)
    except ValueError as exc:
        parser.error(str(exc))
    app_settings = Settings()
    if args.sources is not None:
        app_settings = app_settings.model_copy(update={"sources_path": args.sources})
    try:
        source = load_sources(app_settings.sources_path).get(args.source)
    except (SourcesFileError, KeyError) as exc:
        print(exc.args[0] if exc.args else exc, file=sys.stderr)
        return 2
    [result] = run_crawl(app_settings, [source], trigger=args.trigger, scrapy_overrides=overrides)
    print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
    return 1 if result.status == FAILED else 0


def _setting(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"-s expects NAME=VALUE, got {item!r}")
    return name.strip(), value


if __name__ == "__main__":
    sys.exit(main())
