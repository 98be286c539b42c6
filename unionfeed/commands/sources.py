"""`unionfeed sources`: the sources of sources.yaml as a table."""

from __future__ import annotations

from rich.table import Table

from unionfeed.commands.options import SourcesOption, build_settings, console, read_sources


def sources_command(sources: SourcesOption = None) -> None:
    """List the configured sources."""
    settings = build_settings(sources=sources)
    table = Table(title=str(settings.sources_path))
    for column in ("key", "name", "language", "schedule", "start URLs", "enabled"):
        table.add_column(column)
    for source in read_sources(settings).sources:
        schedule = source.schedule.cron or str(source.schedule.every)
        label = "sample" if source.sample else ("yes" if source.enabled else "no")
        table.add_row(source.key, source.name, source.language, schedule, "\n".join(source.start_urls), label)
    console.print(table)
