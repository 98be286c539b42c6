"""The `unionfeed` command: the composition root that wires settings, sources and the packages together."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from common.settings import Settings
from common.sources import Source, SourcesFile, SourcesFileError, load_sources
from unionfeed.commands.export import export_command
from unionfeed.commands.extract import extract_command
from unionfeed.commands.health import health_app
from unionfeed.commands.keys import keys_app

app = typer.Typer(help="Crawl, clean and deduplicate trade-union news into one feed.", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

app.command("extract")(extract_command)
app.command("export")(export_command)
app.add_typer(keys_app, name="keys")
app.add_typer(health_app, name="health")

DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL (default: SQLite).")
]
SourcesOption = Annotated[
    Path | None, typer.Option("--sources", envvar="UNIONFEED_SOURCES_PATH", help="Path of sources.yaml.")
]


def build_settings(database_url: str | None = None, sources: Path | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if database_url:
        overrides["database_url"] = database_url
    if sources:
        overrides["sources_path"] = sources
    return Settings(**overrides)  # type: ignore[arg-type]


def read_sources(settings: Settings) -> SourcesFile:
    try:
        return load_sources(settings.sources_path)
    except SourcesFileError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def demo(database_url: DatabaseOption = None, sources: SourcesOption = None) -> None:
    """Serve the bundled sample sites, crawl them all, process every page into SQLite, print a summary."""
    from unionfeed.demo import demo_key, outcome_totals, run_demo

    settings = build_settings(database_url, sources)
    sample_sources = read_sources(settings).samples()
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


@app.command()
def migrate(database_url: DatabaseOption = None) -> None:
    """Create or upgrade the database schema (Alembic)."""
    from storage.migrate import upgrade

    settings = build_settings(database_url)
    upgrade(settings.database_url)
    console.print(f"Database at {settings.database_url} is at the latest schema.")


@app.command("sources")
def list_sources(sources: SourcesOption = None) -> None:
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


@app.command()
def crawl(
    source: Annotated[str | None, typer.Argument(help="Source key (see `unionfeed sources`).")] = None,
    all_sources: Annotated[bool, typer.Option("--all", help="Every enabled source.")] = False,
    urls: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            help="Crawl a site that is not in sources.yaml, from this start URL, with the default rules (repeatable; "
            "runs here).",
        ),
    ] = None,
    inline: Annotated[bool, typer.Option("--inline", help="Crawl here instead of enqueueing.")] = False,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Start a crawl: enqueue it for the workers (default), or run it here with --inline."""
    settings = build_settings(database_url, sources)
    if urls:
        if source is not None or all_sources:
            err_console.print("[red]error:[/red] --url crawls the given sites only: drop SOURCE and --all")
            raise typer.Exit(2)
        try:
            adhoc = [Source.from_start_url(url) for url in urls]
        except ValueError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        _crawl_inline(settings, SourcesFile(sources=adhoc), [s.key for s in adhoc])
        return
    config = read_sources(settings)
    keys = _selected_sources(config, source, all_sources)
    if inline or not settings.distributed:
        _crawl_inline(settings, config, keys)
        return
    from common.contract import CRAWL_QUEUE, CRAWL_SOURCE
    from workers.celery_app import create_celery

    celery = create_celery(settings)
    for key in keys:
        message = celery.send_task(CRAWL_SOURCE, args=[key], kwargs={"trigger": "cli"}, queue=CRAWL_QUEUE)
        console.print(f"Enqueued crawl of {key} (task {message.id}).")


def _selected_sources(config: SourcesFile, source: str | None, all_sources: bool) -> list[str]:
    if all_sources:
        return [s.key for s in config.sources if s.enabled and not s.sample]
    if source is None:
        err_console.print("[red]error:[/red] name a SOURCE or pass --all")
        raise typer.Exit(2)
    try:
        return [config.get(source).key]
    except KeyError as exc:
        err_console.print(f"[red]error:[/red] {exc.args[0]}")
        raise typer.Exit(2) from None


def _crawl_inline(settings: Settings, config: SourcesFile, keys: list[str]) -> None:
    from crawler.run import run_crawl
    from storage.migrate import upgrade
    from unionfeed.demo import process_pending

    upgrade(settings.database_url)
    results = run_crawl(settings, [config.get(k) for k in keys], trigger="cli")
    if not settings.distributed:
        outcomes = process_pending(settings)
        console.print(f"Processed {len(outcomes)} pages in-process.")
    for result in results:
        stored, errors = result.pages_stored, result.errors
        console.print(f"{result.source}: {result.status}, {stored} pages stored, {errors} errors")
    if results and all(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def worker(
    queues: Annotated[str, typer.Option(help="Comma-separated queues to consume.")] = "crawl,process",
    concurrency: Annotated[int | None, typer.Option(help="Worker processes (default: CPU count).")] = None,
) -> None:
    """Run a Celery worker (needs REDIS_URL)."""
    celery = _distributed_celery()
    argv = ["worker", "--loglevel=INFO", "-Q", queues]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    celery.worker_main(argv)


@app.command()
def beat() -> None:
    """Run Celery beat (RedBeat: one active beat at a time): each source's crawl on its schedule, and the reconciler."""
    celery = _distributed_celery()
    celery.start(["beat", "--loglevel=INFO"])


def _distributed_celery():  # type: ignore[no-untyped-def]
    settings = build_settings()
    if not settings.distributed:
        err_console.print("[red]error:[/red] set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run distributed")
        raise typer.Exit(2)
    read_sources(settings)  # a bad sources file stops here with a clear message
    from workers.celery_app import create_celery

    return create_celery(settings)


def _page_sender(settings: Settings):  # type: ignore[no-untyped-def]
    """Send batches of pages to the process queue (distributed), or process them right here (embedded)."""
    from common.contract import PROCESS_PAGES, PROCESS_QUEUE
    from workers.celery_app import create_celery, local_task

    celery = create_celery(settings)
    if settings.distributed:
        return celery, lambda page_ids: celery.send_task(PROCESS_PAGES, args=[page_ids], queue=PROCESS_QUEUE)
    task = local_task(celery, PROCESS_PAGES)
    return celery, lambda page_ids: task.apply(args=[page_ids])


@app.command()
def reconcile(
    grace: Annotated[int | None, typer.Option(help="Seconds a page may stay pending (default: settings).")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-enqueue pages that were stored but never processed (lost messages, a flushed broker)."""
    from datetime import timedelta

    from workers.reconcile import reconcile as reconcile_pages

    settings = build_settings(database_url, sources)
    celery, send = _page_sender(settings)
    seconds = settings.reconcile_grace_seconds if grace is None else grace
    page_ids = reconcile_pages(celery.unionfeed.session_factory, send, grace=timedelta(seconds=seconds))
    verb = "Re-enqueued" if settings.distributed else "Processed"
    console.print(f"{verb} {len(page_ids)} pages pending for more than {seconds}s.")


@app.command()
def retry(
    page_ids: Annotated[list[int] | None, typer.Argument(help="Page ids (default: every failed page).")] = None,
    source: Annotated[str | None, typer.Option(help="Only failed pages of this source.")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-run processing of pages that failed for good (see their reasons with `unionfeed runs`)."""
    from workers.reconcile import retry_failed

    settings = build_settings(database_url, sources)
    celery, send = _page_sender(settings)
    ids = retry_failed(celery.unionfeed.session_factory, send, page_ids=page_ids, source=source)
    console.print(f"Retrying {len(ids)} pages.")


@app.command()
def reprocess(
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    since: Annotated[str | None, typer.Option(help="Only pages fetched on or after this date (YYYY-MM-DD).")] = None,
    database_url: DatabaseOption = None,
    sources: SourcesOption = None,
) -> None:
    """Re-run extraction over the stored raw pages (no network) and store what changed, with revisions and dedup."""
    from datetime import datetime

    from workers.context import WorkerContext
    from workers.reprocess import reprocess as reprocess_pages

    settings = build_settings(database_url, sources)
    try:
        since_at = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
    except ValueError:
        err_console.print(f"[red]error:[/red] --since {since!r} is not a date like 2024-05-25")
        raise typer.Exit(2) from None
    context = WorkerContext(settings, sources=read_sources(settings))
    report = reprocess_pages(context.session_factory, context.sources, context.dedup, source=source, since=since_at)
    console.print(f"Re-extracted {report.pages} pages: {report.changed} records changed, {report.failed} failed.")
    for name, count in report.fields.most_common():
        console.print(f"  {name}: {count}")
    for error in report.errors[:10]:
        console.print(f"  [dim]{error}[/dim]")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    database_url: DatabaseOption = None,
) -> None:
    """Serve the HTTP feed API."""
    from api.server import serve as serve_api

    serve_api(build_settings(database_url), host=host, port=port)


@app.command()
def runs(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="How many runs.")] = 20,
    database_url: DatabaseOption = None,
) -> None:
    """Show recent crawl runs with their stats and errors."""
    from storage.repositories.runs import list_runs
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
            counts = (str(stats.get(name, 0)) for name in ("requests", "not_modified", "new_articles", "revisions"))
            started = run.started_at.isoformat(timespec="seconds")
            table.add_row(str(run.id), run.source, run.trigger, run.status, started, seconds, *counts, kinds or "-")
    console.print(table)

