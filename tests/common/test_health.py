"""The health rules: next scheduled crawl (interval and cron, read as beat reads them), late, failing, drifting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.health import FAILING, LATE, NEW, OK, HealthPolicy, SourceFacts, assess, next_run, period
from common.sources import Schedule, Source

NOW = datetime(2026, 5, 4, 10, 20, tzinfo=UTC)  # a Monday


def source(**schedule: object) -> Source:
    return Source(key="s", name="S", start_urls=["http://s.example.test/"], schedule=Schedule(**schedule))


def test_next_run_follows_the_interval_or_the_cron_expression() -> None:
    assert next_run(Schedule(every=timedelta(hours=2)), NOW) == NOW + timedelta(hours=2)
    assert next_run(Schedule(cron="*/15 * * * *"), NOW) == NOW.replace(minute=30)
    assert next_run(Schedule(cron="0 6 * * 1-5"), NOW) == datetime(2026, 5, 5, 6, 0, tzinfo=UTC)
    assert period(Schedule(cron="0 6 * * 1-5"), NOW) == timedelta(days=1)
    assert period(Schedule(cron="0 6 * * 5"), NOW) == timedelta(days=7)


def test_a_source_is_late_only_after_its_expected_crawl_and_a_grace() -> None:
    hourly = source(every=3600)
    on_time = SourceFacts(last_run_status="succeeded", last_success_at=NOW - timedelta(minutes=80))
    assert assess(hourly, on_time, NOW).state == OK  # 20 min past the expected crawl: within half a period
    overdue = SourceFacts(last_run_status="succeeded", last_success_at=NOW - timedelta(minutes=100))
    health = assess(hourly, overdue, NOW)
    assert (health.state, round(health.late_seconds)) == (LATE, 40 * 60)
    daily = source(cron="0 6 * * *")
    assert (
        assess(daily, SourceFacts(last_run_status="succeeded", last_success_at=NOW - timedelta(hours=28)), NOW).state
        == OK
    )
    assert (
        assess(daily, SourceFacts(last_run_status="succeeded", last_success_at=NOW - timedelta(hours=42)), NOW).state
        == LATE
    )


def test_samples_and_disabled_sources_are_never_late() -> None:
    old = SourceFacts(last_run_status="succeeded", last_success_at=NOW - timedelta(days=30))
    assert assess(source(every=3600).model_copy(update={"sample": True}), old, NOW).state == OK
    assert assess(source(every=3600).model_copy(update={"enabled": False}), old, NOW).state == OK
    assert assess(source(every=3600).model_copy(update={"enabled": False}), old, NOW).next_crawl_at is None


def test_failing_after_n_failed_crawls_and_first_of_the_problems_wins() -> None:
    facts = SourceFacts(last_run_status="failed", consecutive_failures=2, first_run_at=NOW - timedelta(minutes=5))
    assert assess(source(every=3600), facts, NOW).state == OK
    assert assess(source(every=3600), facts, NOW, HealthPolicy(failing_after=2)).state == FAILING
    drifting = SourceFacts(
        last_run_status="failed",
        consecutive_failures=5,
        first_run_at=NOW - timedelta(hours=9),
        drift=[{"message": "date found on 0% of the last 20 pages (baseline 100%)"}],
    )
    health = assess(source(every=3600), drifting, NOW)
    assert health.state == FAILING and health.problems == (FAILING, LATE, "drifting")
    assert health.reasons[-1] == "date found on 0% of the last 20 pages (baseline 100%)"


def test_a_source_without_a_finished_crawl_is_new() -> None:
    assert assess(source(every=3600), SourceFacts(), NOW).state == NEW
