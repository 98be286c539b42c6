"""Fetch safety in real crawls (child processes): no request reaches an address outside the public internet unless
its network is allowed, redirects included, and a meta refresh to a non-HTTP URL leaves the page as it is.

The site listens on 127.0.0.1 only. Names resolve through a hosts table (testkit/resolver.py), never DNS; the refused
addresses (10.0.0.1, 192.168.1.1, 169.254.169.254, 0.0.0.0) are refused before any connection, so no packet leaves."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from common.sources import Source
from crawler.failures import REFUSED_ADDRESS
from storage.models import CrawlRun, RawPage
from storage.session import session_scope
from tests.crawler.test_run import run_unionfeed, summary
from unionfeed.commands.crawl_report import SUMMARY

TEXT = "<p>" + "The union opened a service centre for delivery riders in the city. " * 8 + "</p>"
ARTICLES = {
    "/news/2026/11/24/1001.html": "",
    # A page that sends browsers to script: nothing to fetch, the page is the article.
    "/news/2026/11/24/1002.html": '<meta http-equiv="refresh" content="0; url=javascript:void(0)">',
    "/news/2026/11/24/1003.html": '<meta http-equiv="refresh" content="0; url=mailto:desk@example.test">',
}
REDIRECTS = {
    "/news/2026/11/24/2001.html": "http://intranet.example.test/news/2026/11/24/2001.html",  # resolves to 10.0.0.1
    "/news/2026/11/24/2002.html": "http://meta.example.test/latest/meta-data/",  # resolves to 169.254.169.254
}
HOSTS = {
    "news.example.test": "127.0.0.1",
    "intranet.example.test": "10.0.0.1",
    "meta.example.test": "169.254.169.254",
    # A rebinding name: 127.0.0.1 on its first lookup, 127.0.0.3 (where nothing listens) on any later one.
    "rebind.example.test": ["127.0.0.1", "127.0.0.3"],
}
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_TIMES": 0,
    "LOG_LEVEL": "WARNING",
    "TWISTED_DNS_RESOLVER": "testkit.resolver.HostsResolver",
    "TESTKIT_HOSTS": HOSTS,
}


@contextmanager
def serve() -> Iterator[tuple[int, list[str]]]:
    """The site on a free loopback port; yields the port and the Host/path of every request it received."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            seen.append(f"{self.headers['Host']}{self.path}")
            status, headers, body = 404, {}, b"not here"
            if self.path == "/news/":
                links = "".join(
                    f'<li><a href="{path}">Union news {path[-9:-5]}</a></li>' for path in {**ARTICLES, **REDIRECTS}
                )
                status, body = 200, f"<html><body><ul>{links}</ul></body></html>".encode()
            elif self.path in ARTICLES:
                head = f"<head><title>News {self.path[-9:-5]}</title>{ARTICLES[self.path]}</head>"
                status, body = 200, f"<html>{head}<body><article><h1>News</h1>{TEXT}</article></body></html>".encode()
            elif self.path in REDIRECTS:
                status, headers = 302, {"Location": REDIRECTS[self.path]}
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def source(key: str, *start_urls: str, **fields: Any) -> Source:
    return Source.model_validate({"key": key, "name": key, "start_urls": list(start_urls), **fields})


def stored_urls(sessions: sessionmaker[Session], run_id: int) -> set[str]:
    with session_scope(sessions) as session:
        return set(session.scalars(select(RawPage.url).where(RawPage.crawl_run_id == run_id)))


def run_errors(sessions: sessionmaker[Session], run_id: int) -> list[dict[str, Any]]:
    with session_scope(sessions) as session:
        return list(session.get_one(CrawlRun, run_id).errors)


def test_redirects_into_private_space_are_refused_and_meta_refreshes_to_script_keep_the_page(
    database_url: str, sessions: sessionmaker[Session], crawl_in_child: Callable[..., list[Any]]
) -> None:
    with serve() as (port, seen):
        site = source("safety", f"http://news.example.test:{port}/news/", allowed_domains=["example.test"])
        app = Settings(database_url=database_url, private_networks=["127.0.0.0/8"])
        [result] = crawl_in_child(app, [site], trigger="cli", scrapy_overrides=OVERRIDES)
    assert result.errors_by_kind == {REFUSED_ADDRESS: 2}, run_errors(sessions, result.run_id)
    assert result.status == "partial"
    reasons = {e["reason"] for e in run_errors(sessions, result.run_id)}
    assert reasons == {
        "refused to connect to intranet.example.test (10.0.0.1): private address (not in the allowed private_networks)",
        "refused to connect to meta.example.test (169.254.169.254): a cloud metadata service (never fetched)",
    }
    # Every article page is kept, the two with a meta refresh to javascript: and mailto: included.
    assert stored_urls(sessions, result.run_id) == {f"http://news.example.test:{port}{path}" for path in ARTICLES}
    assert all(entry.startswith(f"news.example.test:{port}/") for entry in seen)


def test_start_urls_on_refused_addresses_are_never_requested(
    database_url: str, sessions: sessionmaker[Session], crawl_in_child: Callable[..., list[Any]]
) -> None:
    with serve() as (port, seen):
        starts = [f"http://10.0.0.1:{port}/news/", f"http://192.168.1.1:{port}/news/", f"http://0.0.0.0:{port}/news/"]
        site = source("refused", *starts)
        app = Settings(database_url=database_url, private_networks=["127.0.0.0/8"])
        [result] = crawl_in_child(app, [site], trigger="cli", scrapy_overrides=OVERRIDES)
    assert (result.status, result.errors_by_kind, result.pages_stored) == ("failed", {REFUSED_ADDRESS: 3}, 0)
    assert seen == []


def test_loopback_is_refused_unless_the_source_or_the_deployment_allows_it(
    database_url: str, sessions: sessionmaker[Session], crawl_in_child: Callable[..., list[Any]]
) -> None:
    with serve() as (port, seen):
        start = f"http://news.example.test:{port}/news/"
        public_only = Settings(database_url=database_url, private_networks=[])
        [refused] = crawl_in_child(public_only, [source("closed", start)], trigger="cli", scrapy_overrides=OVERRIDES)
        assert (refused.status, refused.errors_by_kind) == ("failed", {REFUSED_ADDRESS: 1})
        assert seen == []
        allowed = source("intranet", start, allowed_domains=["example.test"], private_networks=["127.0.0.0/8"])
        [fetched] = crawl_in_child(public_only, [allowed], trigger="cli", scrapy_overrides=OVERRIDES)
    assert fetched.errors_by_kind == {REFUSED_ADDRESS: 2}  # the redirects into 10/8 and to the metadata service
    assert fetched.pages_stored == len(ARTICLES)


def test_the_address_checked_is_the_address_connected_to(
    database_url: str, sessions: sessionmaker[Session], crawl_in_child: Callable[..., list[Any]]
) -> None:
    """A name whose second answer differs (DNS rebinding) is connected to at the address its check saw."""
    with serve() as (port, seen):
        site = source("rebind", f"http://rebind.example.test:{port}/news/")
        app = Settings(database_url=database_url, private_networks=["127.0.0.1/32"])
        [result] = crawl_in_child(app, [site], trigger="cli", scrapy_overrides=OVERRIDES)
    # Every request (robots.txt, the list, three articles) reached the server at 127.0.0.1; the redirects left the
    # source's domain and were skipped as offsite.
    assert (result.status, result.pages_stored, result.errors_by_kind) == ("succeeded", len(ARTICLES), {})
    assert len(seen) == 2 + len(ARTICLES) + len(REDIRECTS)


def test_unionfeed_crawl_url_refuses_private_and_metadata_addresses(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'adhoc.db'}"
    done = run_unionfeed(["crawl", "--url", "http://10.0.0.1/news/"], database_url)
    assert done.returncode == 1, done.stderr[-2000:]
    row = dict(zip(SUMMARY, summary(done.stdout, "url-10-0-0-1"), strict=True))
    assert (row["status"], row["requests"], row["errors"]) == ("failed", "0", "1")
    assert "errors of url-10-0-0-1: refused_address 1" in done.stdout
    metadata = run_unionfeed(["crawl", "--url", "http://169.254.169.254/latest/meta-data/"], database_url)
    assert metadata.returncode == 2 and "cloud metadata service, which is never fetched" in metadata.stderr
    bad = run_unionfeed(["crawl", "--url", "http://10.0.0.1/", "--private-network", "10.0.0.0/33"], database_url)
    assert bad.returncode == 2 and "'10.0.0.0/33' is not a network" in bad.stderr
