"""Real pages as regression fixtures (tests/fixtures/pages/real/<case>/): each stands for one general behaviour
of article pages (a comment thread after the article, related teasers inside the article container, a body split by
ads, a short article, a page whose densest block is not the article). Their expected body comes from a reviewed
hand-written parser (see each case's LICENSE), so the score here is a measure, not a restatement of our rules.

Body score as the public article-extraction benchmark counts it: 4-gram shingles of word tokens (every CJK character
a token), precision and recall of the multisets, F1. Shared by the real-page gate (tests/workers/extraction) and
bench/extraction.py.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages" / "real"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")


@dataclass(frozen=True)
class RealPage:
    case: str
    url: str
    behaviour: str
    expected: dict

    def body(self) -> bytes:
        return gzip.decompress((REAL / self.case / "page.html.gz").read_bytes())


def real_pages() -> list[RealPage]:
    pages = []
    for path in sorted(REAL.glob("*/expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        pages.append(RealPage(path.parent.name, expected["url"], expected["behaviour"], expected))
    return pages


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def body_prf(expected: str, actual: str) -> tuple[float, float]:
    """Precision and recall of the body's 4-gram shingles (multisets)."""
    gold, pred = _shingles(expected), _shingles(actual)
    if not gold and not pred:
        return 1.0, 1.0
    overlap = sum((gold & pred).values())
    return (overlap / sum(pred.values()) if pred else 0.0), (overlap / sum(gold.values()) if gold else 0.0)


def body_f1(expected: str, actual: str) -> float:
    precision, recall = body_prf(expected, actual)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
