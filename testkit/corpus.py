"""The extraction corpus: fixture pages (tests/fixtures/pages) and the bundled sample sites' article pages, and how
a record is compared and scored against the expected one.

Shared by the corpus tests (tests/workers/extraction) and bench/extraction.py. A page is its HTML bytes, URL,
headers, optional per-source rules and the expected record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
SAMPLES = ROOT / "samples" / "sites"
COMPARED = (
    "url",
    "title",
    "subtitle",
    "published_at",
    "source",
    "author",
    "editor",
    "category",
    "site_name",
    "language",
    "body_text",
    "images",
    "attachments",
    "flags",
)


# Flags that only restate another field (no_date = published_at is null); the sample sites' ground truth does
# not list them, so they are compared on our own fixtures only.
DERIVED_FLAGS = frozenset({"no_date", "no_title", "empty_body"})


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
        pages.append(
            CorpusPage(
                id=f"fixtures/{expected_path.parent.name}/{expected_path.stem}",
                html_path=html_path,
                url=meta.get("url") or expected["url"],
                expected=expected,
                headers=meta.get("headers") or {},
                rules=meta.get("rules"),
            )
        )
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
        pages.append(
            CorpusPage(
                id=f"samples/{expected_path.relative_to(SAMPLES).as_posix()[: -len('.expected.json')]}",
                html_path=html_path,
                url=expected["url"],
                expected=expected,
                headers=headers,
            )
        )
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


def field_equal(name: str, expected: object, actual: object, page_id: str = "") -> bool:
    if name == "body_text":
        return paragraphs(expected) == paragraphs(actual)  # type: ignore[arg-type]
    if name == "published_at":
        return same_time(expected, actual)
    if name == "flags":
        drop = DERIVED_FLAGS if page_id.startswith("samples/") else frozenset()
        return sorted(set(expected or []) - drop) == sorted(set(actual or []) - drop)  # type: ignore[arg-type]
    return expected == actual


# ---- scoring (as the public article-extraction benchmarks do: bag of tokens per page) ----------------------------

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def score_tokens(text: str | None) -> list[str]:
    """English (and other spaced scripts): lower-cased words; Chinese: single characters."""
    return [t.lower() for t in _TOKEN.findall(text or "")]


def prf(expected: str | None, actual: str | None) -> tuple[float, float, float]:
    """Precision, recall and F1 of the bag of tokens of ``actual`` against ``expected``."""
    from collections import Counter

    gold, pred = Counter(score_tokens(expected)), Counter(score_tokens(actual))
    if not gold and not pred:
        return 1.0, 1.0, 1.0
    overlap = sum((gold & pred).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def norm_title(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def same_day(expected: object, actual: object) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return str(expected)[:10] == str(actual)[:10]
