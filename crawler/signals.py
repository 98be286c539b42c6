"""Signals of the unionfeed crawler, beside Scrapy's own (`scrapy.signals`).

`page_failed(request_url: str, kind: str, reason: str)` is sent by whichever component meets a failure that
Scrapy itself does not signal (the spider's errback, the offsite filter, a list page that is not HTML, a failed
enqueue); the CrawlRunRecorder turns it into an error on the run.
"""

page_failed = object()
