"""`unionfeed reprocess`: run the current extractor over stored raw pages (no network) and store what changed
through the normal dedup and storage path, reporting how many records changed and in which fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from unionfeed.commands.options import (
    DatabaseOption,
    SourcesOption,
    build_settings,
    console,
    err_console,
    read_sources,
    require_source_key,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from common.sources import SourcesFile
    from workers.stories.clusters import Deduplicator


def reprocess_command(
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    since: Annotated[str | None, typer.Option(help="Only pages fetched on or after this date (YYYY-MM-DD).")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-run extraction over the stored raw pages (no network) and store what changed, with revisions and dedup."""
    from unionfeed.commands.crawl_report import step_progress
    from unionfeed.commands.database import require_schema
    from workers.context import WorkerContext

    settings = build_settings(database_url, sources)
    try:
        since_at = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
    except ValueError:
        err_console.print(f"[red]error:[/red] --since {since!r} is not a date like 2024-05-25")
        raise typer.Exit(2) from None
    require_schema(settings.database_url)
    require_source_key(settings, source)
    context = WorkerContext(settings, sources=read_sources(settings))
    with step_progress(err_console, "re-extracting") as progress:
        report = reprocess(
            context.session_factory,
            context.sources,
            context.dedup,
            source=source,
            since=since_at,
            low_confidence_below=settings.extraction_low_confidence,
            progress=progress,
        )
    console.print(f"Re-extracted {report.pages} pages: {report.changed} records changed, {report.failed} failed.")
    for name, count in report.fields.most_common():
        console.print(f"  {name}: {count}")
    for error in report.errors[:10]:
        console.print(f"  [dim]{error}[/dim]")


@dataclass
class ReprocessReport:
    pages: int = 0
    changed: int = 0
    failed: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def reprocess(
    factory: sessionmaker[Session],
    sources: SourcesFile,
    dedup: Deduplicator,
    *,
    source: str | None = None,
    since: datetime | None = None,
    low_confidence_below: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReprocessReport:
    """One transaction per page, so a failure leaves every other page's result in place; `progress` is told
    `(pages done, pages in all)` after each page."""
    # The processing code is imported here, not with the CLI: `unionfeed --help` stays light.
    from storage.repositories import articles, pages
    from storage.session import session_scope
    from workers.extraction import LOW_CONFIDENCE
    from workers.processing import UPDATED, reprocess_page
    from workers.stories.backfill import backfill_once

    # As in processing: the story index is filled from stored fingerprints before the first page is placed.
    backfill_once(factory, dedup)
    report = ReprocessReport()
    with session_scope(factory) as session:
        page_ids = articles.stored_page_ids(session, source=source, since=since)
    threshold = LOW_CONFIDENCE if low_confidence_below is None else low_confidence_below
    for page_id in page_ids:
        report.pages += 1
        with session_scope(factory) as session:
            page = pages.get_raw_page(session, page_id, for_update=True)
            outcome = None if page is None else reprocess_page(session, page, sources, dedup, threshold)
        if outcome is not None and outcome.outcome == UPDATED:
            report.changed += 1
            report.fields.update(outcome.changed)
        elif outcome is not None and outcome.reason:
            report.failed += 1
            report.errors.append(f"page {page_id}: {outcome.reason}")
        if progress is not None:
            progress(report.pages, len(page_ids))
    return report
