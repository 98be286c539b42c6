from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from api import schemas
from api.cursors import BadCursor, decode_feed_key, encode_feed_key
from api.deps import SessionDep
from api.errors import ApiError, invalid
from api.params import DEFAULT_PAGE_SIZE, Cursor, Limit, SourceKey, link
from api.schemas import ArticleDetail, ArticlePage, Error
from storage.repositories import feed

router = APIRouter(tags=["articles"])

ArticleId = Annotated[str, Path(max_length=64, description="Article id.")]


@router.get("/articles", response_model=ArticlePage, responses={422: {"model": Error}})
def list_articles(
    request: Request,
    session: SessionDep,
    source: SourceKey = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> ArticlePage:
    """Canonical records (one per story), newest first by publication date (first-seen date when the page has
    none). Follow `next` until it is null; a page never repeats or skips a record of the ones it orders."""
    try:
        after = decode_feed_key(cursor) if cursor else None
    except BadCursor as exc:
        raise invalid("cursor", str(exc)) from None
    filters = feed.ArticleFilter(source=source)
    rows = feed.list_canonical(session, limit=limit + 1, filters=filters, after=after)
    more = len(rows) > limit
    rows = rows[:limit]
    members = feed.other_members(session, rows)
    next_cursor = encode_feed_key(feed.feed_sort_key(rows[-1]), rows[-1].id) if more else None
    return ArticlePage(
        items=[schemas.article_summary(row, members.get(row.id, [])) for row in rows],
        next=link(request, cursor=next_cursor) if next_cursor else None,
        cursor=next_cursor,
    )


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses={404: {"model": Error}})
def get_article(article_id: ArticleId, session: SessionDep) -> ArticleDetail:
    """The full record: bodies, images, attachments, flags, earlier revisions and the other members of its cluster."""
    row = feed.get_articles(session, [article_id]).get(article_id)
    if row is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    members = feed.other_members(session, [row]).get(row.id, [])
    return schemas.article_detail(row, members, feed.revisions(session, row.id))
