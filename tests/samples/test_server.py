"""SampleServer: proxy-style and Host-style requests, content types, validators, hidden files, counting."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest

from samples.server import SampleServer

ARTICLE = "/art/2020/11/19/art_1_5231.html"


@pytest.fixture
def proxy_opener(server: SampleServer, monkeypatch: pytest.MonkeyPatch) -> urllib.request.OpenerDirector:
    """urllib going through the server as an HTTP proxy, as Scrapy does (no_proxy must not bypass it)."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.url}))


def test_start_returns_local_url_and_port() -> None:
    srv = SampleServer()
    url = srv.start()
    try:
        assert url == f"http://127.0.0.1:{srv.port}" == srv.url
        with pytest.raises(RuntimeError):
            srv.start()
    finally:
        srv.stop()
    srv.stop()  # idempotent


def test_proxy_style_request_through_urllib(proxy_opener: urllib.request.OpenerDirector) -> None:
    with proxy_opener.open(f"http://ghweihai.sample.test{ARTICLE}", timeout=5) as resp:
        body = resp.read()
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(resp.headers["Content-Length"]) == len(body)
    assert "Produced By 大汉网络 大汉版通发布系统" in body.decode("utf-8")


def test_proxy_style_404_through_urllib(proxy_opener: urllib.request.OpenerDirector) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        proxy_opener.open("http://ghweihai.sample.test/nope.html", timeout=5)
    assert err.value.code == 404


def test_absolute_uri_and_host_header_give_the_same_page(server: SampleServer, fetch: Any) -> None:
    proxied = fetch(server, f"http://ghweihai.sample.test{ARTICLE}")
    hosted = fetch(server, ARTICLE, {"Host": "ghweihai.sample.test"})
    with_port = fetch(server, ARTICLE, {"Host": "ghweihai.sample.test:80"})
    assert proxied.status == hosted.status == with_port.status == 200
    assert proxied.body == hosted.body == with_port.body


@pytest.mark.parametrize(
    ("host", "path", "content_type"),
    [
        ("ghweihai.sample.test", "/", "text/html; charset=utf-8"),
        ("workercn.sample.test", "/", "text/html; charset=utf-8"),
        ("zjgh.sample.test", "/", "text/html; charset=GBK"),
        ("zjgh.sample.test", "/xwzx/ghdt/", "text/html; charset=GBK"),
        ("townblog.sample.test", "/page/2/", "text/html; charset=utf-8"),
        ("townblog.sample.test", "/feed/", "application/rss+xml; charset=utf-8"),
        ("peixun.sample.test", "/robots.txt", "text/plain; charset=utf-8"),
        ("workercn.sample.test", "/images/logo.png", "image/png"),
        ("faulty.sample.test", "/a/report.pdf", "application/pdf"),
    ],
)
def test_content_types_and_directory_index(
    server: SampleServer, host: str, path: str, content_type: str, fetch: Any
) -> None:
    resp = fetch(server, f"http://{host}{path}")
    assert resp.status == 200
    assert resp.headers["content-type"] == content_type
    assert int(resp.headers["content-length"]) == len(resp.body)


def test_directory_without_slash_redirects(server: SampleServer, fetch: Any) -> None:
    resp = fetch(server, "http://townblog.sample.test/page/2")
    assert resp.status == 301 and resp.headers["location"] == "/page/2/"


@pytest.mark.parametrize(
    "target",
    [
        f"http://ghweihai.sample.test{ARTICLE}.expected.json",
        "http://ghweihai.sample.test/manifest.json",
        "http://ghweihai.sample.test/../manifest.json",
        "http://ghweihai.sample.test/%2e%2e/manifest.json",
        "http://unknown.sample.test/",
        "http://ghweihai.sample.test/search/search.jsp?q=x",
        "http://127.0.0.1/",
    ],
)
def test_hidden_unknown_and_escaping_paths_are_404(server: SampleServer, target: str, fetch: Any) -> None:
    assert fetch(server, target).status == 404


def test_traversal_with_host_header_is_404(server: SampleServer, fetch: Any) -> None:
    assert fetch(server, "/../manifest.json", {"Host": "ghweihai.sample.test"}).status == 404
    assert fetch(server, "/", {}).status == 404  # no usable host at all


def test_conditional_get(server: SampleServer, fetch: Any) -> None:
    url = f"http://ghweihai.sample.test{ARTICLE}"
    first = fetch(server, url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    by_etag = fetch(server, url, {"If-None-Match": etag})
    by_date = fetch(server, url, {"If-Modified-Since": modified})
    stale_etag = fetch(server, url, {"If-None-Match": '"other"', "If-Modified-Since": modified})
    older = fetch(server, url, {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert (by_etag.status, by_etag.body) == (304, b"")
    assert by_date.status == 304
    assert stale_etag.status == 200, "If-None-Match takes precedence over If-Modified-Since"
    assert older.status == 200 and older.body == first.body


def test_head_sends_headers_only(server: SampleServer, fetch: Any) -> None:
    get = fetch(server, f"http://ghweihai.sample.test{ARTICLE}")
    head = fetch(server, f"http://ghweihai.sample.test{ARTICLE}", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(get.body)) and head.headers["etag"] == get.headers["etag"]


def test_requests_are_counted_per_host_and_path(server: SampleServer, fetch: Any) -> None:
    server.reset_requests()
    for _ in range(2):
        fetch(server, "http://peixun.sample.test/robots.txt?x=1")
    fetch(server, "/robots.txt", {"Host": "zjgh.sample.test"})
    counts = server.requests
    assert counts[("peixun.sample.test", "/robots.txt")] == 2
    assert counts[("zjgh.sample.test", "/robots.txt")] == 1
    counts[("peixun.sample.test", "/robots.txt")] = 99  # a snapshot: the server's counter is untouched
    assert server.requests[("peixun.sample.test", "/robots.txt")] == 2


def test_put_and_remove_override_pages(fetch: Any) -> None:
    with SampleServer() as srv:
        srv.put("peixun.sample.test", "/list/jiaoyu/index.html", "<p>新</p>".encode())
        srv.remove("peixun.sample.test", "/news/20931.html")
        assert fetch(srv, "http://peixun.sample.test/list/jiaoyu/index.html").body == "<p>新</p>".encode()
        assert fetch(srv, "http://peixun.sample.test/news/20931.html").status == 404
        srv.clear_overrides()
        assert fetch(srv, "http://peixun.sample.test/news/20931.html").status == 200


def test_feed_lists_latest_ten_posts(server: SampleServer, manifest: dict[str, Any], fetch: Any) -> None:
    body = fetch(server, "http://townblog.sample.test/feed/").body.decode()
    links = [chunk.split("</link>")[0] for chunk in body.split("<link>")[2:]]
    posts = {e["url"] for e in manifest["articles"] if e["host"] == "townblog.sample.test"}
    assert body.startswith("<?xml") and '<rss version="2.0">' in body
    assert len(links) == 10 and set(links) <= posts
