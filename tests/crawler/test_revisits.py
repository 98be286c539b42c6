"""Every stored article is rechecked: one sample site crawled again and again (each crawl in a child process, its
pages processed in this one), while its articles change under it (testkit/site_changes.py):

1. the first crawl stores the site; 2. nothing changed: the crawl costs the start URLs and the revisit budget;
3. three of the articles verified last (the worst case: the last in line for the next revisits) change: one is edited,
   one removed (404, gone from its list), one taken down for a while; two new articles declare a rel=canonical, one
   on another site, one on the same site; then as many crawls as the bound allows, ceil(known / budget) + 1;
4. the article taken down comes back, and again as many crawls as the bound allows.
Each test checks one property of what these crawls did.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from common.settings import Settings
from common.sources import Source, load_sources
from crawler.run import RunResult
from samples.server import SampleServer
from storage.base import utcnow
from storage.migrate import upgrade
from storage.models import Article, ArticleRevision, CrawlUrl, RawPage
from storage.repositories import changes, feed, pages
from storage.session import make_engine, make_session_factory, session_scope
from testkit.site_changes import FlakyProxy, NewArticle, SiteChanges, path_of
from workers.processing import process_page
from workers.stories.clusters import Deduplicator

ROOT = Path(__file__).resolve().parents[2]
SITE = "ghweihai.sample.test"
FOREIGN = "http://news.sina.example/2024/original.html"
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 5,
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Crawl:
    result: RunResult
    requests: Counter[tuple[str, str]]  # robots.txt excluded
    state: dict[str, Any]  # what the watched articles looked like after the crawl's pages were processed


@dataclass
class Scenario:
    database_url: str
    source: Source
    starts: set[tuple[str, str]]
    first_known: set[str] = field(default_factory=set)  # article URLs stored by the first crawl
    edited: str = ""
    removed: str = ""
    taken: str = ""
    foreign: NewArticle | None = None  # declares a canonical on another site
    local: NewArticle | None = None  # declares a canonical on its own site
    local_canonical: str = ""
    bound: int = 0  # ceil(known / budget) + 1
    crawls: list[Crawl] = field(default_factory=list)
    back_from: int = 0  # the index of the first crawl after the taken-down article came back

    def noticed(self, key: str, value: Any) -> int | None:
        """The first crawl (index) after which the watched `key` had `value`."""
        return next((n for n, crawl in enumerate(self.crawls) if crawl.state[key] == value), None)


@pytest.fixture(scope="module")
def scenario(
    tmp_path_factory: pytest.TempPathFactory, crawl_in_child: Callable[..., list[RunResult]]
) -> Iterator[Scenario]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('revisits') / 'crawl.db'}"
    upgrade(database_url)
    sources = load_sources(ROOT / "sources.yaml")
    source = next(s for s in sources.samples() if SITE in s.allowed_domains)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    dedup = Deduplicator.embedded(sources)
    with SampleServer() as server, FlakyProxy(server) as proxy:
        site = SiteChanges(server)
        starts = {(SITE, path_of(url)) for url in site.manifest["sites"][SITE]["start_urls"]}
        run = Scenario(database_url, source, starts)
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": proxy.url})

        def crawl() -> None:
            proxy.take_requests()
            [result] = crawl_in_child(app, [source], trigger="schedule", scrapy_overrides=OVERRIDES)
            requests = Counter({k: n for k, n in proxy.take_requests().items() if k[1] != "/robots.txt"})
            with session_scope(sessions) as session:
                pending = pages.pending_page_ids(session, source=source.key)
            for page_id in pending:
                process_page(sessions, sources, page_id, dedup=dedup)
            run.crawls.append(Crawl(result, requests, watched(sessions, run)))

        crawl()  # 1
        run.first_known = set(known_articles(sessions, source.key))
        crawl()  # 2: nothing changed
        run.edited, run.removed, run.taken = last_verified(sessions, source.key, 3)
        site.edit_article(run.edited)
        site.remove_article(run.removed)
        site.take_down(run.taken)
        run.foreign, run.local = site.add_article(SITE), site.add_article(SITE)
        site.declare_canonical(run.foreign.url, FOREIGN)
        run.local_canonical = run.local.url.replace(".html", "_canonical.html")
        site.declare_canonical(run.local.url, run.local_canonical)
        known = len(run.first_known) + 2
        run.bound = math.ceil(known / source.discovery.revisit_budget) + 1
        for _ in range(run.bound):  # 3 ...
            crawl()
        site.bring_back(run.taken)
        run.back_from = len(run.crawls)
        for _ in range(run.bound):
            crawl()
    engine.dispose()
    yield run


def known_articles(sessions: Any, source: str) -> list[str]:
    """Stored article URLs of the source, least recently verified first."""
    with session_scope(sessions) as session:
        query = select(CrawlUrl.url).where(CrawlUrl.source == source, CrawlUrl.body_sha256.is_not(None))
        return list(session.scalars(query.order_by(CrawlUrl.fetched_at, CrawlUrl.id)))


def last_verified(sessions: Any, source: str, count: int) -> list[str]:
    """The `count` articles verified most recently: the last in line for the next revisits."""
    return known_articles(sessions, source)[-count:]


def watched(sessions: Any, run: Scenario) -> dict[str, Any]:
    with session_scope(sessions) as session:
        by_url = {a.canonical_url: a for a in session.scalars(select(Article).where(Article.source == run.source.key))}
        edited, removed, taken = (by_url.get(url) for url in (run.edited, run.removed, run.taken))
        return {
            "edited_revision": edited.revision if edited else None,
            "removed": removed is not None and removed.removed_at is not None,
            "taken_removed": taken is not None and taken.removed_at is not None,
        }


def change_kinds(session: Any, article_id: str) -> list[str]:
    return [c.kind for c in changes.list_changes(session, after=0, limit=100_000) if c.article_id == article_id]


def test_an_unchanged_site_costs_its_start_urls_and_the_revisit_budget(scenario: Scenario) -> None:
    second = scenario.crawls[1]
    budget = scenario.source.discovery.revisit_budget
    articles = {(SITE, path_of(url)) for url in scenario.first_known}
    revisited = {path: n for path, n in second.requests.items() if path in articles}
    assert set(second.requests) - set(revisited) == scenario.starts
    assert (len(revisited), set(revisited.values())) == (budget, {1})
    assert second.result.not_modified == sum(second.requests.values())  # every request conditional, every one a 304
    assert (second.result.revisits, second.result.stats["revisit_unchanged"]) == (budget, budget)
    assert second.result.pages_stored == 0


def test_every_known_article_is_rechecked_within_ceil_known_by_budget_crawls(scenario: Scenario) -> None:
    rounds = math.ceil(len(scenario.first_known) / scenario.source.discovery.revisit_budget)
    requested = {path for crawl in scenario.crawls[1 : 1 + rounds] for path in crawl.requests}
    assert {(SITE, path_of(url)) for url in scenario.first_known} <= requested


def test_an_edit_of_an_old_article_becomes_revision_2_within_the_bound(scenario: Scenario) -> None:
    noticed = scenario.noticed("edited_revision", 2)
    assert noticed is not None and 2 <= noticed < 2 + scenario.bound, noticed
    engine = make_engine(scenario.database_url)
    with session_scope(make_session_factory(engine)) as session:
        article = session.scalars(select(Article).where(Article.canonical_url == scenario.edited)).one()
        [revision] = session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == article.id))
        assert "Corrected." in article.body_text and "Corrected." not in revision.body_text
    engine.dispose()
    assert scenario.crawls[noticed].result.revisions == 1


def test_a_removed_article_is_marked_removed_with_a_deleted_change(scenario: Scenario) -> None:
    noticed = scenario.noticed("removed", True)
    assert noticed is not None and 2 <= noticed < 2 + scenario.bound, noticed
    assert scenario.crawls[noticed].result.removals >= 1
    engine = make_engine(scenario.database_url)
    with session_scope(make_session_factory(engine)) as session:
        article = session.scalars(select(Article).where(Article.canonical_url == scenario.removed)).one()
        kinds = change_kinds(session, article.id)
        listed = {row.id for row in feed.list_canonical(session, limit=1000, canonical_only=False)}
        assert (article.removed_at is not None, kinds[-1], article.id in listed) == (True, "deleted", False)
        assert article.body_text  # the record stays as it was
    engine.dispose()


def test_a_page_that_answers_404_once_and_200_later_comes_back(scenario: Scenario) -> None:
    gone = scenario.noticed("taken_removed", True)
    assert gone is not None and 2 <= gone < 2 + scenario.bound, gone
    later = [crawl.state["taken_removed"] for crawl in scenario.crawls[scenario.back_from :]]
    assert later[-1] is False and later.index(False) < scenario.bound
    assert sum(crawl.result.restored for crawl in scenario.crawls[scenario.back_from :]) == 1
    engine = make_engine(scenario.database_url)
    with session_scope(make_session_factory(engine)) as session:
        article = session.scalars(select(Article).where(Article.canonical_url == scenario.taken)).one()
        kinds = change_kinds(session, article.id)
        assert kinds[-2:] in (["deleted", "updated"], ["deleted", "merged"]) and article.revision == 1
    engine.dispose()


def test_revisits_are_spent_within_the_budget_and_counted_by_outcome(scenario: Scenario) -> None:
    budget = scenario.source.discovery.revisit_budget
    for crawl in scenario.crawls[1:]:
        stats = crawl.result.stats
        outcomes = sum(stats[f"revisit_{outcome}"] for outcome in ("unchanged", "changed", "gone", "back"))
        assert crawl.result.revisits == budget == outcomes, stats
        assert crawl.result.errors == 0 and crawl.result.status == "succeeded"


def test_no_record_is_stored_under_a_foreign_url(scenario: Scenario) -> None:
    assert scenario.foreign is not None and scenario.local is not None
    engine = make_engine(scenario.database_url)
    with session_scope(make_session_factory(engine)) as session:
        stored = {a.canonical_url: a for a in session.scalars(select(Article))}
        raw = set(session.scalars(select(RawPage.url)))
    engine.dispose()
    assert all(scenario.source.owns(url) for url in stored), sorted(u for u in stored if not scenario.source.owns(u))
    assert stored[scenario.foreign.url].declared_canonical == FOREIGN
    assert scenario.local_canonical in stored and scenario.local.url not in stored  # a canonical of its own site
    assert scenario.local.url in raw  # fetched as the list linked it
    assert stored[scenario.local_canonical].declared_canonical is None


# --- the revisit order, in the crawl state alone ---


def test_revisits_take_the_least_recently_verified_articles_gone_ones_included(
    database_url: str, sessions: Any, make_source: Callable[..., Source]
) -> None:
    from datetime import timedelta

    from crawler.state import REFETCH, REVISIT, CrawlState, Refetch
    from storage.repositories.crawl_state import record_article

    now, site = utcnow(), "http://news.sample.test"
    with session_scope(sessions) as session:
        for n in range(6):  # article n verified n days ago; 5 is gone
            gone = now - timedelta(days=n) if n == 5 else None
            record_article(
                session,
                source="demo",
                url=f"{site}/a/{n}.html",
                fetched_at=now - timedelta(days=n),
                status=404 if gone else 200,
                body_sha256="x" * 64,
                etag=f'"e{n}"',
                gone_at=gone,
            )
        record_article(
            session, source="demo", url=f"{site}/alias.html", fetched_at=now - timedelta(days=9), status=200
        )  # an alias (no body of its own): never revisited
    source = make_source(discovery={"revisit_budget": 3})
    state = CrawlState(make_engine(database_url), source)
    revisits = state.revisits(exclude=[f"{site}/a/4.html"])  # rechecked by the refetch window this crawl
    assert [(r.url, r.why) for r in revisits] == [(f"{site}/a/{n}.html", REVISIT) for n in (5, 3, 2)]
    assert revisits[0].conditional_headers() == {}  # a gone page is asked without validators: its 200 is news
    assert revisits[1].conditional_headers() == {"If-None-Match": '"e3"'}
    assert CrawlState(make_engine(database_url), make_source(discovery={"revisit_budget": 0})).revisits() == []
    assert Refetch("u", None, None, None).why == REFETCH


@pytest.mark.parametrize("budget", [-1, 10_001, "many"])
def test_the_revisit_budget_is_validated(budget: object, make_source: Callable[..., Source]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="revisit_budget"):
        make_source(discovery={"revisit_budget": budget})


def test_a_recheck_stores_what_changed_and_counts_what_it_found(
    database_url: str, make_source: Callable[..., Source]
) -> None:
    import hashlib

    from crawler.spiders.source import REFETCH
    from crawler.state import REVISIT, Refetch
    from tests.crawler.spiders.test_source_discovery import ARTICLE, article_response, spider_for

    spider = spider_for(make_source(), database_url)
    url, same = "http://news.sample.test/2020/1.html", hashlib.sha256(ARTICLE).hexdigest()
    published = Refetch(url, '"e1"', None, same, REVISIT)
    gone = Refetch(url, None, None, same, REVISIT, gone_at=utcnow())

    def answer(refetch: Refetch, status: int, body: bytes = ARTICLE) -> list[Any]:
        return list(spider.parse_article(article_response(url, body, status, **{REFETCH: refetch})))

    assert answer(published, 304) == [] and answer(published, 200) == []  # unchanged: 304, or the same body
    [changed] = answer(published, 200, ARTICLE.replace(b"text", b"fixed"))
    [removal] = answer(published, 410, b"")
    assert answer(gone, 404, b"") == []  # still gone: nothing new
    [back] = answer(gone, 200)  # the same text as before its removal: it is back
    assert (changed.refetch, removal.gone, back.gone, back.status) == (True, True, False, 200)
    stats = spider.crawler.stats.get_value
    counts = {outcome: stats(f"source/revisit_{outcome}") for outcome in ("unchanged", "changed", "gone", "back")}
    assert counts == {"unchanged": 3, "changed": 1, "gone": 1, "back": 1}
    assert spider.state is not None and spider.state._articles[url]["gone_at"] == gone.gone_at


def test_a_recheck_requests_the_url_the_page_last_answered_from(
    database_url: str, sessions: Any, make_source: Callable[..., Source]
) -> None:
    from crawler.spiders.source import REFETCH
    from crawler.state import CrawlState
    from storage.repositories.crawl_state import record_article
    from tests.crawler.spiders.test_source_discovery import article_response, spider_for

    site = "http://news.sample.test"
    answered = {f"{site}/a/1.html": f"{site}/a/1.html?page=all", f"{site}/a/2.html": "http://elsewhere.example/2.html"}
    with session_scope(sessions) as session:
        for url, final in {**answered, f"{site}/a/3.html": f"{site}/a/3.html"}.items():
            pages.add_raw_page(
                session,
                source="demo",
                crawl_run_id=None,
                url=url,
                final_url=final,
                status_code=200,
                headers={},
                body=b"<html></html>",
            )
            record_article(session, source="demo", url=url, fetched_at=utcnow(), status=200, body_sha256="x" * 64)
    revisits = CrawlState(make_engine(database_url), make_source()).revisits()
    assert {r.url: r.fetch_url for r in revisits} == {
        f"{site}/a/1.html": f"{site}/a/1.html?page=all",  # as the site answered it
        f"{site}/a/2.html": None,  # a redirect off the source's domains: the stored URL
        f"{site}/a/3.html": None,
    }
    spider = spider_for(make_source(), database_url)
    [first] = [r for r in revisits if r.fetch_url]
    request = spider.refetch_request(first)
    assert request.url == first.fetch_url
    [item] = spider.parse_article(article_response(request.url, b"<html>new</html>", **{REFETCH: first}))
    assert item.url == first.url  # the stored article it rechecked
