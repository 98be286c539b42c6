"""The one spider: crawls any Source from sources.yaml through its lists, feeds and sitemaps to its article pages.

Run it with `python -m crawler.run KEY` (or `crawler.run.run_crawl`); `scrapy crawl source -a source=KEY` works too
and reads the sources file named by the SOURCES_PATH setting. The spider instance is named after the source key,
which is how the other components (pipelines, the run recorder) know which source a crawl belongs to.

A crawl starts from the entry points: the configured start URLs, feeds and sitemaps, and those earlier crawls found
(see `crawler.state`), each requested conditionally. Then:
- a list page yields its unseen articles, and only when it had some, the next page of the same list (so a re-crawl
  stops at the first page that brings nothing new), unless an earlier crawl left the list's section open (the
  frontier, crawler.state: it was killed, timed out or failed there): then the pages are read on until one of articles
  known before that crawl closes the gap; other lists it links to (sibling columns, "more") are followed
  once and become entry points when they list articles; a start page's announced feeds are followed too. The next
  page is a pager link (numbered, "下一页"/"Next"/rel=next, `?page=N`), a TRS script pager's page (both forms), or
  for a Hanweb jcms column the next group of records from its list data proxy (`crawler.jpage`, a POST);
- a source with no sitemap and no HTML list that led anywhere reads the `Sitemap:` lines of its robots.txt
  (`discovery.robots_sitemaps`); a sitemap found there that lists articles becomes an entry point;
- a feed or sitemap yields its unseen items that are not older than the source's horizon; a sitemap index, its
  child sitemaps modified since they were last read;
- stored articles are rechecked (conditionally): recently published ones for corrections, all the others in turns,
  `discovery.revisit_budget` per crawl (crawler.state); a changed page is stored again (the workers make it a
  revision), a 404/410 is stored as the article's removal, and a removed article that answers 200 again is stored
  again (it comes back);
- an article page is stored unless its final or rel=canonical URL is already stored: one article, one URL.

A source with `render: browser` has its lists and articles rendered by Chromium (crawler/rendering.py); with
`render: auto`, a page whose HTTP answer is a script shell is fetched again through the browser. A cookie challenge
(crawler/challenge.py) is recorded as `blocked_by_challenge` and the crawl goes on with the other pages.
Every URL is requested as the page linked it (`/col/col1302/index.html` stays that: some servers answer 404 for the
folder), and known by its canonical spelling (`common.urls.canonical_url`): the seen set, the pages of a list and
stored articles are keyed canonically. Links robots.txt forbids and article links to other sites are skipped
unrequested and counted as `skipped` on the run, not as news: a list page of forbidden links leads no deeper.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from scrapy import FormRequest, Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.headers import Headers
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from common.sources import Source, load_sources
from common.urls import is_route, is_tracking
from crawler import jpage
from crawler.challenge import challenge_signature
from crawler.encoding import with_true_encoding
from crawler.failures import (
    BLOCKED_BY_CHALLENGE,
    BROWSER_UNAVAILABLE,
    NON_HTML,
    OFFSITE,
    ROBOTS_FORBIDDEN,
    classify_exception,
    is_skip,
)
from crawler.feeds import Entry, announced_feeds, feed_entries, is_feed
from crawler.items import ARTICLE_PAGE, GONE_STATUSES, LIST_PAGE, PAGE_KIND, SECTION, PageItem, is_html
from crawler.links import (
    LinkKind,
    chrome_anchors,
    classify_link,
    host_allowed,
    is_denied,
    is_http_url,
    is_next_link,
    next_page,
    same_list_page,
    script_pages,
)
from crawler.rendering import RENDERED, SEEN_JSON, api_article_urls, browser_meta, chromium_missing, needs_browser
from crawler.robots import RobotsRules
from crawler.signals import page_failed, page_skipped
from crawler.sitemaps import INDEX, parse_sitemap, sitemap_body
from crawler.state import REVISIT, CrawlState, Refetch
from storage.base import utcnow
from storage.repositories.crawl_state import FEED, LIST, MAX_URL_LENGTH, SITEMAP

# request.meta keys of this spider
ROLE = "list_role"  # why a list is requested: one of the roles below
LIST_KIND = "list_kind"  # LIST, FEED or SITEMAP: what the list is expected to be (the body decides)
REFETCH = "refetch"  # a Refetch: this article request looks again at a stored article (for corrections, or its turn)
PUBLISHED = "published"  # the publication date a feed or sitemap announced for an article
PROXY = "jpage_proxy"  # a jcms column's DataProxy, and how many of its records were read (JPAGE_READ)
JPAGE_READ = "jpage_read"
LIST_URL = "list_url"  # the column page a data proxy request pages through (its links resolve against it)

CONFIGURED = "configured"  # a start URL, feed or sitemap of the source's config
REMEMBERED = "remembered"  # an entry point an earlier crawl found
ANNOUNCED = "announced"  # a feed a start page announced (<link rel="alternate">), a sitemap robots.txt named
PAGE = "page"  # the next page of a list, a child sitemap
OTHER_LIST = "other_list"  # another list a list page links to (a sibling column, "more")
ENTRY_ROLES = (CONFIGURED, REMEMBERED, ANNOUNCED)
SPIDER_META = frozenset({PAGE_KIND, SECTION, ROLE, LIST_KIND, REFETCH, PUBLISHED, "handle_httpstatus_list"})

# Another list that an earlier crawl read completely without finding articles is looked at again after this long.
OTHER_LIST_RECHECK = timedelta(hours=24)
GONE = ("http_404", "http_410")


class SourceSpider(Spider):
    name = "source"

    def __init__(
        self, source: Source, trigger: str | None = None, crawl_run_id: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(name=source.key, **kwargs)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.trigger = trigger
        # A caller that created the CrawlRun row itself passes its id; otherwise the run recorder sets it.
        self.crawl_run_id = int(crawl_run_id) if crawl_run_id not in (None, "") else None
        self.state: CrawlState | None = None
        self.max_size = 0
        self._list_budget: dict[str, int] = {}
        self._seen_lists: set[str] = set()
        self._stored: set[str] = set()  # URLs of the pages this crawl stored (requested, final, canonical)
        self._news: set[str] = set()  # article URLs that were unseen when this crawl met them
        self.browser = source.render != "http"  # Chromium can render this source's pages (from_crawler checks)
        self.render_timeout = 20.0
        self._as_linked: dict[str, str] = {}  # canonical URL -> the URL as a page (or the config) first wrote it
        self._skipped: set[str] = set()  # links skipped this crawl (robots.txt, off-site): recorded once each
        self.robots: RobotsRules | None = None
        self._found_article_links = False  # an HTML list of this crawl linked articles (discovery works)
        self._lists_unchanged = False  # a list answered 304 (it led somewhere before)
        self._robots_sitemaps_read = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, source: Source | str, **kwargs: Any) -> SourceSpider:
        if isinstance(source, str):  # `scrapy crawl source -a source=KEY`
            source = load_sources(crawler.settings.get("SOURCES_PATH") or "sources.yaml").get(source)
        spider = super().from_crawler(crawler, *args, source=source, **kwargs)
        spider.state = CrawlState.from_crawler(crawler, source)
        spider.robots = RobotsRules.from_crawler(crawler)
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider.browser = spider.browser and crawler.settings.getbool("RENDER_BROWSER_AVAILABLE", True)
        spider.render_timeout = crawler.settings.getfloat("RENDER_PAGE_TIMEOUT", 20.0)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    # --- requests ---

    async def start(self) -> AsyncIterator[Request]:
        discovery = self.source.discovery
        configured = [(url, LIST) for url in self.source.start_urls]
        configured += [(url, FEED) for url in discovery.feeds] + [(url, SITEMAP) for url in discovery.sitemaps]
        entries = [(self.linked(url), kind, CONFIGURED) for url, kind in configured]
        refetches: list[Refetch] = []
        if self.state is not None:
            self.state.open({url: kind for url, kind, _ in entries})
            entries += [(self.linked(row.url), row.kind, REMEMBERED) for row in self.state.entry_points()]
            refetches = self.state.refetches()
            refetches += self.state.revisits(exclude=[refetch.url for refetch in refetches])
        for url, kind, role in entries:
            if (request := self.list_request(url, role=role, kind=kind)) is not None:
                self.crawler.stats.inc_value("source/entry_points")
                yield request
        for refetch in refetches:
            yield self.refetch_request(refetch)

    def list_request(self, url: str, *, role: str, kind: str = LIST, section: str | None = None) -> Request | None:
        """A conditional request for a list, feed or sitemap (`url` canonical, requested as linked), unless it was
        requested already, robots.txt forbids it or its section used up `discovery.max_list_pages` (child sitemaps
        do not count: the horizon and their dates bound them)."""
        section = url if role in ENTRY_ROLES else (section or url)
        if not self._take_list(url, section, counted=not (kind == SITEMAP and role == PAGE)):
            return None
        fetch = self.as_linked(url)
        meta = {PAGE_KIND: LIST_PAGE, SECTION: section, ROLE: role, LIST_KIND: kind, "handle_httpstatus_list": [304]}
        rendered = self.source.render == "browser" and kind == LIST
        # A rendered list is never asked conditionally: its shell may not change while what its scripts load does.
        # Nor a list of a section an earlier crawl left open: its 304 would hide the pages that crawl never read.
        validated = self.state is not None and not rendered and self.state.frontier_since(section) is None
        headers = self.state.conditional_headers(fetch) if validated else {}  # type: ignore[union-attr]
        if rendered:
            meta.update(self.render_meta(list_page=True))
        # Lists first: the articles they reveal queue up behind them.
        return Request(fetch, headers=headers, callback=self.parse_list, errback=self.on_error, meta=meta, priority=10)

    def proxy_request(
        self, proxy: jpage.DataProxy, url: str, *, list_url: str, read: int, section: str
    ) -> Request | None:
        """The POST for the next group of a jcms column's records (`url`: the proxy URL with the record range)."""
        if not self._take_list(url, section, counted=True):
            return None
        meta = {PAGE_KIND: LIST_PAGE, SECTION: section, ROLE: PAGE, PROXY: proxy, JPAGE_READ: read, LIST_URL: list_url}
        return FormRequest(
            url, formdata=proxy.fields, callback=self.parse_jpage, errback=self.on_error, meta=meta, priority=10
        )

    def _take_list(self, url: str, section: str, *, counted: bool) -> bool:
        """Whether a list may be requested (and count it against its section's budget)."""
        remaining = self._list_budget.setdefault(section, self.source.discovery.max_list_pages)
        if url in self._seen_lists or (counted and remaining <= 0) or len(url) > MAX_URL_LENGTH:
            return False
        self._seen_lists.add(url)
        if self.robots_forbidden([url]):
            return False
        self._list_budget[section] = remaining - counted
        return True

    def article_request(self, url: str, *, section: str | None, published: datetime | None = None) -> Request:
        meta = {PAGE_KIND: ARTICLE_PAGE, SECTION: section, PUBLISHED: published}
        if self.source.render == "browser":
            meta.update(self.render_meta(list_page=False))
        return Request(self.as_linked(url), callback=self.parse_article, errback=self.on_error, meta=meta)

    def render_meta(self, *, list_page: bool) -> dict[str, Any]:
        return browser_meta(self.source, list_page=list_page, timeout=self.render_timeout)

    def rendered_again(self, response: Response) -> Request | None:
        """`render: auto`: the request of a page that is a script shell, this time through the browser (None when
        it went through the browser already, or none can be launched: then that is recorded)."""
        request = response.request
        if request is None or request.meta.get(RENDERED):
            return None
        if not self.browser:
            reason = chromium_missing(self.settings.get("RENDER_CHROMIUM_PATH", "chromium")) or "no browser"
            self._fail(response.url, BROWSER_UNAVAILABLE, reason, request.meta.get(SECTION))
            return None
        self.crawler.stats.inc_value("source/render_fallbacks")
        list_page = request.meta.get(PAGE_KIND) == LIST_PAGE
        conditional = (b"if-none-match", b"if-modified-since")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in conditional}
        # The spider's own keys only: Scrapy's (redirects, retries, latency) belong to the HTTP attempt.
        meta = {k: v for k, v in request.meta.items() if k in SPIDER_META} | self.render_meta(list_page=list_page)
        return request.replace(headers=headers, meta=meta, dont_filter=True)  # the same URL, asked again

    def refetch_request(self, refetch: Refetch) -> Request:
        """A recheck of a stored article: conditional, and its 404/410 reaches `parse_article` (a removal)."""
        self.crawler.stats.inc_value("source/revisits" if refetch.why == REVISIT else "source/refetches")
        meta = {
            PAGE_KIND: ARTICLE_PAGE,
            SECTION: None,
            REFETCH: refetch,
            "handle_httpstatus_list": [304, *GONE_STATUSES],
        }
        headers, url = refetch.conditional_headers(), refetch.fetch_url or refetch.url
        if self.source.render == "browser":  # the rendered page's hash tells a change; the shell's validators cannot
            meta.update(self.render_meta(list_page=False))
            headers = {}
        return Request(url, headers=headers, callback=self.parse_article, errback=self.on_error, meta=meta)

    # --- lists, feeds, sitemaps ---

    def parse_list(self, response: Response) -> Iterator[Request]:
        meta = response.meta
        url, kind, role, section = requested_url(response), meta.get(LIST_KIND, LIST), meta.get(ROLE), meta[SECTION]
        if response.status == 304:
            self._lists_unchanged = True
            self._list_answered(url, kind, response, entry=role in (REMEMBERED, ANNOUNCED))
            return
        if self.challenged(response, section):
            return
        content_type = _content_type(response)
        if (xml := sitemap_body(response.body, max_size=self.max_size)) is not None:
            yield from self.parse_sitemap(response, xml)
        elif is_feed(content_type, response.body):
            yield from self.parse_feed(response)
        elif isinstance(response, TextResponse) and is_html(content_type, response.body):
            yield from self.parse_html_list(with_true_encoding(response))
        else:
            self._fail(response.url, NON_HTML, f"list page is not HTML ({content_type or 'no type'})", section)

    def parse_html_list(self, response: TextResponse) -> Iterator[Request]:
        url, role, section = requested_url(response), response.meta.get(ROLE), response.meta[SECTION]
        articles, pages, announced, others = self.read_links(response, section)
        if self.source.render == "auto" and needs_browser(response.body, bool(articles)):
            if (again := self.rendered_again(response)) is not None:
                yield again  # the list is read (and counted, and remembered) once rendered
                return
        self.crawler.stats.inc_value("source/list_pages")
        self._list_answered(url, LIST, response, entry=role == REMEMBERED)
        articles = _once(articles + self.api_articles(response))
        records, proxy = jpage.records(response.text), jpage.data_proxy(response.text, response.url)
        if records:
            articles = _once(articles + self.record_links(records, response.url, section))
        self._found_article_links |= bool(articles)
        news = self.news(articles)
        for article in news:
            yield self.article_request(article, section=section)
        if (articles or proxy is not None) and role in (OTHER_LIST, REMEMBERED) and self.state is not None:
            self.state.make_entry(url)  # a column that lists articles: later crawls start from it too
        if proxy is not None:  # a jcms column: its next records come from the data proxy
            # A column page that embeds no records is all proxy: its first group is read whenever the page changed.
            target = jpage.next_group(proxy, len(records), jpage.group_size(proxy, len(records)))
            if target is not None and (not records or self.read_on(section, articles, news)):
                request = self.proxy_request(proxy, target, list_url=response.url, read=len(records), section=section)
                if request is not None:
                    yield request
        elif self.read_on(section, articles, news) and (following := next_page(response.url, pages, announced)):
            if (request := self.list_request(following, role=PAGE, section=section)) is not None:
                yield request
        for other in others:
            if self.state is not None and self.state.checked_within(self.as_linked(other), OTHER_LIST_RECHECK):
                continue
            if (request := self.list_request(other, role=OTHER_LIST, section=section)) is not None:
                yield request
        if role in ENTRY_ROLES and self.source.discovery.autodiscover_feeds:
            for href in announced_feeds(response.selector):
                feed = self.link(response, href)
                if feed is not None and host_allowed(feed, self.allowed_domains):
                    if (request := self.list_request(feed, role=ANNOUNCED, kind=FEED)) is not None:
                        yield request

    def parse_jpage(self, response: Response) -> Iterator[Request]:
        """A jcms data proxy's answer: the next group of a column's records, and the group after it while they
        bring unseen articles."""
        self.crawler.stats.inc_value("source/list_pages")
        self.crawler.stats.inc_value("source/jpage_groups")
        meta = response.meta
        proxy, section, list_url = meta[PROXY], meta[SECTION], meta[LIST_URL]
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        records = jpage.records(text)
        if (total := jpage.total_records(text)) is not None:
            proxy = replace(proxy, total=total)
        articles = self.record_links(records, list_url, section)
        news = self.news(articles)
        for article in news:
            yield self.article_request(article, section=section)
        read = meta[JPAGE_READ] + len(records)
        target = jpage.next_group(proxy, read, len(records))
        if target is not None and self.read_on(section, articles, news):
            request = self.proxy_request(proxy, target, list_url=list_url, read=read, section=section)
            if request is not None:
                yield request

    def record_links(self, records: list[str], list_url: str, section: str) -> list[str]:
        """The article links of jcms records, read as the column page's own links would be."""
        fragment = HtmlResponse(url=list_url, body="\n".join(records).encode("utf-8"), encoding="utf-8")
        return self.read_links(fragment, section)[0]

    def read_links(self, response: TextResponse, section: str) -> tuple[list[str], list[str], list[str], list[str]]:
        """The page's links by what they lead to: articles, pages of this list, the announced next page, other
        lists (in document order, once each). Article links robots.txt forbids, and those to other sites, are
        left out (and counted as skipped)."""
        discovery = self.source.discovery
        articles: list[str] = []
        pages: list[str] = []
        announced: list[str] = []
        others: list[str] = []
        section_key = self.canonical(section)
        for url, text, rel, in_chrome in page_links(response, self.link, routes=discovery.fragment_routes):
            kind = classify_link(
                url,
                text=text,
                rel=rel,
                current_url=response.url,
                section_url=section_key,
                allowed_domains=self.allowed_domains,
                article_patterns=discovery.article_patterns,
                list_patterns=discovery.list_patterns,
                deny_patterns=discovery.deny_patterns,
                in_chrome=in_chrome,
            )
            if kind is LinkKind.ARTICLE:
                articles.append(url)
            elif kind is LinkKind.OFFSITE:
                self._skip(url, OFFSITE, "article link to a site outside the source's domains")
            elif kind is LinkKind.LIST and same_list_page(url, response.url):
                pages.append(url)
                if is_next_link(text, rel):
                    announced.append(url)
            elif kind in (LinkKind.LIST, LinkKind.SECTION):
                others.append(url)
        scripted = script_pages(response.text, response.url, discovery.max_list_pages)
        pages += [self.linked(url) for url in scripted]
        articles = self.robots_allowed(_once(articles))
        return articles, _once(pages), _once(announced), _once(others)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Every item of a feed is an article, if it is on the source's domains, not denied and not too old."""
        self.crawler.stats.inc_value("source/list_pages")
        self.crawler.stats.inc_value("source/feeds")
        role = response.meta.get(ROLE)
        self._list_answered(requested_url(response), FEED, response, entry=role in (REMEMBERED, ANNOUNCED))
        yield from self.follow_entries(feed_entries(response.body), response)

    def parse_sitemap(self, response: Response, xml: bytes) -> Iterator[Request]:
        self.crawler.stats.inc_value("source/sitemaps")
        role, section = response.meta.get(ROLE), response.meta[SECTION]
        self._list_answered(requested_url(response), SITEMAP, response, entry=role in (REMEMBERED, ANNOUNCED))
        sitemap = parse_sitemap(xml)
        if sitemap.kind != INDEX:
            yield from self.follow_entries(sitemap.entries, response)
            return
        for entry in self.within_horizon(sitemap.entries):
            child = self.link(response, entry.url)
            if child is None or not host_allowed(child, self.allowed_domains):
                continue
            if self.state is not None and self.state.fetched_since(self.as_linked(child), entry.published):
                self.crawler.stats.inc_value("source/sitemaps_unchanged")
                continue
            if (request := self.list_request(child, role=PAGE, kind=SITEMAP, section=section)) is not None:
                yield request

    def follow_entries(self, entries: Iterable[Entry], response: Response) -> Iterator[Request]:
        published: dict[str, datetime | None] = {}
        for entry in self.within_horizon(entries):
            url = self.link(response, entry.url)
            if url is None or is_denied(url, patterns=self.source.discovery.deny_patterns):
                continue
            if host_allowed(url, self.allowed_domains):
                published.setdefault(url, entry.published)
            else:
                self._skip(url, OFFSITE, "feed or sitemap item on a site outside the source's domains")
        if self.state is not None:
            self.state.announced({url: date for url, date in published.items() if date is not None})
        for url in self.news(self.robots_allowed(list(published))):
            yield self.article_request(url, section=response.meta[SECTION], published=published[url])

    def within_horizon(self, entries: Iterable[Entry]) -> Iterator[Entry]:
        """Entries not announced as published before the source's horizon (undated ones always)."""
        days = self.source.discovery.horizon_days
        horizon = utcnow() - timedelta(days=days) if days else None
        for entry in entries:
            if horizon is not None and entry.published is not None and entry.published < horizon:
                self.crawler.stats.inc_value("source/beyond_horizon")
                continue
            yield entry

    # --- articles ---

    def parse_article(self, response: Response) -> Iterator[PageItem | Request]:
        refetch: Refetch | None = response.meta.get(REFETCH)
        url, final = self.canonical(requested_url(response)), self.canonical(response.url)
        if refetch is not None and not self._recheck_stores(refetch, response):
            return
        if self.challenged(response, response.meta.get(SECTION)):
            return
        if self.source.render == "auto" and needs_browser(response.body, False):
            if (again := self.rendered_again(response)) is not None:
                yield again
                return
        if refetch is not None:
            url = refetch.url  # the stored article this rechecks, however it was requested
        gone = response.status in GONE_STATUSES  # a removal: the page's URLs and links say nothing
        aliases = [final] if final != url and not gone else []
        href = canonical_link(response) if isinstance(response, TextResponse) and not gone else None
        declared = self.link(response, href) if href else None
        if declared is not None and declared not in (url, final) and host_allowed(declared, self.allowed_domains):
            aliases.append(declared)
        if refetch is None and self._stored_elsewhere(aliases):
            self.crawler.stats.inc_value("source/canonical_duplicates")
            if self.state is not None:
                self.state.alias_seen(url)
            return
        self._stored.update([url, *aliases])
        self.crawler.stats.inc_value("source/article_pages")
        yield PageItem(
            source=self.name,
            url=url,
            final_url=response.url,
            status=response.status,
            headers=flat_headers(response.headers),
            body=response.body,
            fetched_at=utcnow(),
            crawl_run_id=self.crawl_run_id,
            refetch=refetch is not None,
            aliases=aliases,
            published_at=response.meta.get(PUBLISHED),
            section=response.meta.get(SECTION),
            rendered=bool(response.meta.get(RENDERED)),
        )

    def _recheck_stores(self, refetch: Refetch, response: Response) -> bool:
        """Whether a recheck's answer is stored, counted by what it found (`source/{why}_{outcome}`): changed
        (stored: a revision), gone (a 404/410 of a published article, stored as its removal), back (a removed article
        answers 200 again: stored), unchanged (304, the same body, still gone: only the bookkeeping moves on)."""
        stats, why = self.crawler.stats, refetch.why
        if response.status in GONE_STATUSES:
            if refetch.gone_at is None:
                stats.inc_value(f"source/{why}_gone")
                return True
            outcome, gone_at = "unchanged", refetch.gone_at
        elif refetch.gone_at is not None:
            stats.inc_value(f"source/{why}_back")
            return True
        elif response.status == 304 or hashlib.sha256(response.body).hexdigest() == refetch.body_sha256:
            outcome, gone_at = "unchanged", None
        else:
            stats.inc_value(f"source/{why}_changed")
            return True
        stats.inc_value(f"source/{why}_{outcome}")
        if self.state is not None:
            headers = flat_headers(response.headers)
            self.state.article_checked(refetch.url, status=response.status, headers=headers, gone_at=gone_at)
        return False

    def _stored_elsewhere(self, aliases: list[str]) -> bool:
        """The page's final or canonical URL is an article this crawl or an earlier one stored already."""
        if not aliases:
            return False
        if any(alias in self._stored for alias in aliases):
            return True
        return self.state is not None and len(self.state.unseen(aliases)) < len(aliases)

    # --- failures ---

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, HttpError) and self.challenged(failure.value.response, request.meta.get(SECTION)):
            return
        kind, reason = classify_exception(failure.value, request.meta)
        if is_skip(kind):  # robots.txt or the offsite filter stopped it: obeyed, not failed
            self._skip(self.canonical(request.url), kind, reason)
            return
        if self.state is not None and kind in GONE and request.meta.get(ROLE) == REMEMBERED:
            self.state.drop_entry(request.url)
        self._fail(request.url, kind, reason, request.meta.get(SECTION))

    def _fail(self, url: str, kind: str, reason: str, section: str | None = None) -> None:
        self.logger.info("%s: %s (%s)", kind, url, reason)
        if self.state is not None:
            self.state.failed(section, kind)
        self.crawler.signals.send_catch_log(page_failed, request_url=url, kind=kind, reason=reason)

    # --- challenges, APIs ---

    def challenged(self, response: Response, section: str | None) -> bool:
        """A cookie challenge answered instead of the page: recorded as blocked (never answered), the crawl goes on."""
        signature = challenge_signature(response.status, response.body)
        if signature is None:
            return False
        self.crawler.stats.inc_value("source/challenges")
        self._fail(requested_url(response), BLOCKED_BY_CHALLENGE, signature, section)
        return True

    def api_articles(self, response: Response) -> list[str]:
        """Article URLs from the site's own list API, as the browser saw it answer (discovery.api_lists)."""
        seen = response.meta.get(SEEN_JSON)
        if not seen or not self.source.discovery.api_lists:
            return []
        urls = [self.link(response, url) for url in api_article_urls(seen, self.source.discovery.api_lists)]
        found = [url for url in urls if url is not None and host_allowed(url, self.allowed_domains)]
        self.crawler.stats.inc_value("source/api_articles", len(found))
        return [url for url in found if not is_denied(url, patterns=self.source.discovery.deny_patterns)]

    # --- helpers ---

    def canonical(self, url: str) -> str:
        return self.source.canonical_url(url)

    def linked(self, url: str) -> str:
        """The canonical spelling of an absolute URL; the URL as written is kept to be requested so."""
        key = self.canonical(url)
        if key not in self._as_linked:
            self._as_linked[key] = request_form(url)
        return key

    def as_linked(self, url: str) -> str:
        """How to request a canonical URL: as the first page (or the config) that linked it wrote it."""
        return self._as_linked.get(url, url)

    def link(self, response: Response, href: str) -> str | None:
        """The canonical absolute URL of a link in a document, if it is an http(s) URL the crawl could store."""
        try:
            url = self.linked(response.urljoin(href.strip()))
        except ValueError:
            return None
        return url if is_http_url(url) and len(url) <= MAX_URL_LENGTH else None

    def robots_forbidden(self, urls: list[str]) -> list[str]:
        """Those of `urls` (canonical) robots.txt forbids, each recorded as skipped once."""
        if self.robots is None:
            return []
        forbidden = [url for url in urls if self.robots.forbids(self.as_linked(url))]
        for url in forbidden:
            self._skip(url, ROBOTS_FORBIDDEN, "Forbidden by robots.txt")
        return forbidden

    def robots_allowed(self, urls: list[str]) -> list[str]:
        forbidden = set(self.robots_forbidden(urls))
        return [url for url in urls if url not in forbidden] if forbidden else urls

    def _skip(self, url: str, kind: str, reason: str) -> None:
        if url in self._skipped:
            return
        self._skipped.add(url)
        self.crawler.stats.inc_value(f"source/skipped/{kind}")
        self.crawler.signals.send_catch_log(page_skipped, request_url=self.as_linked(url), kind=kind, reason=reason)

    # --- robots.txt sitemaps ---

    def spider_idle(self) -> None:
        """When everything else is done: the `Sitemap:` lines of robots.txt, if the source wants them now."""
        if self._robots_sitemaps_read or not self.wants_robots_sitemaps():
            return
        self._robots_sitemaps_read = True
        scheduled = False
        for netloc in dict.fromkeys(urlsplit(self.as_linked(self.canonical(u))).netloc for u in self.source.start_urls):
            for sitemap in self.robots.sitemaps(netloc) if self.robots is not None else []:
                url = self.linked(sitemap)
                if not host_allowed(url, self.allowed_domains):
                    continue
                if (request := self.list_request(url, role=ANNOUNCED, kind=SITEMAP)) is not None:
                    self.crawler.stats.inc_value("source/robots_sitemaps")
                    self.crawler.engine.crawl(request)
                    scheduled = True
        if scheduled:
            raise DontCloseSpider

    def wants_robots_sitemaps(self) -> bool:
        """`always`; `fallback`: the source names no sitemap, remembers none, and no HTML list of this crawl linked
        an article or answered 304 (a feed alone counts for nothing: it carries only the latest items)."""
        setting = self.source.discovery.robots_sitemaps
        if setting != "fallback":
            return setting == "always"
        if self.source.discovery.sitemaps or self._found_article_links or self._lists_unchanged:
            return False
        return self.state is None or not any(row.kind == SITEMAP for row in self.state.entry_points())

    def news(self, urls: list[str]) -> list[str]:
        """Those of `urls` not seen before this crawl: unseen now, or unseen when this crawl met them first (a
        list that shows an article the feed just led to still brings news, and its next page is read)."""
        self._news.update(self.state.unseen(urls) if self.state is not None else urls)
        news = [url for url in _once(urls) if url in self._news]
        self.crawler.stats.inc_value("source/known_skipped", len(set(urls)) - len(news))
        return news

    def read_on(self, section: str, articles: list[str], news: list[str]) -> bool:
        """Whether a list's next page is read (crawler.state: the frontier)."""
        return bool(news) if self.state is None else self.state.read_on(section, articles, news)

    def _list_answered(self, url: str, kind: str, response: Response, *, entry: bool) -> None:
        if self.state is not None:
            self.state.list_fetched(
                url,
                kind=kind,
                section=response.meta[SECTION],
                entry=entry,
                status=response.status,
                # A rendered list keeps no validators: its shell's would make the next crawl skip a changed list.
                headers={} if response.meta.get(RENDERED) else flat_headers(response.headers),
            )


def requested_url(response: Response) -> str:
    """The URL the spider asked for (before redirects): the one it remembers things under."""
    return (response.meta.get("redirect_urls") or [response.url])[0]


def page_links(
    response: TextResponse, link: Callable[[Response, str], str | None], *, routes: bool = False
) -> Iterator[tuple[str, str, str, bool]]:
    """(absolute canonical URL, anchor text, rel, in the page's chrome) for every link on the page that `link`
    accepts. With `routes`, a fragment route (`#/news/detail?id=1`) is a link too; an in-page anchor (`#top`) never
    is."""
    # lxml's tree directly: a parsel Selector per anchor cost more than reading the links (list pages carry hundreds).
    root = response.selector.root
    chrome = chrome_anchors(root)
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:")):
            continue
        if href.startswith("#") and not (routes and is_route(href[1:])):
            continue
        if (url := link(response, href)) is None:
            continue
        text = " ".join(" ".join(anchor.itertext()).split()) or anchor.get("title", "")
        yield url, text, anchor.get("rel", ""), anchor in chrome


LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
HEAD_END = re.compile(rb"</head\s*>|<body\b", re.IGNORECASE)
REL_CANONICAL = re.compile(rb"""\brel\s*=\s*["']?[^"'>]*\bcanonical\b""", re.IGNORECASE)
HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def canonical_link(response: TextResponse) -> str | None:
    """The page's `<link rel="canonical" href>`, found in the head's bytes by pattern: no parse, no decoding of the
    whole page (every article page is asked)."""
    body = response.body[:65536]
    end = HEAD_END.search(body)
    for tag in LINK_TAG.findall(body[: end.start()] if end else body):
        if REL_CANONICAL.search(tag) and (href := HREF.search(tag)):
            raw = next(group for group in href.groups() if group is not None)
            return html.unescape(raw.decode(response.encoding, errors="replace")).strip() or None
    return None


def request_form(url: str) -> str:
    """A URL as a page linked it, to be requested so: only an in-page anchor and click-tracking parameters go (the
    server may answer only the path it wrote: `/col/col1302/index.html`, not `/col/col1302/`). A fragment route
    (`#/news/detail?id=1`) stays: it is what a browser-rendered page shows."""
    parts = urlsplit(url)
    query = parts.query
    if query and any(is_tracking(key) for key, _ in parse_qsl(query, keep_blank_values=True)):
        query = "&".join(pair for pair in query.split("&") if not is_tracking(pair.split("=", 1)[0]))
    fragment = parts.fragment if is_route(parts.fragment) else ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def flat_headers(headers: Headers) -> dict[str, str]:
    return dict(headers.to_unicode_dict())


def _content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1")


def _once(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))
