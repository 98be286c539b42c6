"""What went wrong with a request, as a (kind, reason) pair a crawl run records. Plain functions.

Kinds are stable strings that operators filter on; reasons are for people. Scrapy delivers most failures to the
request's errback as a Twisted Failure: download errors (after RetryMiddleware gave up), HttpError for non-2xx
responses (after retries for 5xx), and IgnoreRequest from downloader middlewares (robots.txt, redirects, routes).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error

from crawler.links import canonical_url
from storage.repositories.runs import BLOCKED_BY_CHALLENGE  # a cookie challenge answered; reason: its signature

UNREACHABLE = "unreachable"  # DNS failure, connection refused, no route to host
TIMEOUT = "timeout"
CONNECTION_LOST = "connection_lost"
REDIRECT_LOOP = "redirect_loop"
ROBOTS_FORBIDDEN = "robots_forbidden"
OFFSITE = "offsite"
NO_PROXY_ROUTE = "no_proxy_route"
REFUSED_ADDRESS = "refused_address"  # a loopback, private, link-local, multicast or metadata address (fetch safety)
TOO_LARGE = "too_large"
NON_HTML = "non_html"
EMPTY = "empty"
SPIDER_ERROR = "spider_error"
PIPELINE_ERROR = "pipeline_error"
ENQUEUE_FAILED = "enqueue_failed"
INTERRUPTED = "interrupted"  # closed early: time limit, shutdown
CRASHED = "crashed"  # the crawler died before it could close its run
BROWSER_UNAVAILABLE = "browser_unavailable"  # the page needs a browser and Chromium is not installed
RENDER_FAILED = "render_failed"  # the browser could not load or render the page
OTHER = "other"

_UNREACHABLE_ERRORS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    tx_error.DNSLookupError,
    tx_error.ConnectionRefusedError,
    tx_error.ConnectError,
    tx_error.NoRouteError,
)
_TIMEOUT_ERRORS = (DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError, TimeoutError)
_LOST_ERRORS = (DownloadFailedError, ResponseDataLossError, tx_error.ConnectionLost, tx_error.ConnectionDone)


class NoProxyRoute(IgnoreRequest):
    """A host that may only be reached through a configured proxy route has none: the request is refused."""


class AddressRefused(IgnoreRequest):
    """The request would connect to an address that is not public and that its source does not allow
    (`common.addresses`): it is not sent."""


def http_kind(status: int) -> str:
    return f"http_{status}"


# Failures that may be gone on the next crawl: the list page that led to the URL must be read again then.
TRANSIENT = frozenset(
    {
        UNREACHABLE,
        TIMEOUT,
        CONNECTION_LOST,
        SPIDER_ERROR,
        PIPELINE_ERROR,
        INTERRUPTED,
        OTHER,
        BLOCKED_BY_CHALLENGE,  # a gateway may let us through on a later crawl
        BROWSER_UNAVAILABLE,
        RENDER_FAILED,
        "http_408",
        "http_429",
    }
)


# Requests the crawl chose not to make: obeying robots.txt and staying on the source's domains are no failures. A run
# counts them as `skipped`, apart from its errors.
SKIPPED = frozenset({ROBOTS_FORBIDDEN, OFFSITE})


def is_skip(kind: str) -> bool:
    return kind in SKIPPED


def is_transient(kind: str) -> bool:
    """A failure worth trying again next time (server errors, timeouts, our own errors), as opposed to an answer that
    will stay the same (404, robots.txt, not HTML, a redirect loop)."""
    return kind in TRANSIENT or kind.startswith("http_5")


def classify_exception(exc: BaseException, meta: dict[str, Any] | None = None) -> tuple[str, str]:
    """Map an exception seen by an errback to (kind, reason). `meta` is the failed request's meta."""
    retries = (meta or {}).get("retry_times", 0)
    after = f" (after {retries} retr{'y' if retries == 1 else 'ies'})" if retries else ""
    if isinstance(exc, HttpError):
        status = exc.response.status
        return http_kind(status), f"HTTP {status}{after}"
    if isinstance(exc, NoProxyRoute):
        return NO_PROXY_ROUTE, str(exc)
    if isinstance(exc, AddressRefused):
        return REFUSED_ADDRESS, str(exc)
    if isinstance(exc, IgnoreRequest):
        return _classify_ignored(str(exc))
    if type(exc).__module__.startswith("playwright."):  # by name: plain crawls need not import Playwright
        kind = TIMEOUT if type(exc).__name__ == "TimeoutError" else RENDER_FAILED
        return kind, f"browser: {_first_line(exc)}{after}"
    if isinstance(exc, _TIMEOUT_ERRORS):  # before unreachable: Twisted's connect timeouts are ConnectErrors
        return TIMEOUT, f"{_describe(exc)}{after}"
    if isinstance(exc, _UNREACHABLE_ERRORS):
        return UNREACHABLE, f"{_describe(exc)}{after}"
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc).lower():
        return TOO_LARGE, str(exc)
    if isinstance(exc, _LOST_ERRORS):
        return CONNECTION_LOST, f"{_describe(exc)}{after}"
    return OTHER, _describe(exc)


def _classify_ignored(message: str) -> tuple[str, str]:
    # Scrapy's middlewares raise plain IgnoreRequest; their messages are the only thing telling them apart.
    lowered = message.lower()
    if "robots.txt" in lowered:
        return ROBOTS_FORBIDDEN, message
    if "redirect" in lowered:
        return REDIRECT_LOOP, f"{message} (redirect loop or too long a redirect chain)"
    if "offsite" in lowered:
        return OFFSITE, message
    return OTHER, message or "request ignored"


def _first_line(exc: BaseException) -> str:
    """Playwright's messages carry a call log after the first line."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def is_redirect_loop(url: str, meta: dict[str, Any]) -> bool:
    """A redirected request that points back at a URL of its own redirect chain (the dupefilter drops it)."""
    chain = meta.get("redirect_urls") or []
    return bool(chain) and canonical_url(url) in {canonical_url(u) for u in chain}
