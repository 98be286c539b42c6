"""Re-crawls of sample sites that change between crawls (testkit/site_changes.py), each crawl in a child
process like production. One scenario, run once per module; each test checks one property of one crawl:

1. the first crawl reads everything;
2. the unchanged sites cost one conditional request per start URL (besides robots.txt) plus the revisit budget, and
   store nothing;
3. new articles appear on several sites (pushing others to page 2), one article disappears, and one changed list
   page answers 500 once: every new article is stored, at the cost of the new articles plus the list pages that
   changed (and the one retry);
4. later: a new article behind a list page that fails on every attempt is missed, the failure recorded; a recent
   article is edited and, its refetch being due, stored again as a revision;
5. the next crawl finds the missed article; the sites that did not change cost one request per start URL again.
Requests to articles stored by earlier crawls are rechecks (the refetch window, the revisit budget: see
tests/crawler/test_revisits.py) and are counted apart from what discovery costs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from common.settings import Settings
from common.sources import Source, load_sources
from common.urls import canonical_url
from crawler.run import RunResult
from samples.manifest import plain_hosts
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import CrawlUrl, RawPage
from storage.session import make_engine, make_session_factory, session_scope
from testkit.site_changes import FlakyProxy, NewArticle, SiteChanges, canonical_path, path_of

ROOT = Path(__file__).resolve().parents[2]
GHWEIHAI, WORKERCN, PEIXUN, TOWNBLOG, ZJGH = (
    f"{name}.sample.test" for name in ("ghweihai", "workercn", "peixun", "townblog", "zjgh")
)
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 5,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Crawl:
    results: dict[str, RunResult]
    requests: Counter[tuple[str, str]]  # (host, path) -> count, robots.txt and rechecks excluded: discovery's cost
    stored: list[tuple[str, str]]  # (url, final_url) of the pages this crawl stored (removals aside)
    rechecks: Counter[tuple[str, str]] = field(default_factory=Counter)  # requests to articles stored before


@dataclass
class Scenario:
    database_url: str
    manifest: dict
    crawls: list[Crawl] = field(default_factory=list)
    added: list[NewArticle] = field(default_factory=list)  # step 3
    removed: str = ""
    changed_lists: set[str] = field(default_factory=set)  # step 3
    failing: str = ""  # the list page that failed once (step 3)
    missed: NewArticle | None = None  # step 4: behind a list page that failed every time
    edited: str = ""  # step 4


def clean_sample_sources() -> list[Source]:
    plain = plain_hosts() - {"faulty.sample.test"}
    return [s for s in load_sources(ROOT / "sources.yaml").samples() if plain >= set(s.allowed_domains)]


def start_paths(manifest: dict, hosts: set[str]) -> set[tuple[str, str]]:
    """The start URLs of the sample sites (the manifest's: configured start URLs and the sibling column and feed the
    crawler finds and remembers), as (host, canonical path)."""
    return {(host, path_of(canonical_url(url))) for host in hosts for url in manifest["sites"][host]["start_urls"]}


@pytest.fixture(scope="module")
def scenario(
    tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]
) -> Iterator[Scenario]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('incremental') / 'crawl.db'}"
    upgrade(database_url)
    sources = clean_sample_sources()
    with SampleServer() as server, FlakyProxy(server) as flaky:
        changes = SiteChanges(server)
        run = Scenario(database_url, changes.manifest)
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": flaky.url})

        def crawl() -> None:
            before = _pages(database_url)
            known = {article_path(url) for _, url, _, _ in before} | {article_path(final) for *_, final, _ in before}
            flaky.take_requests()
            results = crawl_in_child(app, sources, trigger="schedule", scrapy_overrides=OVERRIDES)
            # By canonical path: the crawler requests `/col/col1/index.html` as linked, and knows it as `/col/col1/`.
            taken = flaky.take_requests().items()
            requests = Counter({(h, canonical_path(h, p)): n for (h, p), n in taken if p != "/robots.txt"})
            rechecks = Counter({k: n for k, n in requests.items() if k in known})
            old = {row[0] for row in before}
            stored = [
                (url, final)
                for page_id, url, final, status in _pages(database_url)
                if page_id not in old and status == 200
            ]
            run.crawls.append(Crawl({r.source: r for r in results}, requests - rechecks, stored, rechecks))

        crawl()  # 1
        crawl()  # 2: nothing changed
        run.added = [changes.add_article(host) for host in (GHWEIHAI, GHWEIHAI, WORKERCN, TOWNBLOG, TOWNBLOG, ZJGH)]
        run.removed = changes.listed(PEIXUN)[2]  # from the list's first page
        changes.remove_article(run.removed)
        run.changed_lists = set(changes.changed_lists)
        run.failing = "/col/col1/"
        flaky.fail(GHWEIHAI, "/col/col1/index.html", times=1)  # the URL as the site links it
        crawl()  # 3
        run.missed = changes.add_article(WORKERCN)
        flaky.fail(WORKERCN, "/news/index.shtml", times=2)  # RETRY_TIMES=1: both attempts fail
        run.edited = run.added[3].url  # a townblog article: its feed announced a publication date
        changes.edit_article(run.edited)
        _time_passes(database_url, timedelta(hours=13))  # past refetch_interval_hours (12)
        crawl()  # 4
        crawl()  # 5
    yield run


def _pages(database_url: str) -> list[tuple[int, str, str, int]]:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        query = select(RawPage.id, RawPage.url, RawPage.final_url, RawPage.status_code)
        rows = [tuple(row) for row in session.execute(query)]
    engine.dispose()
    return rows  # type: ignore[return-value]


def _time_passes(database_url: str, delta: timedelta) -> None:
    """Every fetch the crawl state remembers happened `delta` earlier."""
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        for row in session.scalars(select(CrawlUrl).where(CrawlUrl.fetched_at.is_not(None))):
            row.fetched_at = row.fetched_at - delta  # type: ignore[operator]
    engine.dispose()


def hosts_of(run: Scenario) -> set[str]:
    return {host for host in run.manifest["sites"] if host != "faulty.sample.test"}


def article_path(url: str) -> tuple[str, str]:
    return (url.split("/")[2], path_of(url))


def test_first_crawl_stores_every_article(scenario: Scenario) -> None:
    first = scenario.crawls[0]
    expected = {canonical_url(a["url"]) for a in scenario.manifest["articles"] if a["host"] in hosts_of(scenario)}
    assert {canonical_url(final) for _, final in first.stored} == expected
    assert all(r.status == "succeeded" for r in first.results.values())


def test_unchanged_sites_cost_one_conditional_request_per_start_url(scenario: Scenario) -> None:
    second = scenario.crawls[1]
    starts = start_paths(scenario.manifest, hosts_of(scenario))
    assert set(second.requests) <= starts, sorted(set(second.requests) - starts)
    assert max(second.requests.values()) == 1
    assert second.stored == []
    # Plus the revisit budget (10 by default; every sample site has more articles): each a conditional request, a 304.
    assert sorted(r.revisits for r in second.results.values()) == [10] * len(second.results)
    assert max(second.rechecks.values()) == 1 and sum(second.rechecks.values()) == 10 * len(second.results)
    not_modified = sum(second.requests.values()) + sum(second.rechecks.values())
    assert sum(r.not_modified for r in second.results.values()) == not_modified
    assert all((r.status, r.new_articles) == ("succeeded", 0) for r in second.results.values())


def test_new_articles_are_all_stored_once(scenario: Scenario) -> None:
    third = scenario.crawls[2]
    assert sorted(canonical_url(url) for url, _ in third.stored) == sorted(a.url for a in scenario.added)
    assert sum(r.new_articles for r in third.results.values()) == len(scenario.added)


def test_new_articles_cost_themselves_plus_the_changed_list_pages(scenario: Scenario) -> None:
    third = scenario.crawls[2]
    starts = start_paths(scenario.manifest, hosts_of(scenario))
    changed = {article_path(url) for url in scenario.changed_lists}
    articles = {article_path(a.url) for a in scenario.added}
    assert set(third.requests) <= starts | changed | articles, sorted(set(third.requests) - starts - changed - articles)
    assert all(third.requests[path] == 1 for path in articles)
    # Each list page at most once, but the one that answered 500 once and was retried.
    assert {path: n for path, n in third.requests.items() if n > 1} == {(GHWEIHAI, scenario.failing): 2}
    # Page 1 of each list with news and the page after it (which received the pushed-down items), no further.
    lists_read = {(host, path) for host, path in changed & set(third.requests)}
    assert lists_read == {
        (GHWEIHAI, "/col/col1/"),
        (GHWEIHAI, "/col/col1/index_2.html"),
        (WORKERCN, "/news/index.shtml"),
        (WORKERCN, "/news/index_2.shtml"),
        (TOWNBLOG, "/"),
        (TOWNBLOG, "/page/2/"),
        (TOWNBLOG, "/feed/"),
        (ZJGH, "/xwzx/ghdt/index.htm"),
        (ZJGH, "/xwzx/ghdt/index_1.htm"),
        (PEIXUN, "/list/jiaoyu/"),  # the removed article's page: changed, nothing new on it
    }
    floor = len(articles) + len(starts - changed) + len(lists_read)
    assert sum(third.requests.values()) == floor + 1


def test_a_page_that_fails_once_is_retried_and_costs_nothing_else(scenario: Scenario) -> None:
    ghweihai = scenario.crawls[2].results["sample-ghweihai"]
    assert (ghweihai.status, ghweihai.errors, ghweihai.new_articles) == ("succeeded", 0, 2)


def test_a_removed_article_is_not_requested_by_discovery(scenario: Scenario) -> None:
    assert all(crawl.requests[article_path(scenario.removed)] == 0 for crawl in scenario.crawls[1:])


def test_a_list_that_keeps_failing_is_read_again_next_time(scenario: Scenario) -> None:
    fourth, fifth = scenario.crawls[3], scenario.crawls[4]
    assert scenario.missed is not None
    workercn = fourth.results["sample-workercn"]
    assert (workercn.status, workercn.errors_by_kind, workercn.new_articles) == ("failed", {"http_500": 1}, 0)
    assert [canonical_url(url) for url, _ in fifth.stored] == [scenario.missed.url]
    assert fifth.results["sample-workercn"].status == "succeeded"


def test_an_edited_recent_article_becomes_a_revision(scenario: Scenario) -> None:
    fourth = scenario.crawls[3]
    townblog = fourth.results["sample-townblog"]
    assert [canonical_url(url) for url, _ in fourth.stored] == [scenario.edited]
    assert (townblog.revisions, townblog.new_articles) == (1, 0)
    # Both recent townblog articles were due; the unedited one answered 304.
    recent = {article_path(a.url) for a in scenario.added if a.host == TOWNBLOG}
    assert {path: fourth.rechecks[path] for path in recent} == {path: 1 for path in recent}
    assert townblog.not_modified >= 1


def test_unchanged_sites_stay_cheap_after_all_that(scenario: Scenario) -> None:
    fifth = scenario.crawls[4]
    others = hosts_of(scenario) - {WORKERCN}
    requests = Counter({k: n for k, n in fifth.requests.items() if k[0] in others})
    assert set(requests) <= start_paths(scenario.manifest, others)
    assert max(requests.values()) == 1


def test_processing_the_refetched_page_makes_a_revision_of_the_same_article(scenario: Scenario) -> None:
    from storage.models import Article, ArticleRevision
    from workers.processing import process_page

    engine = make_engine(scenario.database_url)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        query = select(RawPage.id).where(RawPage.url == scenario.edited).order_by(RawPage.id)
        page_ids = list(session.scalars(query))
    assert len(page_ids) == 2  # stored when new, stored again when its refetch found it changed
    sources = load_sources(ROOT / "sources.yaml")
    outcomes = [process_page(sessions, sources, page_id) for page_id in page_ids]
    assert [o.outcome for o in outcomes] == ["created", "updated"], outcomes
    with session_scope(sessions) as session:
        article = session.scalars(select(Article).where(Article.raw_page_id == page_ids[1])).one()
        revisions = session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == article.id)).all()
        assert (article.revision, len(revisions)) == (2, 1)
        assert "Corrected." in article.body_text and "Corrected." not in revisions[0].body_text
    engine.dispose()
