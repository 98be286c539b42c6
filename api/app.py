"""The HTTP feed's app factory. Everything the app needs is built here from the settings passed in: no globals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from api import errors
from api.routes import articles, health
from common.settings import Settings
from storage.session import make_engine, make_session_factory

DESCRIPTION = """
The articles unionfeed crawled: canonical records, their revisions and their clusters (the same story published
by several sources). Every error is `{"error": {"status", "code", "message", "details"}}`.
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

    app = FastAPI(title="unionfeed", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory
    errors.install(app)
    app.include_router(health.router)
    app.include_router(articles.router)
    return app
