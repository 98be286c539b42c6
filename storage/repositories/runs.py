"""Queries on crawl runs. Repositories never commit: the caller owns the transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import CrawlRun
from storage.states import RUNNING, SKIPPED


def start_run(session: Session, *, source: str, trigger: str) -> CrawlRun:
    run = CrawlRun(source=source, trigger=trigger, status=RUNNING, started_at=utcnow(), stats={}, errors=[])
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
