from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api import schemas
from api.auth import ReaderKey
from api.deps import SessionDep
from api.params import DEFAULT_PAGE_SIZE, Limit, SourceKey, link
from api.responses import model_response
from api.schemas import ChangePage, Error
from storage.repositories import changes, feed

router = APIRouter(tags=["sync"], dependencies=[ReaderKey])

ChangeCursor = Annotated[
    int, Query(ge=0, le=2**63 - 1, description="The last `seq` you processed; 0 (the default) starts from the first.")
]


@router.get("/changes", response_model=ChangePage, responses={401: {"model": Error}, 422: {"model": Error}})
def list_changes(
    request: Request,
    session: SessionDep,
    cursor: ChangeCursor = 0,
    limit: Limit = DEFAULT_PAGE_SIZE,
    source: SourceKey = None,
) -> Response:
    """Every created, updated, merged or deleted (taken down: delete your copy) record after `cursor`, in commit
    order. Keep the returned `cursor` and come back with it: each change is delivered exactly once, even while many
    workers write. The sequence is assigned at commit, so nothing can appear later below a cursor you already
    passed."""
    rows = changes.list_changes_with_articles(session, after=cursor, limit=limit + 1, source=source)
    has_more = len(rows) > limit
    rows = rows[:limit]
    members = feed.other_members(session, [row for row in rows if row.id is not None])
    items = [
        schemas.Change(
            seq=row.seq,
            kind=row.kind,
            article_id=row.article_id,
            changed_at=row.changed_at,
            article=schemas.article(row, members.get(row.id, [])) if row.id is not None else None,
        )
        for row in rows
    ]
    next_cursor = rows[-1].seq if rows else cursor
    next_url = link(request, cursor=next_cursor)
    page = ChangePage(items=items, cursor=next_cursor, has_more=has_more, next=next_url)
    return model_response(page, next_url=next_url if has_more else None)


@router.get("/changes/head", responses={401: {"model": Error}})
def changes_head(session: SessionDep) -> dict[str, int]:
    """The newest change number: start a consumer here to receive only changes from now on."""
    return {"cursor": changes.head(session)}
