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
    """Give every documented operation its summary; an operation without one fails here, at app creation."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema and not route.summary:
            if route.name not in SUMMARIES:
                raise LookupError(f"route {route.path} ({route.name}) has no summary in api.openapi.SUMMARIES")
            route.summary = SUMMARIES[route.name]
