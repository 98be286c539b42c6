"""The drift rule on observations: a field the source used to fill that recent pages miss, a shrunken body, a fallen
confidence; nothing for fields the source never fills, nor before there is a baseline."""

from __future__ import annotations

from dataclasses import dataclass

from workers.drift import DriftRules, find_drift, summarize

RULES = DriftRules(recent=10, min_baseline=20)


@dataclass
class Seen:
    url: str
    title: bool = True
    published: bool = True
    author: bool = False
    origin: bool = True
    editor: bool = False
    body_length: int = 1200
    confidence: float | None = None


def pages(count: int, start: int = 0, **fields: object) -> list[Seen]:
    return [Seen(url=f"http://s.example.test/{i}.html", **fields) for i in range(start, start + count)]  # type: ignore[arg-type]


def newest_first(baseline: list[Seen], recent: list[Seen]) -> list[Seen]:
    return list(reversed(baseline + recent))


def test_a_field_that_stops_coming_out_is_named_with_example_pages() -> None:
    findings = find_drift(newest_first(pages(30), pages(10, 30, published=False)), RULES)
    assert [f["field"] for f in findings] == ["date"]
    assert findings[0]["examples"] == [f"http://s.example.test/{i}.html" for i in (39, 38, 37)]
    assert findings[0]["message"] == "date found on 0% of the last 10 pages (baseline 100%)"


def test_a_shrunken_body_and_a_fallen_confidence_drift() -> None:
    findings = find_drift(
        newest_first(pages(30, confidence=0.9), pages(10, 30, body_length=150, confidence=0.4)), RULES
    )
    assert [f["field"] for f in findings] == ["body length", "confidence"]


def test_normal_variation_a_never_filled_field_and_a_short_history_are_not_drift() -> None:
    mixed = [Seen(url=f"u{i}", published=i % 3 != 0, body_length=600 + 97 * (i % 9)) for i in range(40)]
    assert find_drift(mixed, RULES) == []
    assert find_drift(newest_first(pages(30), pages(10, 30, author=False)), RULES) == []
    assert find_drift(newest_first(pages(15), pages(10, 15, published=False)), RULES) == []


def test_summary_gives_fill_rates_for_both_windows() -> None:
    summary = summarize(newest_first(pages(30), pages(10, 30, origin=False)), RULES)
    assert summary["recent"]["fields"]["source (来源)"] == 0.0 and summary["baseline"]["fields"]["source (来源)"] == 1.0
    assert (summary["recent"]["pages"], summary["baseline"]["pages"]) == (10, 30)
