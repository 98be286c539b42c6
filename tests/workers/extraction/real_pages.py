"""The real-page score gate's floor: pinned per page and on average for one exact set of real pages.

Re-pin after a reviewed change with

    uv run python -m tests.workers.extraction.real_pages
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from testkit.real_pages import RealPage, body_f1, real_pages

FLOOR_FILE = Path(__file__).resolve().parent / "real_pages_floor.json"
MARGIN = 0.03


def digest(pages: list[RealPage]) -> str:
    sha = hashlib.sha256()
    for page in pages:
        sha.update(page.case.encode())
        sha.update(page.body())
        sha.update(json.dumps(page.expected, sort_keys=True, ensure_ascii=False).encode())
    return sha.hexdigest()


def scores(pages: list[RealPage]) -> dict[str, float]:
    from workers.extraction import extract_record

    return {
        p.case: round(body_f1(p.expected["body_text"], extract_record(p.body(), p.url).body_text), 4) for p in pages
    }


def pin_floor() -> dict:
    pages = real_pages()
    now = scores(pages)
    pinned = {
        "digest": digest(pages),
        "floor": {case: round(max(0.0, f1 - MARGIN), 4) for case, f1 in now.items()},
        "mean_floor": round(sum(now.values()) / len(now) - MARGIN / 3, 4),
        "scores_when_pinned": now,
    }
    FLOOR_FILE.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    return pinned


if __name__ == "__main__":
    print(json.dumps(pin_floor(), indent=2))
