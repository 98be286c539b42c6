"""`POST /crawls`: trigger crawls from the API. Needs an operator key; sends the documented task by name."""

from __future__ import annotations

from celery import Celery
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, model_validator

from api.auth import OperatorKey
from api.errors import ApiError
from api.schemas import Error
from common.contract import CRAWL_QUEUE, CRAWL_SOURCE

router = APIRouter(tags=["crawls"], dependencies=[OperatorKey])


class CrawlRequest(BaseModel):
    source: str | None = Field(None, max_length=100, description="A source key from sources.yaml.")
    all: bool = Field(False, description="Every enabled, non-sample source.")

    @model_validator(mode="after")
    def _one_of(self) -> CrawlRequest:
        if (self.source is None) == (not self.all):
            raise ValueError("give either 'source' or 'all': true")
        return self


class EnqueuedCrawl(BaseModel):
    source: str
    task_id: str


class CrawlsEnqueued(BaseModel):
    enqueued: list[EnqueuedCrawl]


@router.post(
    "/crawls",
    status_code=202,
    response_model=CrawlsEnqueued,
    responses={401: {"model": Error}, 403: {"model": Error}, 404: {"model": Error}, 503: {"model": Error}},
)
def trigger_crawls(request: Request, body: CrawlRequest) -> CrawlsEnqueued:
    """Enqueue crawls on the `crawl` queue (trigger "api"). A source already being crawled records a skipped run."""
    producer = _producer(request)
    known = {s.key: s for s in request.app.state.sources}
    if body.all:
        keys = [s.key for s in known.values() if s.enabled and not s.sample]
    elif body.source in known:
        keys = [body.source]  # type: ignore[list-item]
    else:
        raise ApiError(404, f"unknown source {body.source!r}")
    enqueued = [
        EnqueuedCrawl(
            source=key,
            task_id=producer.send_task(CRAWL_SOURCE, args=[key], kwargs={"trigger": "api"}, queue=CRAWL_QUEUE).id,
        )
        for key in keys
    ]
    return CrawlsEnqueued(enqueued=enqueued)


def _producer(request: Request) -> Celery:
    settings = request.app.state.settings
    if not settings.distributed:
        raise ApiError(503, "no queue is configured: set REDIS_URL to trigger crawls through the API")
    producer = getattr(request.app.state, "celery_producer", None)
    if producer is None:
        producer = request.app.state.celery_producer = Celery("unionfeed-api", broker=settings.redis_url)
    return producer
