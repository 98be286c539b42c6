"""Queries on crawl runs. Repositories never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import CrawlRun
from storage.states import INTERRUPTED, RUNNING, SKIPPED


def start_run(
    session: Session, *, source: str, trigger: str, host: str | None = None, pid: int | None = None
) -> CrawlRun:
    """A new running run; `host` and `pid`: the process that crawls (so its death can be told)."""
    now = utcnow()
    run = CrawlRun(
        source=source,
        trigger=trigger,
        status=RUNNING,
        started_at=now,
        stats={},
        errors=[],
        host=host,
        pid=pid,
        heartbeat_at=now,
    )
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session, run_id: int, *, status: str, stats: dict[str, Any], errors: list[dict[str, Any]]
) -> CrawlRun:
    run = session.get_one(CrawlRun, run_id)
    run.status = status
    run.stats = stats
    run.errors = errors
    run.finished_at = utcnow()
    return run


def get_run(session: Session, run_id: int) -> CrawlRun | None:
    return session.get(CrawlRun, run_id)


def list_runs(session: Session, *, source: str | None = None, limit: int = 20) -> list[CrawlRun]:
    query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if source is not None:
        query = query.where(CrawlRun.source == source)
    return list(session.scalars(query))


def run_sources(session: Session) -> set[str]:
    """Every source key that has a crawl run (configured sources, and `url-HOST` crawls of unconfigured sites)."""
    return set(session.scalars(select(CrawlRun.source).distinct()))


def record_skipped(session: Session, *, source: str, trigger: str, reason: str) -> CrawlRun:
    """A trigger that arrived while the same source was already being crawled: recorded, not queued twice."""
    now = utcnow()
    run = CrawlRun(
        source=source,
        trigger=trigger,
        status=SKIPPED,
        started_at=now,
        finished_at=now,
        stats={},
        errors=[{"kind": SKIPPED, "reason": reason}],
    )
    session.add(run)
    session.flush()
    return run


BLOCKED_BY_CHALLENGE = "blocked_by_challenge"  # the failure kind crawler/challenge.py pages are recorded as


def challenge_signature(run: CrawlRun) -> str | None:
    """The signature of the cookie challenge a run met most often (its errors' reason), or None."""
    entries = [e for e in run.errors or [] if e.get("kind") == BLOCKED_BY_CHALLENGE]
    return max(entries, key=lambda e: int(e.get("count", 1)))["reason"] if entries else None


def heartbeat(session: Session, run_id: int) -> None:
    """The run's process lives (written with the run's progress)."""
    run = session.get(CrawlRun, run_id)
    if run is not None:
        run.heartbeat_at = utcnow()


def sweep_dead_runs(
    session: Session,
    *,
    stale_after: timedelta,
    alive: Callable[[str | None, int | None], bool | None],
    source: str | None = None,
) -> list[CrawlRun]:
    """Close as `interrupted` every running run whose process is gone: `alive(host, pid)` says False, or (when it
    cannot tell: another host) its last heartbeat is older than `stale_after`. Returns the runs closed."""
    query = select(CrawlRun).where(CrawlRun.status == RUNNING).with_for_update(skip_locked=True)
    if source is not None:
        query = query.where(CrawlRun.source == source)
    now, swept = utcnow(), []
    for run in session.scalars(query):
        last = run.heartbeat_at or run.started_at
        state = alive(run.host, run.pid)
        if state is False:
            reason = f"its process {run.pid} on {run.host} is gone"
        elif state is None and last < now - stale_after:
            reason = f"no heartbeat since {last.isoformat(timespec='seconds')}"
        else:
            continue
        entry = {"kind": INTERRUPTED, "reason": f"the crawl died: {reason}", "url": "", "count": 1, "urls": []}
        errors_by_kind = {**(run.stats or {}).get("errors_by_kind", {}), INTERRUPTED: 1}
        run.stats = {**(run.stats or {}), "errors_by_kind": errors_by_kind, "finish_reason": "process died"}
        run.errors = [*(run.errors or []), entry]
        run.status, run.finished_at = INTERRUPTED, last
        swept.append(run)
    return swept
