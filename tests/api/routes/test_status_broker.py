"""With a broker: the status page and /metrics show the Celery queues' depths and the workers whose heartbeat is
fresh (a worker's Celery event heartbeat writes the key; here the real signal handler is fired)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import redis
from celery import Celery
from celery.signals import heartbeat_sent
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from workers import heartbeat


class Heart:
    """Stands for Celery's `Heart` bootstep as the signal's sender: what the handler reads of it."""

    eventer = SimpleNamespace(hostname="celery@worker-a")


@pytest.mark.integration
def test_queues_and_workers_seen(redis_url: str, settings: Settings, db: Session) -> None:
    client = redis.Redis.from_url(redis_url)
    client.rpush("process", *[b"m"] * 3)
    client.rpush("crawl", b"m")
    celery = Celery("t", broker="memory://")
    celery.unionfeed = SimpleNamespace(redis=client)  # type: ignore[attr-defined]
    beat = heartbeat.connect(celery)
    try:
        heartbeat_sent.send(sender=Heart())
    finally:
        heartbeat_sent.disconnect(beat)
    assert 0 < client.ttl("unionfeed:worker:celery@worker-a") <= heartbeat.TTL_SECONDS
    app = create_app(settings.model_copy(update={"redis_url": redis_url}))
    app.dependency_overrides[get_session] = lambda: db
    with TestClient(app) as api:
        page = " ".join(api.get("/status").text.split())
        metrics = api.get("/metrics").text
    assert "queue <code>crawl</code><b>1</b>" in page and "queue <code>process</code><b>3</b>" in page
    assert 'workers seen<b>1</b><span class="muted">celery@worker-a</span>' in page
    assert 'unionfeed_queue_depth{queue="process"} 3.0' in metrics
    assert "unionfeed_workers_seen 1.0" in metrics
