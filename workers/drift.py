"""Extraction drift: has a source's template changed under its extractor? Pure functions, no I/O.

Every processed page leaves an observation (which fields came out, the body length, the extractor's confidence when
it gives one). A source's baseline is its own history: the `baseline` observations before its `recent` ones. The
source drifts when, over its recent pages, a field it used to fill is clearly missing (its fill rate fell by at least
`min_drop` and below `max_share` of its baseline rate), or the median body shrank below `body_share` of the
baseline median, or the median confidence fell by `confidence_drop`. A finding names the field and example pages.
Sources that never fill a field (no author on the site) are never flagged for it: the baseline rate must reach
`min_baseline_rate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any, Protocol

FIELDS = ("title", "published", "author", "origin", "editor")
FIELD_LABELS = {
    "title": "title",
    "published": "date",
    "author": "author",
    "origin": "source (来源)",
    "editor": "editor",
}
MAX_EXAMPLES = 3


class Observation(Protocol):
    url: str
    title: bool
    published: bool
    author: bool
    origin: bool
    editor: bool
    body_length: int
    confidence: float | None


@dataclass(frozen=True)
class DriftRules:
    recent: int = 20  # the window compared with the baseline
    baseline: int = 200  # observations before it
    min_baseline: int = 30  # fewer: no verdict yet
    min_baseline_rate: float = 0.6
    min_drop: float = 0.4
    max_share: float = 0.5
    body_share: float = 0.5
    min_baseline_body: int = 200  # characters
    confidence_drop: float = 0.25


def _rate(observations: Sequence[Observation], name: str) -> float:
    return sum(1 for o in observations if getattr(o, name)) / len(observations)


def summarize(newest_first: Sequence[Observation], rules: DriftRules = DriftRules()) -> dict[str, Any]:
    """Fill rate of every field and the median body length, over the recent window and over the baseline."""

    def window(observations: Sequence[Observation]) -> dict[str, Any]:
        if not observations:
            return {"pages": 0}
        rates = {FIELD_LABELS[name]: round(_rate(observations, name), 3) for name in FIELDS}
        scored = [o.confidence for o in observations if o.confidence is not None]
        return {
            "pages": len(observations),
            "fields": rates,
            "median_body": median(o.body_length for o in observations),
            "median_confidence": round(median(scored), 3) if scored else None,
        }

    recent = list(newest_first[: rules.recent])
    baseline = list(newest_first[rules.recent : rules.recent + rules.baseline])
    return {"recent": window(recent), "baseline": window(baseline)}


def find_drift(newest_first: Sequence[Observation], rules: DriftRules = DriftRules()) -> list[dict[str, Any]]:
    """Findings for one source from its newest observations (newest first), empty when it is healthy."""
    recent = list(newest_first[: rules.recent])
    baseline = list(newest_first[rules.recent : rules.recent + rules.baseline])
    if len(recent) < rules.recent or len(baseline) < rules.min_baseline:
        return []
    findings: list[dict[str, Any]] = []
    for name in FIELDS:
        before, now = _rate(baseline, name), _rate(recent, name)
        if before >= rules.min_baseline_rate and before - now >= rules.min_drop and now <= before * rules.max_share:
            label = FIELD_LABELS[name]
            findings.append(
                {
                    "field": label,
                    "baseline": round(before, 3),
                    "recent": round(now, 3),
                    "message": f"{label} found on {now:.0%} of the last {len(recent)} pages (baseline {before:.0%})",
                    "examples": [o.url for o in recent if not getattr(o, name)][:MAX_EXAMPLES],
                }
            )
    body_before = median(o.body_length for o in baseline)
    body_now = median(o.body_length for o in recent)
    if body_before >= rules.min_baseline_body and body_now < body_before * rules.body_share:
        findings.append(
            {
                "field": "body length",
                "baseline": body_before,
                "recent": body_now,
                "message": f"median body {body_now:.0f} characters over the last {len(recent)} pages "
                f"(baseline {body_before:.0f})",
                "examples": [o.url for o in sorted(recent, key=lambda o: o.body_length)][:MAX_EXAMPLES],
            }
        )
    scored_before = [o.confidence for o in baseline if o.confidence is not None]
    scored_now = [o.confidence for o in recent if o.confidence is not None]
    if len(scored_before) >= rules.min_baseline and len(scored_now) >= rules.recent // 2:
        before_c, now_c = median(scored_before), median(scored_now)
        if before_c - now_c >= rules.confidence_drop:
            findings.append(
                {
                    "field": "confidence",
                    "baseline": round(before_c, 3),
                    "recent": round(now_c, 3),
                    "message": f"median extraction confidence {now_c:.2f} over the last {len(recent)} pages "
                    f"(baseline {before_c:.2f})",
                    "examples": [o.url for o in sorted(recent, key=lambda o: o.confidence or 0.0)][:MAX_EXAMPLES],
                }
            )
    return findings
