"""Retries with backoff and Retry-After (crawler/middlewares/retry.py), built from a crawler."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.middlewares.retry import RETRY_DELAY, BackoffRetryMiddleware, backoff_delay, retry_after_seconds
from crawler.settings import DOWNLOADER_MIDDLEWARES

URL = "http://news.sample.test/news/"


def middleware(**settings: Any) -> BackoffRetryMiddleware:
    values = {"RETRY_TIMES": 2, "RETRY_BACKOFF_BASE": 1.0, "RETRY_BACKOFF_MAX": 30.0, "RETRY_AFTER_MAX": 60.0}
    crawler = get_crawler(Spider, settings_dict={**values, **settings})
    crawler.spider = crawler._create_spider("retry")
    return build_from_crawler(BackoffRetryMiddleware, crawler)


def test_it_replaces_scrapys_retry_middleware() -> None:
    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert DOWNLOADER_MIDDLEWARES["crawler.middlewares.retry.BackoffRetryMiddleware"] == 550


@pytest.mark.parametrize(("attempt", "ceiling"), [(1, 1.0), (2, 2.0), (3, 4.0), (6, 30.0), (20, 30.0)])
def test_backoff_doubles_up_to_the_cap_with_jitter(attempt: int, ceiling: float) -> None:
    rng = random.Random(7)
    delays = [backoff_delay(attempt, 1.0, 30.0, rng) for _ in range(200)]
    assert ceiling / 2 <= min(delays) and max(delays) <= ceiling
    assert len(set(delays)) > 100  # spread out, not synchronised


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_a_server_error_is_retried_after_a_growing_pause_then_given_up() -> None:
    retry = middleware()
    request = Request(URL)
    first = retry.process_response(request, Response(URL, status=503))
    assert isinstance(first, Request) and 0.5 <= first.meta[RETRY_DELAY] <= 1.0
    second = retry.process_response(first, Response(URL, status=500))
    assert isinstance(second, Request) and 1.0 <= second.meta[RETRY_DELAY] <= 2.0
    third = retry.process_response(second, Response(URL, status=500))
    assert isinstance(third, Response) and third.status == 500  # RETRY_TIMES = 2: the errback gets it
    assert retry.crawler.stats.get_value("retry/count") == 2


def test_retry_after_is_honoured_when_it_asks_for_longer() -> None:
    retry = middleware()
    answer = Response(URL, status=429, headers={"Retry-After": "7"})
    again = retry.process_response(Request(URL), answer)
    assert isinstance(again, Request) and again.meta[RETRY_DELAY] == 7


def test_a_retry_after_longer_than_a_crawl_waits_gives_up_at_once() -> None:
    retry = middleware()
    answer = Response(URL, status=503, headers={"Retry-After": "3600"})
    assert retry.process_response(Request(URL), answer) is answer
    assert retry.crawler.stats.get_value("retry/retry_after_too_long") == 1


def test_timeouts_are_retried_with_backoff_other_errors_are_not() -> None:
    retry = middleware()
    again = retry.process_exception(Request(URL), DownloadTimeoutError("slow"))
    assert isinstance(again, Request) and again.meta[RETRY_DELAY] > 0
    assert retry.process_exception(Request(URL), ValueError("a bug")) is None
    assert retry.process_response(Request(URL), Response(URL, status=404)).status == 404


def test_the_pause_is_taken_before_the_retried_request_goes_out() -> None:
    retry = middleware()
    request = Request(URL, meta={RETRY_DELAY: 0.2})
    started = time.monotonic()
    assert asyncio.run(retry.process_request(request)) is None
    assert time.monotonic() - started >= 0.19
    assert RETRY_DELAY not in request.meta  # a redirect or another retry does not pause twice
    started = time.monotonic()
    asyncio.run(retry.process_request(Request(URL)))
    assert time.monotonic() - started < 0.1
