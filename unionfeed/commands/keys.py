"""`unionfeed keys create|list|revoke`: consumer keys for the HTTP feed. Register with
`app.add_typer(keys_app, name="keys")`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from common.settings import Settings
from unionfeed.commands.database import migrated
from unionfeed.commands.options import DatabaseOption, print_table

keys_app = typer.Typer(
    help="Consumer keys for the HTTP feed (stored hashed; a key is shown once).", no_args_is_help=True
)
console = Console()
err_console = Console(stderr=True)


def _factory(database_url: str | None):  # type: ignore[no-untyped-def]
    # the storage layer (SQLAlchemy) is imported where it is used, not by every command's start-up
    from storage.session import make_engine, make_session_factory

    settings = Settings(database_url=database_url) if database_url else Settings()
    migrated(settings.database_url)
    engine = make_engine(settings.database_url)
    return engine, make_session_factory(engine)


def create_key(name: str, database_url: str | None = None, *, role: str = "reader") -> str:
    """Create a key for consumer `name` and return it (the only time it exists in clear)."""
    from storage.repositories import api_keys
    from storage.session import session_scope

    engine, factory = _factory(database_url)
    try:
        with session_scope(factory) as session:
            _row, key = api_keys.create_key(session, name, role=role)
    finally:
        engine.dispose()
    return key


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who the key is for (unique).")],
    operator: Annotated[bool, typer.Option("--operator", help="May also trigger crawls (POST /crawls).")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Create a key and print it once: it cannot be shown again (only its hash is stored)."""
    if not name.strip() or len(name) > 80:
        err_console.print("[red]error:[/red] NAME must be 1-80 characters")
        raise typer.Exit(2)
    try:
        key = create_key(name, database_url, role="operator" if operator else "reader")
    except ValueError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    err_console.print(f"Key for [bold]{name}[/bold] (shown once; send it as 'Authorization: Bearer <key>'):")
    typer.echo(key)


@keys_app.command("list")
def list_keys(database_url: DatabaseOption = None) -> None:
    """List keys (names, prefixes, dates; never the keys)."""
    from storage.repositories import api_keys
    from storage.session import session_scope

    engine, factory = _factory(database_url)
    table = Table(title="consumer keys")
    for column in ("name", "role", "prefix", "created", "revoked"):
        table.add_column(column)
    with session_scope(factory) as session:
        for row in api_keys.list_keys(session):
            revoked = row.revoked_at.isoformat(timespec="seconds") if row.revoked_at else "-"
            table.add_row(row.name, row.role, row.prefix + "…", row.created_at.isoformat(timespec="seconds"), revoked)
    engine.dispose()
    print_table(table)


@keys_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")], database_url: DatabaseOption = None) -> None:
    """Revoke a key (API servers stop accepting it within 30 seconds)."""
    from storage.repositories import api_keys
    from storage.session import session_scope

    engine, factory = _factory(database_url)
    with session_scope(factory) as session:
        found = api_keys.revoke(session, name)
    engine.dispose()
    if not found:
        err_console.print(f"[red]error:[/red] no active key named {name!r}")
        raise typer.Exit(1)
    console.print(f"Revoked the key of {name}.")
