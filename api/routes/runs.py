from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api import schemas
from api.auth import ReaderKey
from api.cursors import BadCursor, decode_id, encode_id
from api.deps import SessionDep
from api.errors import ApiError, invalid
from api.params import DEFAULT_PAGE_SIZE, Cursor, Limit, SourceKey, link
from api.responses import model_response
from api.schemas import Error, Run, RunPage
from storage.repositories import feed, runs

router = APIRouter(tags=["runs"], dependencies=[ReaderKey])

RunStatus = Literal["running", "succeeded", "partial", "failed", "skipped", "interrupted"]


@router.get("/runs", response_model=RunPage, responses={401: {"model": Error}, 422: {"model": Error}})
def list_runs(
    request: Request,
    session: SessionDep,
    source: SourceKey = None,
    status: Annotated[RunStatus | None, Query()] = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> Response:
    """Crawl runs, newest first, with their stats and errors by kind."""
    try:
        before = decode_id("runs", cursor) if cursor else None
    except BadCursor as exc:
        raise invalid("cursor", str(exc)) from None
    rows = feed.list_runs(session, limit=limit + 1, source=source, status=status, before_id=before)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_id("runs", rows[-1].id) if more else None
    next_url = link(request, cursor=next_cursor) if next_cursor else None
    page = RunPage(items=[schemas.run(r) for r in rows], next=next_url, cursor=next_cursor)
    return model_response(page, next_url=next_url)


@router.get("/runs/{run_id}", response_model=Run, responses={401: {"model": Error}, 404: {"model": Error}})
def get_run(run_id: Annotated[int, Path(ge=1, le=2**63 - 1)], session: SessionDep) -> Run:
    row = runs.get_run(session, run_id)
    if row is None:
        raise ApiError(404, f"no run with id {run_id}")
    return schemas.run(row)
