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
    for entry in load_manifest()["articles"]:
        if hosts is not None and entry["host"] not in hosts:
            continue
        path = urlsplit(entry["url"]).path
        file = SITES / entry["host"] / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        charset = "GBK" if entry["host"].startswith("zjgh.") else "utf-8"
        yield SamplePage(
            host=entry["host"],
            url=entry["url"],
            story=entry["story"],
            body=file.read_bytes(),
            headers={"Content-Type": f"text/html; charset={charset}"},
            expected=json.loads((SITES / entry["expected"]).read_text(encoding="utf-8")),
        )
