"""`unionfeed retry [PAGE_ID...] [--source S]`: put pages whose processing failed for good back in the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from unionfeed.commands.database import require_schema
from unionfeed.commands.options import DatabaseOption, SourcesOption, build_settings, console, require_source_key
from unionfeed.commands.reconcile import page_sender

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def retry_command(
    page_ids: Annotated[list[int] | None, typer.Argument(help="Page ids (default: every failed page).")] = None,
    source: Annotated[str | None, typer.Option(help="Only failed pages of this source.")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-run processing of pages that failed for good (see their reasons with `unionfeed runs`)."""
    settings = build_settings(database_url, sources)
    require_schema(settings.database_url)
    require_source_key(settings, source)
    celery, send = page_sender(settings)
    ids = retry_failed(celery.unionfeed.session_factory, send, page_ids=page_ids, source=source)
    console.print(f"Retrying {len(ids)} pages.")


def retry_failed(
    factory: sessionmaker[Session],
    enqueue: Callable[[list[int]], None],
    *,
    page_ids: list[int] | None,
    source: str | None,
) -> list[int]:
    """Put pages that failed for good back to pending and enqueue them (all failed ones when no ids are given)."""
    # imported here: the storage layer (SQLAlchemy) is not for every command's start-up
    from storage.repositories import pages
    from storage.session import session_scope
    from workers.reconcile import BATCH_SIZE, batched

    with session_scope(factory) as session:
        ids = page_ids if page_ids else pages.failed_page_ids(session, source=source)
        pages.reset_to_pending(session, ids)
    for batch in batched(ids, BATCH_SIZE):
        enqueue(batch)
    return ids
