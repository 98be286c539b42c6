"""Scrapy's OffsiteMiddleware, but a filtered request is also a recorded failure.

The spider never follows offsite links, so what this catches is a page that redirected off the source's domains.
Scrapy drops such requests silently (from its request_scheduled handler); the run should say so.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.failures import OFFSITE
from crawler.signals import page_failed


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    def process_request(self, request: Request) -> None:  # type: ignore[override]
        try:
            super().process_request(request)
        except IgnoreRequest as exc:
            chain = request.meta.get("redirect_urls") or [request.url]
            reason = f"{exc} (from {chain[0]})" if chain[0] != request.url else str(exc)
            self.crawler.signals.send_catch_log(page_failed, request_url=request.url, kind=OFFSITE, reason=reason)
            raise
