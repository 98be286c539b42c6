"""The sample sites' article pages as data: for tests and benchmarks that need stored pages without a crawl."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from samples.manifest import SITES_DIR as SITES
from samples.manifest import load_manifest


@dataclass(frozen=True)
class SamplePage:
    host: str
    url: str
    story: str
    body: bytes
    headers: dict[str, str]
    expected: dict


def article_pages(hosts: set[str] | None = None) -> Iterator[SamplePage]:
    manifest = load_manifest()
    # The charset each site's server names (a TRS server may name utf-8 for GBK pages: the reader must cope).
    charsets = {host: site.get("header_charset") or site["charset"] for host, site in manifest["sites"].items()}
    for entry in manifest["articles"]:
        if hosts is not None and entry["host"] not in hosts:
            continue
        path = urlsplit(entry["url"]).path
        file = SITES / entry["host"] / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        charset = charsets[entry["host"]]
        yield SamplePage(
            host=entry["host"],
            url=entry["url"],
            story=entry["story"],
            body=file.read_bytes(),
            headers={"Content-Type": f"text/html; charset={charset}"},
            expected=json.loads((SITES / entry["expected"]).read_text(encoding="utf-8")),
        )
