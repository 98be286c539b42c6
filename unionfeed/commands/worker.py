"""`unionfeed worker` and `unionfeed beat`: the Celery processes of the distributed mode."""

from __future__ import annotations

from typing import Annotated

import typer

from unionfeed.commands.options import build_settings, err_console, read_sources


def worker_command(
    queues: Annotated[str, typer.Option(help="Comma-separated queues to consume.")] = "crawl,process",
    concurrency: Annotated[int | None, typer.Option(help="Worker processes (default: CPU count).")] = None,
) -> None:
    """Run a Celery worker (needs REDIS_URL)."""
    celery = _distributed_celery()
    argv = ["worker", "--loglevel=INFO", "-Q", queues]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    celery.worker_main(argv)


def beat_command() -> None:
    """Run Celery beat (RedBeat: one active beat at a time): each source's crawl on its schedule, and the reconciler."""
    celery = _distributed_celery()
    celery.start(["beat", "--loglevel=INFO"])


def _distributed_celery():  # type: ignore[no-untyped-def]
    settings = build_settings()
    if not settings.distributed:
        err_console.print("[red]error:[/red] set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run distributed")
        raise typer.Exit(2)
    read_sources(settings)  # a bad sources file stops here with a clear message
    from workers.app import create_celery

    return create_celery(settings)
