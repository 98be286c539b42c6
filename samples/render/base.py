"""What every site renderer shares: the article model with its ground truth, the build result, small helpers."""

from __future__ import annotations

import hashlib
import html
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from samples.stories import Para, Story


@dataclass(frozen=True)
class Placement:
    """One site's copy of a story: which headline wording, which paragraph it cuts, how much later it appears."""

    story: Story
    headline: int = 0
    cut: int | None = None
    shift: timedelta = timedelta(0)
    byline: bool = True
    column: str = ""

    @property
    def when(self) -> datetime:
        return self.story.when + self.shift

    @property
    def title(self) -> str:
        return self.story.headlines[min(self.headline, len(self.story.headlines) - 1)]

    def paras(self) -> list[Para]:
        return [p for i, p in enumerate(self.story.paras) if i != self.cut]


@dataclass(frozen=True)
class Image:
    """A content image: `src` as written in the page, `url` absolute; `shown` is the caption line on the page
    (may be file-name noise), `caption` the truth (None when the shown text is noise or absent)."""

    src: str
    url: str
    caption: str | None
    shown: str | None
    after: int


@dataclass
class Article:
    """A rendered article page and its ground-truth record."""

    host: str
    path: str
    placement: Placement
    title: str
    paras: list[Para]
    language: str
    site_name: str
    published: datetime | date | None = None
    subtitle: str | None = None
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    category: str | None = None
    images: list[Image] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"

    @property
    def story(self) -> Story:
        return self.placement.story

    def body_text(self) -> str:
        return "\n\n".join(p.text(self.language) for p in self.paras)

    def record(self) -> dict[str, Any]:
        """The expected extraction record (field order matches the contract)."""
        return {
            "url": self.url,
            "title": self.title,
            "subtitle": self.subtitle,
            "published_at": self.published.isoformat() if self.published is not None else None,
            "source": self.source,
            "author": self.author,
            "editor": self.editor,
            "category": self.category,
            "site_name": self.site_name,
            "language": self.language,
            "body_text": self.body_text(),
            "images": [{"url": img.url, "caption": img.caption} for img in self.images],
            "attachments": [],
            "flags": list(self.flags),
            "story": self.story.id,
        }


@dataclass
class SiteBuild:
    """Everything one site renderer produced: files (path inside the host dir -> bytes) and what they are."""

    host: str
    language: str
    charset: str
    site_name: str
    files: dict[str, bytes] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    list_pages: list[str] = field(default_factory=list)
    start_pages: list[str] = field(default_factory=list)  # first page of each listing (ghweihai has two columns)
    other_pages: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    render: str = "http"  # "browser": the pages are built by JavaScript (sources.yaml `render`)
    challenged: bool = False  # every page answers with a cookie challenge
    sitemaps: list[str] = field(default_factory=list)  # sitemaps (and indexes) the site offers
    forbidden_pages: list[str] = field(default_factory=list)  # pages the site's robots.txt forbids (never crawled)
    header_charset: str | None = None  # the charset its server names in Content-Type, when it lies about the body
    serves_directories: bool = True  # False: `/col/col1/` answers 404, only `/col/col1/index.html` is served

    def add(self, path: str, text: str) -> None:
        """Add a text file under a URL path; a path ending in '/' becomes its index.html."""
        self.add_bytes(path, text.encode(self.charset))

    def add_bytes(self, path: str, data: bytes) -> None:
        name = path.lstrip("/")
        if not name or name.endswith("/"):
            name += "index.html"
        if name in self.files:
            raise ValueError(f"{self.host}: {name} written twice")
        self.files[name] = data


def esc(text: str) -> str:
    """Escape text for an HTML text node or attribute."""
    return html.escape(text, quote=True)


def pages(items: list[Any], per_page: int) -> list[list[Any]]:
    """Split a newest-first list into list pages."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def stable_hex(*parts: object, length: int = 16) -> str:
    """Deterministic hex id (file names, ETag-like ids) from any parts."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:length]


def png(seed: str, width: int = 4, height: int = 3) -> bytes:
    """A tiny valid PNG in a colour derived from `seed` (stand-in for a news photo)."""
    r, g, b = hashlib.sha1(seed.encode()).digest()[:3]
    row = b"\x00" + bytes((r, g, b)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", _zlib_stored(raw)) + chunk(b"IEND", b"")


def _zlib_stored(data: bytes) -> bytes:
    """A zlib stream with one uncompressed block: unlike zlib.compress, identical bytes with any zlib build."""
    assert len(data) < 0xFFFF
    block = b"\x01" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data
    return b"\x78\x01" + block + struct.pack(">I", zlib.adler32(data))


def robots(disallow: list[str], sitemaps: tuple[str, ...] = ()) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), "Allow: /", ""]
    return "\n".join(lines + [f"Sitemap: {url}" for url in sitemaps] + ([""] if sitemaps else []))


def gzip_stored(data: bytes) -> bytes:
    """A gzip file of stored (uncompressed) deflate blocks with mtime 0: identical bytes with any zlib build."""
    blocks = [data[i : i + 0xFFFF] for i in range(0, len(data), 0xFFFF)] or [b""]
    deflate = b"".join(
        bytes([int(i == len(blocks) - 1)]) + struct.pack("<HH", len(b), len(b) ^ 0xFFFF) + b
        for i, b in enumerate(blocks)
    )
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + deflate + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def newest_first(articles: list[Article]) -> list[Article]:
    """Order by placement time, newest first; ties broken by path so the order is total."""
    return sorted(articles, key=lambda a: (a.placement.when, a.path), reverse=True)


def dated_ids(
    placements: list[Placement],
    rng: random.Random,
    *,
    seed_story: str,
    seed_id: int,
    seed_day: date,
    per_day: int,
    jitter: int,
) -> list[tuple[Placement, int]]:
    """Article ids that grow with the date, as a CMS's sequence does: `per_day` a day from `seed_id` on
    `seed_day`, plus up to `jitter`; the seed story keeps `seed_id`, so its URL stays the one in the brief."""
    used = {seed_id}
    out = []
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        if p.story.id == seed_story:
            out.append((p, seed_id))
            continue
        art_id = seed_id + (p.when.date() - seed_day).days * per_day + rng.randint(1, jitter)
        while art_id in used:
            art_id += 1
        used.add(art_id)
        out.append((p, art_id))
    return out
