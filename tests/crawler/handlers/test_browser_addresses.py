"""Fetch safety inside Chromium: a rendered page's requests to a refused address are aborted before they are sent,
and a page whose server redirect Chromium followed into a refused address is not kept (`refused_address`).

Both sites listen on loopback: the page's site on 127.0.0.1 (the allowed network, 127.0.0.1/32) and the "private"
one on 127.0.0.2, which the crawl may not reach. Marked `integration`: without Chromium these tests skip."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from common.sources import Source
from crawler.failures import REFUSED_ADDRESS
from storage.models import RawPage
from storage.session import session_scope
from tests.crawler.handlers.test_browser import chromium_or_skip

pytestmark = pytest.mark.integration

TEXT = "<p>" + "The union opened a service centre for delivery riders in the city. " * 8 + "</p>"
OVERRIDES = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0, "LOG_LEVEL": "WARNING"}


@contextmanager
def serve(host: str, pages: Callable[[str], tuple[int, dict[str, str], str]]) -> Iterator[tuple[int, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            seen.append(self.path)
            status, headers, body = pages(self.path)
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def test_rendered_pages_reach_no_refused_address(
    database_url: str, sessions: sessionmaker[Session], crawl_in_child: Callable[..., list[Any]]
) -> None:
    chromium_or_skip()
    private_pages = lambda path: (200, {}, f"<html><body><article><h1>Private</h1>{TEXT}</article></body></html>")  # noqa: E731
    with serve("127.0.0.2", private_pages) as (private_port, private_seen):
        private = f"http://127.0.0.2:{private_port}"

        def pages(path: str) -> tuple[int, dict[str, str], str]:
            if path == "/news/":
                links = '<a href="/news/2026/11/24/3001.html">One</a> <a href="/news/2026/11/24/3002.html">Two</a>'
                return 200, {}, f"<html><body><ul><li>{links}</li></ul></body></html>"
            if path == "/news/2026/11/24/3001.html":
                return 302, {"Location": f"{private}/news/2026/11/24/3001.html"}, ""
            if path == "/news/2026/11/24/3002.html":
                script = f'<script>fetch("{private}/api.json").catch(() => null)</script>'
                return 200, {}, f"<html><body><article><h1>Two</h1>{TEXT}</article>{script}</body></html>"
            return 404, {}, "not here"

        with serve("127.0.0.1", pages) as (port, _):
            site = Source.model_validate(
                {
                    "key": "rendered",
                    "name": "Rendered",
                    "start_urls": [f"http://127.0.0.1:{port}/news/"],
                    "allowed_domains": ["127.0.0.1", "127.0.0.2"],
                    "render": "browser",
                }
            )
            app = Settings(database_url=database_url, private_networks=["127.0.0.1/32"])
            [result] = crawl_in_child(app, [site], trigger="cli", scrapy_overrides=OVERRIDES)
    assert result.errors_by_kind == {REFUSED_ADDRESS: 1}, result.stats
    with session_scope(sessions) as session:
        stored = set(session.scalars(select(RawPage.url).where(RawPage.crawl_run_id == result.run_id)))
    assert stored == {f"http://127.0.0.1:{port}/news/2026/11/24/3002.html"}
    # Chromium followed the server's redirect (Playwright asks no route about it), but nothing of the page went
    # there: its script request was aborted. Chromium's own favicon fetch for the page it landed on is, like the
    # redirect, not offered to routes (the known limit in docs/reliability.md); it is sometimes made, sometimes not.
    assert [path for path in private_seen if not path.endswith("/favicon.ico")] == ["/news/2026/11/24/3001.html"]
