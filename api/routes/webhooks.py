"""`/webhooks`: a consumer registers a URL that receives new articles as signed POSTs, an alternative to the Redis
stream for consumers that cannot reach the broker. Scoped to the key that registered it: a key sees and removes only
its own. Deliveries start at the change log's head at registration (only articles created afterwards), in batches
of up to 100, each `{"event": "articles.created", "cursor", "articles": [...]}` signed with the secret returned here
once (`X-Unionfeed-Signature: sha256=<hex HMAC-SHA256 of the body>`). A URL whose host is an address outside the
public internet and the deployment's `UNIONFEED_PRIVATE_NETWORKS`, or a cloud metadata name, is refused here; names
are checked again at each delivery, once resolved (workers/webhooks.py). See docs/operations.md.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field, field_validator

from api.auth import ReaderKey, query_key
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError
from api.routes.status import presented_key
from api.schemas import Error
from common.addresses import describe_refusal, host_refusal, parse_networks
from common.sources import check_http_url
from storage.base import utcnow
from storage.repositories import api_keys, ops

router = APIRouter(tags=["webhooks"], dependencies=[ReaderKey])


class WebhookRequest(BaseModel):
    url: str = Field(max_length=2000, description="An http(s) URL that accepts POSTed JSON.")

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        return check_http_url(url.strip(), "webhook URL")


class Webhook(BaseModel):
    id: int
    url: str
    cursor: str = Field(description="Change-log position delivered up to.")
    failures: int
    last_error: str | None
    last_delivered_at: datetime | None


class WebhookCreated(Webhook):
    secret: str = Field(description="HMAC-SHA256 key of the signature header. Shown once.")


class WebhookList(BaseModel):
    items: list[Webhook]


def key_id(request: Request, session: SessionDep) -> int:
    key = presented_key(request) or query_key(request)
    row = api_keys.find_active(session, key) if key else None
    if row is None:
        raise ApiError(403, "webhooks belong to a key: send the consumer key that owns them")
    return row.id


KeyId = Annotated[int, Depends(key_id)]


def _view(row: ops.WebhookSubscription) -> Webhook:
    return Webhook(
        id=row.id,
        url=row.url,
        cursor=str(row.last_seq),
        failures=row.failures,
        last_error=row.last_error,
        last_delivered_at=row.last_delivered_at,
    )


@router.post(
    "/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    responses={401: {"model": Error}, 403: {"model": Error}, 422: {"model": Error}},
)
def register(body: WebhookRequest, owner: KeyId, session: SessionDep, settings: SettingsDep) -> WebhookCreated:
    """Register a URL for new articles; the answer holds the signing secret (shown only now)."""
    host = urlsplit(body.url).hostname or ""
    if (kind := host_refusal(host, parse_networks(settings.private_networks))) is not None:
        raise ApiError(422, f"webhook URL refused: {describe_refusal(host, None, kind)}")
    row = ops.add_subscription(session, api_key_id=owner, url=body.url, secret=secrets.token_hex(32), now=utcnow())
    return WebhookCreated(**_view(row).model_dump(), secret=row.secret)


@router.get("/webhooks", response_model=WebhookList, responses={401: {"model": Error}, 403: {"model": Error}})
def list_webhooks(owner: KeyId, session: SessionDep) -> WebhookList:
    return WebhookList(items=[_view(row) for row in ops.subscriptions_of(session, owner)])


@router.delete(
    "/webhooks/{webhook_id}",
    status_code=204,
    responses={401: {"model": Error}, 403: {"model": Error}, 404: {"model": Error}},
)
def remove(webhook_id: Annotated[int, Path(ge=1, le=2**63 - 1)], owner: KeyId, session: SessionDep) -> None:
    if not ops.remove_subscription(session, owner, webhook_id):
        raise ApiError(404, f"no webhook {webhook_id} of this key")
