"""BrowserDownloadHandler: scrapy-playwright's download handler with the limits a crawler of public sites needs.

Only requests with `meta["playwright"]` (crawler.rendering.browser_meta) go to Chromium; the others take Scrapy's
HTTP handler as before. The page request itself passed every downloader middleware first (robots.txt, the crawl
delay, offsite, proxy routes) in its downloader slot, so politeness applies to it exactly as to a plain request.
Inside the page:
- images, fonts and media are never loaded; nor is anything on a host outside the source's allowed domains
  (RENDER_ALLOWED_DOMAINS), nor a resource the host's robots.txt (already read for the page) disallows, nor anything
  whose host the address guard refuses (crawler/middlewares/address_guard.py: not public, not allowed);
- Chromium follows a server's redirects without asking (Playwright routes see only the first request): a page whose
  redirect chain passed through a refused address is not kept (`refused_address`);
- the pages of every rendering crawler of the process share one small pool (PLAYWRIGHT_MAX_PAGES_PER_CONTEXT, 2),
  each crawler uses one browser context, every wait is bounded (RENDER_PAGE_TIMEOUT);
- the browser is closed after RENDER_RESTART_AFTER pages (once the pages in flight are done) and launched again on
  the next page: a long crawl does not grow the browser's memory;
- Chromium reaches hosts that have a proxy route (PROXY_ROUTES, the sample sites) through that proxy;
- the JSON responses the page received go to the spider (`meta[SEEN_JSON]`), for sources that read a site's API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import Request as PlaywrightRequest
from playwright.async_api import Response as PlaywrightResponse
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from crawler.failures import AddressRefused
from crawler.links import host_allowed
from crawler.middlewares.address_guard import AddressGuardMiddleware
from crawler.middlewares.proxy_routes import route_for
from crawler.rendering import RENDER_STATUS, SEEN_JSON

BLOCKED_TYPES = frozenset({"image", "font", "media"})
JSON_TYPES = frozenset({"xhr", "fetch"})
MAX_JSON_BYTES = 2 * 1024 * 1024  # an API response larger than this is not kept for the spider


class PagePool:
    """Pages being rendered at once, at most `size`; `in_use` is how many are."""

    def __init__(self, size: int) -> None:
        self.slots = asyncio.Semaphore(size)
        self.in_use = 0

    async def __aenter__(self) -> PagePool:
        await self.slots.acquire()
        self.in_use += 1
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.in_use -= 1
        self.slots.release()


# The page pool of the process: one per event loop, and a crawl process runs one (Scrapy's reactor's).
_POOLS: WeakKeyDictionary[asyncio.AbstractEventLoop, PagePool] = WeakKeyDictionary()


def process_pool(size: int) -> PagePool:
    """The pool of pages every browser handler of this process renders with (created at `size` by the first)."""
    loop = asyncio.get_running_loop()
    if loop not in _POOLS:
        _POOLS[loop] = PagePool(size)
    return _POOLS[loop]


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.crawler = crawler
        self.allowed_domains: list[str] = settings.getlist("RENDER_ALLOWED_DOMAINS")
        self.restart_after = max(1, settings.getint("RENDER_RESTART_AFTER", 100))
        self.routes = route_suffixes(settings.getdict("PROXY_ROUTES"))
        self.config.launch_options = launch_options(
            settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"), settings.getdict("PROXY_ROUTES"), self.allowed_domains
        )
        self.abort_request = self.blocked
        self.pages_since_launch = 0
        self.in_flight = 0  # pages being rendered (at most the pool's size)
        # Set once the browser is due for a restart: new pages wait until the pages in flight are done and it is.
        self.draining: asyncio.Event | None = None

    # --- what a page may load ---

    async def blocked(self, request: PlaywrightRequest) -> bool:
        """Abort images, fonts, media, other hosts' resources, what robots.txt disallows, refused addresses, and a
        page's own scripts navigating it away (a challenge's reload, a redirect to a login): the page asked for is
        the one read."""
        reason = self.block_reason(request)
        if reason is None and await self.address_refusal(request.url) is not None:
            reason = "address"
        if reason is not None:
            self.crawler.stats.inc_value("render/blocked")
            self.crawler.stats.inc_value(f"render/blocked/{reason}")
        return reason is not None

    def block_reason(self, request: PlaywrightRequest) -> str | None:
        if _scripted_navigation(request):
            return "navigation"
        if request.resource_type in BLOCKED_TYPES:
            return request.resource_type
        if not host_allowed(request.url, self.allowed_domains):
            return "third_party"
        if not self.robots_allow(request.url):
            return "robots"
        return None

    def robots_allow(self, url: str) -> bool:
        """What the host's robots.txt, as the robots middleware read it for the page, says about `url`."""
        middleware = next((m for m in self._middlewares() if isinstance(m, RobotsTxtMiddleware)), None)
        if middleware is None:
            return True
        parser = middleware._parsers.get(urlsplit(url).netloc)  # the middleware's own cache of parsed robots.txt
        if parser is None or not hasattr(parser, "allowed"):
            return True
        return bool(parser.allowed(url, middleware._robotstxt_useragent or middleware._default_useragent))

    async def address_refusal(self, url: str) -> str | None:
        """The address guard's refusal of `url` as Chromium would reach it (through its proxy route, if any)."""
        guard = next((m for m in self._middlewares() if isinstance(m, AddressGuardMiddleware)), None)
        if guard is None:
            return None
        return await guard.refusal(url, route_for((urlsplit(url).hostname or "").lower(), self.routes))

    def _middlewares(self) -> Sequence[Any]:
        engine = getattr(self.crawler, "engine", None)
        return engine.downloader.middleware.middlewares if engine is not None else ()

    # --- one page ---

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        # The downloader lets more requests in than the pool has pages: they queue here, not inside the browser.
        async with process_pool(self.config.max_pages_per_context) as pool:
            while self.draining is not None:
                await self.draining.wait()
            self.in_flight += 1
            self.crawler.stats.max_value("render/process_pages_max", pool.in_use)
            try:
                self.crawler.stats.inc_value("render/pages")
                return await super()._download_request(request, spider)
            finally:
                self.in_flight -= 1
                self.pages_since_launch += 1
                if self.pages_since_launch >= self.restart_after:
                    self.draining = self.draining or asyncio.Event()
                    if self.in_flight == 0:
                        await self.restart()

    async def _download_request_with_page(self, request: Request, page: Page, spider: Spider) -> Response:
        seen: list[asyncio.Task[tuple[str, bytes] | None]] = []

        def on_response(response: PlaywrightResponse) -> None:
            if response.request.resource_type in JSON_TYPES and "json" in response.headers.get("content-type", ""):
                seen.append(asyncio.ensure_future(_json_body(response)))

        page.on("response", on_response)
        # Last of the page methods, before the page is read and closed: the bodies are all there.
        request.meta["playwright_page_methods"] = [
            *request.meta.get("playwright_page_methods", ()),
            PageMethod(_collect, seen, request.meta),
        ]
        return await super()._download_request_with_page(request, page, spider)

    async def _get_response_and_download(self, request: Request, page: Page, spider: Spider) -> Any:
        response, download = await super()._get_response_and_download(request, page, spider)
        request.meta[RENDER_STATUS] = response.status if response is not None else None
        hop = response.request if response is not None else None
        while hop is not None:  # the redirects Chromium followed, back to the page request
            if (reason := await self.address_refusal(hop.url)) is not None:
                raise AddressRefused(f"{reason} (a redirect of the rendered page)")
            hop = hop.redirected_from
        return response, download

    async def _apply_page_methods(self, page: Page, request: Request, spider: Spider) -> None:
        status = request.meta.get(RENDER_STATUS)
        if status is not None and status >= 400:  # an error page: nothing to wait for or click on
            request.meta["playwright_page_methods"] = request.meta["playwright_page_methods"][-1:]
        await super()._apply_page_methods(page, request, spider)

    # --- the browser's lifetime ---

    async def restart(self) -> None:
        """Close the browser (its memory with it); the next page launches a new one."""
        try:
            browser = getattr(self, "browser", None)
            if browser is not None:
                with suppress(PlaywrightError):
                    await asyncio.gather(*(wrapper.context.close() for wrapper in self.context_wrappers.values()))
                    await browser.close()
                self.__dict__.pop("browser", None)
                self.context_wrappers.clear()
                self.crawler.stats.inc_value("render/browser_restarts")
            self.pages_since_launch = 0
        finally:
            if self.draining is not None:
                self.draining.set()
            self.draining = None

    async def _browser_disconnected_callback(self) -> None:
        with suppress(AttributeError):  # restart() forgot the browser already
            await super()._browser_disconnected_callback()


def _scripted_navigation(request: PlaywrightRequest) -> bool:
    """A new document for the page's main frame after it had one, not as a redirect: the page's script moved it."""
    if not request.is_navigation_request() or request.redirected_from is not None:
        return False
    try:
        frame = request.frame
    except PlaywrightError:  # a service worker's request has no frame
        return False
    return frame.parent_frame is None and frame.url not in ("", "about:blank")


async def _json_body(response: PlaywrightResponse) -> tuple[str, bytes] | None:
    try:
        body = await response.body()
    except PlaywrightError:
        return None
    return (response.url, body) if len(body) <= MAX_JSON_BYTES else None


async def _collect(_page: Page, seen: list[asyncio.Task[tuple[str, bytes] | None]], meta: dict[str, Any]) -> None:
    meta[SEEN_JSON] = [item for item in await asyncio.gather(*seen) if item is not None]


def launch_options(options: dict[str, Any], routes: dict[str, str], allowed_domains: Sequence[str]) -> dict[str, Any]:
    """The launch options, with the proxy route of the source's hosts when they have one (one route per source: a
    browser has one proxy; its other hosts bypass it)."""
    suffixes = route_suffixes(routes)
    proxies = {domain: route_for(domain.lower(), suffixes) for domain in allowed_domains}
    used = {proxy for proxy in proxies.values() if proxy is not None}
    if not used:
        return dict(options)
    if len(used) > 1:
        raise ValueError(f"the source's domains use {len(used)} proxy routes; a browser can use one")
    bypass = ",".join(f".{domain},{domain}" for domain, proxy in proxies.items() if proxy is None)
    return {**options, "proxy": {"server": used.pop(), **({"bypass": bypass} if bypass else {})}}


def route_suffixes(routes: dict[str, str]) -> list[tuple[str, str]]:
    """PROXY_ROUTES as `route_for` reads them: dotted suffixes, longest first."""
    return sorted(((("." + s.lower().lstrip(".")), proxy) for s, proxy in routes.items()), key=lambda r: -len(r[0]))
