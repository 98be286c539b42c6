"""A news site with one paged list, for crawls that are interrupted: newest article first, PER_PAGE per page
(`/news/index.html`, `/news/index_1.html`, ...), each with a pager and a "下一页" link. List pages answer slowly and
article pages fast, so a crawl that is killed has stored the first pages' articles and not yet the later ones (the
case a re-crawl that stops at the first page of known articles never repairs). `publish(n)` puts n new articles on
top, pushing the others down a page; list pages in `failing` answer 503. Every article has a text of its own (no two
are near duplicates)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PER_PAGE = 5
LIST_SECONDS = 0.25
WORDS = (
    "union federation workers delivery riders wages contract safety training members committee district factory "
    "overtime pension insurance housing canteen nurses drivers miners teachers builders festival award meeting "
    "service centre holiday heat subsidy law consultation skills contest grassroots election retirees"
).split()


@dataclass
class PagedSite:
    articles: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    list_seconds: float = LIST_SECONDS
    failing: set[int] = field(default_factory=set)  # list pages (0: the first) that answer 503, every time
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def start_url(self) -> str:
        return f"{self.base}/news/index.html"

    def publish(self, count: int) -> None:
        with self.lock:
            self.articles += count

    def urls(self) -> set[str]:
        """The URLs of every article the site lists now."""
        return {f"{self.base}{article_path(number)}" for number in range(self.articles)}

    def list_page(self, index: int) -> bytes | None:
        with self.lock:
            total = self.articles
        pages = max(1, -(-total // PER_PAGE))
        if index >= pages:
            return None
        newest = total - 1 - index * PER_PAGE
        numbers = range(newest, max(-1, newest - PER_PAGE), -1)
        items = "".join(f'<li><a href="{article_path(n)}">{title(n)}</a></li>' for n in numbers)
        pager = " ".join(f'<a href="{list_path(i)}">{i + 1}</a>' for i in range(pages))
        after = f'<a href="{list_path(index + 1)}">下一页</a>' if index + 1 < pages else ""
        body = f"<ul class='news-list'>{items}</ul><div class='pager'>{pager} {after}</div>"
        return f"<html><head><title>工会新闻</title></head><body>{body}</body></html>".encode()


def list_path(index: int) -> str:
    return "/news/index.html" if index == 0 else f"/news/index_{index}.html"


def article_path(number: int) -> str:
    return f"/news/2026/11/{1 + number % 28:02d}/{10000 + number}.html"


def title(number: int) -> str:
    return f"Union news {number}: " + " ".join(random.Random(number).sample(WORDS, 4))


def article_page(number: int) -> bytes:
    rng = random.Random(10_000 + number)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + f" (report {number}-{p}).</p>" for p in range(4)
    )
    day = 1 + number % 28
    head = f"<head><title>{title(number)}</title></head>"
    meta = f"<p class='date'>2026-11-{day:02d} 09:00</p>"
    return f"<html>{head}<body><article><h1>{title(number)}</h1>{meta}{paragraphs}</article></body></html>".encode()


@contextmanager
def serve_paged_site(articles: int, *, list_seconds: float = LIST_SECONDS) -> Iterator[PagedSite]:
    site = PagedSite(articles, list_seconds=list_seconds)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            body, status = None, 200
            if self.path.startswith("/news/index"):
                time.sleep(site.list_seconds)
                index = 0 if self.path == "/news/index.html" else int(self.path.split("_")[1].split(".")[0])
                body, status = (b"busy", 503) if index in site.failing else (site.list_page(index), 200)
            elif self.path.startswith("/news/2026/"):
                number = int(self.path.rsplit("/", 1)[1].split(".")[0]) - 10000
                listed = 0 <= number < site.articles and self.path == article_path(number)
                body = article_page(number) if listed else None
            if body is None:
                body, status = b"not here", 404
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
