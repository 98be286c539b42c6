"""Scrapy's OffsiteMiddleware, but a filtered request is also a recorded failure, and only http(s) passes.

The spider never follows offsite links, so what this catches is a page that redirected off the source's domains
(or to another scheme). Scrapy drops such requests silently (from its request_scheduled handler); the run should
say so.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.failures import OFFSITE
from crawler.signals import page_failed

SCHEMES = ("http", "https")


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    def process_request(self, request: Request) -> None:  # type: ignore[override]
        try:
            scheme = urlparse_cached(request).scheme
            if scheme not in SCHEMES:
                raise IgnoreRequest(f"Filtered offsite request to a {scheme}: URL: only http and https are crawled")
            super().process_request(request)
        except IgnoreRequest as exc:
            chain = request.meta.get("redirect_urls") or [request.url]
            reason = f"{exc} (from {chain[0]})" if chain[0] != request.url else str(exc)
            self.crawler.signals.send_catch_log(page_failed, request_url=request.url, kind=OFFSITE, reason=reason)
            raise
