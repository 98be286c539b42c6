"""The extraction corpus: fixture pages (tests/fixtures/pages) and the bundled sample sites' article pages.

Shared by the corpus tests and bench/extraction.py. A page is its HTML bytes, URL, headers, optional
per-source rules and the expected record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
SAMPLES = ROOT / "samples" / "sites"
COMPARED = ("url", "title", "subtitle", "published_at", "source", "author", "editor", "category", "site_name",
            "language", "body_text", "images", "attachments", "flags")


@dataclass
class CorpusPage:
    id: str
    html_path: Path
    url: str
    expected: dict
    headers: dict[str, str] = field(default_factory=dict)
    rules: dict | None = None

    def body(self) -> bytes:
        return self.html_path.read_bytes()


def fixture_pages() -> list[CorpusPage]:
    pages = []
    for expected_path in sorted(FIXTURES.glob("*/*.json")):
        if expected_path.name.endswith(".meta.json"):
            continue
        html_path = expected_path.with_suffix(".html")
        meta_path = expected_path.with_name(expected_path.stem + ".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        pages.append(CorpusPage(
            id=f"fixtures/{expected_path.parent.name}/{expected_path.stem}", html_path=html_path,
            url=meta.get("url") or expected["url"], expected=expected, headers=meta.get("headers") or {},
            rules=meta.get("rules"),
        ))
    return pages


def sample_pages() -> list[CorpusPage]:
    """Article pages of the bundled sample sites (samples/sites/<host>/.../<page>.expected.json)."""
    pages = []
    for expected_path in sorted(SAMPLES.glob("**/*.expected.json")) if SAMPLES.exists() else []:
        stem = expected_path.name[: -len(".expected.json")]
        candidates = [expected_path.with_name(stem + ext) for ext in ("", ".html", ".htm", ".shtml")]
        html_path = next((c for c in candidates if c.is_file()), None)
        if html_path is None:
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        headers_path = expected_path.with_name(stem + ".headers.json")
        headers = json.loads(headers_path.read_text(encoding="utf-8")) if headers_path.exists() else {}
        pages.append(CorpusPage(
            id=f"samples/{expected_path.relative_to(SAMPLES).as_posix()[: -len('.expected.json')]}",
            html_path=html_path, url=expected["url"], expected=expected, headers=headers,
        ))
    return pages


def corpus() -> list[CorpusPage]:
    return fixture_pages() + sample_pages()


def paragraphs(text: str | None) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def same_time(expected: object, actual: object) -> bool:
    if expected is None or actual is None:
        return expected == actual
    if isinstance(actual, (date, datetime)):
        actual = actual.isoformat()
    exp, act = str(expected), str(actual)
    if len(exp) == 10 or len(act) == 10:
        return exp == act
    try:
        e, a = datetime.fromisoformat(exp), datetime.fromisoformat(act)
    except ValueError:
        return exp == act
    return e == a and e.utcoffset() == a.utcoffset()


def field_equal(name: str, expected: object, actual: object) -> bool:
    if name == "body_text":
        return paragraphs(expected) == paragraphs(actual)  # type: ignore[arg-type]
    if name == "published_at":
        return same_time(expected, actual)
    if name == "flags":
        return sorted(expected or []) == sorted(actual or [])  # type: ignore[type-var]
    return expected == actual
