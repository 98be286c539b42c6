"""`unionfeed export --format jsonl|csv|parquet [--since CURSOR] [--source S] [--output PATH]`.

Streams every record changed after change cursor CURSOR (all records without --since), once each, in change order,
as the API's full article JSON. Reads one consistent snapshot and ends by printing the cursor to continue from with
`GET /changes?cursor=...`. Progress goes to stderr; data to --output or stdout. Records whose page was taken down
(`removed_at` set) are left out unless --include-removed (then they come with their `removed_at`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from unionfeed.commands.database import require_schema
from unionfeed.commands.options import SourcesOption, build_settings, require_source_key

if TYPE_CHECKING:
    from common.settings import Settings

# The writers and the storage layer (SQLAlchemy) are imported when an export runs, not by every command's start-up.

err_console = Console(stderr=True)
CHUNK = 500


def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    since: Annotated[int, typer.Option("--since", min=0, help="Change cursor: only records changed after it.")] = 0,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL (default: SQLite).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show progress on stderr.")] = True,
    include_removed: Annotated[
        bool, typer.Option("--include-removed", help="Also records taken down by their publisher (with removed_at).")
    ] = False,
    sources: SourcesOption = None,
) -> None:
    """Export stored records as JSON Lines, CSV or Parquet, streaming, with progress."""
    from api import export as writers

    if format not in writers.FORMATS:
        err_console.print(f"[red]error:[/red] --format must be one of {', '.join(writers.FORMATS)}")
        raise typer.Exit(2)
    if format == "parquet" and output is None:
        err_console.print("[red]error:[/red] parquet needs --output PATH")
        raise typer.Exit(2)
    settings = build_settings(database_url, sources)
    require_schema(settings.database_url)
    require_source_key(settings, source)
    count, cursor = export(
        settings,
        format=format,
        since=since,
        source=source,
        output=output,
        progress=progress,
        include_removed=include_removed,
    )
    err_console.print(f"Exported {count} records. Continue with GET /changes?cursor={cursor}")


def export(
    settings: Settings,
    *,
    format: str,
    since: int = 0,
    source: str | None = None,
    output: Path | None = None,
    progress: bool = False,
    include_removed: bool = False,
) -> tuple[int, int]:
    """Write the export; return (records written, change cursor it is consistent with)."""
    from storage.repositories import changes
    from storage.session import make_engine, make_session_factory, session_scope

    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    try:
        with session_scope(factory) as session:
            if engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            upto = changes.head(session)
            scope = {"after": since, "upto": upto, "source": source, "include_removed": include_removed}
            total = changes.count_changed_articles(session, **scope)
            rows = changes.iter_changed_articles(session, **scope)
            with Progress(
                TextColumn("exporting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err_console,
                disable=not progress,
            ) as bar:
                task = bar.add_task("export", total=total)
                records = _records(session, rows, lambda n: bar.advance(task, n))
                count = _write(format, records, output)
    finally:
        engine.dispose()
    return count, upto


def _records(session, rows: Iterator[tuple[int, Any]], advance) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from api import export as writers
    from storage.repositories import feed

    while chunk := [article for _seq, article in islice(rows, CHUNK)]:
        members = feed.other_members(session, chunk)
        for article in chunk:
            yield writers.record(article, members.get(article.id, []))
        advance(len(chunk))


def _write(format: str, records: Iterator[dict[str, Any]], output: Path | None) -> int:
    from api import export as writers

    if format == "parquet":
        return writers.write_parquet(records, str(output))
    if output is None:
        writer = writers.write_jsonl if format == "jsonl" else writers.write_csv
        return writer(records, sys.stdout)
    with output.open("w", encoding="utf-8", newline="") as out:
        return (writers.write_jsonl if format == "jsonl" else writers.write_csv)(records, out)
