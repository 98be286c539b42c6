"""Per-source overrides: CSS/XPath selectors per field (from ExtractionRules)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from lxml import etree, html

from common.sources import selector_xpath
from workers.extraction.dates import parse_datetime
from workers.extraction.models import ExtractionRules
from workers.extraction.normalize import clean_line

_TEXT_FIELDS = ("title", "subtitle", "source", "author", "editor", "category", "site_name")


def select(root: html.HtmlElement, selector: str) -> list:
    """Evaluate a selector: XPath when it starts with '/' or '(', CSS otherwise (`common.sources.selector_xpath`;
    loading sources.yaml rejects a bad one). One that fails on this page anyway matches nothing."""
    try:
        result = root.xpath(selector_xpath(selector))
    except (etree.XPathError, ValueError):
        return []
    return result if isinstance(result, list) else [result]


def _text(found: list) -> str | None:
    for item in found:
        value = clean_line(item.text_content() if isinstance(item, html.HtmlElement) else str(item))
        if value:
            return value
    return None


def select_main(page: html.HtmlElement, rules: ExtractionRules) -> html.HtmlElement | None:
    selector = rules.selectors.get("body")
    if not selector:
        return None
    found = [el for el in select(page, selector) if isinstance(el, html.HtmlElement)]
    return found[0] if found else None


def apply_selectors(root: html.HtmlElement, rules: ExtractionRules, tz: tzinfo) -> dict[str, object]:
    values: dict[str, object] = {}
    for field in _TEXT_FIELDS:
        selector = rules.selectors.get(field)
        if selector:
            values[field] = _text(select(root, selector))
    selector = rules.selectors.get("published_at")
    if selector:
        raw = _text(select(root, selector))
        parsed: datetime | date | None = parse_datetime(raw, tz) if raw else None
        values["published_at"] = parsed
    return values
