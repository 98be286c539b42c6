"""Politeness in a real crawl of a local site. A source's own `politeness` (sources.yaml) holds: at most
`concurrency` requests in flight to its host, at least about `delay_seconds` between them, and settings given on
the command line still win over it. A host's robots.txt `Crawl-delay` spaces the requests to it."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from common.settings import Settings
from common.sources import Source
from storage.migrate import upgrade

ARTICLES = 8
SERVE_SECONDS = 0.05  # each article takes this long to answer, so parallel requests overlap at the server
# Nothing here sets DOWNLOAD_DELAY or CONCURRENT_REQUESTS_PER_DOMAIN: the source's politeness decides them.
OVERRIDES = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "LOG_LEVEL": "WARNING"}


@dataclass
class Recorder:
    lock: threading.Lock = field(default_factory=threading.Lock)
    robots_txt: bytes = b""  # served at /robots.txt when set
    in_flight: int = 0
    most_in_flight: int = 0
    article_times: list[float] = field(default_factory=list)

    def reset(self) -> None:
        with self.lock:
            self.in_flight = self.most_in_flight = 0
            self.article_times.clear()


def list_page() -> bytes:
    links = "".join(f'<li><a href="/news/2026/11/24/{n}.html">Union news item {n}</a></li>' for n in range(ARTICLES))
    return f"<html><head><title>News</title></head><body><ul>{links}</ul></body></html>".encode()


def article_page(path: str) -> bytes:
    text = "<p>" + "The union opened a service centre for delivery riders. " * 8 + "</p>"
    head = f"<head><title>{path}</title></head>"
    return f"<html>{head}<body><article><h1>{path}</h1>{text}</article></body></html>".encode()


@pytest.fixture
def site() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            is_article = self.path.startswith("/news/2026/")
            with recorder.lock:
                recorder.in_flight += 1
                recorder.most_in_flight = max(recorder.most_in_flight, recorder.in_flight)
                if is_article:
                    recorder.article_times.append(time.monotonic())
            try:
                if self.path == "/news/":
                    body, status = list_page(), 200
                elif self.path == "/robots.txt" and recorder.robots_txt:
                    body, status = recorder.robots_txt, 200
                elif is_article:
                    time.sleep(SERVE_SECONDS)
                    body, status = article_page(self.path), 200
                else:
                    body, status = b"not here", 404
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with recorder.lock:
                    recorder.in_flight -= 1

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/", recorder
    finally:
        server.shutdown()
        server.server_close()


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
            "discovery": {"article_patterns": [r"/news/2026/"]},
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


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [later - earlier for earlier, later in itertools.pairwise(ordered)]


def test_a_source_concurrency_and_delay_hold_in_a_real_crawl(
    site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = site
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0})
    assert recorder.most_in_flight > 1  # the site does take parallel requests: the next check can fail

    recorder.reset()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 1, "delay_seconds": 0.2})
    assert recorder.most_in_flight == 1
    # Scrapy waits 0.5x to 1.5x the delay (DOWNLOAD_DELAY_JITTER), after the previous request was sent.
    assert min(gaps(recorder.article_times)) >= 0.1
    assert sorted(gaps(recorder.article_times))[len(recorder.article_times) // 2 - 1] >= 0.15


def test_settings_from_the_command_line_override_the_source(
    site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = site
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
    site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = site
    recorder.robots_txt = b"User-agent: *\nCrawl-delay: 0.25\nAllow: /\n"
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0})
    assert min(gaps(recorder.article_times)) >= 0.24

    recorder.reset()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0}, ROBOTSTXT_CRAWL_DELAY_ENABLED=False)
    assert min(gaps(recorder.article_times)) < 0.24  # without it the same crawl goes faster: the check above can fail


def test_a_huge_crawl_delay_is_cut_to_the_maximum(
    site: tuple[str, Recorder], crawl_in_child: Callable[..., list[Any]], tmp_path: Any
) -> None:
    start, recorder = site
    recorder.robots_txt = b"User-agent: *\nCrawl-delay: 86400\n"
    began = time.monotonic()
    crawl(crawl_in_child, tmp_path, start, {"concurrency": 4, "delay_seconds": 0}, ROBOTSTXT_CRAWL_DELAY_MAX=0.1)
    assert 0.09 <= min(gaps(recorder.article_times)) and time.monotonic() - began < 30
