"""`unionfeed reconcile`: send again the pages stored but never processed (lost messages, a flushed broker)."""

from __future__ import annotations

from typing import Annotated

import typer

from common.settings import Settings
from unionfeed.commands.options import DatabaseOption, SourcesOption, build_settings, console


def reconcile_command(
    grace: Annotated[int | None, typer.Option(help="Seconds a page may stay pending (default: settings).")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-enqueue pages that were stored but never processed (lost messages, a flushed broker)."""
    from datetime import timedelta

    from unionfeed.commands.database import require_schema
    from workers.reconcile import reconcile as reconcile_pages

    settings = build_settings(database_url, sources)
    require_schema(settings.database_url)
    celery, send = page_sender(settings)
    seconds = settings.reconcile_grace_seconds if grace is None else grace
    page_ids = reconcile_pages(celery.unionfeed.session_factory, send, grace=timedelta(seconds=seconds))
    verb = "Re-enqueued" if settings.distributed else "Processed"
    console.print(f"{verb} {len(page_ids)} pages pending for more than {seconds}s.")


def page_sender(settings: Settings):  # type: ignore[no-untyped-def]
    """Send batches of pages to the process queue (distributed), or process them right here (embedded)."""
    from common.contract import PROCESS_PAGES, PROCESS_QUEUE
    from workers.app import create_celery, local_task

    celery = create_celery(settings)
    if settings.distributed:
        return celery, lambda page_ids: celery.send_task(PROCESS_PAGES, args=[page_ids], queue=PROCESS_QUEUE)
    task = local_task(celery, PROCESS_PAGES)
    return celery, lambda page_ids: task.apply(args=[page_ids])
