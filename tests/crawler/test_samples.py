"""End to end: crawl the bundled sample sites (through `samples.server.SampleServer` as the proxy) into a fresh
SQLite database, twice, plus a source that cannot be reached. The crawls run once per module, in child
processes (one reactor per process); each test below checks one property of the outcome.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from common.settings import Settings
from common.sources import Source, load_sources
from crawler.links import canonical_url
from crawler.run import RunResult
from samples.manifest import load_manifest, plain_hosts
from samples.server import SITES_DIR, SampleServer
from storage.migrate import upgrade
from storage.models import CrawlRun, RawPage
from storage.session import make_engine, make_session_factory, session_scope

ROOT = Path(__file__).resolve().parents[2]
FAULTY = "faulty.sample.test"
SLOW_DELAY = 6.0
# Fast and still realistic: no politeness delays against the local server, a timeout shorter than the slow page.
# Not shorter than 3 s: the server's listen backlog is small, and a dropped SYN is only resent after 1 s.
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 3,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "LOG_LEVEL": "WARNING",
}
# Overlaid on the faulty site: a robots.txt rule and a list link it forbids.
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
ROBOTS_LINK = '<li><a href="/private/a/hidden.html">hidden</a></li>'


@dataclass
class Crawls:
    database_url: str
    first: dict[str, RunResult]
    second: dict[str, RunResult]
    pages_after_first: int
    second_crawl_requests: Counter[tuple[str, str]]
    sources: dict[str, Source]
    manifest: dict[str, Any]


def sample_sources(dead_port: int) -> list[Source]:
    # Sites built by JavaScript or behind a challenge: tests/crawler/handlers/test_browser.py.
    plain = plain_hosts()
    sources = [s for s in load_sources(ROOT / "sources.yaml").samples() if plain >= set(s.allowed_domains)]
    # The faulty site's pages (/a/ok.html, /a/missing.html ...) look like nothing the generic recogniser knows.
    patterns = {"article_patterns": [r"/a/[^/]+$"]}
    sources = [
        s.model_copy(update={"discovery": s.discovery.model_copy(update=patterns)})
        if FAULTY in s.allowed_domains
        else s
        for s in sources
    ]
    dead = Source.model_validate(
        {"key": "dead", "name": "Dead", "start_urls": [f"http://127.0.0.1:{dead_port}/news/index.html"]}
    )
    return [*sources, dead]


@pytest.fixture(scope="module")
def crawls(
    tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]
) -> Iterator[Crawls]:
    with socket.socket() as sock:  # a loopback port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    database_url = f"sqlite:///{tmp_path_factory.mktemp('samples') / 'crawl.db'}"
    upgrade(database_url)
    sources = sample_sources(dead_port)
    with SampleServer(slow_delay=SLOW_DELAY) as server:
        faulty_list = (SITES_DIR / FAULTY / "list.html").read_bytes()
        server.put(FAULTY, "/list.html", faulty_list.replace(b"</ul>", ROBOTS_LINK.encode() + b"</ul>"))
        server.put(FAULTY, "/robots.txt", ROBOTS_TXT, "text/plain")
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": server.url})
        first = crawl_in_child(app, sources, trigger="cli", scrapy_overrides=OVERRIDES)
        pages_after_first = _count_pages(database_url)
        server.reset_requests()
        second = crawl_in_child(app, sources, trigger="cli", scrapy_overrides=OVERRIDES)
        requests = server.requests
    yield Crawls(
        database_url=database_url,
        first={r.source: r for r in first},
        second={r.source: r for r in second},
        pages_after_first=pages_after_first,
        second_crawl_requests=requests,
        sources={s.key: s for s in sources},
        manifest=load_manifest(),
    )


def _count_pages(database_url: str) -> int:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        count = session.scalar(select(func.count()).select_from(RawPage)) or 0
    engine.dispose()
    return count


def stored_pages(database_url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        rows = [tuple(row) for row in session.execute(select(RawPage.source, RawPage.url, RawPage.final_url))]
    engine.dispose()
    return rows  # type: ignore[return-value]


def run_row(database_url: str, run_id: int) -> CrawlRun:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        run = session.get_one(CrawlRun, run_id)
        session.expunge(run)
    engine.dispose()
    return run


def sample_keys(crawls: Crawls) -> list[str]:
    return [key for key, source in crawls.sources.items() if source.sample]


def manifest_articles(crawls: Crawls) -> set[str]:
    hosts = {d for key in sample_keys(crawls) for d in crawls.sources[key].allowed_domains}
    return {canonical_url(a["url"]) for a in crawls.manifest["articles"] if a["host"] in hosts}


def test_every_sample_article_is_stored_exactly_once(crawls: Crawls) -> None:
    stored = Counter(canonical_url(final_url) for _, _, final_url in stored_pages(crawls.database_url))
    expected = manifest_articles(crawls)
    assert sorted(expected - set(stored)) == []
    assert sorted(url for url in expected if stored[url] != 1) == []


def test_no_list_or_navigation_page_is_stored(crawls: Crawls) -> None:
    stored = {canonical_url(final_url) for _, _, final_url in stored_pages(crawls.database_url)}
    assert sorted(stored - manifest_articles(crawls)) == []


def test_clean_sample_sites_succeed(crawls: Crawls) -> None:
    outcome = {key: (r.status, r.errors_by_kind) for key, r in crawls.first.items() if key in sample_keys(crawls)}
    faulty = next(k for k in outcome if FAULTY in crawls.sources[k].allowed_domains)
    assert {k: v for k, v in outcome.items() if k != faulty} == {k: ("succeeded", {}) for k in outcome if k != faulty}
    assert all(crawls.first[k].pages_stored > 0 for k in outcome)


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("http_404", "/a/missing.html"),
        ("http_500", "/a/error.html"),
        ("timeout", "/a/slow.html"),
        ("redirect_loop", "/a/loop.html"),
        ("non_html", "/a/report.pdf"),
    ],
)
def test_faulty_site_failures_are_recorded_by_kind(crawls: Crawls, kind: str, path: str) -> None:
    key = next(k for k in sample_keys(crawls) if FAULTY in crawls.sources[k].allowed_domains)
    run = run_row(crawls.database_url, crawls.first[key].run_id)
    urls = {url for error in run.errors if error["kind"] == kind for url in error["urls"]}
    assert f"http://{FAULTY}{path}" in urls, run.errors


def test_faulty_site_robots_forbidden_link_is_skipped_not_an_error(crawls: Crawls) -> None:
    key = next(k for k in sample_keys(crawls) if FAULTY in crawls.sources[k].allowed_domains)
    run = run_row(crawls.database_url, crawls.first[key].run_id)
    assert "robots_forbidden" not in {error["kind"] for error in run.errors}
    skipped = {
        url for entry in run.stats["skipped_examples"] if entry["kind"] == "robots_forbidden" for url in entry["urls"]
    }
    assert skipped == {f"http://{FAULTY}/private/a/hidden.html"}


def test_faulty_site_is_partial_and_keeps_its_good_pages(crawls: Crawls) -> None:
    key = next(k for k in sample_keys(crawls) if FAULTY in crawls.sources[k].allowed_domains)
    result = crawls.first[key]
    assert (result.status, result.pages_stored) == ("partial", 2)
    stored = {(url, final) for source, url, final in stored_pages(crawls.database_url) if source == key}
    assert stored == {
        (f"http://{FAULTY}/a/ok.html", f"http://{FAULTY}/a/ok.html"),
        (f"http://{FAULTY}/a/moved.html", f"http://{FAULTY}/a/ok2.html"),  # the 301 is followed, both URLs kept
    }
    run = run_row(crawls.database_url, result.run_id)
    assert run.stats["pages_stored"] == 2 and run.stats["errors_by_kind"] == result.errors_by_kind
    assert run.finished_at is not None and run.trigger == "cli"


def test_unreachable_source_fails(crawls: Crawls) -> None:
    result = crawls.first["dead"]
    assert (result.status, result.pages_stored, set(result.errors_by_kind)) == ("failed", 0, {"unreachable"})


def test_second_crawl_stores_nothing_new_and_fetches_known_articles_only_as_revisits(crawls: Crawls) -> None:
    assert _count_pages(crawls.database_url) == crawls.pages_after_first
    assert all(r.pages_stored == 0 for r in crawls.second.values())
    article_paths = {(a["host"], a["url"].split(a["host"], 1)[1]) for a in crawls.manifest["articles"]}
    revisited = Counter(host for host, path in article_paths if crawls.second_crawl_requests[(host, path)])
    budgets = {s.allowed_domains[0]: s.discovery.revisit_budget for s in crawls.sources.values()}
    assert all(n <= budgets[host] for host, n in revisited.items()), revisited
    assert sum(revisited.values()) <= sum(r.revisits for r in crawls.second.values())


def test_second_crawl_outcome_matches_the_first(crawls: Crawls) -> None:
    assert {k: r.status for k, r in crawls.second.items()} == {k: r.status for k, r in crawls.first.items()}
    assert len({r.run_id for r in [*crawls.first.values(), *crawls.second.values()]}) == 2 * len(crawls.first)
