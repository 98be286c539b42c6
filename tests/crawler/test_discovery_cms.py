"""End to end on the CMS-family sample sites (TRS WCM, Hanweb jcms, dynamic lists, feeds and sitemaps only), each
configured with only the start URL an operator knows: every article of the truth is found on the first crawl, no
page robots.txt forbids is requested, no request is wasted on a 404, the run succeeds with the forbidden links
counted as skipped, and a re-crawl of the unchanged sites costs one conditional request per entry point. Then a
changed TRS list: its next page is read once, and no deeper (the forbidden pinned link is no news)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from common.settings import Settings
from common.sources import Source, load_sources
from crawler.links import canonical_url
from crawler.run import RunResult
from samples.manifest import load_manifest
from samples.render import trswcm
from samples.server import SITES_DIR, SampleServer
from storage.migrate import upgrade
from tests.crawler.test_samples import OVERRIDES, run_row, stored_pages

ROOT = Path(__file__).resolve().parents[2]
HOSTS = {
    "sample-jcgh": "jcgh.sample.test",
    "sample-hygh": "hygh.sample.test",
    "sample-ldb": "ldb.sample.test",
    "sample-unionvoice": "unionvoice.sample.test",
}
NEW_ARTICLE = "/xwdt/gzdt/202312/t20231230_9999.html"


@dataclass
class Crawls:
    database_url: str
    first: dict[str, RunResult]
    second: dict[str, RunResult]
    changed: RunResult
    targets: list[Counter[tuple[str, str, str]]]  # per crawl: (method, host, path?query) -> count
    manifest: dict[str, Any]


def _changed_trs_list() -> bytes:
    """The TRS list's first page with one more article at the top (its next pages unchanged)."""
    page = (SITES_DIR / trswcm.HOST / trswcm.list_url(0).lstrip("/")).read_bytes()
    row = f'<li><a href="./{NEW_ARTICLE[len(trswcm.LIST_DIR) :]}">新到的一篇工会动态</a></li>'.encode("gbk")
    return page.replace(b'<ul class="list">\n', b'<ul class="list">\n' + row + b"\n", 1)


@pytest.fixture(scope="module")
def crawls(
    tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]
) -> Iterator[Crawls]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('cms') / 'crawl.db'}"
    upgrade(database_url)
    all_sources = load_sources(ROOT / "sources.yaml")
    sources: list[Source] = [all_sources.get(key) for key in HOSTS]
    targets = []
    with SampleServer() as server:
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": server.url})
        first = crawl_in_child(app, sources, trigger="cli", scrapy_overrides=OVERRIDES)
        targets.append(server.targets)
        server.reset_requests()
        second = crawl_in_child(app, sources, trigger="cli", scrapy_overrides=OVERRIDES)
        targets.append(server.targets)
        server.reset_requests()
        article = (SITES_DIR / trswcm.HOST / "xwdt/gzdt/202312").glob("*.html")
        server.put(trswcm.HOST, NEW_ARTICLE, next(iter(article)).read_bytes(), "text/html; charset=utf-8")
        server.put(trswcm.HOST, trswcm.list_url(0), _changed_trs_list(), "text/html; charset=utf-8")
        [changed] = crawl_in_child(app, [all_sources.get("sample-jcgh")], trigger="cli", scrapy_overrides=OVERRIDES)
        targets.append(server.targets)
    yield Crawls(
        database_url=database_url,
        first={r.source: r for r in first},
        second={r.source: r for r in second},
        changed=changed,
        targets=targets,
        manifest=load_manifest(),
    )


def host_targets(crawls: Crawls, crawl: int, host: str) -> Counter[tuple[str, str]]:
    return Counter({(method, target): n for (method, h, target), n in crawls.targets[crawl].items() if h == host})


@pytest.mark.parametrize("key", list(HOSTS))
def test_first_crawl_finds_every_article_of_the_truth_and_nothing_else(crawls: Crawls, key: str) -> None:
    host = HOSTS[key]
    truth = {canonical_url(a["url"]) for a in crawls.manifest["articles"] if a["host"] == host}
    pages = stored_pages(crawls.database_url)
    later = f"http://{trswcm.HOST}{NEW_ARTICLE}"  # stored by the last crawl, after the site changed
    stored = Counter(canonical_url(final) for source, _, final in pages if source == key and final != later)
    assert (len(truth & set(stored)), sorted(truth - set(stored))) == (len(truth), [])
    assert sorted(set(stored) - truth) == []
    assert sorted(url for url, n in stored.items() if n != 1) == []


@pytest.mark.parametrize("key", list(HOSTS))
def test_first_crawl_succeeds_without_a_wasted_request(crawls: Crawls, key: str) -> None:
    result = crawls.first[key]
    assert (result.status, result.errors_by_kind) == ("succeeded", {})  # a 404 would be an http_404 error
    site = crawls.manifest["sites"][HOSTS[key]]
    never = {url.split(HOSTS[key], 1)[1] for url in site.get("forbidden_pages", [])}
    requested = {target for _, target in host_targets(crawls, 0, HOSTS[key])}
    assert sorted(requested & never) == []


def test_robots_forbidden_links_are_skipped_not_errors(crawls: Crawls) -> None:
    result = crawls.first["sample-jcgh"]
    assert result.skipped_by_kind == {"robots_forbidden": 1}
    run = run_row(crawls.database_url, result.run_id)
    assert run.errors == [] and run.stats["skipped"] == 1
    [skipped] = run.stats["skipped_examples"]
    assert skipped["urls"] == [f"http://{trswcm.HOST}{trswcm.FORBIDDEN_PAGE}"]


def test_trs_inline_pager_and_relative_links_are_followed(crawls: Crawls) -> None:
    requested = host_targets(crawls, 0, trswcm.HOST)
    pages = [url.split(trswcm.HOST, 1)[1] for url in crawls.manifest["sites"][trswcm.HOST]["list_pages"]]
    assert len(pages) == 3 and all(requested[("GET", page)] == 1 for page in pages)
    assert requested[("GET", trswcm.STATEMENT_PAGE)] == 0  # the footer's article-shaped link is no article


def test_jcms_columns_are_requested_as_linked_and_paged_through_the_data_proxy(crawls: Crawls) -> None:
    requested = host_targets(crawls, 0, HOSTS["sample-hygh"])
    assert [t for _, t in requested if t.startswith("/col/") and t.endswith("/")] == []
    posts = sorted(target for method, target in requested if method == "POST")
    assert posts == [
        "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=5",  # col1304: all proxy
        "/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5",  # col1302: after its datastore
        "/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=5",
    ]


def test_dynamic_lists_are_paged_by_query_and_numbered_file(crawls: Crawls) -> None:
    requested = host_targets(crawls, 0, HOSTS["sample-ldb"])
    for page in ["/news/list.php?page=2", "/news/list.php?page=3", "/gh/list_2.html"]:
        assert requested[("GET", page)] == 1, page


def test_feeds_and_sitemaps_only_site_is_read_through_robots_sitemaps(crawls: Crawls) -> None:
    requested = host_targets(crawls, 0, HOSTS["sample-unionvoice"])
    for path in ["/feed.xml", "/sitemap_index.xml", "/sitemaps/2023.xml.gz", "/sitemaps/2024.xml"]:
        assert requested[("GET", path)] == 1, path


@pytest.mark.parametrize("key", list(HOSTS))
def test_recrawl_of_unchanged_sites_costs_one_conditional_request_per_entry_point(crawls: Crawls, key: str) -> None:
    result = crawls.second[key]
    robots = host_targets(crawls, 1, HOSTS[key])[("GET", "/robots.txt")]
    assert (result.status, result.new_articles, result.not_modified) == ("succeeded", 0, result.requests - robots)
    first = set(host_targets(crawls, 0, HOSTS[key]))
    assert set(host_targets(crawls, 1, HOSTS[key])) <= first


def test_a_changed_trs_list_reads_its_next_page_once_and_no_deeper(crawls: Crawls) -> None:
    requested = host_targets(crawls, 2, trswcm.HOST)
    assert crawls.changed.new_articles == 1 and crawls.changed.status == "succeeded"
    lists = sorted(t for _, t in requested if t.startswith(trswcm.LIST_DIR) and "index" in t)
    assert lists == [trswcm.list_url(0), trswcm.list_url(1)]
    assert requested[("GET", NEW_ARTICLE)] == 1
