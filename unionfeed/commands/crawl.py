"""`unionfeed crawl SOURCE | --all | --url START_URL...`: enqueue crawls for the workers, or crawl here."""

from __future__ import annotations

from typing import Annotated

import typer

from common.settings import Settings
from common.sources import Source, SourcesFile
from unionfeed.commands.database import migrated
from unionfeed.commands.options import (
    DatabaseOption,
    SourcesOption,
    build_settings,
    console,
    err_console,
    print_table,
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
        # Without a sources file nothing is configured; a file that is there must be valid.
        configured = read_sources(settings) if settings.sources_path.exists() else SourcesFile(sources=[])
        adhoc = _adhoc_sources(urls, configured, list(private_network or []))
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


def _adhoc_sources(urls: list[str], config: SourcesFile, private_networks: list[str]) -> list[Source]:
    """A source per start URL, or exit 2 when a URL is bad or on a configured source's domains: crawled as
    `url-HOST`, its pages would be stored away from that source's articles."""
    adhoc = []
    for url in urls:
        try:
            source = Source.from_start_url(url)
            source = Source.model_validate({**source.model_dump(), "private_networks": private_networks})
        except ValueError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        owner = next((s for s in config.sources if s.owns(source.start_urls[0])), None)
        if owner is not None:
            err_console.print(
                f"[red]error:[/red] {url} is on the domains of source {owner.key!r} "
                f"({', '.join(owner.allowed_domains)}): "
                f"crawl it with `unionfeed crawl {owner.key}`",
                soft_wrap=True,
            )
            raise typer.Exit(2)
        adhoc.append(source)
    return adhoc


def _selected_sources(config: SourcesFile, source: str | None, all_sources: bool) -> list[str]:
    if all_sources and source is not None:
        err_console.print(f"[red]error:[/red] name a SOURCE or pass --all, not both (got {source!r} and --all)")
        raise typer.Exit(2)
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
    from unionfeed.commands.crawl_report import (
        crawl_progress,
        error_lines,
        scrapy_log_settings,
        step_progress,
        summary_table,
    )
    from unionfeed.demo import process_pending

    migrated(settings.database_url)
    with crawl_progress(console) as progress:
        overrides = scrapy_log_settings(verbose)
        results = run_crawl(
            settings, [config.get(k) for k in keys], trigger="cli", scrapy_overrides=overrides, watch=progress.watch
        )
    outcomes = None
    if not settings.distributed:
        with step_progress(err_console, "processing") as progress:
            outcomes = process_pending(settings, progress)
    print_table(summary_table(results, outcomes))
    for line in error_lines(results):
        console.print(line, highlight=False)
    if outcomes is None:
        console.print("Pages sent to the workers: processing columns show what the crawl saw.")
    if results and all(r.status == "failed" for r in results):
        raise typer.Exit(1)
