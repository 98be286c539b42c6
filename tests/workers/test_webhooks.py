"""Alerts and new-article webhooks delivered to a local receiver: the signature verifies, an alert is sent once per
state change (not per crawl), a receiver that fails gets the same delivery again after the backoff, and a consumer's
subscription receives each new article once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from common.sources import Source, SourcesFile
from storage.base import utcnow
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.ops_models import WebhookDelivery
from storage.repositories import api_keys, ops
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import Seeder
from workers.alerts import CheckConfig, check_health
from workers.webhooks import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, deliver_due, verify

SECRET = "alert-secret"


@dataclass
class Receiver:
    url: str = ""
    answers: list[int] = field(default_factory=list)  # statuses to answer next (then 200)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, body in self.received]


@contextmanager
def serve_receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 that records every POST and answers the queued statuses, then 200."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((dict(self.headers), body))
            self.send_response(state.answers.pop(0) if state.answers else 200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serve_receiver() as state:
        yield state


@pytest.fixture
def factory(tmp_path) -> Iterator[sessionmaker[Session]]:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'hooks.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def settings(**values: object) -> Settings:
    return Settings(
        database_url="sqlite://", redis_url=None, webhook_secret=SECRET, webhook_backoff_seconds=10, **values
    )


SOURCES = SourcesFile(sources=[Source(key="alpha", name="Alpha", start_urls=["http://alpha.example.test/"])])


def crawl(factory: sessionmaker[Session], status: str) -> None:
    now = utcnow()
    with session_scope(factory) as session:
        session.add(
            CrawlRun(
                source="alpha", trigger="schedule", status=status, started_at=now, finished_at=now, stats={}, errors=[]
            )
        )


def test_an_alert_is_signed_sent_once_per_state_change_and_retried(
    factory: sessionmaker[Session], receiver: Receiver
) -> None:
    config = CheckConfig.from_settings(settings(alert_webhooks=[receiver.url]), SOURCES)
    app = settings()
    crawl(factory, "succeeded")
    assert check_health(factory, SOURCES, config) == []  # first look at a healthy source: nothing to say
    for _ in range(3):
        crawl(factory, "failed")
        check_health(factory, SOURCES, config)
    assert deliver_due(factory, app).delivered == 1
    headers, body = receiver.received[0]
    assert verify(SECRET, body, headers[SIGNATURE_HEADER]) and not verify("other", body, headers[SIGNATURE_HEADER])
    assert headers[EVENT_HEADER] == "source.health"
    alert = json.loads(body)
    assert (alert["source"], alert["previous"], alert["state"]) == ("alpha", "ok", "failing")
    assert alert["reasons"] == ["the last 3 crawls failed"]

    crawl(factory, "failed")  # still failing: no second alert
    check_health(factory, SOURCES, config)
    assert deliver_due(factory, app).delivered == 0 and len(receiver.received) == 1

    crawl(factory, "succeeded")  # recovered: one alert, and the receiver fails twice before taking it
    assert [a["state"] for a in check_health(factory, SOURCES, config)] == ["ok"]
    receiver.answers = [500, 503]
    now = utcnow()
    assert deliver_due(factory, app, now).retrying == 1
    assert deliver_due(factory, app, now + timedelta(seconds=5)).as_dict()["retrying"] == 0  # backoff: not yet due
    assert deliver_due(factory, app, now + timedelta(seconds=11)).retrying == 1
    assert deliver_due(factory, app, now + timedelta(seconds=11 + 21)).delivered == 1  # 10 s, then 20 s
    retried = receiver.received[1:]
    assert len(retried) == 3 and len({h[DELIVERY_HEADER] for h, _ in retried}) == 1
    assert len({body for _, body in retried}) == 1 and json.loads(retried[0][1])["state"] == "ok"


def test_a_receiver_that_never_answers_is_given_up_after_the_last_attempt(
    factory: sessionmaker[Session], receiver: Receiver
) -> None:
    app = settings(webhook_max_attempts=2)
    with session_scope(factory) as session:
        ops.enqueue_delivery(session, url=receiver.url, event="source.health", payload={"n": 1}, now=utcnow())
    receiver.answers = [500, 500]
    later = utcnow() + timedelta(hours=2)
    assert deliver_due(factory, app).retrying == 1
    assert deliver_due(factory, app, later).given_up == 1
    with session_scope(factory) as session:
        row = session.scalars(select(WebhookDelivery)).one()
        assert (row.status, row.attempts, row.last_error) == ("failed", 2, "HTTP 500")


def test_a_subscription_receives_each_new_article_once_and_again_after_a_failure(
    factory: sessionmaker[Session], receiver: Receiver
) -> None:
    app = settings(private_networks=["127.0.0.0/8"])  # the receiver runs on loopback
    with session_scope(factory) as session:
        Seeder(session).article(id="a" * 32)  # before the subscription: not delivered
    with session_scope(factory) as session:
        key, _ = api_keys.create_key(session, "consumer")
        subscription = ops.add_subscription(
            session, api_key_id=key.id, url=receiver.url, secret="sub-secret", now=utcnow()
        )
    with session_scope(factory) as session:
        seeder = Seeder(session)
        seeder.article(id="b" * 32, title="新文章一")
        seeder.article(id="c" * 32, title="新文章二")
    receiver.answers = [502]
    assert deliver_due(factory, app).retrying == 1
    assert deliver_due(factory, app, utcnow() + timedelta(seconds=11)).articles == 2
    assert deliver_due(factory, app, utcnow() + timedelta(seconds=30)).articles == 0
    (first_headers, first), (headers, body) = receiver.received
    assert first == body and verify("sub-secret", body, headers[SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["event"] == "articles.created"
    assert [a["id"] for a in payload["articles"]] == ["b" * 32, "c" * 32]
    assert [a["title"] for a in payload["articles"]] == ["新文章一", "新文章二"]
    with session_scope(factory) as session:
        row = session.get(ops.WebhookSubscription, subscription.id)
        assert row is not None and str(row.last_seq) == payload["cursor"] and row.failures == 0


@pytest.mark.parametrize("allowed", [[], ["10.0.0.0/8"]])
def test_a_subscription_is_not_delivered_to_an_address_the_deployment_does_not_allow(
    factory: sessionmaker[Session], receiver: Receiver, allowed: list[str]
) -> None:
    """A consumer's URL whose name resolves inside the deployment (here: localhost) gets nothing; the alert URLs,
    the deployment's own setting, are not held to it (see the alert tests above, on the same receiver)."""
    with session_scope(factory) as session:
        key, _ = api_keys.create_key(session, "consumer")
        subscription = ops.add_subscription(
            session, api_key_id=key.id, url=receiver.url.replace("127.0.0.1", "localhost"), secret="s", now=utcnow()
        )
    with session_scope(factory) as session:
        Seeder(session).article(id="d" * 32)
    report = deliver_due(factory, settings(private_networks=allowed))
    assert (report.delivered, report.retrying) == (0, 1)
    assert receiver.received == []
    with session_scope(factory) as session:
        row = session.get(ops.WebhookSubscription, subscription.id)
        assert row is not None and row.failures == 1
        assert row.last_error is not None and row.last_error.startswith("refused: ") and "loopback" in row.last_error
