"""Metadata behaviours pinned on pages: real pages nobody here wrote (tests/fixtures/pages/real_metadata/<case>/;
tests/fixtures/pages/real/ holds the body cases) and small hand-written Chinese pages
(tests/fixtures/pages/metadata/<case>/). Each case names one general behaviour and lists only the fields it is about;
a failure names the case and the field."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from testkit.corpus import same_time
from workers.extraction import extract_record

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


@dataclass
class Case:
    id: str
    folder: Path
    spec: dict

    def body(self) -> bytes:
        page = self.folder / "page.html"
        return page.read_bytes() if page.exists() else gzip.decompress((self.folder / "page.html.gz").read_bytes())


def cases() -> list[Case]:
    found = []
    for kind in ("real_metadata", "metadata"):
        for expected in sorted((PAGES / kind).glob("*/expected.json")):
            spec = json.loads(expected.read_text(encoding="utf-8"))
            found.append(Case(f"{kind}/{expected.parent.name}", expected.parent, spec))
    return found


CASES = cases()
FIELDS = [(case, name) for case in CASES for name in case.spec["expected"]]


def test_every_case_says_what_it_covers_and_its_licence() -> None:
    assert len([c for c in CASES if c.id.startswith("real_metadata/")]) >= 5
    for case in CASES:
        assert case.spec.get("behaviour") and case.spec.get("licence"), case.id
        assert case.spec["expected"], case.id


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {}


@pytest.mark.parametrize(("case", "name"), FIELDS, ids=[f"{c.id}-{n}" for c, n in FIELDS])
def test_field(case: Case, name: str, records: dict[str, dict]) -> None:
    if case.id not in records:
        records[case.id] = extract_record(case.body(), case.spec["url"]).model_dump(mode="json")
    actual, expected = records[case.id][name], case.spec["expected"][name]
    if name == "published_at" and isinstance(expected, str) and len(expected) == 10:
        ok = actual is not None and actual[:10] == expected  # real pages: the day is what their truth pins
    elif name == "published_at":
        ok = same_time(expected, actual)
    else:
        ok = actual == expected
    assert ok, f"{case.id}: field {name!r}\nexpected: {expected!r}\nactual:   {actual!r}"
