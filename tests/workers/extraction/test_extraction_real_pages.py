"""Score gate on real pages (tests/fixtures/pages/real): the body may not fall below the pinned floor, per page and
on average; the record's HTML and confidence stay coherent with the body it chose."""

from __future__ import annotations

import html as htmlmod
import json
import re
from datetime import datetime

import pytest

from common.timezone import CHINA_TZ
from testkit.real_pages import REAL, RealPage, body_f1, real_pages
from tests.workers.extraction.real_pages import FLOOR_FILE, digest
from workers.extraction import extract_record

PAGES = real_pages()


@pytest.fixture(scope="module")
def pinned() -> dict:
    floor = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    assert floor["digest"] == digest(PAGES), (
        "the real pages changed: re-pin with `uv run python -m tests.workers.extraction.real_pages` and review"
    )
    return floor


@pytest.fixture(scope="module")
def records() -> dict:
    return {p.case: extract_record(p.body(), p.url) for p in PAGES}


def test_there_are_real_pages_for_each_behaviour() -> None:
    kinds = {re.sub(r"_(?:\d+|[a-z]{2})$", "", p.case) for p in PAGES}
    assert {"comments_after_article", "related_list_in_container", "body_split_by_ads", "short_article"} <= kinds
    assert all((REAL / p.case / "LICENSE").is_file() for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.case for p in PAGES])
def test_body_keeps_its_floor(page: RealPage, pinned: dict, records: dict) -> None:
    f1 = body_f1(page.expected["body_text"], records[page.case].body_text)
    assert f1 >= pinned["floor"][page.case], f"{page.case} ({page.behaviour}): body F1 {f1:.3f} below the floor"


def test_mean_body_keeps_its_floor(pinned: dict, records: dict) -> None:
    mean = sum(body_f1(p.expected["body_text"], records[p.case].body_text) for p in PAGES) / len(PAGES)
    assert mean >= pinned["mean_floor"]


@pytest.mark.parametrize("page", PAGES, ids=[p.case for p in PAGES])
def test_html_and_confidence_follow_the_chosen_body(page: RealPage, records: dict) -> None:
    record = records[page.case]
    assert record.confidence is not None and 0 <= record.confidence <= 1
    flat = re.sub(r"\s+", " ", htmlmod.unescape(re.sub(r"<[^>]+>", "\n", record.body_html)))
    for para in record.body_text.split("\n\n"):
        assert re.sub(r"\s+", " ", para).strip() in flat


CHINESE = [p for p in PAGES if p.case.startswith("zh_")]


@pytest.mark.parametrize("page", CHINESE, ids=[p.case for p in CHINESE])
def test_chinese_pages_keep_their_headline_and_day(page: RealPage, records: dict) -> None:
    """The hand-written truth's title (spaces aside) and publication day (in China time) of every Chinese real page:
    all of them are right now (bench/zh_real.py measures the same against trafilatura and GNE)."""
    record = records[page.case]
    assert re.sub(r"\s+", "", record.title or "") == re.sub(r"\s+", "", page.expected["title"])
    published = record.published_at
    day = published.astimezone(CHINA_TZ).date() if isinstance(published, datetime) else published
    assert day is not None and day.isoformat() == page.expected["published"][:10]
