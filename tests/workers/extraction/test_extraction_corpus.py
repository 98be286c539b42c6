"""Every corpus page against its expected record, field by field (a failure names the page and the field)."""

from __future__ import annotations

import html as htmlmod
import re

import nh3
import pytest

from testkit.corpus import COMPARED, CorpusPage, corpus, field_equal, paragraphs
from tests.workers.extraction.extraction_corpus import KNOWN
from workers.extraction import EXTRACTOR_VERSION, ExtractionRules, extract_record

PAGES = corpus()


def extract(page: CorpusPage) -> dict:
    rules = ExtractionRules(**page.rules) if page.rules else None
    record = extract_record(page.body(), page.url, headers=page.headers, rules=rules)
    return record.model_dump(mode="json")


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {}


def _result(page: CorpusPage, results: dict[str, dict]) -> dict:
    if page.id not in results:
        results[page.id] = extract(page)
    return results[page.id]


@pytest.mark.parametrize("name", [n for n in COMPARED])
@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_field(page: CorpusPage, name: str, results: dict[str, dict]) -> None:
    if name not in page.expected:
        pytest.skip(f"{page.id}: no expected {name}")
    if (page.id, name) in KNOWN:
        pytest.xfail(KNOWN[(page.id, name)])
    actual = _result(page, results)[name]
    expected = page.expected[name]
    message = f"{page.id}: field {name!r}\nexpected: {expected!r}\nactual:   {actual!r}"
    assert field_equal(name, expected, actual, page.id), message


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_body_html_sanitized_and_complete(page: CorpusPage, results: dict[str, dict]) -> None:
    record = _result(page, results)
    body_html = record["body_html"]
    allowed = {"p", "h3", "figure", "img", "figcaption"}
    cleaned = nh3.clean(body_html, tags=allowed, attributes={"img": {"src", "alt"}})
    assert cleaned == body_html, f"{page.id}: body_html not sanitized"
    assert not re.search(r"<script|<style|\son\w+=|javascript:", body_html, re.I), f"{page.id}: body_html unsafe"
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "\n", body_html))
    flat = re.sub(r"\s+", " ", text)
    for para in paragraphs(record["body_text"]):
        assert para in flat, f"{page.id}: body_html misses paragraph {para[:40]!r}"
    assert record["extractor_version"] == EXTRACTOR_VERSION
