"""Keeps each source's ledger summary (`ops_source_state`) and crawl counters (`ops_counters`) up to date whenever a
crawl run is finished, by any writer (the crawler's run recorder, a recovery that closes stale runs, ...).

Installed on every session factory `storage.session.make_session_factory` makes (the crawler's too): a `before_flush`
hook sees a `CrawlRun` whose status became succeeded, partial or failed and, in the same transaction, moves the
summary and adds the run's stats to the counters. A writer cannot forget it, and a run is counted once: only the
transition to a finished status counts, not later edits of a finished run.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from storage.states import FAILED
from storage.states import FINISHED_RUN_STATUSES as FINISHED

# Run stats added to the counters: stats key -> counter name. `revisits`/`removals` are the names newer ledgers use;
# older runs carry `refetches`/`refetch_gone` for the same things.
RUN_COUNTERS = {
    "requests": "requests",
    "not_modified": "not_modified",
    "new_articles": "pages_new",
    "revisions": "pages_changed",
    "revisits": "revisits",
    "removals": "removals",
}
FALLBACKS = {"revisits": "refetches", "removals": "refetch_gone"}
HOURLY = ("revisits", "removals", "requests", "runs_failed")


def run_counts(status: str, stats: dict[str, Any]) -> dict[str, float]:
    """The counter increments one finished run brings."""
    counts: dict[str, float] = {f"runs_{status}": 1}
    for key, name in RUN_COUNTERS.items():
        value = stats.get(key, stats.get(FALLBACKS.get(key, ""), 0))
        if isinstance(value, int | float) and value:
            counts[name] = float(value)
    for code, value in (stats.get("responses_by_status") or {}).items():
        counts[f"responses_{code}"] = float(value)
    for kind, value in (stats.get("errors_by_kind") or {}).items():
        counts[f"errors_{kind}"[:64]] = float(value)
    return counts


def _finished_now(obj: Any) -> bool:
    history = inspect(obj).attrs.status.history
    was_finished = bool(history.deleted) and history.deleted[0] in FINISHED
    return bool(history.added) and history.added[0] in FINISHED and not was_finished


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    from storage.models import CrawlRun

    finished = [obj for obj in (*session.new, *session.dirty) if isinstance(obj, CrawlRun) and _finished_now(obj)]
    for run in sorted(finished, key=lambda r: r.source):
        record_finished_run(session, run)


def record_finished_run(session: Session, run: Any) -> None:
    from storage.base import utcnow
    from storage.repositories import ops

    finished_at = run.finished_at or utcnow()
    summary = ops.state(session, run.source)
    if summary.first_run_at is None:
        summary.first_run_at = run.started_at or finished_at
    summary.last_run_id = run.id
    summary.last_run_status = run.status
    summary.last_run_finished_at = finished_at
    summary.last_run_stats = dict(run.stats or {})
    if run.status == FAILED:
        summary.consecutive_failures = (summary.consecutive_failures or 0) + 1
    else:  # succeeded, or partial: some pages were fetched, the schedule is kept
        summary.consecutive_failures = 0
        summary.last_success_at = finished_at
    ops.add_counts(session, run.source, run_counts(run.status, run.stats or {}), at=finished_at, hourly=HOURLY)


_INSTALLED = "_unionfeed_ops_ledger"


def install(factory: sessionmaker[Session]) -> None:
    """Idempotent, per factory: marked on the factory itself, not asked of `event.contains`, which can mistake a new
    factory for a collected one at the same address (see `storage.changelog.install`)."""
    if getattr(factory, _INSTALLED, False):
        return
    event.listen(factory, "before_flush", _before_flush)
    setattr(factory, _INSTALLED, True)
