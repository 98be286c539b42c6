"""What a re-crawl costs: requests made against the floor a perfect crawler needs, and new articles missed.

    uv run python -m bench.recrawl_cost [--new 10]

The bundled sample sites (the faulty one excepted: it fails on purpose every time) are crawled into a fresh SQLite
database by the project's crawler (`crawler.run.run_crawl`, each crawl in a child process), through the local
sample server, which counts every request. Then:
1. an unchanged re-crawl: floor = one conditional request per start URL;
2. `--new` new articles spread over the sites (testkit/site_changes.py: each appears at the top of its list,
   every page of the list shifts, the site's feed gets an item), and a re-crawl. Floor = one conditional request
   per start URL + each list page that changed (a changed start URL counted once) + each new article. Also shown:
   the tight floor, which counts only the list pages that hold a new article (what a crawler that knew where the
   news are would fetch).
Start URLs are the sites' entry points (the manifest's: configured start URLs and the sibling column and feed the
crawler finds and remembers). robots.txt requests are counted apart. Target: requests within 10% of the floor,
zero new articles missed (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select

from common.settings import Settings
from common.sources import Source, load_sources
from common.urls import canonical_url
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import RawPage
from storage.session import make_engine, make_session_factory, session_scope
from testkit.site_changes import SiteChanges, path_of

ROOT = Path(__file__).resolve().parents[1]

SCRAPY = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 10,
    "LOG_LEVEL": "ERROR",
}
TARGET = 1.10


def sources() -> list[Source]:
    return [s for s in load_sources(ROOT / "sources.yaml").samples() if "faulty" not in s.key]


def crawl(database_url: str, proxy: str) -> list[Any]:
    from crawler.run import run_crawl

    app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": proxy})
    return run_crawl(app, sources(), trigger="cli", scrapy_overrides=SCRAPY)


def crawl_in_child(database_url: str, server: SampleServer) -> tuple[Counter[tuple[str, str]], int]:
    """The requests a crawl made (robots.txt aside) and how many robots.txt requests."""
    server.reset_requests()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(crawl, database_url, server.url).result(timeout=600)
    requests = server.requests
    robots = sum(n for (_, path), n in requests.items() if path == "/robots.txt")
    return Counter({key: n for key, n in requests.items() if key[1] != "/robots.txt"}), robots


def stored_urls(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        urls = set(session.scalars(select(RawPage.url)))
    engine.dispose()
    return urls


def start_paths(manifest: dict[str, Any], host: str) -> set[tuple[str, str]]:
    return {(host, path_of(canonical_url(url))) for url in manifest["sites"][host]["start_urls"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--new", type=int, default=10, help="new articles, spread over the sites")
    args = parser.parse_args()
    database_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='recrawl-bench-')) / 'crawl.db'}"
    upgrade(database_url)
    hosts = [next(iter(s.allowed_domains)) for s in sources()]
    with SampleServer() as server:
        changes = SiteChanges(server)
        manifest = changes.manifest
        crawl_in_child(database_url, server)  # the first crawl
        before = stored_urls(database_url)
        unchanged, unchanged_robots = crawl_in_child(database_url, server)
        added = [changes.add_article(hosts[n % len(hosts)]) for n in range(args.new)]
        changed, changed_robots = crawl_in_child(database_url, server)
        stored = stored_urls(database_url) - before
    starts = {path for host in hosts for path in start_paths(manifest, host)}
    changed_lists = {(url.split("/")[2], path_of(url)) for url in changes.changed_lists}
    new_paths = {(a.host, path_of(a.url)) for a in added}
    holding_news = {
        (host, path_of(canonical_url(page)))
        for host in hosts
        for number, page in enumerate(changes.list_pages(host))
        if any(a.url in changes.listed(host, number) for a in added)
    } | {
        (host, path_of(feed))
        for host in hosts
        for feed in manifest["sites"][host]["feeds"]
        if any(a.host == host for a in added)
    }
    missed = sorted(a.url for a in added if a.url not in stored)
    extra = sorted(stored - {a.url for a in added})

    print(f"{len(hosts)} sample sites, {len(starts)} start URLs; robots.txt requests apart")
    header = f"{'site':<24}{'starts':>7}{'changed':>8}{'new':>5}{'floor':>7}{'tight':>7}{'requests':>10}{'304s':>6}"
    rows = []
    for host in hosts:
        site_starts = {p for p in starts if p[0] == host}
        site_changed = {p for p in changed_lists if p[0] == host}
        site_new = {p for p in new_paths if p[0] == host}
        floor = len(site_starts | site_changed) + len(site_new)
        tight = len(site_starts | {p for p in holding_news if p[0] == host}) + len(site_new)
        requests = sum(n for key, n in changed.items() if key[0] == host)
        not_modified = sum(1 for key in site_starts if key not in site_changed and changed[key])
        rows.append((host, len(site_starts), len(site_changed), len(site_new), floor, tight, requests, not_modified))
    totals = [sum(row[i] for row in rows) for i in range(1, 8)]
    unchanged_total = sum(unchanged.values())
    print(
        f"\n1. unchanged re-crawl: {unchanged_total} requests, floor {len(starts)} "
        f"({unchanged_total / len(starts):.2f}x); robots.txt {unchanged_robots}"
    )
    print(f"\n2. re-crawl after {len(added)} new articles (robots.txt {changed_robots}):")
    print(header)
    widths = (7, 8, 5, 7, 7, 10, 6)
    for row in [*rows, ("total", *totals)]:
        print(f"{row[0]:<24}" + "".join(f"{value:>{width}}" for value, width in zip(row[1:], widths, strict=True)))
    floor, tight, requests = totals[3], totals[4], totals[5]
    print(
        f"\nrequests / floor = {requests / floor:.2f} (target <= {TARGET:.2f}); requests / tight floor = "
        f"{requests / tight:.2f}; new articles stored {len(added) - len(missed)}/{len(added)}, missed {len(missed)}"
        f"{', other pages stored: ' + str(len(extra)) if extra else ''}"
    )
    if missed:
        print("missed:", *missed, sep="\n  ")
    ok = not missed and not extra and requests <= TARGET * floor and unchanged_total <= len(starts)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
