"""What the commands share: the database and sources options, building `Settings` from them, the consoles, the
source-key check and the output of tables and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from common.settings import Settings
from common.sources import SourcesFile, SourcesFileError, load_sources

console = Console()
err_console = Console(stderr=True)

DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL (default: SQLite).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (every field, untruncated) instead of a table.")]
SourcesOption = Annotated[
    Path | None, typer.Option("--sources", envvar="UNIONFEED_SOURCES_PATH", help="Path of sources.yaml.")
]


def build_settings(database_url: str | None = None, sources: Path | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if database_url:
        overrides["database_url"] = database_url
    if sources:
        overrides["sources_path"] = sources
    return Settings(**overrides)  # type: ignore[arg-type]


def read_sources(settings: Settings) -> SourcesFile:
    """The sources file, or exit 2 with the loader's message (it names the file, the source and the field)."""
    try:
        return load_sources(settings.sources_path)
    except SourcesFileError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def require_source_key(settings: Settings, key: str | None) -> None:
    """Exit 2, listing the known keys, unless `key` is None or names a source: one of the sources file, or one with
    crawl runs in the database (`url-HOST` crawls, sources since removed from the file)."""
    if key is None:
        return
    from storage.repositories.runs import run_sources
    from storage.session import make_engine, make_session_factory, session_scope

    configured = [s.key for s in read_sources(settings).sources]
    if key in configured:
        return
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            crawled = run_sources(session)
    finally:
        engine.dispose()
    if key in crawled:
        return
    known = ", ".join([*configured, *sorted(crawled - set(configured))])
    err_console.print(f"[red]error:[/red] unknown source {key!r}; known sources: {known}", soft_wrap=True)
    raise typer.Exit(2)


# Wide enough for any row: piped output is read by programs and people copying keys, so it is never cut to 80.
PIPED_WIDTH = 100_000


def print_table(table: Table) -> None:
    """A table at the terminal's width, or unwrapped when the output is not a terminal."""
    (console if console.is_terminal else Console(width=PIPED_WIDTH)).print(table)


def print_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))
