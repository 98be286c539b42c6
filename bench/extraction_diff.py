"""Show where the extractor disagrees with the expected records of the corpus (a review aid, not a test).

uv run python -m bench.extraction_diff [SUBSTRING ...]
"""

from __future__ import annotations

import sys

from testkit.corpus import COMPARED, corpus, field_equal, paragraphs
from workers.extraction import ExtractionRules, extract_record


def main(filters: list[str]) -> int:
    bad = 0
    for page in corpus():
        if filters and not any(f in page.id for f in filters):
            continue
        rules = ExtractionRules(**page.rules) if page.rules else None
        record = extract_record(page.body(), page.url, headers=page.headers, rules=rules).model_dump(mode="json")
        for name in COMPARED:
            if name not in page.expected or field_equal(name, page.expected[name], record[name], page.id):
                continue
            bad += 1
            print(f"== {page.id} :: {name}")
            if name == "body_text":
                exp, act = paragraphs(page.expected[name]), paragraphs(record[name])
                for p in exp:
                    if p not in act:
                        print(f"   missing: {p[:100]}")
                for p in act:
                    if p not in exp:
                        print(f"   extra:   {p[:100]}")
            else:
                print(f"   expected: {page.expected[name]!r}\n   actual:   {record[name]!r}")
    print(f"{bad} field mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
