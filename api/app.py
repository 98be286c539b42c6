"""The HTTP feed's app factory. Everything the app needs is built here from the settings passed in: no globals."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy.engine import make_url

from api import accesslog, errors, http, metrics, openapi
from api.auth import KeyCache
from api.ratelimit import ClientRateLimit, RateLimits
from api.routes import articles, changes, crawls, feeds, health, runs, sources, status, webhooks
from api.routes import metrics as metrics_route
from api.textinput import RejectInvalidText
from common.settings import Settings
from common.sources import Source, SourcesFileError, load_sources
from storage.migrate import expected_heads
from storage.session import make_engine, make_session_factory

log = logging.getLogger(__name__)

DESCRIPTION = """
The articles unionfeed crawled: canonical records, their revisions and their clusters (the same story published
by several sources); incremental sync through `/changes`; Atom and JSON feeds.

Reads need a consumer key (`unionfeed keys create NAME`) unless the deployment turns auth off: send
`Authorization: Bearer <key>` or `X-API-Key: <key>` (`?api_key=` only where the deployment allows it). `/health`
needs none. Requests are rate-limited per key and per client address: 429 with `Retry-After`.
Every error is `{"error": {"status", "code", "message", "details"}}`. List pages link their next page in the body and
in a `Link: <...>; rel="next"` header. `/articles`, `/articles/{id}` and the feeds send `ETag` and `Last-Modified`
and answer 304 to `If-None-Match` / `If-Modified-Since`. See docs/feed.md.
"""


def create_app(settings: Settings) -> FastAPI:
    engine_options: dict[str, object] = {}
    if make_url(settings.database_url).get_backend_name() == "postgresql":
        engine_options["connect_args"] = {"connect_timeout": 5}
    engine = make_engine(settings.database_url, **engine_options)
    session_factory = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            engine.dispose()
            if getattr(_app.state, "status_redis", None) is not None:
                _app.state.status_redis.close()

    # /docs and /redoc load Swagger UI and ReDoc from the installed fastapi-offline package, not from a CDN.
    app: FastAPI = FastAPIOffline(
        title="unionfeed",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.key_cache = KeyCache()
    app.state.rate_limits = RateLimits(settings)
    app.state.sources = _configured_sources(settings)
    app.state.schema_heads = expected_heads()
    errors.install(app)
    install_guards(app)
    http.install(app, settings)
    app.include_router(health.router)
    for module in (articles, changes, sources, runs, feeds, crawls):
        app.include_router(module.router, responses=openapi.ERRORS)
    install_operations(app)
    openapi.name_operations(app)
    return app


def install_guards(app: FastAPI) -> None:
    """Before any route: text input that is not text is a 422, each client address is rate-limited, and no
    credential reaches the access log."""
    app.add_middleware(RejectInvalidText)
    app.add_middleware(ClientRateLimit, limits=app.state.rate_limits)  # added last: runs first
    accesslog.install()


def install_operations(app: FastAPI) -> None:
    """The status page, /metrics and webhook subscriptions (docs/operations.md)."""
    status.install(app)
    metrics.install(app)
    app.include_router(metrics_route.router, responses=openapi.ERRORS)
    app.include_router(webhooks.router, responses=openapi.ERRORS)


def _configured_sources(settings: Settings) -> list[Source]:
    """The sources file, when there is one: /sources lists them even before their first run."""
    if not settings.sources_path.exists():
        return []
    try:
        return load_sources(settings.sources_path).sources
    except SourcesFileError as exc:
        log.warning("the API lists only sources found in storage: %s", exc)
        return []
