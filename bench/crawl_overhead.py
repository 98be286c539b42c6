"""Pages per second of the project's crawler against a bare Scrapy spider fetching the same URLs, in the same run.

    uv run python -m bench.crawl_overhead [--rounds 5] [--copies 4] [--database sqlite|postgres]

All crawl the bundled sample sites (the faulty one excepted: its slow page measures a timeout, not a crawler)
through the local sample server, each crawl in a fresh child process, one of each per round:
- project: `crawler.run.run_crawl` over the sample sources (`--copies` copies of each, under other keys, so a
  round is long enough to time), with everything on: link classification, the crawl state (seen set, conditional
  GET), raw pages stored, the run recorder; a fresh database per round (a first crawl: every page is new);
- bare: a `scrapy.Spider` with Scrapy's default settings, one crawler per crawler of the project (per copy of each
  site) in one process, given the URLs that site's crawler fetched, doing nothing with the responses;
- bare, tuned: the same, with the Scrapy settings crawler/settings.py turns down (TUNED): the gap to it is what
  the project's own components cost.
All with the same politeness-free download settings (no delay, no AutoThrottle, same concurrency), all obeying
robots.txt. Pages are responses other than robots.txt; the time is the crawl's (`process.start()`) in its child,
imports excluded; CPU is the child's process time over the same span. The overhead is 1 - project pages/s / bare
pages/s, on the median round of each; it must stay under 20% (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import create_engine, select, text

from common.settings import Settings
from common.sources import Source, load_sources
from samples.manifest import plain_hosts
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.session import make_engine, make_session_factory, session_scope

ROOT = Path(__file__).resolve().parents[1]

PG_ADMIN_URL = os.environ.get("UNIONFEED_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DOWNLOAD = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_TIMEOUT": 10,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
}
# The Scrapy machinery crawler/settings.py turns down for reasons of its own. "bare, tuned" gets it too: the gap to
# that one is what the project's own components cost (CONCURRENT_ITEMS alone makes bare Scrapy some 50% faster here).
TUNED = ("COOKIES_ENABLED", "CONCURRENT_ITEMS", "TELNETCONSOLE_ENABLED", "WARN_ON_GENERATOR_RETURN_VALUE")
OVERHEAD_LIMIT = 0.20
CRAWLERS = ("project", "bare", "bare, tuned")


class Round(NamedTuple):
    pages: int
    seconds: float  # wall time of the crawl
    cpu_seconds: float  # the crawling process's CPU time (all its threads), the database's and server's excluded


def bench_sources(copies: int) -> list[Source]:
    plain = plain_hosts()
    samples = [
        s
        for s in load_sources(ROOT / "sources.yaml").samples()
        if "faulty" not in s.key and plain >= set(s.allowed_domains)
    ]
    return [
        s.model_copy(update={"key": s.key if copy == 0 else f"{s.key}-copy{copy}"})
        for copy in range(copies)
        for s in samples
    ]


# --- in the child processes ---


def project_crawl(database_url: str, proxy: str, copies: int) -> Round:
    from scrapy.utils.misc import load_object

    from crawler.run import run_crawl
    from crawler.settings import crawler_settings

    app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": proxy})
    settings = crawler_settings(app)
    for name in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS"):
        for path, order in settings.getdict(name).items():
            if order is not None:
                load_object(path)  # imports, as the bare child imported Scrapy: not part of the crawl's time
    started, cpu_started = time.perf_counter(), time.process_time()
    run_crawl(app, bench_sources(copies), trigger="cli", scrapy_overrides={**DOWNLOAD, "RETRY_BACKOFF_BASE": 0.05})
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        runs = list(session.scalars(select(CrawlRun)))
        pages = sum(int(r.stats["responses"]) - int(r.stats["robots_requests"]) for r in runs)
    engine.dispose()
    return Round(pages, seconds, cpu)


def bare_crawl(urls_by_crawler: list[list[str]], proxy: str, tuned: bool = False) -> Round:
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess

    # Every request through the sample server, robots.txt included (HttpProxyMiddleware reads the environment):
    # a *.sample.test name must never reach a resolver.
    for name in ("http_proxy", "HTTP_PROXY"):
        os.environ[name] = proxy
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)

    class BareSpider(Spider):
        name = "bare"

        def __init__(self, urls: list[str], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.urls = urls

        async def start(self):  # type: ignore[no-untyped-def]
            for url in self.urls:
                yield Request(url, dont_filter=True)

        def parse(self, response):  # type: ignore[no-untyped-def]
            return None

    from crawler import settings as project

    tuning: dict[str, Any] = {name: getattr(project, name) for name in TUNED} if tuned else {}
    if tuned:
        tuning["SPIDER_MIDDLEWARES"] = project.SPIDER_MIDDLEWARES
    process = CrawlerProcess({**DOWNLOAD, **tuning, "USER_AGENT": Settings().user_agent})
    crawlers = [process.create_crawler(BareSpider) for _ in urls_by_crawler]
    started, cpu_started = time.perf_counter(), time.process_time()
    for crawler, urls in zip(crawlers, urls_by_crawler, strict=True):
        process.crawl(crawler, urls=urls)
    process.start()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pages = 0
    for crawler in crawlers:
        stats = crawler.stats.get_stats()  # type: ignore[union-attr]
        pages += int(stats.get("downloader/response_count", 0)) - int(stats.get("robotstxt/request_count", 0))
    return Round(pages, seconds, cpu)


def in_child(function: Any, *args: Any) -> Any:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result(timeout=600)


# --- databases ---


class Databases:
    """A fresh, migrated database per round: a copy of one migrated SQLite file, or a new PostgreSQL database."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.folder = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
        self.created: list[str] = []
        if kind == "sqlite":
            self.template = self.folder / "template.db"
            upgrade(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        if self.kind == "sqlite":
            path = self.folder / f"{uuid.uuid4().hex[:8]}.db"
            shutil.copy(self.template, path)
            return f"sqlite:///{path}"
        name = f"unionfeed_crawlbench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as db:
            db.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        upgrade(url)
        return url

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.created:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as db:
                for name in self.created:
                    db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def fetched_urls(targets: Counter[tuple[str, str, str]], copies: int) -> list[list[str]]:
    """The URLs the sample server answered to GET (robots.txt aside; with their query: `list.php?page=2`), split
    like the project's crawlers: one list per copy of each site (every copy fetched each of its site's URLs once).
    The few POSTs of a jcms data proxy are left to the project: a bare spider has no form to send."""
    by_host: dict[str, list[str]] = {}
    for (method, host, target), count in sorted(targets.items()):
        if method == "GET" and target != "/robots.txt":
            by_host.setdefault(host, []).extend([f"http://{host}{target}"] * count)
    return [urls[copy::copies] for urls in by_host.values() for copy in range(copies)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=4, help="copies of each sample source per crawl")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    databases = Databases(args.database)
    rounds: dict[str, list[Round]] = {name: [] for name in CRAWLERS}
    try:
        with SampleServer() as server:
            urls: list[list[str]] = []
            for round_number in range(args.rounds + 1):  # round 0 warms up and collects the URLs
                server.reset_requests()
                measured = {"project": in_child(project_crawl, databases.fresh(), server.url, args.copies)}
                urls = urls or fetched_urls(server.targets, args.copies)
                measured["bare"] = in_child(bare_crawl, urls, server.url)
                measured["bare, tuned"] = in_child(bare_crawl, urls, server.url, True)
                print(
                    f"round {round_number}{' (warm-up)' if not round_number else ''}: "
                    + "; ".join(f"{name} {describe(result)}" for name, result in measured.items()),
                    flush=True,
                )
                if round_number:
                    for name, result in measured.items():
                        rounds[name].append(result)
    finally:
        databases.close()
    rates = {name: statistics.median(rate(r) for r in results) for name, results in rounds.items()}
    cpus = {name: statistics.median(cpu_per_page(r) for r in results) for name, results in rounds.items()}
    print(f"\nsample sites x{args.copies}, {args.database}, {os.cpu_count()} cores, median of {args.rounds} rounds")
    print(f"{'crawler':<14}{'pages/s':>10}{'CPU ms/page':>14}   project/this: pages/s, CPU")
    for name in CRAWLERS:
        print(
            f"{name:<14}{rates[name]:>10.1f}{cpus[name]:>14.2f}"
            f"{rates['project'] / rates[name]:>10.2f}{cpus['project'] / cpus[name]:>7.2f}"
        )
    overhead = 1 - rates["project"] / rates["bare"]
    tuned_overhead = 1 - rates["project"] / rates["bare, tuned"]
    print(
        f"overhead against bare Scrapy {overhead:.1%} (limit {OVERHEAD_LIMIT:.0%}); against bare Scrapy tuned like "
        f"the project {tuned_overhead:.1%}"
    )
    return 0 if overhead < OVERHEAD_LIMIT else 1


def rate(result: Round) -> float:
    return result.pages / result.seconds


def cpu_per_page(result: Round) -> float:
    return 1000 * result.cpu_seconds / result.pages


def describe(result: Round) -> str:
    cpu = cpu_per_page(result)
    return f"{rate(result):.0f} pages/s ({result.pages} in {result.seconds:.2f} s, CPU {cpu:.2f} ms/page)"


if __name__ == "__main__":
    sys.exit(main())
