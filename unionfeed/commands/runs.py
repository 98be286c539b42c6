"""`unionfeed runs [SOURCE] [--json]`: recent crawl runs with their stats and errors."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from unionfeed.commands.database import require_schema
from unionfeed.commands.options import (
    DatabaseOption,
    JsonOption,
    SourcesOption,
    build_settings,
    print_json,
    print_table,
    require_source_key,
)

COLUMNS = ("id", "source", "trigger", "status", "started", "secs", "requests", "304s", "new", "revised", "errors")


def runs_command(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="How many runs.", min=1)] = 20,
    as_json: JsonOption = False,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Show recent crawl runs with their stats and errors."""
    from api.schemas import Run
    from storage.repositories.runs import list_runs
    from storage.session import make_engine, make_session_factory, session_scope

    settings = build_settings(database_url, sources)
    require_schema(settings.database_url)
    require_source_key(settings, source)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            runs = list_runs(session, source=source, limit=limit)
            if as_json:  # the API's shape (GET /runs)
                print_json([Run.model_validate(run, from_attributes=True).model_dump(mode="json") for run in runs])
                return
            table = Table(title="crawl runs")
            for column in COLUMNS:
                table.add_column(column, no_wrap=column == "source")
            for run in runs:
                table.add_row(*_row(run))
    finally:
        engine.dispose()
    print_table(table)


def _row(run) -> list[str]:  # type: ignore[no-untyped-def]
    from storage.repositories.runs import challenge_signature

    seconds = f"{(run.finished_at - run.started_at).total_seconds():.1f}" if run.finished_at else "-"
    stats = run.stats or {}
    kinds = ", ".join(f"{k}×{n}" for k, n in stats.get("errors_by_kind", {}).items())
    if (challenge := challenge_signature(run)) is not None:
        kinds += f" ({challenge})"
    counts = [str(stats.get(name, 0)) for name in ("requests", "not_modified", "new_articles", "revisions")]
    started = run.started_at.isoformat(timespec="seconds")
    return [str(run.id), run.source, run.trigger, run.status, started, seconds, *counts, kinds or "-"]
