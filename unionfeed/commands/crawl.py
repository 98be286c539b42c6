"""`unionfeed crawl SOURCE | --all | --url START_URL...`: enqueue crawls for the workers, or crawl here."""

from __future__ import annotations

from typing import Annotated

import typer

from common.settings import Settings
from common.sources import Source, SourcesFile
from unionfeed.commands.options import (
    DatabaseOption,
    SourcesOption,
    build_settings,
    console,
    err_console,
    read_sources,
)


def crawl_command(
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
    private_network: Annotated[
        list[str] | None,
        typer.Option(
            "--private-network",
            help="With --url: a network outside the public internet the site may be fetched from (CIDR, repeatable; "
            "a configured source declares its `private_networks` in sources.yaml).",
        ),
    ] = None,
    inline: Annotated[bool, typer.Option("--inline", help="Crawl here instead of enqueueing.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Scrapy's log at INFO (default: WARNING).")] = False,
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
            networks = {"private_networks": list(private_network or [])}
            adhoc = [Source.model_validate({**Source.from_start_url(url).model_dump(), **networks}) for url in urls]
        except ValueError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        _crawl_inline(settings, SourcesFile(sources=adhoc), [s.key for s in adhoc], verbose=verbose)
        return
    config = read_sources(settings)
    keys = _selected_sources(config, source, all_sources)
    if inline or not settings.distributed:
        _crawl_inline(settings, config, keys, verbose=verbose)
        return
    from common.contract import CRAWL_QUEUE, CRAWL_SOURCE
    from workers.app import create_celery

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


def _crawl_inline(settings: Settings, config: SourcesFile, keys: list[str], *, verbose: bool = False) -> None:
    """Crawl here with a live view, process the pages here too (embedded), print one summary row per source."""
    from crawler.run import run_crawl
    from storage.migrate import upgrade
    from unionfeed.commands.crawl_report import crawl_progress, error_lines, scrapy_log_settings, summary_table
    from unionfeed.demo import process_pending

    upgrade(settings.database_url)
    with crawl_progress(console) as progress:
        overrides = scrapy_log_settings(verbose)
        results = run_crawl(
            settings, [config.get(k) for k in keys], trigger="cli", scrapy_overrides=overrides, watch=progress.watch
        )
    outcomes = None if settings.distributed else process_pending(settings)
    console.print(summary_table(results, outcomes))
    for line in error_lines(results):
        console.print(line, highlight=False)
    if outcomes is None:
        console.print("Pages sent to the workers: processing columns show what the crawl saw.")
    if results and all(r.status == "failed" for r in results):
        raise typer.Exit(1)
