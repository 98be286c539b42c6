"""Signals of the unionfeed crawler, beside Scrapy's own (`scrapy.signals`).

`page_failed(request_url: str, kind: str, reason: str)` is sent by whichever component meets a failure that
Scrapy itself does not signal (the spider's errback, the offsite filter, a list page that is not HTML, a failed
enqueue); the CrawlRunRecorder turns it into an error on the run.
"""

page_failed = object()

# `page_skipped(request_url: str, kind: str, reason: str)`: a link the spider chose not to request (robots.txt forbids
# it, it leads off the source's domains); the run counts it as skipped, not as an error.
page_skipped = object()
