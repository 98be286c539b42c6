"""The Celery app. `celery -A workers.celery_app worker` and `unionfeed worker` both load `app` from here.

Defaults follow Celery's own guidance for long, idempotent tasks: late acks, a killed worker's message comes back,
prefetch 1, and a Redis visibility timeout longer than any task or retry delay. Without a Redis URL (the embedded
mode) tasks run eagerly in-process through exactly the same task code.
"""

from __future__ import annotations

from celery import Celery, Task

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
from workers import heartbeat
from workers.context import WorkerContext
from workers.schedule import beat_schedule, ops_schedule, reconcile_schedule

VISIBILITY_TIMEOUT = 6 * 3600


def create_celery(settings: Settings) -> Celery:
    app = Celery("unionfeed", broker=settings.redis_url or "memory://", include=["workers.tasks"])
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
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
        broker_connection_retry_on_startup=True,
        task_always_eager=not settings.distributed,
        task_eager_propagates=False,
        worker_hijack_root_logger=False,
        # Task events, so Flower (docker compose --profile flower) and `celery events` see the workers.
        worker_send_task_events=True,
        task_send_sent_event=True,
    )
    app.unionfeed = WorkerContext(settings)  # type: ignore[attr-defined]
    if settings.distributed:
        # RedBeat keeps the schedule and a lock in Redis: only one beat schedules at a time, and a restarted beat
        # picks up the current sources.yaml.
        app.conf.beat_scheduler = "redbeat.RedBeatScheduler"
        app.conf.redbeat_redis_url = settings.redis_url
        app.conf.redbeat_lock_timeout = 5 * 60
        app.conf.beat_max_loop_interval = 30
        app.conf.beat_schedule = {
            **beat_schedule(app.unionfeed.sources),  # type: ignore[attr-defined]
            **reconcile_schedule(settings.reconcile_every_seconds),
            **ops_schedule(),
        }
        heartbeat.connect(app)
    return app


app = create_celery(Settings())


def local_task(celery: Celery, name: str) -> Task:
    """The task object registered under `name`, for running it in this process (`.apply`)."""
    celery.loader.import_default_modules()
    return celery.tasks[name]
