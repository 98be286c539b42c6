"""A local server for the sample sites: ``SampleServer().start()`` or ``python -m samples.server --port 8123``.

It is a plain web server *and* an HTTP proxy: the site is chosen from an absolute-URI request line
(``GET http://ghweihai.sample.test/x HTTP/1.1``, how Scrapy talks to a proxy) or else from the Host header.
Static files come from ``samples/sites/<host>/``; truth files and the manifest are never served. The
``faulty.sample.test`` host adds error behaviours (see `samples.render.faulty.FAULT_ROUTES`).

Per-site behaviours of the CMS families, from the manifest: a lying Content-Type charset (`header_charset`), no
directory indexes (`serves_directories: false`: `/col/col1/` is 404, only `/col/col1/index.html` answers), dynamic
pages (`list.php?page=2` is the file `list.php@page=2`), and Hanweb jcms's list data proxy (a POST to
`.../dataproxy.jsp?startrecord=..&endrecord=..` answered from `_jpage/<columnid>.json`).
Only ever binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import posixpath
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qsl, unquote, urlsplit

from samples.render import challenge, faulty

log = logging.getLogger(__name__)

SITES_DIR = Path(__file__).resolve().parent / "sites"
BIND_HOST = "127.0.0.1"
# Static files never change between generations of a release, so one fixed date keeps responses reproducible.
STATIC_LAST_MODIFIED = datetime(2024, 7, 1, tzinfo=UTC)
INDEX_FILES = ("index.html", "index.htm", "index.shtml", "index.rss")
HIDDEN_SUFFIXES = (".expected.json",)
HIDDEN_NAMES = ("manifest.json",)
HIDDEN_DIRS = ("_jpage",)  # the records a jcms data proxy serves: data, not pages
JPAGE_PROXY = "/dataproxy.jsp"
FAULTY_HOST = faulty.HOST
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".php": "text/html",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".gz": "application/x-gzip",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
}
TEXT_TYPES = {
    "text/html",
    "application/rss+xml",
    "application/xml",
    "text/plain",
    "text/css",
    "application/javascript",
    "application/json",
}


@dataclass(frozen=True)
class Resource:
    """A body to send with its validators."""

    body: bytes
    content_type: str
    last_modified: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


@dataclass(frozen=True)
class Reply:
    """A non-200 answer: status, optional Location, and a body (a short page naming the status when None)."""

    status: int
    location: str | None = None
    body: bytes | None = None


class _State:
    """What the handler threads share: the site root, charsets, overlays and the request counter."""

    def __init__(self, sites_dir: Path, slow_delay: float) -> None:
        self.sites_dir = sites_dir
        self.slow_delay = slow_delay
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests: Counter[tuple[str, str]] = Counter()
        self.targets: Counter[tuple[str, str, str]] = Counter()  # (method, host, path?query)
        self.overlays: dict[tuple[str, str], Resource | None] = {}
        sites = _sites(sites_dir)
        # The charset a host's server names: its pages' own, unless the site's server says another.
        self.charsets = {h: str(i.get("header_charset") or i.get("charset", "utf-8")) for h, i in sites.items()}
        self.no_directories = {h for h, i in sites.items() if i.get("serves_directories") is False}

    def count(self, host: str, path: str, method: str = "GET", query: str = "") -> None:
        with self.lock:
            self.requests[(host, path)] += 1
            self.targets[(method, host, f"{path}?{query}" if query else path)] += 1


def _sites(sites_dir: Path) -> dict[str, dict]:
    """Per-host entries of the generated manifest (charset, header_charset, serves_directories)."""
    manifest = sites_dir / "manifest.json"
    if not manifest.exists():
        return {}
    return dict(json.loads(manifest.read_text(encoding="utf-8")).get("sites", {}))


def content_type(host: str, name: str, charsets: dict[str, str]) -> str:
    """Content-Type for a file: text types carry the site's charset (HTML of a GBK site says GBK)."""
    suffix = posixpath.splitext(name)[1].lower()
    base = CONTENT_TYPES.get(suffix, "application/octet-stream")
    if base not in TEXT_TYPES:
        return base
    charset = charsets.get(host, "utf-8") if base == "text/html" else "utf-8"
    return f"{base}; charset={charset}"


def split_target(raw_path: str, host_header: str | None) -> tuple[str, str]:
    """(host, path) of a request: absolute-URI form (proxy style) wins over the Host header."""
    if raw_path.startswith(("http://", "https://")):
        parts = urlsplit(raw_path)
        return (parts.hostname or "").lower(), parts.path or "/"
    host = (host_header or "").strip().lower()
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host, urlsplit(raw_path).path or "/"


def query_of(raw_path: str) -> str:
    return urlsplit(raw_path).query


def _safe_relative(path: str) -> str | None:
    """The path inside a site directory, or None when it tries to leave it or names a hidden file."""
    decoded = unquote(path)
    segments = [s for s in decoded.split("/") if s]
    if any(s in ("..", ".") or "\\" in s for s in segments) or (segments and segments[0] in HIDDEN_DIRS):
        return None
    if segments and (segments[-1] in HIDDEN_NAMES or segments[-1].endswith(HIDDEN_SUFFIXES)):
        return None
    return "/".join(segments) + ("/" if decoded.endswith("/") and segments else "")


def resolve_static(state: _State, host: str, path: str, query: str = "") -> Resource | Reply:
    """Map (host, path) to a file of the site, a redirect to the slash form of a directory, or 404. A request with
    a query is the file `<path>@<query>` when the site has one (a dynamic page), else the path's file."""
    root = state.sites_dir / host
    relative = _safe_relative(path)
    if not host or relative is None or not root.is_dir():
        return Reply(404)
    target = root / relative if relative else root
    if query and "/" not in query and (dynamic := target.with_name(f"{target.name}@{query}")).is_file():
        target = dynamic
    if target.is_dir() and host in state.no_directories:
        return Reply(404)
    if target.is_dir():
        if relative and not relative.endswith("/"):
            return Reply(301, location=path + "/")
        for index in INDEX_FILES:
            if (target / index).is_file():
                target = target / index
                break
        else:
            return Reply(404)
    if not target.is_file():
        return Reply(404)
    return Resource(target.read_bytes(), content_type(host, target.name, state.charsets), STATIC_LAST_MODIFIED)


def data_proxy(state: _State, host: str, query: str, form: str) -> Resource | Reply:
    """Hanweb jcms's list data proxy: the records `startrecord`..`endrecord` of the column the form names, as XML."""
    args, fields = dict(parse_qsl(query)), dict(parse_qsl(form))
    column = fields.get("columnid", "")
    source = state.sites_dir / host / HIDDEN_DIRS[0] / f"{column}.json"
    if not column.isdigit() or not source.is_file():
        return Reply(404)
    records = json.loads(source.read_text(encoding="utf-8"))
    try:
        start, end = int(args.get("startrecord", "1")), int(args.get("endrecord", "0"))
    except ValueError:
        return Reply(400)
    chosen = "\n".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in records[max(start, 1) - 1 : max(end, 0)])
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<recordset>\n{chosen}\n</recordset>\n'
        f"<totalrecord>{len(records)}</totalrecord>\n</datastore>\n"
    )
    return Resource(xml.encode("utf-8"), "text/xml; charset=utf-8", STATIC_LAST_MODIFIED)


def resolve_fault(state: _State, path: str) -> Reply | None:
    """The faulty host's behaviours; None means 'serve the static file' (after the slow page's delay)."""
    if path == "/a/error.html":
        return Reply(500)
    if path == "/a/loop.html":
        return Reply(302, location="/a/loop-b.html")
    if path == "/a/loop-b.html":
        return Reply(302, location="/a/loop.html")
    if path == "/a/moved.html":
        return Reply(301, location="/a/ok2.html")
    if path == "/a/guarded.html":
        return Reply(412, body=faulty.GUARDED_BODY.encode())
    if path == "/a/slow.html":
        # Event.wait, not sleep: stop() releases sleeping handlers at once.
        state.stopping.wait(state.slow_delay)
    return None


def _not_modified(headers: dict[str, str], resource: Resource) -> bool:
    """RFC 9110 order: If-None-Match decides when present, else If-Modified-Since."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip() for t in inm.split(",")}
        return "*" in tags or resource.etag in tags or f"W/{resource.etag}" in tags
    ims = headers.get("if-modified-since")
    if ims is None:
        return False
    try:
        since = parsedate_to_datetime(ims)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return resource.last_modified.replace(microsecond=0) <= since


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleSites/1.0"
    timeout = 60  # idle keep-alive connections are dropped after this many seconds
    server: _HTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server naming
        self._serve(send_body=False)

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        state = self.server.state
        host, path = split_target(self.path, self.headers.get("Host"))
        query = query_of(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(min(length, 65536)).decode("latin-1") if length > 0 else ""
        state.count(host, path, "POST", query)
        answer = data_proxy(state, host, query, form) if path.endswith(JPAGE_PROXY) else Reply(405)
        try:
            if isinstance(answer, Reply):
                self._send_reply(answer, True)
            else:
                self._send_resource(answer, True)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away: POST %s %s", host, path)

    def _serve(self, send_body: bool) -> None:
        state = self.server.state
        host, path = split_target(self.path, self.headers.get("Host"))
        query = query_of(self.path)
        state.count(host, path, self.command, query)
        answer = self._resolve(state, host, path, query)
        try:
            if isinstance(answer, Reply):
                self._send_reply(answer, send_body)
            else:
                self._send_resource(answer, send_body)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away: %s %s", host, path)

    def _resolve(self, state: _State, host: str, path: str, query: str = "") -> Resource | Reply:
        if (host, path) in state.overlays:
            return state.overlays[(host, path)] or Reply(404)
        if host == FAULTY_HOST:
            fault = resolve_fault(state, path)
            if fault is not None:
                return fault
        if host == challenge.HOST and path != "/robots.txt":
            return Reply(challenge.STATUS, body=challenge.GUARDED_BODY.encode())
        return resolve_static(state, host, path, query)

    def _send_reply(self, reply: Reply, send_body: bool) -> None:
        body = reply.body
        if body is None:
            body = f"<html><body><h1>{reply.status} {self.responses[reply.status][0]}</h1></body></html>\n".encode()
        self.send_response(reply.status)
        if reply.location:
            self.send_header("Location", reply.location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_resource(self, resource: Resource, send_body: bool) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        status = 304 if _not_modified(headers, resource) else 200
        self.send_response(status)
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", format_datetime(resource.last_modified, usegmt=True))
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        log.debug("%s " + format, self.address_string(), *args)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # concurrent crawls of several sites connect at once; the default backlog is 5
    block_on_close = False  # a handler sleeping on the slow page must not hold up stop()

    def __init__(self, port: int, state: _State) -> None:
        self.state = state
        super().__init__((BIND_HOST, port), _Handler)


class SampleServer:
    """Serve the sample sites on 127.0.0.1 (web server and HTTP proxy) from a daemon thread.

    >>> with SampleServer() as server:          # doctest: +SKIP
    ...     proxy = server.url                  # e.g. http://127.0.0.1:54321
    ...     server.requests[("ghweihai.sample.test", "/robots.txt")]
    """

    def __init__(self, sites_dir: Path | str = SITES_DIR, *, slow_delay: float = 30.0) -> None:
        self._state = _State(Path(sites_dir), slow_delay)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self, port: int = 0) -> str:
        """Bind 127.0.0.1:`port` (0 = any free port), serve in a daemon thread, return the base URL."""
        if self._httpd is not None:
            raise RuntimeError("SampleServer already started")
        self._state.stopping.clear()
        self._httpd = _HTTPServer(port, self._state)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sample-server", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket; releases requests still sleeping on the slow page."""
        if self._httpd is None:
            return
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("SampleServer not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: use it as base URL (with a Host header) or as the HTTP proxy."""
        return f"http://{BIND_HOST}:{self.port}"

    @property
    def slow_delay(self) -> float:
        return self._state.slow_delay

    @property
    def requests(self) -> Counter[tuple[str, str]]:
        """A snapshot of request counts per (host, path); the path excludes the query string."""
        with self._state.lock:
            return Counter(self._state.requests)

    @property
    def targets(self) -> Counter[tuple[str, str, str]]:
        """A snapshot of request counts per (method, host, path with its query)."""
        with self._state.lock:
            return Counter(self._state.targets)

    def reset_requests(self) -> None:
        with self._state.lock:
            self._state.requests.clear()
            self._state.targets.clear()

    def put(self, host: str, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve `body` at (host, path) instead of the static file, e.g. a list page with a new article
        for a re-crawl test. Its Last-Modified is the time of the call."""
        modified = datetime.now(UTC).replace(microsecond=0)
        with self._state.lock:
            self._state.overlays[(host, path)] = Resource(body, content_type, modified)

    def remove(self, host: str, path: str) -> None:
        """Make (host, path) answer 404 (a deleted article)."""
        with self._state.lock:
            self._state.overlays[(host, path)] = None

    def clear_overrides(self) -> None:
        with self._state.lock:
            self._state.overlays.clear()

    def __enter__(self) -> SampleServer:
        if self._httpd is None:
            self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the bundled sample sites on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--slow-delay", type=float, default=30.0, help="seconds faulty.sample.test/a/slow.html sleeps")
    parser.add_argument("--sites-dir", type=Path, default=SITES_DIR)
    args = parser.parse_args(argv)
    server = SampleServer(args.sites_dir, slow_delay=args.slow_delay)
    url = server.start(args.port)
    print(f"serving {args.sites_dir} at {url}")
    print(f"try: curl -x {url} http://ghweihai.sample.test/col/col1/index.html")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
