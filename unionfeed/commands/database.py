"""The database as the commands open it: checked before any work, so a database that cannot be reached or has no
schema yet is one clear line with the fix (exit 1), not a driver's traceback. The URL is shown without its password,
and checking a SQLite URL whose file does not exist creates no empty file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from unionfeed.commands.options import err_console

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError

# SQLAlchemy is imported by the functions that use it: every command imports this module, and the commands that
# open no database (extract) start a second sooner without it.

FIX = "create or upgrade it with `unionfeed migrate`"
UNREACHABLE_FIX = "start the server or point DATABASE_URL (--database-url) at one"


def shown_url(database_url: str) -> str:
    """The URL as it may be printed: the password masked."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(an unreadable DATABASE_URL)"


def schema_problem(database_url: str) -> str | None:
    """Why a command cannot use the database at `database_url` (one line), or None when it is at the latest schema."""
    from sqlalchemy.exc import DBAPIError

    from storage.migrate import current_heads, expected_heads

    where = shown_url(database_url)
    problem = _address_problem(database_url)
    if problem is not None:
        return problem
    try:
        current = current_heads(database_url)
    except DBAPIError as exc:
        return f"cannot reach the database at {where}: {_first_line(exc)}; {UNREACHABLE_FIX}"
    expected = expected_heads()
    if current == expected:
        return None
    if not current:
        return f"the database at {where} has no schema: {FIX}"
    return f"the database at {where} is at revision {', '.join(sorted(current))}, not {', '.join(expected)}: {FIX}"


def require_schema(database_url: str) -> None:
    """Exit 1 with one line unless the database is reachable and at the latest schema."""
    problem = schema_problem(database_url)
    if problem is not None:
        err_console.print(f"[red]error:[/red] {problem}", soft_wrap=True, highlight=False)
        raise typer.Exit(1)


def migrated(database_url: str) -> None:
    """Bring the database to the latest schema (the commands that create it themselves: demo, crawl, keys, health);
    exit 1 with one line when it cannot be reached."""
    from sqlalchemy.exc import DBAPIError

    from storage.migrate import upgrade

    problem = _address_problem(database_url, missing_file_ok=True)
    if problem is None:
        try:
            upgrade(database_url)
            return
        except DBAPIError as exc:
            problem = f"cannot reach the database at {shown_url(database_url)}: {_first_line(exc)}; {UNREACHABLE_FIX}"
    err_console.print(f"[red]error:[/red] {problem}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def _address_problem(database_url: str, *, missing_file_ok: bool = False) -> str | None:
    """A URL that names no usable database before anything is opened (opening a missing SQLite file creates it)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(database_url)
        url.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        return f"DATABASE_URL {shown_url(database_url)} is not a database URL SQLAlchemy can use: {exc}"
    if missing_file_ok or url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if not Path(url.database).expanduser().exists():
        return f"no database at {shown_url(database_url)}: {FIX}"
    return None


def _first_line(exc: DBAPIError) -> str:
    return (str(exc.orig).strip().splitlines() or ["unknown error"])[0]
