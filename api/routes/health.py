from __future__ import annotations

import redis
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.errors import error_response
from api.schemas import Error, Health
from storage import migrate
from storage.session import session_scope

router = APIRouter(tags=["health"])

OK = "ok"
NOT_CONFIGURED = "not configured"


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Error, "description": "The database, its schema or the broker is not usable"}},
)
def health(request: Request) -> Health | JSONResponse:
    """Whether the service can answer: the database is reachable, migrated to this code's schema, and the broker
    (when one is configured) answers. Needs no key. 503 names each check that failed."""
    checks = {"database": OK, "migrations": OK, "redis": _redis_state(request.app.state.settings.redis_url)}
    try:
        with session_scope(request.app.state.session_factory) as session:
            heads = migrate.connection_heads(session.connection())
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable ({type(getattr(exc, 'orig', None) or exc).__name__})"
        checks["migrations"] = "unknown"
    else:
        expected = request.app.state.schema_heads
        if heads != expected:
            at = ", ".join(sorted(heads)) or "no revision"
            checks["migrations"] = f"at {at}, this code needs {', '.join(sorted(expected))}: run `unionfeed migrate`"
    failed = {name: state for name, state in checks.items() if state not in (OK, NOT_CONFIGURED)}
    if failed:
        message = "; ".join(f"{name}: {state}" for name, state in failed.items())
        details = [{"check": name, "state": state} for name, state in checks.items()]
        return error_response(503, message, details=details)
    return Health(status="ok", **checks)


def _redis_state(url: str | None) -> str:
    if url is None:
        return NOT_CONFIGURED
    try:
        with redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1) as client:
            client.ping()
    except redis.RedisError as exc:
        return f"unreachable ({type(exc).__name__})"
    return OK
