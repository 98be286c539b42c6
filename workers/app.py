"""The Celery app (`UnionfeedCelery`: a Celery that carries the worker's services, typed) and beat's schedule.

Every entry point builds its app with `create_celery(settings)`. Importing this module builds nothing; the one
module-level app, for `celery -A workers.app ...`, is built on first access to `workers.app.app`, from the
environment's `Settings()` (see `__getattr__` below).

Defaults follow Celery's own guidance for long, idempotent tasks: late acks, a killed worker's message comes back,
prefetch 1. The Redis visibility timeout is short (`UNIONFEED_BROKER_VISIBILITY_SECONDS`, 5 minutes), so a killed
worker's messages come back within minutes; each worker renews the messages it holds (`workers/lease.py`), so a
task longer than the timeout, or waiting for its retry, is not sent twice. Without a Redis URL (the embedded mode)
tasks run eagerly in-process through exactly the same task code.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab

from common.contract import (
    CHECK_HEALTH,
    CRAWL_QUEUE,
    CRAWL_SOURCE,
    DELIVER_WEBHOOKS,
    PROCESS_PAGE,
    PROCESS_PAGES,
    PROCESS_QUEUE,
    RECONCILE,
)
from common.settings import Settings
from common.sources import Schedule, SourcesFile
from workers import heartbeat
from workers.context import WorkerContext
from workers.lease import VisibilityLease, transport_options


class UnionfeedCelery(Celery):
    """A Celery app with the worker's services, typed (`unionfeed`: settings, sources, sessions, Redis, dedup, each
    built lazily once per process by `WorkerContext`). Celery's own constructor is kept, so the app pickles as any
    Celery app does; `create_celery` sets the services."""

    unionfeed: WorkerContext


def services(app: Celery) -> WorkerContext:
    """The services of the app a task runs in (tasks see `self.app` as a plain `Celery`)."""
    if not isinstance(app, UnionfeedCelery):
        raise TypeError(f"{app!r} is not built by workers.app.create_celery")
    return app.unionfeed


def create_celery(settings: Settings) -> UnionfeedCelery:
    app = UnionfeedCelery("unionfeed", broker=settings.redis_url or "memory://", include=["workers.tasks"])
    app.unionfeed = WorkerContext(settings)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=PROCESS_QUEUE,
        task_routes={
            PROCESS_PAGE: {"queue": PROCESS_QUEUE},
            PROCESS_PAGES: {"queue": PROCESS_QUEUE},
            RECONCILE: {"queue": PROCESS_QUEUE},
            CHECK_HEALTH: {"queue": PROCESS_QUEUE},
            DELIVER_WEBHOOKS: {"queue": PROCESS_QUEUE},
            CRAWL_SOURCE: {"queue": CRAWL_QUEUE},
        },
        broker_transport_options=transport_options(settings.broker_visibility_seconds),
        # A task running when the broker connection is lost cannot be acknowledged any more: it is cancelled and
        # its message comes back (Celery 6's default; every task here is idempotent).
        worker_cancel_long_running_tasks_on_connection_loss=True,
        broker_connection_retry_on_startup=True,
        task_always_eager=not settings.distributed,
        task_eager_propagates=False,
        worker_hijack_root_logger=False,
        # Task events, so Flower (docker compose --profile flower) and `celery events` see the workers.
        worker_send_task_events=True,
        task_send_sent_event=True,
    )
    if settings.distributed:
        # RedBeat keeps the schedule and a lock in Redis: only one beat schedules at a time, and a restarted beat
        # picks up the current sources.yaml.
        app.conf.beat_scheduler = "redbeat.RedBeatScheduler"
        app.conf.redbeat_redis_url = settings.redis_url
        app.conf.redbeat_lock_timeout = 5 * 60
        # RedBeat's own client options, set explicitly: the broker's transport options (visibility timeout, restore
        # sweep) are the broker's, and RedBeat stops falling back to them in 2.5 (the empty set is what it used)
        app.conf.redbeat_redis_options = {}
        app.conf.beat_max_loop_interval = 30
        app.conf.beat_schedule = {
            **beat_schedule(app.unionfeed.sources),
            **reconcile_schedule(settings.reconcile_every_seconds),
            **ops_schedule(),
        }
        heartbeat.connect(app)  # workers seen on the status page
        app.steps["consumer"].add(VisibilityLease)
    return app


def local_task(celery: Celery, name: str) -> Task:
    """The task object registered under `name`, for running it in this process (`.apply`)."""
    celery.loader.import_default_modules()
    return celery.tasks[name]


# --- beat's schedule, from sources.yaml: one periodic crawl per enabled, non-sample source -----------------------


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
    return crontab(**schedule.cron_fields())


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
        "check-health": {
            "task": CHECK_HEALTH,
            "schedule": timedelta(seconds=HEALTH_CHECK_SECONDS),
            "options": {"queue": PROCESS_QUEUE, "expires": HEALTH_CHECK_SECONDS},
        },
        "deliver-webhooks": {
            "task": DELIVER_WEBHOOKS,
            "schedule": timedelta(seconds=DELIVERY_SECONDS),
            "options": {"queue": PROCESS_QUEUE, "expires": DELIVERY_SECONDS},
        },
    }


def __getattr__(name: str) -> Any:
    """`workers.app.app`: the app `celery -A workers.app` loads, built on first access from the environment."""
    if name == "app":
        globals()["app"] = create_celery(Settings())
        return globals()["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
