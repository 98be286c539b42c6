"""Failure classification (crawler/failures.py): every kind a run records, from the exception Scrapy hands over."""

from __future__ import annotations

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error

from crawler.failures import NoProxyRoute, classify_exception, is_redirect_loop


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (HttpError(Response("http://a.test/x", status=404)), "http_404"),
        (HttpError(Response("http://a.test/x", status=500)), "http_500"),
        (CannotResolveHostError("nope.invalid"), "unreachable"),
        (DownloadConnectionRefusedError("refused"), "unreachable"),
        (tx_error.ConnectionRefusedError(), "unreachable"),
        (tx_error.DNSLookupError(), "unreachable"),
        (DownloadTimeoutError("took longer than 1 seconds"), "timeout"),
        (tx_error.TimeoutError(), "timeout"),
        (ResponseDataLossError(), "connection_lost"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_forbidden"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("Filtered offsite request to 'x.test'"), "offsite"),
        (NoProxyRoute("no proxy route for 'a.sample.test'"), "no_proxy_route"),
        (DownloadCancelledError("Received 99 bytes which is larger than download max size (10)"), "too_large"),
        (ValueError("boom"), "other"),
    ],
)
def test_kinds(exc: BaseException, kind: str) -> None:
    assert classify_exception(exc)[0] == kind


def test_reason_says_how_often_it_was_retried() -> None:
    kind, reason = classify_exception(HttpError(Response("http://a.test/x", status=500)), {"retry_times": 2})
    assert (kind, reason) == ("http_500", "HTTP 500 (after 2 retries)")
    assert classify_exception(DownloadTimeoutError("slow"), {"retry_times": 1})[1].endswith("(after 1 retry)")


def test_redirect_loop_is_a_url_of_its_own_chain() -> None:
    assert is_redirect_loop("http://a.test/loop", {"redirect_urls": ["http://a.test/loop"]})
    assert is_redirect_loop("http://A.test/b#x", {"redirect_urls": ["http://a.test/a", "http://a.test/b"]})
    assert not is_redirect_loop("http://a.test/c", {"redirect_urls": ["http://a.test/a"]})
    assert not is_redirect_loop("http://a.test/a", {})
