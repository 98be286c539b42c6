"""The periodic health check: each source's extraction drift is re-read from its recent observations, its health
assessed (common/health.py), and a change of state since the last announced one becomes one alert per webhook URL
(the outbox `webhook_deliveries`, written in the same transaction as the new announced state: one alert per state
change, not per crawl). Run by the `unionfeed.check_health` task (beat, every minute) or `unionfeed health check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from common.health import NEW, OK, HealthPolicy, assess
from common.settings import Settings
from common.sources import Source, SourcesFile
from storage.base import utcnow
from storage.ops_models import EXTRACTIONS_KEEP
from storage.repositories import ops
from storage.session import session_scope
from workers.drift import DriftRules, find_drift, summarize

SOURCE_HEALTH = "source.health"


@dataclass(frozen=True)
class CheckConfig:
    policy: HealthPolicy
    rules: DriftRules
    webhooks: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Settings, sources: SourcesFile) -> CheckConfig:
        failing_after = sources.alerts.failing_after or settings.alert_failing_after
        rules = DriftRules(recent=settings.drift_recent_pages, min_baseline=settings.drift_min_baseline_pages)
        urls = dict.fromkeys([*settings.alert_webhooks, *sources.alerts.webhooks])  # each URL once, in order
        return cls(HealthPolicy(failing_after=failing_after), rules, tuple(urls))


def check_health(
    factory: sessionmaker[Session], sources: SourcesFile, config: CheckConfig, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Update every known source's drift and health; return the alerts recorded (already queued for delivery)."""
    with session_scope(factory) as session:
        return check_sources(session, sources, config, now or utcnow())


def check_sources(session: Session, sources: SourcesFile, config: CheckConfig, now: datetime) -> list[dict[str, Any]]:
    """`check_health` inside the caller's transaction."""
    configured = {s.key: s for s in sources.sources}
    alerts: list[dict[str, Any]] = []
    for key, row in sorted(ops.states(session).items()):
        if key == ops.ALL_SOURCES:
            continue
        observations = ops.recent_extractions(session, key, config.rules.recent + config.rules.baseline)
        row.drift = find_drift(observations, config.rules)
        row.extraction = summarize(observations, config.rules)
        row.drift_checked_at = now
        ops.prune_extractions(session, key, EXTRACTIONS_KEEP)
        alert = _announce(session, row, configured.get(key), config, now)
        if alert is not None:
            alerts.append(alert)
    ops.prune_hourly(session, now)
    return alerts


def _announce(
    session: Session, row: Any, source: Source | None, config: CheckConfig, now: datetime
) -> dict[str, Any] | None:
    health = assess(source, ops.source_facts(row), now, config.policy)
    previous = row.alerted_state
    if health.state == previous or health.state == NEW:
        return None
    row.alerted_state, row.alerted_at = health.state, now
    if previous is None and health.state == OK:
        return None  # first look at a healthy source: nothing to announce
    alert = {
        "event": SOURCE_HEALTH,
        "source": row.source,
        "name": source.name if source else None,
        "state": health.state,
        "previous": previous,
        "problems": list(health.problems),
        "reasons": list(health.reasons),
        "drift": row.drift,
        "last_run": {
            "id": row.last_run_id,
            "status": row.last_run_status,
            "finished_at": row.last_run_finished_at.isoformat() if row.last_run_finished_at else None,
        },
        "last_success_at": row.last_success_at.isoformat() if row.last_success_at else None,
        "at": now.isoformat(),
    }
    for url in config.webhooks:
        ops.enqueue_delivery(session, url=url, event=SOURCE_HEALTH, payload=alert, now=now)
    return alert
