"""What the OpenAPI document says about every operation, in one place: its name (operationId and a summary a
person wrote, not one made from the function name) and the error answers every keyed route can give, all in the
error shape (`api.errors`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.schemas import Error

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "No key, or an invalid or revoked one"},
    403: {"model": Error, "description": "The key may not use this route (an operator key is needed)"},
    404: {"model": Error, "description": "No such record, run, source, webhook or route"},
    422: {"model": Error, "description": "A parameter or the body is invalid; the message names it"},
}

SUMMARIES = {
    "health": "Check the service",
    "list_articles": "List articles",
    "get_article": "Get one article",
    "list_changes": "Sync changes since a cursor",
    "changes_head": "Get the newest change number",
    "list_sources": "List sources and their health",
    "list_runs": "List crawl runs",
    "get_run": "Get one crawl run",
    "atom_all": "Atom feed of all sources",
    "json_all": "JSON Feed of all sources",
    "atom_source": "Atom feed of one source",
    "json_source": "JSON Feed of one source",
    "trigger_crawls": "Enqueue crawls",
    "metrics": "Prometheus metrics",
    "register": "Subscribe a webhook to new articles",
    "list_webhooks": "List your webhooks",
    "remove": "Delete a webhook",
}


def operation_id(route: APIRoute) -> str:
    """The function's name: short, stable, unique (a test checks it), usable as a client method name."""
    return route.name


def name_operations(app: FastAPI) -> None:
    """Give every operation of the generated document its summary from `SUMMARIES` (FastAPI's "extending OpenAPI"
    pattern: the document is built once, on first request, then kept)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            for item in generate()["paths"].values():
                for operation in item.values():
                    operation["summary"] = SUMMARIES.get(operation["operationId"], operation.get("summary"))
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
