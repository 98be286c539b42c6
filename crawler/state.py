"""CrawlState: what one crawl of one source knows from earlier crawls, and what it keeps for the next ones.

- The seen set: `unseen(urls)` asks the Redis cache first (distributed mode) and the database for the rest, once per
  list page, feed or sitemap.
- List, feed and sitemap URLs: the validators of their last complete fetch, sent as If-None-Match /
  If-Modified-Since so that an unchanged page costs a 304; and the entry points found earlier (a sibling column that
  listed articles, a feed a start page announced), requested at the start of every crawl beside the configured ones.
- Rechecks of stored articles, conditional (their ETag / Last-Modified): refetches of recently published ones due for
  another look (`discovery.refetch_window_hours`), and revisits of all the others, at most `discovery.revisit_budget`
  per crawl, verified longest ago first, gone ones included (so a page that answered 404 may come back).

What a crawl learns about list pages is written when it closes. The validators of a section (an entry point and
the pages reached from it) are saved only when the crawl finished and nothing in that section failed transiently:
a saved validator makes the page a 304 next time, so everything it led to must have been fetched by then. Seen
article URLs are not written here but by the persist pipeline, in the raw page's own transaction.

The frontier: a re-crawl stops paging a list at the first page that brings nothing new, which is right only when
the crawl before it completed. So every crawl marks its sections (entry points) open when it starts
(`crawl_urls.frontier_since`, committed before the first request) and closes those it completed when it closes
(finished, no transient failure in the section). A section left open (the crawl was killed, hit its time limit, met
a 5xx, a timeout or a database error) is read by the next crawl without validators and past pages of known
articles, as long as they hold articles first seen since it was opened, until a page of articles known before
closes the gap (`read_on`).

The spider builds it (`CrawlState.from_crawler`) when DATABASE_URL is set; without one a crawl starts from nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine
from twisted.python.failure import Failure

from common.sources import Source
from crawler.database import crawler_engine
from crawler.failures import PIPELINE_ERROR, SPIDER_ERROR, is_transient
from crawler.items import SECTION, PageItem
from crawler.seen_cache import SeenCache
from storage.base import utcnow
from storage.repositories import crawl_state
from storage.repositories.crawl_state import ARTICLE, LIST
from storage.session import make_session_factory, session_scope


@dataclass(frozen=True)
class Remembered:
    """A list, feed or sitemap URL as the last crawls left it."""

    url: str
    kind: str
    entry: bool
    etag: str | None
    last_modified: str | None
    fetched_at: datetime | None  # the last complete fetch


REFETCH, REVISIT = "refetch", "revisit"  # why a stored article is rechecked: recently published, or its turn


@dataclass(frozen=True)
class Refetch:
    """A stored article due for another look, with what its last fetch answered."""

    url: str
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    why: str = REFETCH  # REFETCH (recently published) or REVISIT (the per-crawl budget)
    gone_at: datetime | None = None  # its last check answered 404/410
    fetch_url: str | None = None  # where its page last answered from, when that is not `url` (requested so)

    @classmethod
    def of(cls, row: Any, why: str, fetch_url: str | None = None) -> Refetch:
        return cls(row.url, row.etag, row.last_modified, row.body_sha256, why, row.gone_at, fetch_url)

    def conditional_headers(self) -> dict[str, str]:
        """Validators of the last fetch; none for a gone page (its 200, whatever it says, is news)."""
        if self.gone_at is not None:
            return {}
        headers = {"If-None-Match": self.etag} if self.etag else {}
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass
class _ListUpdate:
    kind: str
    section: str
    entry: bool
    status: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


class CrawlState:
    def __init__(self, engine: Engine, source: Source, cache: SeenCache | None = None, *, refetch_limit: int = 500):
        self.engine = engine
        self.sessions = make_session_factory(engine, record_changes=False)  # writes no articles
        self.source = source
        self.cache = cache
        self.refetch_limit = refetch_limit
        self.remembered: dict[str, Remembered] = {}
        self.started = utcnow()
        self.sections: dict[str, str] = {}  # this crawl's entry sections (URL -> kind): its frontier
        self.open_since: dict[str, datetime] = {}  # sections an earlier crawl left open, since when
        self.failed_sections: set[str] = set()
        self._lists: dict[str, _ListUpdate] = {}
        self._articles: dict[str, dict[str, Any]] = {}
        self._published: dict[str, datetime] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, source: Source) -> CrawlState | None:
        settings = crawler.settings
        if not settings.getbool("CRAWL_STATE_ENABLED", True) or (engine := crawler_engine(crawler)) is None:
            return None
        cache = None
        if settings.get("REDIS_URL") and settings.getbool("SEEN_CACHE_ENABLED", True):
            prefix, ttl = settings.get("SEEN_CACHE_PREFIX"), settings.getint("SEEN_CACHE_TTL")
            cache = SeenCache.connect(settings["REDIS_URL"], source.key, prefix=prefix, ttl=ttl)
        limit = settings.getint("CRAWL_STATE_REFETCH_LIMIT", 500)
        state = cls(engine, source, cache, refetch_limit=limit)
        if cache is not None:  # every item that passed the pipelines is a committed page
            crawler.signals.connect(state.page_stored, signal=signals.item_scraped)
        crawler.signals.connect(state.item_error, signal=signals.item_error)
        crawler.signals.connect(state.spider_error, signal=signals.spider_error)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        return state

    # --- reading what earlier crawls left ---

    def open(self, entries: Mapping[str, str] | None = None) -> None:
        """Read what earlier crawls left, and open this crawl's frontier: every section (the configured `entries`,
        URL -> kind, and the remembered entry points) is marked open, committed before anything is fetched, so a
        crawl that dies leaves it open; `save` closes the sections this crawl completed."""
        self.started = utcnow()
        with session_scope(self.sessions) as session:
            rows = crawl_state.list_states(session, self.source.key)
            self.remembered = {
                row.url: Remembered(row.url, row.kind, row.entry, row.etag, row.last_modified, row.fetched_at)
                for row in rows
            }
            self.sections = {**(entries or {}), **{row.url: row.kind for row in rows if row.entry}}
            self.open_since = crawl_state.open_frontier(session, self.source.key, self.sections, self.started)
            mark = crawl_state.seen_mark(session, self.source.key) if self.cache is not None else ""
        if self.cache is not None:
            self.cache.warm(self._seen_batches, mark)

    def _seen_batches(self) -> Iterator[list[str]]:
        after = 0
        while True:
            with session_scope(self.sessions) as session:
                rows = crawl_state.seen_urls(session, self.source.key, after_id=after)
            if not rows:
                return
            yield [url for _, url in rows]
            after = rows[-1][0]

    def frontier_since(self, section: str | None) -> datetime | None:
        """When the crawl that left `section` open started (None: an earlier crawl completed it)."""
        return self.open_since.get(section) if section is not None else None

    def read_on(self, section: str, articles: Sequence[str], news: Sequence[str]) -> bool:
        """Whether to read the next page of a list whose page linked `articles`, `news` of them unseen: while pages
        bring news; in an open section also while they link articles first seen since it was opened (stored by the
        crawl that did not complete it: what lies behind them may not be stored). A page of articles known before
        is where the last complete crawl's knowledge starts: the gap is closed."""
        if news:
            return True
        since = self.frontier_since(section)
        if since is None or not articles:
            return False
        with session_scope(self.sessions) as session:
            return bool(crawl_state.seen_since(session, self.source.key, articles, since))

    def entry_points(self) -> list[Remembered]:
        return [row for row in self.remembered.values() if row.entry]

    def conditional_headers(self, url: str) -> dict[str, str]:
        row = self.remembered.get(url)
        headers = {}
        if row is not None and row.etag:
            headers["If-None-Match"] = row.etag
        if row is not None and row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        return headers

    def fetched_since(self, url: str, when: datetime | None) -> bool:
        """The URL was completely fetched after `when` (a child sitemap whose lastmod is older holds nothing new)."""
        row = self.remembered.get(url)
        return when is not None and row is not None and row.fetched_at is not None and when <= row.fetched_at

    def checked_within(self, url: str, period: timedelta) -> bool:
        """A remembered list page that is no entry point and was completely fetched within `period`."""
        row = self.remembered.get(url)
        return bool(row and not row.entry and row.fetched_at and row.fetched_at > utcnow() - period)

    def unseen(self, urls: Sequence[str]) -> list[str]:
        """Those of `urls` (in order, once each) that no stored page of the source has."""
        wanted = list(dict.fromkeys(urls))
        known = self.cache.contains(wanted) if self.cache is not None else set()
        rest = [url for url in wanted if url not in known]
        if rest:
            with session_scope(self.sessions) as session:
                found = crawl_state.known_urls(session, self.source.key, rest)
            if found and self.cache is not None:
                self.cache.add(found)
            known |= found
        return [url for url in wanted if url not in known]

    def refetches(self) -> list[Refetch]:
        discovery = self.source.discovery
        if not discovery.refetch_window_hours:
            return []
        now = utcnow()
        with session_scope(self.sessions) as session:
            rows = crawl_state.refetch_candidates(
                session,
                self.source.key,
                published_since=now - timedelta(hours=discovery.refetch_window_hours),
                fetched_before=now - timedelta(hours=discovery.refetch_interval_hours),
                limit=self.refetch_limit,
            )
            return self._rechecks(session, rows, REFETCH)

    def revisits(self, exclude: Iterable[str] = ()) -> list[Refetch]:
        """This crawl's share of the other stored articles: `discovery.revisit_budget` of them, least recently
        verified first (each verification moves an article to the back, so all take turns)."""
        budget = self.source.discovery.revisit_budget
        if budget <= 0:
            return []
        with session_scope(self.sessions) as session:
            rows = crawl_state.revisit_candidates(session, self.source.key, limit=budget, exclude=exclude)
            return self._rechecks(session, rows, REVISIT)

    def _rechecks(self, session: Any, rows: Sequence[Any], why: str) -> list[Refetch]:
        """Rechecks of these stored articles, each requested where its page last answered (on the source's
        domains): a server may answer only the spelling it links, not the canonical one."""
        answered = crawl_state.answered_at(session, self.source.key, [row.url for row in rows])
        fetch_urls = {url: final for url, final in answered.items() if self.source.owns(final)}
        return [Refetch.of(row, why, fetch_urls.get(row.url)) for row in rows]

    # --- learning during the crawl ---

    def list_fetched(
        self, url: str, *, kind: str, section: str, entry: bool, status: int, headers: Mapping[str, str] | None = None
    ) -> None:
        """A list, feed or sitemap answered (200 with `headers`, or 304). `entry`: start from it on later crawls."""
        headers = headers or {}
        self._lists[url] = _ListUpdate(
            kind=kind,
            section=section,
            entry=entry,
            status=status,
            fetched_at=utcnow(),
            etag=header(headers, "etag"),
            last_modified=header(headers, "last-modified"),
        )

    def make_entry(self, url: str) -> None:
        if url in self._lists:
            self._lists[url].entry = True

    def drop_entry(self, url: str) -> None:
        """A remembered entry point that is gone (404/410) is not requested any more."""
        row = self.remembered.get(url)
        if row is not None and row.entry:
            self._lists[url] = _ListUpdate(row.kind, url, entry=False, status=404, fetched_at=utcnow())
            self.failed_sections.add(url)  # keep its old validators out of it

    def failed(self, section: str | None, kind: str) -> None:
        if section is not None and is_transient(kind):
            self.failed_sections.add(section)

    def article_checked(
        self, url: str, *, status: int, headers: Mapping[str, str] | None = None, gone_at: datetime | None = None
    ) -> None:
        """A recheck found the article unchanged (304, or the same body), or still gone (404/410 since `gone_at`)."""
        fields: dict[str, Any] = {"status": status, "fetched_at": utcnow()}
        if gone_at is not None:
            fields["gone_at"] = gone_at
        elif headers and status == 200:
            fields.update(etag=header(headers, "etag"), last_modified=header(headers, "last-modified"))
        self._articles[url] = fields

    def announced(self, dates: Mapping[str, datetime]) -> None:
        """Publication dates a feed or sitemap gave, kept for the articles that are (or by the end are) stored, so
        their refetch window is known however the article was first reached."""
        self._published.update(dates)

    def alias_seen(self, url: str) -> None:
        """A fetched URL whose page is already stored under its rel=canonical URL: seen, never fetched again."""
        self._articles.setdefault(url, {"fetched_at": utcnow()})

    # --- signals ---

    def page_stored(self, item: PageItem) -> None:
        if self.cache is not None and item.page_id is not None:
            self.cache.add({item.url, item.final_url, *item.aliases})

    def item_error(self, item: Any, response: Any = None, spider: Spider | None = None, failure: Any = None) -> None:
        self.failed(getattr(item, "section", None), PIPELINE_ERROR)

    def spider_error(self, failure: Failure, response: Any = None, spider: Spider | None = None) -> None:
        meta = getattr(getattr(response, "request", None), "meta", None) or {}
        self.failed(meta.get(SECTION), SPIDER_ERROR)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            self.save(finished=reason == "finished")
        finally:
            if self.cache is not None:
                self.cache.close()

    def save(self, *, finished: bool) -> None:
        lists: dict[str, dict[str, Any]] = {}
        for url, update in self._lists.items():
            fields: dict[str, Any] = {"kind": update.kind, "entry": update.entry, "status": update.status}
            if finished and update.section not in self.failed_sections:
                fields["fetched_at"] = update.fetched_at
                if update.status != 304:
                    fields.update(etag=update.etag, last_modified=update.last_modified)
            lists[url] = fields
        if finished:  # the sections read to their end without a transient failure: their gap is closed
            for section in set(self.sections) - self.failed_sections:
                lists.setdefault(section, {"kind": self.sections[section]})["frontier_since"] = None
        with session_scope(self.sessions) as session:
            crawl_state.upsert_urls(session, self.source.key, lists, kind=LIST)
            crawl_state.upsert_urls(session, self.source.key, self._articles, kind=ARTICLE)
            crawl_state.announce_published(session, self.source.key, self._published)
        if self.cache is not None:
            self.cache.add(self._articles)
            with session_scope(self.sessions) as session:
                self.cache.confirm(crawl_state.seen_mark(session, self.source.key))


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A response header by case-insensitive name (Scrapy spells ETag `Etag`)."""
    return next((value for key, value in headers.items() if key.lower() == name), None) or None
