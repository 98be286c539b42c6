"""`unionfeed demo`: the whole job on embedded defaults, with a summary table (the work itself: unionfeed/demo.py)."""

from __future__ import annotations

import typer
from rich.table import Table

from unionfeed.commands.options import DatabaseOption, SourcesOption, build_settings, console, read_sources


def demo_command(database_url: DatabaseOption = None, sources: SourcesOption = None) -> None:
    """Serve the bundled sample sites, crawl them all, process every page into SQLite, print a summary."""
    from unionfeed.demo import demo_key, outcome_totals, run_demo, without_browser

    settings = build_settings(database_url, sources)
    sample_sources, skipped = without_browser(settings, read_sources(settings).samples())
    for note in skipped:
        console.print(f"[yellow]{note}[/yellow]", soft_wrap=True)
    if settings.distributed:
        console.print("[yellow]note:[/yellow] the demo runs embedded; REDIS_URL is ignored here.")
        settings = settings.model_copy(update={"redis_url": None})
    console.print(f"Crawling {len(sample_sources)} sample sites into {settings.database_url} ...")
    summaries = run_demo(settings, sample_sources)
    table = Table(title="unionfeed demo")
    for column in ("source", "status", "fetched", "stored", "dups", "errors", "secs"):
        table.add_column(column, justify="left" if column in ("source", "status") else "right")
    for s in summaries:
        table.add_row(
            s.source,
            s.status,
            *(str(n) for n in (s.pages_fetched, s.created, s.duplicates, s.errors)),
            f"{s.seconds:.1f}",
        )
    console.print(table)
    totals = outcome_totals(summaries)
    if totals["created"] == 0 and totals["duplicates"] == 0:
        console.print("Nothing new: every sample article was already stored (the demo is idempotent).")
    else:
        console.print(f"Stored {totals['created']} new articles and {totals['duplicates']} duplicates.")
    for s in summaries:
        for example in s.error_examples[:3]:
            console.print(f"  [dim]{s.source}: {example}[/dim]")
    key = demo_key(settings)
    console.print("Read the feed: [bold]uv run unionfeed serve[/bold], then")
    console.print(f"  curl -H 'Authorization: Bearer {key}' http://127.0.0.1:8000/articles", soft_wrap=True)
    console.print("  (this demo key replaces the previous one; make your own with `unionfeed keys create NAME`)")
    if summaries and all(s.status == "failed" for s in summaries):
        raise typer.Exit(1)
