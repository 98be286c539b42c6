"""Beat's schedule, derived from sources.yaml: one periodic crawl per enabled, non-sample source."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery.schedules import crontab

from common.contract import CHECK_HEALTH, CRAWL_QUEUE, CRAWL_SOURCE, DELIVER_WEBHOOKS, PROCESS_QUEUE, RECONCILE
from common.sources import Schedule, SourcesFile


def beat_schedule(sources: SourcesFile) -> dict[str, dict[str, Any]]:
    return {
        f"crawl:{source.key}": {
            "task": CRAWL_SOURCE,
            "schedule": to_celery_schedule(source.schedule),
            "args": [source.key],
            "kwargs": {"trigger": "schedule"},
            "options": {"queue": CRAWL_QUEUE},
        }
        for source in sources.sources
        if source.enabled and not source.sample
    }


def to_celery_schedule(schedule: Schedule) -> Any:
    if schedule.every is not None:
        return schedule.every
    minute, hour, day_of_month, month_of_year, day_of_week = schedule.cron.split()  # type: ignore[union-attr]
    return crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
    )


def reconcile_schedule(every_seconds: int) -> dict[str, dict[str, Any]]:
    return {
        "reconcile": {
            "task": RECONCILE,
            "schedule": timedelta(seconds=every_seconds),
            "options": {"queue": PROCESS_QUEUE},
        }
    }


HEALTH_CHECK_SECONDS = 60
DELIVERY_SECONDS = 15


def ops_schedule() -> dict[str, dict[str, Any]]:
    """The health check (drift, late and failing sources, alerts) and the webhook deliveries."""
    return {
        "check-health": {"task": CHECK_HEALTH, "schedule": timedelta(seconds=HEALTH_CHECK_SECONDS),
                         "options": {"queue": PROCESS_QUEUE, "expires": HEALTH_CHECK_SECONDS}},
        "deliver-webhooks": {"task": DELIVER_WEBHOOKS, "schedule": timedelta(seconds=DELIVERY_SECONDS),
                             "options": {"queue": PROCESS_QUEUE, "expires": DELIVERY_SECONDS}},
    }
