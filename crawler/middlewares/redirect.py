"""Scrapy's redirect and meta-refresh middlewares, less the redirects that lead out of HTTP.

A `Location` or `<meta http-equiv="refresh">` naming `javascript:`, `mailto:`, `tel:` or `data:` is not a page to
fetch: Scrapy's middlewares fail on it (a Request cannot be built for such a URL), which loses the page and records
an error. Here such a redirect is ignored and the response goes on as it came: a page with a meta refresh to script
is kept; a 3xx whose Location is not HTTP is recorded by its status. Every HTTP redirect is Scrapy's, and passes
the downloader middlewares again (robots.txt, offsite, the address guard).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.response import get_meta_refresh

HTTP_SCHEMES = frozenset({"http", "https"})


class HttpRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        location = response.headers.get("Location")
        if location is not None and not leads_to_http(request.url, location.decode("latin-1")):
            self.crawler.stats.inc_value("redirect/ignored_scheme")
            return response
        return super().process_response(request, response)


class HttpMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse):
            _, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if url and not leads_to_http(response.url, url):
                self.crawler.stats.inc_value("redirect/ignored_scheme")
                return response
        return super().process_response(request, response)


def leads_to_http(base: str, target: str) -> bool:
    """`target`, read against `base`, is an http(s) URL (a scheme-relative `//host/` takes the base's)."""
    return urlsplit(urljoin(base, target.strip())).scheme.lower() in HTTP_SCHEMES
