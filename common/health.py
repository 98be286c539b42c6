"""A source's health from figures kept on write (its crawl-run ledger summary and its extraction drift findings).

Pure functions shared by the status page, `/metrics` and the alerts, so the three always agree:

- `failing`: the last `failing_after` finished crawls all failed;
- `late`: no successful crawl within its expected period: the scheduled crawl after the last success is overdue by
  more than a grace (half its period, at least `min_late_seconds`); only for scheduled sources (enabled, not samples);
- `drifting`: extraction on the source's recent pages fell clearly below its own baseline (see workers/drift.py);
- `ok` otherwise, or `new` before its first finished crawl.
A source that is failing is late too; the page shows the first of failing, late, drifting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from common.sources import Schedule, Source

OK, NEW, LATE, FAILING, DRIFTING = "ok", "new", "late", "failing", "drifting"
STATES = (OK, NEW, LATE, FAILING, DRIFTING)
PROBLEMS = (FAILING, LATE, DRIFTING)  # in the order the page shows them


@dataclass(frozen=True)
class HealthPolicy:
    failing_after: int = 3  # failed crawls in a row
    late_grace_share: float = 0.5  # of the period
    min_late_seconds: float = 600.0


@dataclass(frozen=True)
class SourceFacts:
    """What the ledger summary says about one source (storage keeps it up to date on write)."""

    last_run_status: str | None = None
    last_run_finished_at: datetime | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    first_run_at: datetime | None = None
    drift: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Health:
    state: str
    problems: tuple[str, ...]
    next_crawl_at: datetime | None
    late_seconds: float  # how long past its expected crawl (0 when on time)
    reasons: tuple[str, ...]


@lru_cache(maxsize=512)
def _crontab(expression: str) -> Any:
    """Parsed once per expression: the status page assesses every source on every view."""
    from celery.schedules import crontab  # the same cron reading as beat's (workers/app.py); imported when needed

    minute, hour, day_of_month, month_of_year, day_of_week = expression.split()
    return crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
    )


def next_run(schedule: Schedule, after: datetime) -> datetime:
    """The first scheduled crawl after `after`."""
    if schedule.every is not None:
        return after + schedule.every
    start, delta, _now = _crontab(schedule.cron or "").remaining_delta(after)
    return (start + delta).astimezone(after.tzinfo)


def period(schedule: Schedule, after: datetime) -> timedelta:
    """The gap between two scheduled crawls around `after` (cron gaps vary; this is the one that follows)."""
    if schedule.every is not None:
        return schedule.every
    first = next_run(schedule, after)
    return next_run(schedule, first) - first


def scheduled(source: Source | None) -> bool:
    """Beat crawls enabled, non-sample sources only (workers/app.py)."""
    return source is not None and source.enabled and not source.sample


def next_crawl(source: Source | None, facts: SourceFacts, now: datetime) -> datetime | None:
    if not scheduled(source):
        return None
    assert source is not None
    anchor = facts.last_run_finished_at or now
    due = next_run(source.schedule, anchor)
    return due if due >= now else next_run(source.schedule, now)


def assess(source: Source | None, facts: SourceFacts, now: datetime, policy: HealthPolicy = HealthPolicy()) -> Health:
    problems: list[str] = []
    reasons: list[str] = []
    if facts.consecutive_failures >= policy.failing_after:
        problems.append(FAILING)
        reasons.append(f"the last {facts.consecutive_failures} crawls failed")
    late_seconds = 0.0
    if scheduled(source):
        assert source is not None
        since = facts.last_success_at or facts.first_run_at
        if since is not None:
            expected = next_run(source.schedule, since)
            grace = max(
                period(source.schedule, since).total_seconds() * policy.late_grace_share, policy.min_late_seconds
            )
            late_seconds = max(0.0, (now - expected).total_seconds())
            if late_seconds > grace:
                problems.append(LATE)
                since_what = "" if facts.last_success_at else " (none since its first crawl)"
                reasons.append(
                    f"no successful crawl for {_span(now - since)}{since_what}; "
                    f"expected by {expected:%Y-%m-%d %H:%M} UTC"
                )
    if facts.drift:
        problems.append(DRIFTING)
        reasons.extend(finding.get("message", "extraction drift") for finding in facts.drift)
    ordered = tuple(p for p in PROBLEMS if p in problems)
    if ordered:
        state = ordered[0]
    else:
        state = OK if facts.last_run_status is not None else NEW
    return Health(state, ordered, next_crawl(source, facts, now), late_seconds, tuple(reasons))


def _span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{max(seconds // 60, 0)} minutes"
