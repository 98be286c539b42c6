"""Politeness in a real crawl of a local site. A source's own `politeness` (sources.yaml) holds: at most
`concurrency` requests in flight to its host, at least about `delay_seconds` between them, and settings given on
the command line still win over it. A host's robots.txt `Crawl-delay` spaces the requests to it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from common.settings import Settings
from common.sources import Source
from storage.migrate import upgrade
from tests.crawler.local_site import ARTICLES, Recorder, gaps

# Nothing here sets DOWNLOAD_DELAY or CONCURRENT_REQUESTS_PER_DOMAIN: the source's politeness decides them.
OVERRIDES = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "LOG_LEVEL": "WARNING"}


def crawl(
    crawl_in_child: Callable[..., list[Any]], tmp_path: Any, start: str, politeness: dict[str, Any], **overrides: Any
) -> None:
    database_url = f"sqlite:///{tmp_path / f'crawl-{time.monotonic_ns()}.db'}"
    upgrade(database_url)
    source = Source.model_validate(
        {
            "key": "polite",
            "name": "Polite",
            "start_urls": [start],
            "politeness": politeness,
        }
    )
    [result] = crawl_in_child(
        Settings(database_url=database_url, redis_url=""),
        [source],
        trigger="cli",
        scrapy_overrides={**OVERRIDES, **overrides},
    )
    assert result.new_articles == ARTICLES, result


def test_a_source_concurrency_and_delay_hold_in_a_real_crawl(
    local_site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = local_site
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0})
    assert recorder.most_in_flight > 1  # the site does take parallel requests: the next check can fail

    recorder.reset()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 1, "delay_seconds": 0.2})
    assert recorder.most_in_flight == 1
    # Scrapy waits 0.5x to 1.5x the delay (DOWNLOAD_DELAY_JITTER), after the previous request was sent.
    assert min(gaps(recorder.article_times)) >= 0.1
    assert sorted(gaps(recorder.article_times))[len(recorder.article_times) // 2 - 1] >= 0.15


def test_settings_from_the_command_line_override_the_source(
    local_site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = local_site
    crawl(
        crawl_in_child,
        tmp_path,
        start,
        {"concurrency": 1, "delay_seconds": 5},
        DOWNLOAD_DELAY=0,
        CONCURRENT_REQUESTS_PER_DOMAIN=4,
    )
    assert recorder.most_in_flight > 1
    assert max(gaps(recorder.article_times)) < 5


def test_a_crawl_delay_in_robots_txt_spaces_the_requests(
    local_site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = local_site
    recorder.robots_txt = b"User-agent: *\nCrawl-delay: 0.25\nAllow: /\n"
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0})
    assert min(gaps(recorder.article_times)) >= 0.24

    recorder.reset()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0}, ROBOTSTXT_CRAWL_DELAY_ENABLED=False)
    assert min(gaps(recorder.article_times)) < 0.24  # without it the same crawl goes faster: the check above can fail


def test_a_huge_crawl_delay_is_cut_to_the_maximum(
    local_site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = local_site
    recorder.robots_txt = b"User-agent: *\nCrawl-delay: 86400\n"
    began = time.monotonic()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0}, ROBOTSTXT_CRAWL_DELAY_MAX=0.1)
    assert 0.09 <= min(gaps(recorder.article_times)) and time.monotonic() - began < 30
