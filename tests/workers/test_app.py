from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from redbeat.schedulers import RedBeatConfig

from common.contract import CRAWL_SOURCE, RECONCILE
from common.settings import Settings
from common.sources import load_sources
from workers.app import beat_schedule, create_celery
from workers.lease import VisibilityLease

ROOT = Path(__file__).resolve().parents[2]


def test_every_enabled_real_source_is_scheduled_and_samples_are_not() -> None:
    sources = load_sources(ROOT / "sources.yaml")
    schedule = beat_schedule(sources)
    expected = {f"crawl:{s.key}" for s in sources.sources if s.enabled and not s.sample}
    assert set(schedule) == expected
    entry = schedule["crawl:workercn"]
    assert entry["task"] == CRAWL_SOURCE and entry["args"] == ["workercn"]
    assert entry["kwargs"] == {"trigger": "schedule"} and entry["options"] == {"queue": "crawl"}
    assert entry["schedule"] == timedelta(minutes=30)
    cron = schedule["crawl:zjftu"]["schedule"]
    assert isinstance(cron, crontab) and cron.minute == {15}


def test_distributed_app_uses_redbeat_and_schedules_the_reconciler() -> None:
    app = create_celery(Settings(redis_url="redis://127.0.0.1:6379/13", sources_path=ROOT / "sources.yaml"))
    assert app.conf.beat_scheduler == "redbeat.RedBeatScheduler"
    assert app.conf.beat_schedule["reconcile"]["task"] == RECONCILE
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    # Short, so a killed worker's messages come back within minutes; live workers renew theirs (workers/lease.py).
    assert app.conf.broker_transport_options["visibility_timeout"] == 300
    assert VisibilityLease in app.steps["consumer"]


def test_redbeat_reads_its_own_client_options_not_the_broker_s() -> None:
    app = create_celery(Settings(redis_url="redis://127.0.0.1:6379/13", sources_path=ROOT / "sources.yaml"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # RedBeat warns before it drops the fallback (2.5)
        config = RedBeatConfig(app)
    assert config.redbeat_redis_options == {}


def test_embedded_app_runs_tasks_eagerly() -> None:
    app = create_celery(Settings(redis_url=None))
    assert app.conf.task_always_eager
