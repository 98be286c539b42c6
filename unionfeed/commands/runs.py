"""`unionfeed runs [SOURCE]`: recent crawl runs with their stats and errors."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from unionfeed.commands.options import DatabaseOption, build_settings, console


def runs_command(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="How many runs.")] = 20,
    database_url: DatabaseOption = None,
) -> None:
    """Show recent crawl runs with their stats and errors."""
    from storage.repositories.runs import challenge_signature, list_runs
    from storage.session import make_engine, make_session_factory, session_scope

    settings = build_settings(database_url)
    factory = make_session_factory(make_engine(settings.database_url))
    table = Table(title="crawl runs")
    columns = ("id", "source", "trigger", "status", "started", "secs", "requests", "304s", "new", "revised", "errors")
    for column in columns:
        table.add_column(column)
    with session_scope(factory) as session:
        for run in list_runs(session, source=source, limit=limit):
            seconds = f"{(run.finished_at - run.started_at).total_seconds():.1f}" if run.finished_at else "-"
            stats = run.stats or {}
            kinds = ", ".join(f"{k}×{n}" for k, n in stats.get("errors_by_kind", {}).items())
            if (challenge := challenge_signature(run)) is not None:
                kinds += f" ({challenge})"
            counts = (str(stats.get(name, 0)) for name in ("requests", "not_modified", "new_articles", "revisions"))
            started = run.started_at.isoformat(timespec="seconds")
            table.add_row(str(run.id), run.source, run.trigger, run.status, started, seconds, *counts, kinds or "-")
    console.print(table)
