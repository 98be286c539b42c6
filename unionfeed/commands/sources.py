"""`unionfeed sources [--json]`: the sources of sources.yaml."""

from __future__ import annotations

from rich.table import Table

from common.sources import Source
from unionfeed.commands.options import (
    JsonOption,
    SourcesOption,
    build_settings,
    print_json,
    print_table,
    read_sources,
)


def sources_command(as_json: JsonOption = False, sources: SourcesOption = None) -> None:
    """List the configured sources."""
    settings = build_settings(sources=sources)
    configured = read_sources(settings).sources
    if as_json:  # the whole validated entry of each source, defaults filled in
        print_json([source.model_dump(mode="json") for source in configured])
        return
    table = Table(title=str(settings.sources_path))
    for column in ("key", "name", "language", "schedule", "start URLs", "enabled"):
        table.add_column(column, no_wrap=column == "key")
    for source in configured:
        table.add_row(
            source.key, source.name, source.language, _schedule(source), "\n".join(source.start_urls), _label(source)
        )
    print_table(table)


def _schedule(source: Source) -> str:
    return source.schedule.cron or str(source.schedule.every)


def _label(source: Source) -> str:
    return "sample" if source.sample else ("yes" if source.enabled else "no")
