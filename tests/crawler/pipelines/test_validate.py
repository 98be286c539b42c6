"""crawler/pipelines/validate.py: what is dropped, with its failure kind, and what is kept."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.pipelines.validate import RejectedPage, ValidatePagePipeline
from tests.crawler.pages import page_item


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"body": b"  \n"}, "empty"),
        ({"headers": {"Content-Type": "application/pdf"}, "body": b"%PDF-1.4"}, "non_html"),
        ({"headers": {"Content-Type": "application/json"}, "body": b'{"a": 1}'}, "non_html"),
        ({"headers": {}, "body": b"\x89PNG\r\n"}, "non_html"),
    ],
)
def test_validate_drops_with_a_kind(fields: dict[str, Any], kind: str) -> None:
    pipeline = build_from_crawler(ValidatePagePipeline, get_crawler())
    with pytest.raises(RejectedPage) as dropped:
        pipeline.process_item(page_item(**fields))
    assert dropped.value.kind == kind
    assert pipeline.crawler.stats.get_value(f"page_validate/dropped/{kind}") == 1


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html"}, {}, {"Content-Type": "text/plain"}])
def test_validate_keeps_html(headers: dict[str, str]) -> None:
    pipeline = build_from_crawler(ValidatePagePipeline, get_crawler())
    item = page_item(headers=headers)
    assert pipeline.process_item(item) is item
