"""`unionfeed demo`: the whole job on embedded defaults, with a live view and a summary table (the work itself:
unionfeed/demo.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.table import Table

from unionfeed.commands.options import (
    DatabaseOption,
    SourcesOption,
    build_settings,
    console,
    err_console,
    print_table,
    read_sources,
)

FAILURES_SHOWN = 3  # failed pages listed per source; every kind of failure is always counted


def demo_command(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Scrapy's log at INFO (default: ERROR).")] = False,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Serve the bundled sample sites, crawl them all, process every page into SQLite, print a summary."""
    from unionfeed.commands.crawl_report import crawl_progress, step_progress
    from unionfeed.commands.database import migrated, shown_url
    from unionfeed.demo import crawl_samples, demo_key, outcome_totals, process_samples, without_browser

    settings = build_settings(database_url, sources)
    sample_sources, skipped = without_browser(settings, read_sources(settings).samples())
    for note in skipped:
        console.print(f"[yellow]{note}[/yellow]", soft_wrap=True)
    if settings.distributed:
        console.print("[yellow]note:[/yellow] the demo runs embedded; REDIS_URL is ignored here.")
        settings = settings.model_copy(update={"redis_url": None})
    migrated(settings.database_url)
    console.print(f"Crawling {len(sample_sources)} sample sites into {shown_url(settings.database_url)} ...")
    overrides = {"LOG_LEVEL": "INFO"} if verbose else None
    with crawl_progress(console) as crawling:
        results = crawl_samples(settings, sample_sources, watch=crawling.watch, scrapy_overrides=overrides)
    with step_progress(err_console, "processing") as processing:
        summaries = process_samples(settings, sample_sources, results, progress=processing)
    print_table(_summary_table(summaries))
    totals = outcome_totals(summaries)
    if totals["created"] == 0 and totals["duplicates"] == 0:
        console.print("Nothing new: every sample article was already stored (the demo is idempotent).")
    else:
        console.print(f"Stored {totals['created']} new articles and {totals['duplicates']} duplicates.")
    for s in summaries:
        if s.error_kinds:
            kinds = ", ".join(f"{kind} ×{count}" for kind, count in s.error_kinds.most_common())
            console.print(f"  [dim]{s.source}: {kinds}[/dim]", soft_wrap=True)
        for failure in s.failures[:FAILURES_SHOWN]:
            console.print(f"  [dim]{s.source}: {failure}[/dim]", soft_wrap=True)
        if len(s.failures) > FAILURES_SHOWN:
            console.print(f"  [dim]{s.source}: … {len(s.failures) - FAILURES_SHOWN} more failed pages[/dim]")
    key = demo_key(settings)
    console.print("Read the feed: [bold]uv run unionfeed serve[/bold], then")
    console.print(f"  curl -H 'Authorization: Bearer {key}' http://127.0.0.1:8000/articles", soft_wrap=True)
    console.print(
        "  (this demo key replaces the previous one; make your own with `unionfeed keys create NAME`)", soft_wrap=True
    )
    if summaries and all(s.status == "failed" for s in summaries):
        raise typer.Exit(1)


def _summary_table(summaries) -> Table:  # type: ignore[no-untyped-def]
    table = Table(title="unionfeed demo", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    columns = ("source", "status", "requests", "pages", "new", "dups", "errors", "secs")
    for column in columns:
        table.add_column(
            column, justify="left" if column in ("source", "status") else "right", no_wrap=column == "source"
        )
    for s in summaries:
        numbers = (s.requests, s.pages_stored, s.created, s.duplicates, s.errors)
        table.add_row(s.source, s.status, *(str(n) for n in numbers), f"{s.seconds:.1f}")
    return table
