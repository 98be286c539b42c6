"""Entry points beyond list pages, end to end in child crawls: a sitemap index (a gzip news sitemap within the horizon,
a child sitemap beyond it) put on a sample host, and a feed a start page announces. Crawled twice: the second time
each entry point costs one 304."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from common.settings import Settings
from common.sources import Source
from crawler.run import RunResult
from samples.manifest import load_manifest
from samples.server import SampleServer
from storage.base import utcnow
from storage.migrate import upgrade
from storage.models import CrawlUrl, RawPage
from storage.session import make_engine, make_session_factory, session_scope
from testkit.site_changes import FlakyProxy

WORKERCN, TOWNBLOG = "workercn.sample.test", "townblog.sample.test"
INDEX = f"http://{WORKERCN}/sitemap_index.xml"
OVERRIDES = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING", "RETRY_TIMES": 0}


@dataclass
class Crawls:
    database_url: str
    results: list[dict[str, RunResult]]
    requests: list[Counter[tuple[str, str]]]
    recent: list[str]  # the articles the news sitemap announces as recent


def urlset(entries: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication_date>{when}</news:publication_date></news:news></url>"
        for loc, when in entries
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>'
    ).encode()


@pytest.fixture(scope="module")
def crawls(
    tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]
) -> Iterator[Crawls]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('entries') / 'crawl.db'}"
    upgrade(database_url)
    articles = [a["url"] for a in load_manifest()["articles"] if a["host"] == WORKERCN]
    now, old = utcnow(), utcnow() - timedelta(days=400)
    recent, dated_old = articles[:3], articles[3:5]
    sources = [
        Source.model_validate(
            {
                "key": "sitemaps",
                "name": "S",
                "start_urls": [INDEX],
                "discovery": {"sitemaps": [INDEX], "horizon_days": 30},
            }
        ),
        Source.model_validate({"key": "blog", "name": "B", "start_urls": [f"http://{TOWNBLOG}/"]}),
    ]
    with SampleServer() as server, FlakyProxy(server) as proxy:
        index = (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>http://{WORKERCN}/sitemap-news.xml.gz</loc><lastmod>{now.isoformat()}</lastmod></sitemap>"
            f"<sitemap><loc>http://{WORKERCN}/sitemap-2022.xml</loc><lastmod>{old.isoformat()}</lastmod></sitemap>"
            "</sitemapindex>"
        )
        news = urlset([(url, now.isoformat()) for url in recent] + [(url, old.isoformat()) for url in dated_old])
        server.put(WORKERCN, "/sitemap_index.xml", index.encode(), "application/xml")
        server.put(WORKERCN, "/sitemap-news.xml.gz", gzip.compress(news), "application/x-gzip")
        server.put(
            WORKERCN, "/sitemap-2022.xml", urlset([(url, old.isoformat()) for url in articles[5:]]), "application/xml"
        )
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": proxy.url})
        results, requests = [], []
        for _ in range(2):
            proxy.take_requests()
            done = crawl_in_child(app, sources, trigger="cli", scrapy_overrides=OVERRIDES)
            results.append({r.source: r for r in done})
            requests.append(Counter({k: n for k, n in proxy.take_requests().items() if k[1] != "/robots.txt"}))
    yield Crawls(database_url, results, requests, recent)


def query(database_url: str, statement: Any) -> list[Any]:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        rows = [tuple(row) for row in session.execute(statement)]
    engine.dispose()
    return rows


def test_a_sitemap_index_leads_to_the_recent_articles_only(crawls: Crawls) -> None:
    stored = query(crawls.database_url, select(RawPage.url).where(RawPage.source == "sitemaps"))
    assert sorted(url for (url,) in stored) == sorted(crawls.recent)
    first = crawls.requests[0]
    assert {path for host, path in first if host == WORKERCN and "sitemap" in path} == {
        "/sitemap_index.xml",
        "/sitemap-news.xml.gz",  # the 2022 sitemap was not modified within the horizon: not read
    }
    assert crawls.results[0]["sitemaps"].status == "succeeded"


def test_an_announced_feed_is_followed_and_remembered(crawls: Crawls) -> None:
    assert crawls.requests[0][(TOWNBLOG, "/feed/")] == 1
    remembered = query(
        crawls.database_url, select(CrawlUrl.url, CrawlUrl.kind, CrawlUrl.entry).where(CrawlUrl.source == "blog")
    )
    assert (f"http://{TOWNBLOG}/feed/", "feed", True) in remembered


def test_every_entry_point_costs_one_304_the_second_time(crawls: Crawls) -> None:
    urls = [url for (url,) in query(crawls.database_url, select(RawPage.url))]
    stored = {(url.split("/")[2], "/" + url.split("/", 3)[3]) for url in urls}
    revisits = Counter({key: n for key, n in crawls.requests[1].items() if key in stored})  # counted apart
    second = crawls.requests[1] - revisits
    assert second == Counter({(WORKERCN, "/sitemap_index.xml"): 1, (TOWNBLOG, "/"): 1, (TOWNBLOG, "/feed/"): 1})
    assert sum(revisits.values()) == sum(r.revisits for r in crawls.results[1].values())
    assert sum(r.not_modified for r in crawls.results[1].values()) == 3 + sum(revisits.values())
    assert all(r.pages_stored == 0 for r in crawls.results[1].values())
