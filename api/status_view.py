"""What the status page shows, gathered from figures kept on write: the per-source state rows, hourly counters for
the last 24 h / 7 days and the sparkline, the pending/failed raw-page backlog, the change-log counter, and, when a
broker is configured, queue lengths and worker heartbeats from Redis. No query scans articles; every read is
bounded by the number of sources, hours or backlog rows (bench/status_page.py measures it on 1M articles).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from common.contract import CRAWL_QUEUE, PROCESS_QUEUE, WORKER_HEARTBEAT_PREFIX
from common.health import OK, Health, HealthPolicy, assess
from common.settings import Settings
from common.sources import Source
from storage.models import CrawlRun
from storage.repositories import ops, runs

log = logging.getLogger(__name__)

SPARK_DAYS = 14
QUEUES = (CRAWL_QUEUE, PROCESS_QUEUE)


@dataclass
class SourceRow:
    key: str
    name: str | None
    health: Health
    schedule: str | None
    last_run_id: int | None
    last_run_status: str | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    consecutive_failures: int
    newest_article_at: datetime | None
    articles_24h: int
    articles_7d: int
    pending: int
    failed: int
    revisits: int | None
    removals: int | None
    spark: list[int]
    drift: list[dict[str, Any]]
    extraction: dict[str, Any]

    def lag(self, now: datetime) -> timedelta | None:
        return now - self.newest_article_at if self.newest_article_at else None


@dataclass
class Overview:
    now: datetime
    sources: list[SourceRow]
    queues: dict[str, int] | None
    workers: list[str] | None
    pending: int
    failed: int
    changes_head: int
    dedup_index: int
    counts: Counter[str] = field(default_factory=Counter)


def schedule_text(source: Source | None) -> str | None:
    if source is None:
        return None
    if source.schedule.cron:
        return f"cron {source.schedule.cron}"
    seconds = int(source.schedule.every.total_seconds()) if source.schedule.every else 0
    return f"every {_duration(seconds)}"


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def _last_stat(stats: dict[str, Any], *keys: str) -> int | None:
    for key in keys:
        if isinstance(stats.get(key), int | float):
            return int(stats[key])
    return None


def overview(
    session: Session,
    sources: list[Source],
    settings: Settings,
    now: datetime,
    redis: Any = None,
    policy: HealthPolicy | None = None,
) -> Overview:
    policy = policy or HealthPolicy(failing_after=settings.alert_failing_after)
    configured = {s.key: s for s in sources}
    states = ops.state_rows(session)
    states.pop(ops.ALL_SOURCES, None)
    keys = list(configured) + sorted(set(states) - set(configured))
    figures = ops.status_figures(
        session,
        hours_since=now - timedelta(hours=24),
        hourly_names=["articles_new"],
        daily_since={
            "articles_new": now - timedelta(days=SPARK_DAYS - 1),
            "dedup_indexed": now - timedelta(days=settings.dedup_window_days),
        },
    )
    sums_24h, daily, backlog = figures.hourly, figures.daily, figures.backlog
    first_day = ops.epoch_day(now) - (SPARK_DAYS - 1)
    rows = []
    for key in keys:
        state, source = states.get(key), configured.get(key)
        stats = (state.last_run_stats if state else None) or {}
        per_day = daily.get((key, "articles_new"), {})
        spark = [per_day.get(first_day + i, 0) for i in range(SPARK_DAYS)]
        rows.append(
            SourceRow(
                key=key,
                name=source.name if source else None,
                health=assess(source, ops.source_facts(state), now, policy),
                schedule=schedule_text(source),
                last_run_id=state.last_run_id if state else None,
                last_run_status=state.last_run_status if state else None,
                last_run_at=state.last_run_finished_at if state else None,
                last_success_at=state.last_success_at if state else None,
                consecutive_failures=state.consecutive_failures if state else 0,
                newest_article_at=state.newest_article_at if state else None,
                articles_24h=sums_24h.get((key, "articles_new"), 0),
                articles_7d=sum(spark[-7:]),
                pending=backlog.get((key, "pending"), 0),
                failed=backlog.get((key, "failed"), 0),
                revisits=_last_stat(stats, "revisits", "refetches"),
                removals=_last_stat(stats, "removals", "refetch_gone"),
                spark=spark,
                drift=list(state.drift or []) if state else [],
                extraction=dict(state.extraction or {}) if state else {},
            )
        )
    dedup = sum(daily.get((ops.ALL_SOURCES, "dedup_indexed"), {}).values())
    queues, workers = broker_figures(redis)
    result = Overview(
        now=now,
        sources=rows,
        queues=queues,
        workers=workers,
        pending=sum(r.pending for r in rows),
        failed=sum(r.failed for r in rows),
        changes_head=figures.changes_head,
        dedup_index=dedup,
    )
    result.counts.update(r.health.state for r in rows)
    return result


def broker_figures(redis: Any) -> tuple[dict[str, int] | None, list[str] | None]:
    """Queue lengths (Celery's Redis transport keeps each queue as a list named after it) and live workers; None
    without a broker, or when it does not answer (the page then says so instead of failing)."""
    if redis is None:
        return None, None
    try:
        pipe = redis.pipeline(transaction=False)
        for name in QUEUES:
            pipe.llen(name)
        lengths = pipe.execute()
        keys = redis.scan_iter(match=WORKER_HEARTBEAT_PREFIX + "*", count=100)
        names = (key.decode() if isinstance(key, bytes) else str(key) for key in keys)
        workers = sorted(name[len(WORKER_HEARTBEAT_PREFIX) :] for name in names)
    except Exception as exc:  # noqa: BLE001 - the broker being down is itself something the page reports
        log.warning("status page: the broker did not answer: %s", exc)
        return None, None
    return dict(zip(QUEUES, (int(n) for n in lengths), strict=True)), workers


@dataclass
class FailureKind:
    kind: str
    count: int
    runs: int
    reason: str
    example: str


def failures_by_kind(recent: list[CrawlRun]) -> list[FailureKind]:
    """Failures of the recent runs grouped by kind, each with one reason and one example URL."""
    kinds: dict[str, FailureKind] = {}
    for run in recent:
        seen_in_run: set[str] = set()
        for entry in run.errors or []:
            kind = str(entry.get("kind", "?"))
            found = kinds.setdefault(kind, FailureKind(kind, 0, 0, str(entry.get("reason", "")), ""))
            found.count += int(entry.get("count", 1) or 1)
            if kind not in seen_in_run:
                found.runs += 1
                seen_in_run.add(kind)
            found.example = found.example or str(entry.get("url") or "")
    return sorted(kinds.values(), key=lambda f: -f.count)


def source_detail(session: Session, key: str, limit: int = 20) -> tuple[list[CrawlRun], list[FailureKind]]:
    recent = runs.list_runs(session, source=key, limit=limit)
    return recent, failures_by_kind(recent)


def is_ok(row: SourceRow) -> bool:
    return row.health.state == OK
