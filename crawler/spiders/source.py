"""The one spider: crawls any Source from sources.yaml through its list pages to its article pages.

Run it with `python -m crawler.run KEY` (or `crawler.run.run_crawl`); `scrapy crawl source -a source=KEY` works too
and reads the sources file named by the SOURCES_PATH setting. The spider instance is named after the source key,
which is how the other components (pipelines, the run recorder) know which source a crawl belongs to.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.http.headers import Headers
from twisted.python.failure import Failure

from common.sources import Source, load_sources
from crawler.failures import NON_HTML, classify_exception
from crawler.feeds import feed_item_links, is_feed
from crawler.items import ARTICLE_PAGE, LIST_PAGE, PAGE_KIND, PageItem, is_html
from crawler.links import LinkKind, canonical_url, classify_link, host_allowed, is_denied, is_http_url, script_pages
from crawler.signals import page_failed
from storage.base import utcnow

SECTION = "list_section"  # meta: the start URL a list page was reached from (its pagination budget)


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
        self._list_budget: dict[str, int] = {}
        self._seen_lists: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, source: Source | str, **kwargs: Any) -> SourceSpider:
        if isinstance(source, str):  # `scrapy crawl source -a source=KEY`
            source = load_sources(crawler.settings.get("SOURCES_PATH") or "sources.yaml").get(source)
        return super().from_crawler(crawler, *args, source=source, **kwargs)

    async def start(self) -> AsyncIterator[Request]:
        for url in [*self.source.start_urls, *self.source.discovery.feeds]:
            canonical = canonical_url(url)
            if (request := self.list_request(canonical, section=canonical)) is not None:
                yield request

    def list_request(self, url: str, *, section: str) -> Request | None:
        """A request for a list page, unless it was seen or its section used up `discovery.max_list_pages`."""
        remaining = self._list_budget.setdefault(section, self.source.discovery.max_list_pages)
        if url in self._seen_lists or remaining <= 0:
            return None
        self._list_budget[section] = remaining - 1
        self._seen_lists.add(url)
        # Lists first: the articles they reveal queue up behind them, and pagination is found early.
        meta = {PAGE_KIND: LIST_PAGE, SECTION: section}
        return Request(url, callback=self.parse_list, errback=self.on_error, meta=meta, priority=10)

    def article_request(self, url: str) -> Request:
        return Request(url, callback=self.parse_article, errback=self.on_error, meta={PAGE_KIND: ARTICLE_PAGE})

    def parse_list(self, response: Response) -> Iterator[Request]:
        content_type = _content_type(response)
        if is_feed(content_type, response.body):
            yield from self.parse_feed(response)
            return
        if not isinstance(response, TextResponse) or not is_html(content_type, response.body):
            self._fail(response.url, NON_HTML, f"list page is not HTML ({content_type or 'no type'})")
            return
        self.crawler.stats.inc_value("source/list_pages")
        section = response.meta.get(SECTION, response.url)
        discovery = self.source.discovery
        lists: list[str] = []
        siblings: list[str] = []
        for url, text, rel in page_links(response):
            kind = classify_link(
                url,
                text=text,
                rel=rel,
                current_url=response.url,
                section_url=section,
                allowed_domains=self.allowed_domains,
                article_patterns=discovery.article_patterns,
                list_patterns=discovery.list_patterns,
                deny_patterns=discovery.deny_patterns,
            )
            if kind is LinkKind.ARTICLE:
                yield self.article_request(url)
            elif kind is LinkKind.LIST:
                lists.append(url)
            elif kind is LinkKind.SECTION:
                siblings.append(url)
        lists += [canonical_url(url) for url in script_pages(response.text, response.url, discovery.max_list_pages)]
        # This list's own pages claim the section's budget before sibling columns do.
        for url in lists + siblings:
            if (request := self.list_request(url, section=section)) is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Every item of a feed is an article, if it is on the source's domains and not denied."""
        self.crawler.stats.inc_value("source/list_pages")
        self.crawler.stats.inc_value("source/feeds")
        for link in feed_item_links(response.body):
            url = canonical_url(response.urljoin(link))
            if (
                is_http_url(url)
                and host_allowed(url, self.allowed_domains)
                and not is_denied(url, patterns=self.source.discovery.deny_patterns)
            ):
                yield self.article_request(url)

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        self.crawler.stats.inc_value("source/article_pages")
        redirects = response.meta.get("redirect_urls") or [response.url]
        yield PageItem(
            source=self.name,
            url=canonical_url(redirects[0]),
            final_url=response.url,
            status=response.status,
            headers=flat_headers(response.headers),
            body=response.body,
            fetched_at=utcnow(),
            crawl_run_id=self.crawl_run_id,
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind, reason = classify_exception(failure.value, request.meta)
        self._fail(request.url, kind, reason)

    def _fail(self, url: str, kind: str, reason: str) -> None:
        self.logger.info("%s: %s (%s)", kind, url, reason)
        self.crawler.signals.send_catch_log(page_failed, request_url=url, kind=kind, reason=reason)


def page_links(response: TextResponse) -> Iterator[tuple[str, str, str]]:
    """(absolute canonical URL, anchor text, rel) for every link on the page."""
    for anchor in response.xpath("//a[@href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        text = " ".join(" ".join(anchor.xpath(".//text()").getall()).split()) or anchor.attrib.get("title", "")
        yield canonical_url(response.urljoin(href)), text, anchor.attrib.get("rel", "")


def flat_headers(headers: Headers) -> dict[str, str]:
    return {key: value for key, value in headers.to_unicode_dict().items()}


def _content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1")
