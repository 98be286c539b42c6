from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from api import feeds
from api.auth import ReaderKey, public_url
from api.deps import SessionDep
from api.errors import ApiError
from api.params import SOURCE_PATTERN, Limit
from api.schemas import Error
from storage.repositories import feed

router = APIRouter(tags=["feeds"], dependencies=[ReaderKey])

FEED_SIZE = 50
SourcePath = Annotated[str, Path(max_length=100, pattern=SOURCE_PATTERN, description="A crawl source key.")]
ATOM = {200: {"content": {"application/atom+xml": {}}, "description": "An Atom 1.0 feed"}, 401: {"model": Error}}
JSON = {200: {"content": {"application/feed+json": {}}, "description": "A JSON Feed 1.1"}, 401: {"model": Error}}


def _articles(request: Request, session: Session, source: str | None, limit: int) -> tuple[list, str]:
    if source is not None:
        known = {s.key for s in request.app.state.sources}
        rows = feed.list_canonical(session, limit=limit, filters=feed.ArticleFilter(source=source))
        if not rows and source not in known:
            raise ApiError(404, f"unknown source {source!r}")
        return rows, f"unionfeed: {source}"
    return feed.list_canonical(session, limit=limit), "unionfeed: trade-union news"


def _atom(request: Request, session: Session, source: str | None, limit: int) -> Response:
    rows, title = _articles(request, session, source, limit)
    feed_id = f"urn:unionfeed:feed:{source or 'all'}"
    body = feeds.atom(rows, title=title, self_url=public_url(request), feed_id=feed_id)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _json(request: Request, session: Session, source: str | None, limit: int) -> Response:
    rows, title = _articles(request, session, source, limit)
    home = str(request.url_for("list_articles"))
    body: dict[str, Any] = feeds.json_feed(rows, title=title, feed_url=public_url(request), home_page_url=home)
    return JSONResponse(body, media_type="application/feed+json")


@router.get("/feeds/atom.xml", response_class=Response, responses=ATOM)
def atom_all(request: Request, session: SessionDep, limit: Limit = FEED_SIZE) -> Response:
    """The newest canonical records of every source, as Atom."""
    return _atom(request, session, None, limit)


@router.get("/feeds/feed.json", response_class=Response, responses=JSON)
def json_all(request: Request, session: SessionDep, limit: Limit = FEED_SIZE) -> Response:
    """The newest canonical records of every source, as JSON Feed."""
    return _json(request, session, None, limit)


@router.get("/feeds/{source}/atom.xml", response_class=Response, responses={**ATOM, 404: {"model": Error}})
def atom_source(request: Request, session: SessionDep, source: SourcePath, limit: Limit = FEED_SIZE) -> Response:
    """The newest canonical records of one source, as Atom."""
    return _atom(request, session, source, limit)


@router.get("/feeds/{source}/feed.json", response_class=Response, responses={**JSON, 404: {"model": Error}})
def json_source(request: Request, session: SessionDep, source: SourcePath, limit: Limit = FEED_SIZE) -> Response:
    """The newest canonical records of one source, as JSON Feed."""
    return _json(request, session, source, limit)
