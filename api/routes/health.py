from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.schemas import Health
from storage.repositories import feed
from storage.session import session_scope

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health, "description": "Database unreachable"}})
def health(request: Request) -> Health | JSONResponse:
    """Whether the service can read its database. Needs no key."""
    try:
        with session_scope(request.app.state.session_factory) as session:
            feed.ping(session)
    except SQLAlchemyError as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        body = Health(status="unavailable", database=f"unreachable ({reason})")
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok")
