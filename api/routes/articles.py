from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy.orm import Session

from api import conditional, schemas
from api.auth import ReaderKey
from api.cursors import BadCursor, decode_feed_key, encode_feed_key
from api.deps import SessionDep
from api.errors import ApiError, invalid
from api.params import DEFAULT_PAGE_SIZE, Cursor, Limit, SourceKey, link
from api.schemas import ArticleDetail, ArticlePage, Error
from storage.repositories import changes, feed

router = APIRouter(tags=["articles"], dependencies=[ReaderKey])

MAX_QUERY_LENGTH = 200
ArticleId = Annotated[str, Path(max_length=64, description="Article id.")]
Category = Annotated[str | None, Query(max_length=200, description="Exact category, as the page names it.")]
Cluster = Annotated[str | None, Query(max_length=64, description="Only the members of this cluster (a record id).")]
Since = Annotated[datetime | None, Query(description="Published (or first seen) at or after this time (ISO 8601).")]
Until = Annotated[datetime | None, Query(description="Published (or first seen) before this time (ISO 8601).")]
Search = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="Substring search in title and body (Chinese works); all whitespace-separated terms must occur.",
    ),
]
MinConfidence = Annotated[
    float | None,
    Query(ge=0, le=1, description="Only records whose body confidence is at least this (0-1)."),
]
LowConfidence = Annotated[
    bool | None,
    Query(description="`false`: leave out records flagged `low_confidence`; `true`: only those records."),
]
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _instant(name: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if not EARLIEST <= value <= LATEST:
        raise invalid(name, "must be between 1900 and 2200")
    return value.astimezone(UTC)


@router.get("/articles", response_model=ArticlePage, responses={422: {"model": Error}})
def list_articles(
    request: Request,
    session: SessionDep,
    source: SourceKey = None,
    category: Category = None,
    since: Since = None,
    until: Until = None,
    q: Search = None,
    cluster: Cluster = None,
    min_confidence: MinConfidence = None,
    low_confidence: LowConfidence = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> Response:
    """Canonical records (one per story; with `cluster`, that story's members), newest first by publication date
    (first-seen date when the page has none). Follow `next` until it is null: pages neither repeat nor skip."""
    try:
        after = decode_feed_key(cursor) if cursor else None
    except BadCursor as exc:
        raise invalid("cursor", str(exc)) from None
    if q is not None and not q.split():
        raise invalid("q", "give at least one non-blank term")
    filters = feed.ArticleFilter(
        source=source,
        category=category,
        cluster_id=cluster,
        published_since=_instant("since", since),
        published_until=_instant("until", until),
        q=q,
        min_confidence=min_confidence,
        low_confidence=low_confidence,
    )
    rows = feed.list_canonical(session, limit=limit + 1, filters=filters, after=after, canonical_only=cluster is None)
    more = len(rows) > limit
    rows = rows[:limit]
    members = feed.other_members(session, rows)
    next_cursor = encode_feed_key(feed.FeedKey.of(rows[-1])) if more else None
    next_url = link(request, cursor=next_cursor) if next_cursor else None
    page = ArticlePage(
        items=[schemas.article_summary(row, members.get(row.id, [])) for row in rows],
        next=next_url,
        cursor=next_cursor,
    )
    body = page.model_dump_json().encode()
    modified = _last_modified(session, rows)
    return conditional.respond(request, body, "application/json", last_modified=modified, next_url=next_url)


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses={404: {"model": Error}})
def get_article(request: Request, article_id: ArticleId, session: SessionDep) -> Response:
    """The full record: bodies, images, attachments, flags, earlier revisions and the other members of its cluster."""
    row = feed.get_articles(session, [article_id]).get(article_id)
    if row is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    members = feed.other_members(session, [row]).get(row.id, [])
    body = schemas.article_detail(row, members, feed.revisions(session, row.id)).model_dump_json().encode()
    return conditional.respond(request, body, "application/json", last_modified=_last_modified(session, [row]))


def _last_modified(session: Session, rows: Sequence[Any]) -> datetime | None:
    """The newest change anywhere (a member joined, a record left the page) or re-crawl of a row on the page."""
    times = [changes.last_changed_at(session)]
    for row in rows:
        times += [row.updated_at, row.last_seen_at, row.removed_at]
    return conditional.newest(times)
