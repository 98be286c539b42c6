"""The status page (`/`, `/status`, `/status/{source}`): server-rendered HTML for operators, no script, no external
asset; it reloads itself every `REFRESH_SECONDS`.

Who may see it: anyone when the deployment sets `UNIONFEED_STATUS_PUBLIC=true` (or turns API auth off); otherwise an
operator key, sent as a header (`Authorization: Bearer`, `X-API-Key`) or entered once in the page's form, which keeps
it in an HttpOnly cookie. The page never shows a key.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import escape

from api.auth import MAX_KEY_LENGTH, role_of
from api.deps import SessionDep
from api.sparkline import sparkline
from api.status_view import overview, source_detail
from storage.base import utcnow

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")
REFRESH_SECONDS = 60
COOKIE = "unionfeed_status_key"


class StatusLogin(Exception):
    """No (operator) key: answer with the login form instead of the page."""

    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or request.cookies.get(COOKIE)


async def status_access(request: Request, session: SessionDep) -> None:
    """Operators only, unless the status page is public (or auth is off)."""
    settings = request.app.state.settings
    if settings.status_public or not settings.api_auth:
        return
    key = presented_key(request)
    if not key:
        raise StatusLogin(401, "This page needs an operator key.")
    if await role_of(request, session, key) != "operator":
        raise StatusLogin(403, "That key is not an operator key (unionfeed keys create NAME --operator).")


StatusAccess = Depends(status_access)


def _span(delta: timedelta | None) -> str:
    if delta is None:
        return "–"
    return _span_seconds(delta.total_seconds())


def _span_seconds(seconds: float) -> str:
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit}" if unit != "d" else f"{seconds / size:.1f} d"
    return f"{seconds:.0f} s"


def _render(request: Request, name: str, now: datetime, **context: Any) -> HTMLResponse:
    helpers = {
        "ago": lambda at: f"{_span(now - at)} ago" if at else "–",
        "until": lambda at: "now" if at <= now else f"in {_span(at - now)}",
        "span": _span,
        "span_seconds": _span_seconds,
        "sparkline": sparkline,
        "error_count": lambda run: sum(int(e.get("count", 1) or 1) for e in (run.errors or [])),
    }
    response = templates.TemplateResponse(request, name, {"now": now, "refresh": REFRESH_SECONDS, **helpers, **context})
    response.headers["Cache-Control"] = "no-store"
    return response


def _redis(request: Request) -> Any:
    """One client per app, made on first use (embedded mode: none)."""
    settings = request.app.state.settings
    if not settings.redis_url:
        return None
    client = getattr(request.app.state, "status_redis", None)
    if client is None:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        request.app.state.status_redis = client
    return client


@router.get("/", response_class=HTMLResponse, dependencies=[StatusAccess])
@router.get("/status", response_class=HTMLResponse, dependencies=[StatusAccess])
def status_page(request: Request, session: SessionDep) -> HTMLResponse:
    now = utcnow()
    settings = request.app.state.settings
    view = overview(session, request.app.state.sources, settings, now, redis=_redis(request))
    return _render(
        request, "status.html", now, view=view, broker=bool(settings.redis_url), dedup_days=settings.dedup_window_days
    )


@router.get("/status/{source}", response_class=HTMLResponse, dependencies=[StatusAccess])
def source_page(source: str, request: Request, session: SessionDep) -> Response:
    now = utcnow()
    settings = request.app.state.settings
    view = overview(session, request.app.state.sources, settings, now)
    row = next((r for r in view.sources if r.key == source), None)
    if row is None:
        return HTMLResponse(
            f"<!doctype html><title>not found</title><p>No source {escape(source)}.</p>", status_code=404
        )
    recent, failures = source_detail(session, source)
    return _render(request, "source.html", now, row=row, runs=recent, failures=failures)


@router.post("/status/login")
async def login(request: Request, session: SessionDep) -> Response:
    """Keep an operator key in an HttpOnly cookie, so the page's reloads and links carry it (never in the URL)."""
    body = await request.body()
    key = parse_qs(body[: MAX_KEY_LENGTH * 4].decode("utf-8", "replace")).get("key", [""])[0]
    if await role_of(request, session, key.strip()) != "operator":
        return login_form(request, 403, "That key is not an active operator key.")
    response = RedirectResponse("/status", status_code=303)
    response.set_cookie(
        COOKIE, key.strip(), httponly=True, samesite="strict", secure=request.url.scheme == "https", max_age=7 * 86400
    )
    return response


def login_form(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "login.html", {"now": utcnow(), "refresh": None, "message": message}, status_code=status
    )


def install(app: Any) -> None:
    """The routes, and the login form as the answer to a missing or wrong key."""

    async def handler(request: Request, exc: StatusLogin) -> HTMLResponse:
        return login_form(request, exc.status, exc.message)

    app.add_exception_handler(StatusLogin, handler)
    app.include_router(router)
