"""Scrapy's RetryMiddleware, with a pause before each new attempt: exponential backoff with jitter, or the server's
`Retry-After` when it asks for longer (and gives up at once when it asks for more than RETRY_AFTER_MAX seconds: a
crawl does not wait that long, the next scheduled one will try again).

The pause is taken in `process_request` of the retried request, so it holds neither the domain's download slot nor
the reactor; only the global CONCURRENT_REQUESTS counts it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

RETRY_DELAY = "retry_delay"  # request.meta: seconds to wait before this attempt is sent


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before retry number `attempt` (1, 2, ...): base * 2^(attempt-1), at most `cap`, the upper half of it
    drawn at random so that many failed requests do not come back at the same instant."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return ceiling * (0.5 + 0.5 * (rng or random).random())


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:  # type: ignore[override]
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop(RETRY_DELAY, 0)
        if delay > 0:
            await sleep(delay)

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            return response  # the failure is recorded as the HTTP status it is
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        return self._pause(retry, asked)

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        return self._pause(retry, None) if retry is not None else None

    def _pause(self, retry: Request, asked: float | None) -> Request:
        delay = max(asked or 0.0, backoff_delay(retry.meta["retry_times"], self.base, self.cap))
        retry.meta[RETRY_DELAY] = delay
        self.crawler.stats.inc_value("retry/backoff_seconds", round(delay, 3))
        return retry
