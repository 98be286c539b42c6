"""A small local news site for crawl tests: one list page (/news/) linking ARTICLES article pages that the generic
detail-page recogniser knows (dated folder, numeric leaf), each answered after SERVE_SECONDS, and an optional
robots.txt. It records what the crawler did: requests in flight at most, and when each article was asked for."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARTICLES = 8
SERVE_SECONDS = 0.05  # each article takes this long to answer, so parallel requests overlap at the server


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
    links = "".join(
        f'<li><a href="/news/2026/11/24/{1000 + n}.html">Union news item {n}</a></li>' for n in range(ARTICLES)
    )
    return f"<html><head><title>News</title></head><body><ul>{links}</ul></body></html>".encode()


def article_page(path: str) -> bytes:
    text = "<p>" + "The union opened a service centre for delivery riders. " * 8 + "</p>"
    head = f"<head><title>{path}</title></head>"
    return f"<html>{head}<body><article><h1>{path}</h1>{text}</article></body></html>".encode()


@contextmanager
def serve_local_site() -> Iterator[tuple[str, Recorder]]:
    """Serve the site on a free loopback port; yields its list URL and the recorder."""
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


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [later - earlier for earlier, later in itertools.pairwise(ordered)]
