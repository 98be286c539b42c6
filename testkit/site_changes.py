"""Sample sites that change between crawls, for the re-crawl tests and `bench/recrawl_cost.py`.

`SiteChanges` edits the sample sites only through `SampleServer.put/remove`: the generator writes one list item per
line, so a new article copies the first item of a list's first page, every page of the list shifts by one (each
page's last item moves to the top of the next page, the last page grows), the article page is a copy of an
existing one under a new URL and title, and a site with a feed gets a feed item dated now. Every page it touches is
put under both spellings the crawler may request (`/x/index.html` and its canonical `/x/`). Changes of stored
articles, for the revisit tests: an edit (any article, however old), a removal (404, gone from its list), a page
taken down and brought back later (404 in between, its list untouched), a rel=canonical declared in the page's head.

`FlakyProxy` sits between the crawler and the SampleServer and answers chosen paths with an error a given number of
times (a list page that fails once), forwarding everything else.
"""

from __future__ import annotations

import html
import http.client
import itertools
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urljoin, urlsplit

from common.urls import canonical_url
from crawler.links import same_list_page
from samples.manifest import load_manifest
from samples.server import SITES_DIR, SampleServer, split_target

HREF = re.compile(r'href="([^"]+)"')
ANCHOR_TEXT = re.compile(r"<a [^>]*>([^<]+)</a>")
LAST_NUMBER = re.compile(r"\d+(?=\D*$)")
PARAGRAPH = re.compile(r"<p>[^<]*</p>")
_ids = itertools.count(990001)


@dataclass(frozen=True)
class NewArticle:
    host: str
    url: str
    title: str


@dataclass
class SiteChanges:
    server: SampleServer
    manifest: dict[str, Any] = field(default_factory=load_manifest)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # current text of every page touched
    changed_lists: set[str] = field(default_factory=set)  # canonical URLs of list pages whose content changed
    added: list[NewArticle] = field(default_factory=list)

    # --- changes ---

    def add_article(self, host: str, title: str | None = None) -> NewArticle:
        """A new article at the top of the site's first list; the list shifts down by one item."""
        pages = self.list_pages(host)
        first = self.text(host, path_of(pages[0]))
        block = item_block(first, self.article_urls(host), pages[0])
        template = first.splitlines()[block[0]]
        old_href = HREF.search(template).group(1)  # type: ignore[union-attr]
        old_url = urljoin(pages[0], old_href)
        new_id = next(_ids)
        new_url = renumbered(old_url, new_id)
        old_title = ANCHOR_TEXT.search(template).group(1)  # type: ignore[union-attr]
        title = title or f"New union article {new_id}"
        line = template.replace(old_href, renumbered(old_href, new_id)).replace(old_title, html.escape(title))
        self.shift_in(host, pages, [line])
        article = self.text(host, path_of(old_url)).replace(old_title, html.escape(title))
        self.put(host, path_of(new_url), article)
        for feed in self.manifest["sites"][host]["feeds"]:
            self.add_feed_item(host, feed, new_url, title)
        new = NewArticle(host, canonical_url(new_url), title)
        self.added.append(new)
        return new

    def edit_article(self, url: str, note: str = "Corrected.") -> None:
        """The article's text changes: a sentence is added to its longest paragraph (its body, not the site name)."""
        host, path = urlsplit(url).hostname or "", path_of(url)
        text = self.text(host, path)
        longest = max(PARAGRAPH.findall(text), key=len)
        self.put(host, path, text.replace(longest, longest[: -len("</p>")] + f" {note}</p>", 1))

    def remove_article(self, url: str) -> None:
        """The article is taken down (404) and its list item disappears (the page gets one item shorter)."""
        host = urlsplit(url).hostname or ""
        for page in self.list_pages(host):
            text = self.text(host, path_of(page))
            lines = [line for line in text.splitlines() if not self._links_to(line, page, url)]
            if len(lines) != len(text.splitlines()):
                self.put_list(host, page, "\n".join(lines) + "\n")
        self.server.remove(host, path_of(url))

    def take_down(self, url: str) -> None:
        """The article answers 404 until `bring_back`; its list item stays (a page withdrawn for a while)."""
        host = urlsplit(url).hostname or ""
        self.text(host, path_of(url))  # keep its text to bring back
        self.server.remove(host, path_of(url))

    def bring_back(self, url: str) -> None:
        """The article taken down answers 200 again, with the text it had."""
        host, path = urlsplit(url).hostname or "", path_of(url)
        self.put(host, path, self.text(host, path))

    def declare_canonical(self, url: str, canonical: str) -> None:
        """The article's head gains `<link rel="canonical" href=canonical>` (an aggregator or syndication partner
        named as the original, or another URL of the same site)."""
        host, path = urlsplit(url).hostname or "", path_of(url)
        link = f'<link rel="canonical" href="{html.escape(canonical)}">'
        self.put(host, path, re.sub(r"(?i)</head>", link + "</head>", self.text(host, path), count=1))

    def stored_articles(self, host: str) -> list[str]:
        """The site's articles in the manifest (all published long ago), canonical URLs, in manifest order."""
        return [canonical_url(a["url"]) for a in self.manifest["articles"] if a["host"] == host]

    def add_feed_item(self, host: str, feed: str, url: str, title: str) -> None:
        item = (
            f"<item>\n<title>{html.escape(title)}</title>\n<link>{url}</link>\n"
            f'<guid isPermaLink="true">{url}</guid>\n<pubDate>{format_datetime(datetime.now(UTC))}</pubDate>\n'
            "<description>New.</description>\n</item>\n"
        )
        text = self.text(host, path_of(feed))
        self.put_list(host, feed, text.replace("<item>", item + "<item>", 1), content_type="application/rss+xml")

    # --- reading the sites ---

    def list_pages(self, host: str) -> list[str]:
        """The pages of the site's first list, in order (page 1 first)."""
        site = self.manifest["sites"][host]
        first = site["start_urls"][0]
        return [url for url in site["list_pages"] if same_list_page(canonical_url(url), canonical_url(first))]

    def listed(self, host: str, page: int = 0) -> list[str]:
        """The article URLs of the main list on page `page` of the site's first list, in order."""
        url = self.list_pages(host)[page]
        lines = self.text(host, path_of(url)).splitlines()
        start, end = item_block("\n".join(lines), self.article_urls(host), url)
        return [canonical_url(urljoin(url, HREF.search(line).group(1))) for line in lines[start:end]]  # type: ignore[union-attr]

    def article_urls(self, host: str) -> set[str]:
        return {canonical_url(a["url"]) for a in self.manifest["articles"] if a["host"] == host} | {
            a.url for a in self.added if a.host == host
        }

    def text(self, host: str, path: str) -> str:
        key = (host, canonical_path(host, path))
        if key not in self.texts:
            file = SITES_DIR / host / key[1].lstrip("/")
            if key[1].endswith("/"):
                file = next(file / name for name in ("index.html", "index.rss") if (file / name).is_file())
            self.texts[key] = file.read_bytes().decode(self.charset(host))
        return self.texts[key]

    def charset(self, host: str) -> str:
        return str(self.manifest["sites"][host].get("charset", "utf-8"))

    # --- writing ---

    def shift_in(self, host: str, pages: list[str], carried: list[str]) -> None:
        for page in pages:
            lines = self.text(host, path_of(page)).splitlines()
            start, end = item_block("\n".join(lines), self.article_urls(host), page)
            items = carried + lines[start:end]
            keep = end - start if page != pages[-1] else len(items)
            lines[start:end], carried = items[:keep], items[keep:]
            self.put_list(host, page, "\n".join(lines) + "\n")

    def put_list(self, host: str, url: str, text: str, content_type: str = "") -> None:
        self.changed_lists.add(canonical_url(url))
        self.put(host, path_of(url), text, content_type)

    def put(self, host: str, path: str, text: str, content_type: str = "") -> None:
        self.texts[(host, canonical_path(host, path))] = text
        content_type = content_type or f"text/html; charset={self.charset(host)}"
        body = text.encode(self.charset(host))
        for spelling in {path, canonical_path(host, path)}:
            self.server.put(host, spelling, body, content_type)

    def _links_to(self, line: str, page: str, url: str) -> bool:
        return any(canonical_url(urljoin(page, href)) == canonical_url(url) for href in HREF.findall(line))


def item_block(text: str, articles: set[str], page: str) -> tuple[int, int]:
    """[start, end) of the first run of lines that each link to an article: the page's main list."""
    lines = text.splitlines()
    hits = [any(canonical_url(urljoin(page, h)) in articles for h in HREF.findall(line)) for line in lines]
    start = hits.index(True)
    end = start
    while end < len(lines) and hits[end]:
        end += 1
    return start, end


def renumbered(url: str, number: int) -> str:
    """The URL of another article in the same place: its last number replaced (`art_1_18785.html` ->
    `art_1_990001.html`), or, for a slug, a suffix (`/2024/06/22/slug/` -> `/2024/06/22/slug-990001/`)."""
    parts = urlsplit(url)
    path = parts.path
    folder, _, leaf = path.rstrip("/").rpartition("/")
    trailing = "/" if path.endswith("/") else ""
    leaf = LAST_NUMBER.sub(str(number), leaf) if LAST_NUMBER.search(leaf.split("-")[-1]) else f"{leaf}-{number}"
    return url.replace(path, f"{folder}/{leaf}{trailing}", 1) if path else url


def path_of(url: str) -> str:
    return urlsplit(url).path or "/"


def canonical_path(host: str, path: str) -> str:
    return path_of(canonical_url(f"http://{host}{path}"))


class FlakyProxy:
    """An HTTP proxy on 127.0.0.1 in front of a SampleServer: chosen (host, path)s answer `status` the next `times`
    requests; everything else is forwarded as is. Counts what reaches it, failures included."""

    def __init__(self, upstream: SampleServer) -> None:
        self.upstream = upstream
        self.failures: dict[tuple[str, str], list[int]] = {}
        self.requests: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None

    def fail(self, host: str, path: str, *, times: int = 1, status: int = 500) -> None:
        with self.lock:
            self.failures[(host, path)] = [status] * times

    def take_requests(self) -> Counter[tuple[str, str]]:
        """The requests counted since the last call."""
        with self.lock:
            taken, self.requests = self.requests, Counter()
        return taken

    def __enter__(self) -> FlakyProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                self.forward("GET", None)

            def do_POST(self) -> None:  # noqa: N802 - http.server naming (a jcms data proxy's list records)
                self.forward("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def forward(self, method: str, payload: bytes | None) -> None:
                host, path = split_target(self.path, self.headers.get("Host"))
                with proxy.lock:
                    proxy.requests[(host, path)] += 1
                    pending = proxy.failures.get((host, path))
                    status = pending.pop() if pending else None
                if status is not None:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                connection = http.client.HTTPConnection("127.0.0.1", proxy.upstream.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "proxy-connection")}
                connection.request(method, self.path, body=payload, headers=headers)
                answer = connection.getresponse()
                body = answer.read()
                connection.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length", "keep-alive"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    @property
    def url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"
