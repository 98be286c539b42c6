"""Signed webhook deliveries: the alert outbox (`webhook_deliveries`) and consumers' new-article subscriptions.

Every POST carries a JSON body and `X-Unionfeed-Signature: sha256=<hex HMAC-SHA256 of the body>` (the secret: the
deployment's `UNIONFEED_WEBHOOK_SECRET` for alerts, the subscription's own secret, shown once when it was
registered, for new-article deliveries), plus `X-Unionfeed-Event` and `X-Unionfeed-Delivery`. A receiver that does not
answer 2xx is tried again after `backoff` (doubling from `webhook_backoff_seconds`, at most an hour), up to
`webhook_max_attempts` for an alert; a subscription keeps its change-log cursor, so nothing is skipped, only late.
A subscription's URL comes from a consumer, so its deliveries connect only to public addresses and the networks the
deployment allows (`UNIONFEED_PRIVATE_NETWORKS`), with the crawler's fetch safety (common/fetch.py): a name that
resolves to a private address or a cloud metadata service is refused, redirects included. Alert URLs are the
deployment's own setting and go where it says.
Run by the `unionfeed.deliver_webhooks` task (beat, and right after an alert is recorded) or in-process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from common.addresses import Network, RefusedAddress, parse_networks
from common.fetch import open_url
from common.settings import Settings
from storage.base import utcnow
from storage.repositories import ops
from storage.session import session_scope

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Unionfeed-Signature"
EVENT_HEADER = "X-Unionfeed-Event"
DELIVERY_HEADER = "X-Unionfeed-Delivery"
ARTICLES_CREATED = "articles.created"
BATCH = 100
MAX_BACKOFF = timedelta(hours=1)


class DeliveryFailed(Exception):
    pass


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """For receivers (and the tests): constant-time comparison of the header with the body's signature."""
    return hmac.compare_digest(sign(secret, body), signature)


def backoff(attempts: int, base_seconds: float) -> timedelta:
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()


def post(
    url: str,
    body: bytes,
    *,
    secret: str | None,
    event: str,
    delivery: str,
    timeout: float,
    user_agent: str,
    allowed: Sequence[Network] | None = None,
) -> None:
    """POST the body; ``allowed``: the private networks a consumer's URL may reach (None: any address, for the
    deployment's own alert URLs)."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": user_agent,
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery,
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    try:
        with _open(url, body, headers, timeout, allowed) as response:
            status = response.status
    except RefusedAddress as exc:
        raise DeliveryFailed(f"refused: {exc}") from None
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"HTTP {status}")


def _open(url: str, body: bytes, headers: dict[str, str], timeout: float, allowed: Sequence[Network] | None) -> Any:
    if allowed is None:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s) URLs only
    return open_url(url, allowed=allowed, timeout=timeout, headers=headers, data=body, method="POST")


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    given_up: int = 0
    articles: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def deliver_due(factory: sessionmaker[Session], settings: Settings, now: datetime | None = None) -> DeliveryReport:
    """Send every due alert and every subscription's new articles once; failures are rescheduled."""
    report = DeliveryReport()
    now = now or utcnow()
    with session_scope(factory) as session:
        alert_ids = ops.due_delivery_ids(session, now, limit=200)
        subscription_ids = ops.due_subscription_ids(session, now)
    for delivery_id in alert_ids:
        with session_scope(factory) as session:
            _deliver_alert(session, settings, delivery_id, now, report)
    for subscription_id in subscription_ids:
        with session_scope(factory) as session:
            _deliver_articles(session, settings, subscription_id, now, report)
    return report


def _deliver_alert(
    session: Session, settings: Settings, delivery_id: int, now: datetime, report: DeliveryReport
) -> None:
    row = ops.claim_delivery(session, delivery_id)
    if row is None:
        return
    row.attempts += 1
    try:
        post(
            row.url,
            encode(row.payload),
            secret=settings.webhook_secret,
            event=row.event,
            delivery=f"alert-{row.id}",
            timeout=settings.webhook_timeout_seconds,
            user_agent=settings.user_agent,
        )
    except DeliveryFailed as exc:
        row.last_error = str(exc)
        if row.attempts >= settings.webhook_max_attempts:
            row.status = "failed"
            report.given_up += 1
            log.warning("alert webhook %s gave up after %d attempts: %s", row.url, row.attempts, exc)
        else:
            row.next_attempt_at = now + backoff(row.attempts, settings.webhook_backoff_seconds)
            report.retrying += 1
        return
    row.status, row.delivered_at, row.last_error = "delivered", now, None
    report.delivered += 1


def _deliver_articles(
    session: Session, settings: Settings, subscription_id: int, now: datetime, report: DeliveryReport
) -> None:
    row = ops.claim_subscription(session, subscription_id)
    if row is None:
        return
    created = ops.created_after(session, row.last_seq, BATCH)
    if not created:
        return
    last_seq = created[-1][0]
    payload = {
        "event": ARTICLES_CREATED,
        "cursor": str(last_seq),
        "articles": [
            {
                "seq": seq,
                "id": a.id,
                "url": a.canonical_url,
                "source": a.source,
                "title": a.title,
                "published_at": a.published_at.isoformat() if a.published_at else None,
                "cluster_id": a.cluster_id,
            }
            for seq, a in created
        ],
    }
    try:
        post(
            row.url,
            encode(payload),
            secret=row.secret,
            event=ARTICLES_CREATED,
            delivery=f"sub-{row.id}-{last_seq}",
            timeout=settings.webhook_timeout_seconds,
            user_agent=settings.user_agent,
            allowed=parse_networks(settings.private_networks),
        )
    except DeliveryFailed as exc:
        row.failures += 1
        row.last_error = str(exc)
        row.next_attempt_at = now + backoff(row.failures, settings.webhook_backoff_seconds)
        report.retrying += 1
        return
    row.last_seq, row.failures, row.last_error, row.last_delivered_at = last_seq, 0, None, now
    report.delivered += 1
    report.articles += len(created)
