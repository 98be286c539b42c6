"""What a re-crawl costs and what it notices: requests made against the floor a perfect crawler needs, new
articles missed, and edits and removals of stored articles found by the revisits.

    uv run python -m bench.recrawl_cost [--new 10] [--edits 5] [--removals 5]

The bundled sample sites (the faulty one excepted: it fails on purpose every time) are crawled into a fresh SQLite
database by the project's crawler (`crawler.run.run_crawl`, each crawl in a child process), through the local
sample server, which counts every request. Then:
1. an unchanged re-crawl: floor = one conditional request per start URL; the revisit budget (requests to stored
   articles, `discovery.revisit_budget` per source) is counted apart, and must be spent exactly, each a 304;
2. `--new` new articles spread over the sites (testkit/site_changes.py: each appears at the top of its list,
   every page of the list shifts, the site's feed gets an item), and a re-crawl. Floor = one conditional request
   per start URL + each list page that changed (a changed start URL counted once) + each new article. Also shown:
   the tight floor, which counts only the list pages that hold a new article (what a crawler that knew where the
   news are would fetch). Revisits are counted apart;
3. `--edits` stored articles edited and `--removals` taken down (404, gone from their lists), spread over the sites,
   each among the articles verified last (the worst case: last in line for the revisits), then ceil(known / budget)
   + 1 re-crawls: the crawl in which each change is noticed (the edited page stored again, the 404 stored as the
   article's removal), and the requests besides the start URLs and the revisits (the changed list pages).
Start URLs are the sites' entry points (the manifest's: configured start URLs and the sibling column and feed the
crawler finds and remembers). robots.txt requests are counted apart. Targets: requests within 10% of the floor,
zero new articles missed, the revisit budget spent exactly, every edit and removal noticed within ceil(known /
budget) + 1 crawls (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from common.settings import Settings
from common.sources import Source, load_sources
from common.urls import canonical_url
from samples.manifest import plain_hosts
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import CrawlUrl, RawPage
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
    plain = plain_hosts()
    return [
        s
        for s in load_sources(ROOT / "sources.yaml").samples()
        if "faulty" not in s.key and plain >= set(s.allowed_domains)
    ]


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


def stored_urls(database_url: str, status: int = 200) -> set[str]:
    """Requested URLs of the raw pages stored with `status` (200: pages; 404: removals)."""
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        urls = set(session.scalars(select(RawPage.url).where(RawPage.status_code == status)))
    engine.dispose()
    return urls


def stored_pages(database_url: str) -> Counter[str]:
    """How many raw pages were stored for each requested URL."""
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        counts = Counter(session.scalars(select(RawPage.url)))
    engine.dispose()
    return counts


def last_verified(database_url: str, host: str) -> list[str]:
    """The host's stored articles, verified most recently first: the last in line for the next revisits."""
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        query = select(CrawlUrl.url).where(CrawlUrl.body_sha256.is_not(None), CrawlUrl.url.like(f"http://{host}/%"))
        urls = list(session.scalars(query.order_by(CrawlUrl.fetched_at.desc(), CrawlUrl.id.desc())))
    engine.dispose()
    return urls


def start_paths(manifest: dict[str, Any], host: str) -> set[tuple[str, str]]:
    return {(host, path_of(canonical_url(url))) for url in manifest["sites"][host]["start_urls"]}


def split_revisits(requests: Counter[tuple[str, str]], known: set[str]) -> tuple[Counter, Counter]:
    """(requests to stored articles: the revisits and refetches, the rest: what discovery cost)."""
    stored = {(url.split("/")[2], path_of(url)) for url in known}
    revisits = Counter({key: n for key, n in requests.items() if key in stored})
    return revisits, requests - revisits


def budgets() -> dict[str, int]:
    return {next(iter(s.allowed_domains)): s.discovery.revisit_budget for s in sources()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--new", type=int, default=10, help="new articles, spread over the sites")
    parser.add_argument("--edits", type=int, default=5, help="stored articles edited, spread over the sites")
    parser.add_argument("--removals", type=int, default=5, help="stored articles taken down, spread over the sites")
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
        # New articles appear on list pages; a site reached only through feeds and sitemaps has none to add them to.
        listed_hosts = [host for host in hosts if changes.list_pages(host)]
        added = [changes.add_article(listed_hosts[n % len(listed_hosts)]) for n in range(args.new)]
        changed, changed_robots = crawl_in_child(database_url, server)
        stored = stored_urls(database_url) - before
        changed_lists_after_news = set(changes.changed_lists)
        edits = edits_and_removals(database_url, server, changes, hosts, args.edits, args.removals)
    starts = {path for host in hosts for path in start_paths(manifest, host)}
    changed_lists = {(url.split("/")[2], path_of(url)) for url in changed_lists_after_news}
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
    unchanged_revisits, unchanged = split_revisits(unchanged, before)
    changed_revisits, changed = split_revisits(changed, before)

    print(f"{len(hosts)} sample sites, {len(starts)} start URLs; robots.txt requests apart; revisits apart")
    header = f"{'site':<24}{'starts':>7}{'changed':>8}{'new':>5}{'floor':>7}{'tight':>7}{'requests':>10}{'304s':>6}"
    header += f"{'revisits':>10}"
    rows = []
    for host in hosts:
        site_starts = {p for p in starts if p[0] == host}
        site_changed = {p for p in changed_lists if p[0] == host}
        site_new = {p for p in new_paths if p[0] == host}
        floor = len(site_starts | site_changed) + len(site_new)
        tight = len(site_starts | {p for p in holding_news if p[0] == host}) + len(site_new)
        requests = sum(n for key, n in changed.items() if key[0] == host)
        not_modified = sum(1 for key in site_starts if key not in site_changed and changed[key])
        revisits = sum(n for key, n in changed_revisits.items() if key[0] == host)
        rows.append(
            (host, len(site_starts), len(site_changed), len(site_new), floor, tight, requests, not_modified, revisits)
        )
    totals = [sum(row[i] for row in rows) for i in range(1, 9)]
    unchanged_total, budget_total = sum(unchanged.values()), sum(budgets().values())
    unchanged_revisit_total = sum(unchanged_revisits.values())
    print(
        f"\n1. unchanged re-crawl: {unchanged_total} requests, floor {len(starts)} "
        f"({unchanged_total / len(starts):.2f}x); revisits {unchanged_revisit_total} (budget {budget_total}); "
        f"robots.txt {unchanged_robots}"
    )
    print(f"\n2. re-crawl after {len(added)} new articles (robots.txt {changed_robots}):")
    print(header)
    widths = (7, 8, 5, 7, 7, 10, 6, 10)
    for row in [*rows, ("total", *totals)]:
        print(f"{row[0]:<24}" + "".join(f"{value:>{width}}" for value, width in zip(row[1:], widths, strict=True)))
    floor, tight, requests = totals[3], totals[4], totals[5]
    print(
        f"\nrequests per new article = {requests / max(1, len(added)):.2f} (floor {floor / max(1, len(added)):.2f}); "
        f"requests / floor = {requests / floor:.2f} (target <= {TARGET:.2f}); requests / tight floor = "
        f"{requests / tight:.2f}; new articles stored {len(added) - len(missed)}/{len(added)}, missed {len(missed)}"
        f"{', other pages stored: ' + str(len(extra)) if extra else ''}"
    )
    if missed:
        print("missed:", *missed, sep="\n  ")
    noticed_in_time = edits.report()
    ok = not missed and not extra and requests <= TARGET * floor and unchanged_total <= len(starts)
    return 0 if ok and unchanged_revisit_total == budget_total and noticed_in_time else 1


@dataclass
class EditsAndRemovals:
    edited: list[str]
    removed: list[str]
    bound: int  # ceil(known / budget) + 1, for the site with the most articles
    noticed: dict[str, int] = field(default_factory=dict)  # URL -> the re-crawl (1-based) that noticed it
    requests: list[int] = field(default_factory=list)  # per re-crawl: all requests (robots.txt aside)
    revisits: list[int] = field(default_factory=list)  # per re-crawl: requests to stored articles

    def report(self) -> bool:
        print(
            f"\n3. {len(self.edited)} stored articles edited, {len(self.removed)} taken down, each among the last "
            f"verified; {len(self.requests)} re-crawls (bound: ceil(known / budget) + 1 = {self.bound}):"
        )
        for label, urls in (("edits", self.edited), ("removals", self.removed)):
            crawls = [self.noticed.get(url) for url in urls]
            seen = [n for n in crawls if n is not None]
            print(
                f"   {label}: noticed {len(seen)}/{len(urls)}, in re-crawl {sorted(seen)} (latest "
                f"{max(seen, default='-')})"
            )
        print(f"   requests per re-crawl: {self.requests}; of them revisits: {self.revisits}")
        return len(self.noticed) == len(self.edited) + len(self.removed) and max(self.noticed.values()) <= self.bound


def edits_and_removals(
    database_url: str, server: SampleServer, changes: SiteChanges, hosts: list[str], edits: int, removals: int
) -> EditsAndRemovals:
    """Step 3: change stored articles that were verified last, re-crawl up to the bound, note when each is noticed."""
    verified = {host: last_verified(database_url, host) for host in hosts}
    known = max(len(urls) for urls in verified.values())
    old = {host: [url for url in urls if url in changes.stored_articles(host)] for host, urls in verified.items()}
    picked = [old[hosts[n % len(hosts)]].pop(0) for n in range(edits + removals)]  # published long ago, all of them
    result = EditsAndRemovals(picked[:edits], picked[edits:], math.ceil(known / min(budgets().values())) + 1)
    for url in result.edited:
        changes.edit_article(url)
    for url in result.removed:
        changes.remove_article(url)
    pages_before = stored_pages(database_url)
    for crawl in range(1, result.bound + 1):
        requests, _ = crawl_in_child(database_url, server)
        revisits, _ = split_revisits(requests, set(pages_before))
        result.requests.append(sum(requests.values()))
        result.revisits.append(sum(revisits.values()))
        now = stored_pages(database_url)
        gone = stored_urls(database_url, 404)
        for url in result.edited:
            if now[url] > pages_before[url]:
                result.noticed.setdefault(url, crawl)
        for url in result.removed:
            if url in gone:
                result.noticed.setdefault(url, crawl)
    return result


if __name__ == "__main__":
    sys.exit(main())
