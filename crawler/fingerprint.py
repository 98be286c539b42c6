"""Request fingerprints that keep a URL's fragment, for a source whose pages are fragment routes of a single-page app
(`discovery.fragment_routes`): there `#/news/detail?id=1` and `#/news/detail?id=2` are two pages, which Scrapy's
default fingerprint (fragment dropped) would make one, and its duplicate filter would drop the second."""

from __future__ import annotations

from functools import partial

from scrapy.utils.request import RequestFingerprinter, fingerprint


class RouteFingerprinter(RequestFingerprinter):
    def __init__(self, crawler: object = None) -> None:
        super().__init__(crawler)  # type: ignore[arg-type]
        self._fingerprint = partial(fingerprint, keep_fragments=True)
