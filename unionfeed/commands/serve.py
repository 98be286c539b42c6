"""`unionfeed serve`: the HTTP feed API."""

from __future__ import annotations

from typing import Annotated

import typer

from unionfeed.commands.options import DatabaseOption, build_settings


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    database_url: DatabaseOption = None,
) -> None:
    """Serve the HTTP feed API."""
    from api.server import serve as serve_api
    from unionfeed.commands.database import require_schema

    settings = build_settings(database_url)
    require_schema(settings.database_url)
    serve_api(settings, host=host, port=port)
