"""`/metrics` for Prometheus (api/metrics.py says where the figures come from). Same access rule as the status page:
an operator key (Prometheus: `authorization: {credentials: <key>}`) or `UNIONFEED_STATUS_PUBLIC=true`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import SessionDep
from api.metrics import exposition
from api.routes.status import StatusAccess

router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    dependencies=[StatusAccess],
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"}},
)
async def metrics(request: Request, session: SessionDep) -> Response:
    """Crawl, processing, dedup, queue and per-source health figures in the Prometheus text format."""
    body = await run_in_threadpool(exposition, request.app, session)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
