"""What the commands share: the database and sources options, building `Settings` from them, and the consoles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from common.settings import Settings
from common.sources import SourcesFile, SourcesFileError, load_sources

console = Console()
err_console = Console(stderr=True)

DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL (default: SQLite).")
]
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
