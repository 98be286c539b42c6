"""Scrapy settings of the unionfeed crawler, and `crawler_settings`, the one place app Settings become Scrapy ones.

The module-level names are the project defaults (`scrapy.cfg` points here). Deployment values (database, Redis,
proxy routes, user agent, time limit) are not read from the environment here: `crawler_settings` maps a
`common.settings.Settings` onto them, and every component reads its settings in its own `from_crawler`.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.settings import Settings as ScrapySettings

from common.settings import Settings as AppSettings
from common.sources import Source

BOT_NAME = "unionfeed"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Politeness: these are public-interest sites, often small government servers. ---
USER_AGENT = "unionfeed/0.1 (+mailto:crawler@unionfeed.invalid)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
ROBOTSTXT_CRAWL_DELAY_ENABLED = True  # a host's Crawl-delay spaces requests to it (middlewares/crawl_delay.py)
ROBOTSTXT_CRAWL_DELAY_MAX = 30.0  # seconds; a longer Crawl-delay is cut to this
CONCURRENT_REQUESTS = 32  # across all sources of one process
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
}

# --- Bounds: a stuck or hostile server costs a bounded time and memory. ---
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # also the most a gzip sitemap may unpack to
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
URLLENGTH_LIMIT = 2048  # the longest URL the crawl state stores
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry (x2 per retry, upper half random)
RETRY_BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120.0  # a longer Retry-After is not waited for: the request fails and the next crawl tries again
# Only http and https: no file:, ftp:, s3: or data: download handlers.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
DNS_TIMEOUT = 15
# Scrapy's resolver cache: the address guard's check and the connection after it read the same answer.
DNSCACHE_ENABLED = True
COOKIES_ENABLED = False  # news lists need no session; cookies only make crawls less repeatable
# A callback yields at most one item and a few dozen requests, yet Scrapy starts CONCURRENT_ITEMS asyncio workers per
# response to process them: 100 of them cost more than the callback itself (bench/crawl_overhead.py).
CONCURRENT_ITEMS = 4
WARN_ON_GENERATOR_RETURN_VALUE = False  # a per-callback source inspection at every crawl start; tests cover it
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# --- Components (one job each, see their modules). ---
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # After RobotsTxtMiddleware (100): by then the host's robots.txt is parsed.
    "crawler.middlewares.crawl_delay.CrawlDelayMiddleware": 110,
    "crawler.middlewares.offsite.OffsiteMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # Redirects and meta refreshes that lead out of HTTP (javascript:, mailto:) are ignored: the page is kept.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirect.HttpMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirect.HttpRedirectMiddleware": 600,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    # Before HttpProxyMiddleware (750), which honours request.meta["proxy"].
    "crawler.middlewares.proxy_routes.ProxyRoutesMiddleware": 740,
    # After the proxy routes: a routed request connects to its proxy, whose address is then the one checked.
    "crawler.middlewares.address_guard.AddressGuardMiddleware": 745,
}
SPIDER_MIDDLEWARES = {
    # Depth is bounded by each list's page budget (discovery.max_list_pages), not by DEPTH_LIMIT: spare the pass.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
}
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePagePipeline": 100,
    "crawler.pipelines.persist.PersistRawPagePipeline": 200,
    "crawler.pipelines.enqueue.EnqueuePagePipeline": 300,
}
EXTENSIONS = {
    "crawler.extensions.crawl_run.CrawlRunRecorder": 500,
}

# --- unionfeed settings (filled by crawler_settings; the defaults make a bare `scrapy crawl` a dry run). ---
DATABASE_URL: str | None = None  # raw pages, crawl runs, crawl state (seen set, validators)
DATABASE_SQLITE_SYNCHRONOUS = "NORMAL"  # the crawler's own SQLite connections (see crawler/database.py)
REDIS_URL: str | None = None  # the broker the enqueue pipeline publishes to; the seen cache lives there too
SOURCES_PATH = "sources.yaml"  # where `scrapy crawl source -a source=KEY` finds KEY
PROXY_ROUTES: dict[str, str] = {}  # host suffix -> proxy URL
PROXY_ROUTES_ENABLED = True
PROXY_ROUTES_REQUIRED = [".sample.test"]  # host suffixes never reached without a route
# Fetch safety (crawler/middlewares/address_guard.py): only public addresses, besides these networks (CIDR).
ADDRESS_GUARD_ENABLED = True
ADDRESS_GUARD_PRIVATE_NETWORKS: list[str] = []  # the deployment's (UNIONFEED_PRIVATE_NETWORKS)
ADDRESS_GUARD_NETWORKS: list[str] = []  # the source's own (`private_networks` in sources.yaml)
PAGE_VALIDATE_ENABLED = True
PAGE_PERSIST_ENABLED = True
PAGE_PERSIST_BATCH_MAX = 50  # pages per transaction at most (group commit, see crawler/pipelines/persist.py)
PAGE_ENQUEUE_ENABLED = False  # on when REDIS_URL is set (crawler_settings)
PAGE_ENQUEUE_BATCH_SIZE = 10  # page ids per PROCESS_PAGES message; 1 sends one PROCESS_PAGE per page
PAGE_ENQUEUE_MAX_WAIT = 5.0  # seconds a stored page may wait for its batch to fill
CRAWL_STATE_ENABLED = True  # seen set, conditional GET, entry points, refetches (needs DATABASE_URL)
CRAWL_STATE_REFETCH_LIMIT = 500  # refetches per crawl at most
SEEN_CACHE_ENABLED = True  # the Redis copy of the seen set, when REDIS_URL is set
SEEN_CACHE_PREFIX = "unionfeed:crawl:seen"
SEEN_CACHE_TTL = 7 * 24 * 3600
CRAWL_RUN_ENABLED = True
CRAWL_RUN_TRIGGER = "cli"  # a spider argument `trigger` wins
CRAWL_RUN_FLUSH_INTERVAL = 30.0  # seconds between writes of a running crawl's stats, errors, heartbeat; 0: at the end
CRAWL_RUN_STALE_AFTER = 300  # seconds without a heartbeat after which a running run of another host is swept

# --- Rendering in a browser (sources with `render: browser` or `auto`; crawler/handlers/browser.py). ---
RENDER_HANDLER = "crawler.handlers.browser.BrowserDownloadHandler"
RENDER_CHROMIUM_PATH = "/usr/bin/chromium"  # the OS package's Chromium (UNIONFEED_CHROMIUM_PATH); never downloaded
RENDER_BROWSER_AVAILABLE = True  # set by crawler.run: False when Chromium is missing (auto sources stay on HTTP)
RENDER_PAGE_TIMEOUT = 20.0  # seconds: a page's navigation, and each wait on it (content, "load more")
RENDER_RESTART_AFTER = 100  # pages; then the browser is closed and a new one launched (memory)
RENDER_ALLOWED_DOMAINS: list[str] = []  # the only hosts a rendered page may load from (the source's domains)
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2  # the browser's page pool: pages rendered at once
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = RENDER_PAGE_TIMEOUT * 1000
# Headless, no sandbox (containers run as root), and none of Chromium's own traffic (updates, sync, field trials).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLAYWRIGHT_LAUNCH_OPTIONS = {"executable_path": RENDER_CHROMIUM_PATH, "headless": True, "args": CHROMIUM_ARGS}


# A crawler says who runs it: a mail address or a web page in its User-Agent.
CONTACT = re.compile(r"mailto:\S+@|https?://\S+|\S+@\S+\.\S+")


def crawler_settings(app_settings: AppSettings, **overrides: Any) -> ScrapySettings:
    """Scrapy settings for one crawl process: project defaults, then the deployment, then `overrides`."""
    if not CONTACT.search(app_settings.user_agent):
        raise ValueError(
            f"user agent {app_settings.user_agent!r} names no contact: add a mail address or URL, e.g. "
            "'unionfeed/0.1 (+mailto:crawler@example.org)'"
        )
    settings = ScrapySettings()
    settings.setmodule(__name__, priority="project")
    settings.setdict(
        {
            "DATABASE_URL": app_settings.database_url,
            "REDIS_URL": app_settings.redis_url,
            "PAGE_ENQUEUE_ENABLED": app_settings.distributed,
            "PROXY_ROUTES": dict(app_settings.proxy_routes),
            "ADDRESS_GUARD_PRIVATE_NETWORKS": list(app_settings.private_networks),
            "USER_AGENT": app_settings.user_agent,
            "SOURCES_PATH": str(app_settings.sources_path),
            # Wind the crawl down gracefully at the deployment's limit (the run is then recorded as interrupted).
            "CLOSESPIDER_TIMEOUT": app_settings.crawl_time_limit,
            "CRAWL_RUN_STALE_AFTER": app_settings.crawl_stale_after_seconds,
            "RENDER_CHROMIUM_PATH": app_settings.chromium_path,
            "PLAYWRIGHT_LAUNCH_OPTIONS": {**PLAYWRIGHT_LAUNCH_OPTIONS, "executable_path": app_settings.chromium_path},
        },
        priority="project",
    )
    settings.setdict(overrides, priority="cmdline")
    return settings


def source_settings(source: Source, *, browser: bool = True) -> dict[str, Any]:
    """The Scrapy settings one source's crawler overrides (its `politeness`, its rendering); each source has a crawler
    of its own. `browser`: Chromium can be launched (else a source's pages stay on HTTP)."""
    politeness = source.politeness
    overrides: dict[str, Any] = {}
    if source.render != "http" and browser:
        # Requests marked for the browser go to Chromium; the others still take Scrapy's HTTP handler.
        overrides["DOWNLOAD_HANDLERS"] = {**DOWNLOAD_HANDLERS, "http": RENDER_HANDLER, "https": RENDER_HANDLER}
        overrides["RENDER_ALLOWED_DOMAINS"] = list(source.allowed_domains)
    overrides["RENDER_BROWSER_AVAILABLE"] = browser
    overrides["ADDRESS_GUARD_NETWORKS"] = list(source.private_networks)
    if source.discovery.fragment_routes:
        overrides["REQUEST_FINGERPRINTER_CLASS"] = "crawler.fingerprint.RouteFingerprinter"
    if politeness.delay_seconds is not None:
        # AutoThrottle's floor is DOWNLOAD_DELAY too, so the source's delay holds while it adapts.
        overrides["DOWNLOAD_DELAY"] = politeness.delay_seconds
    if politeness.concurrency is not None:
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = politeness.concurrency
    return overrides
