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

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
SAMPLES = ROOT / "samples" / "sites"
COMPARED = ("url", "title", "subtitle", "published_at", "source", "author", "editor", "category", "site_name",
            "language", "body_text", "images", "attachments", "flags")


# Flags that only restate another field (no_date = published_at is null); the sample sites' ground truth does
# not list them, so they are compared on our own fixtures only.
DERIVED_FLAGS = frozenset({"no_date", "no_title", "empty_body"})
# Known disagreements with the sample sites' ground truth: (page id, field) -> why.
_FOOTER_ONLY = "the site name appears only as footer text, never as metadata"
KNOWN = {
    ("samples/faulty.sample.test/a/ok.html", "site_name"): _FOOTER_ONLY,
    ("samples/faulty.sample.test/a/ok2.html", "site_name"): _FOOTER_ONLY,
}


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


# ---- score gate -------------------------------------------------------------------------------------------------

FLOOR_FILE = Path(__file__).resolve().parent / "extraction_floor.json"
MARGIN = 0.005


def corpus_digest(pages: list[CorpusPage]) -> str:
    """Digest of every page and expected record: the pinned floor is only meaningful for these exact pages."""
    import hashlib

    digest = hashlib.sha256()
    for page in sorted(pages, key=lambda p: p.id):
        digest.update(page.id.encode())
        digest.update(page.body())
        digest.update(json.dumps(page.expected, sort_keys=True, ensure_ascii=False).encode())
        digest.update(json.dumps([page.url, page.headers, page.rules], sort_keys=True).encode())
    return digest.hexdigest()


def corpus_scores(pages: list[CorpusPage]) -> dict[str, float]:
    """Mean body P/R/F1, title exact match and published_at accuracy of our extractor over the pages."""
    from workers.extraction import ExtractionRules, extract_record

    totals = {"body_precision": 0.0, "body_recall": 0.0, "body_f1": 0.0, "title": 0.0, "published_at": 0.0}
    for page in pages:
        rules = ExtractionRules(**page.rules) if page.rules else None
        record = extract_record(page.body(), page.url, headers=page.headers, rules=rules).model_dump(mode="json")
        p, r, f1 = prf(page.expected.get("body_text"), record["body_text"])
        totals["body_precision"] += p
        totals["body_recall"] += r
        totals["body_f1"] += f1
        totals["title"] += norm_title(page.expected.get("title")) == norm_title(record["title"])
        totals["published_at"] += same_time(page.expected.get("published_at"), record["published_at"])
    return {k: round(v / max(1, len(pages)), 4) for k, v in totals.items()}


def pin_floor() -> dict:
    """Re-pin the floor at the current scores minus a small margin (review the diff before committing)."""
    pages = corpus()
    scores = corpus_scores(pages)
    pinned = {
        "pages": len(pages),
        "digest": corpus_digest(pages),
        "floor": {k: round(max(0.0, v - MARGIN), 4) for k, v in scores.items()},
        "scores_when_pinned": scores,
    }
    FLOOR_FILE.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    return pinned


if __name__ == "__main__":
    print(json.dumps(pin_floor(), indent=2))
