from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api import conditional, feeds
from api.auth import ReaderKey, public_url
from api.cursors import BadCursor, decode_feed_key, encode_feed_key
from api.deps import SessionDep
from api.errors import ApiError, invalid
from api.params import SOURCE_PATTERN, Cursor, Limit, link
from api.schemas import Error
from storage.repositories import changes, feed

router = APIRouter(tags=["feeds"], dependencies=[ReaderKey])

FEED_SIZE = 50
SourcePath = Annotated[str, Path(max_length=100, pattern=SOURCE_PATTERN, description="A crawl source key.")]
ATOM = {200: {"content": {"application/atom+xml": {}}, "description": "An Atom 1.0 feed"}, 401: {"model": Error}}
JSON = {200: {"content": {"application/feed+json": {}}, "description": "A JSON Feed 1.1"}, 401: {"model": Error}}


@dataclass(frozen=True)
class FeedPage:
    """One page of a feed: its rows and title, the page after it, and how new the answer is."""

    rows: list[Any]
    title: str
    feed_id: str
    home_page_url: str | None  # the web page a source's feed is about: the source's own site
    next_url: str | None
    last_modified: datetime | None


def _page(request: Request, session: Session, source: str | None, limit: int, cursor: str | None) -> FeedPage:
    try:
        after = decode_feed_key(cursor) if cursor else None
    except BadCursor as exc:
        raise invalid("cursor", str(exc)) from None
    rows = feed.list_canonical(session, limit=limit + 1, filters=feed.ArticleFilter(source=source), after=after)
    known = {s.key: s for s in request.app.state.sources}
    if source is not None and not rows and after is None and source not in known:
        raise ApiError(404, f"unknown source {source!r}")
    page_rows = rows[:limit]
    next_url = None
    if len(rows) > limit:
        next_cursor = encode_feed_key(feed.FeedKey.of(page_rows[-1]))
        next_url = str(request.base_url).rstrip("/") + link(request, cursor=next_cursor)
    times: list[datetime | None] = [changes.last_changed_at(session), *(row.updated_at for row in page_rows)]
    return FeedPage(
        rows=page_rows,
        title=f"unionfeed: {source}" if source else "unionfeed: trade-union news",
        feed_id=f"urn:unionfeed:feed:{source or 'all'}",
        home_page_url=known[source].start_urls[0] if source in known else None,
        next_url=next_url,
        last_modified=conditional.newest(times),
    )


def _atom(request: Request, session: Session, source: str | None, limit: int, cursor: str | None) -> Response:
    page = _page(request, session, source, limit, cursor)
    self_url = public_url(request)
    body = feeds.atom(page.rows, title=page.title, self_url=self_url, feed_id=page.feed_id, next_url=page.next_url)
    media_type = "application/atom+xml; charset=utf-8"
    return conditional.respond(request, body, media_type, last_modified=page.last_modified, next_url=page.next_url)


def _json(request: Request, session: Session, source: str | None, limit: int, cursor: str | None) -> Response:
    page = _page(request, session, source, limit, cursor)
    document: dict[str, Any] = feeds.json_feed(
        page.rows,
        title=page.title,
        feed_url=public_url(request),
        home_page_url=page.home_page_url,
        next_url=page.next_url,
    )
    body = feeds.json_bytes(document)
    media_type = "application/feed+json"
    return conditional.respond(request, body, media_type, last_modified=page.last_modified, next_url=page.next_url)


@router.get("/feeds/atom.xml", response_class=Response, responses=ATOM)
def atom_all(request: Request, session: SessionDep, limit: Limit = FEED_SIZE, cursor: Cursor = None) -> Response:
    """The newest canonical records of every source, as Atom (older pages through `<link rel="next">`)."""
    return _atom(request, session, None, limit, cursor)


@router.get("/feeds/feed.json", response_class=Response, responses=JSON)
def json_all(request: Request, session: SessionDep, limit: Limit = FEED_SIZE, cursor: Cursor = None) -> Response:
    """The newest canonical records of every source, as JSON Feed (older pages through `next_url`)."""
    return _json(request, session, None, limit, cursor)


@router.get("/feeds/{source}/atom.xml", response_class=Response, responses={**ATOM, 404: {"model": Error}})
def atom_source(
    request: Request, session: SessionDep, source: SourcePath, limit: Limit = FEED_SIZE, cursor: Cursor = None
) -> Response:
    """The newest canonical records of one source, as Atom."""
    return _atom(request, session, source, limit, cursor)


@router.get("/feeds/{source}/feed.json", response_class=Response, responses={**JSON, 404: {"model": Error}})
def json_source(
    request: Request, session: SessionDep, source: SourcePath, limit: Limit = FEED_SIZE, cursor: Cursor = None
) -> Response:
    """The newest canonical records of one source, as JSON Feed."""
    return _json(request, session, source, limit, cursor)
