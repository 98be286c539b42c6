"""The `unionfeed` command: the composition root. Wiring only: each command lives in unionfeed/commands/."""

from __future__ import annotations

from typing import Annotated

import typer

from unionfeed.commands.crawl import crawl_command
from unionfeed.commands.demo import demo_command
from unionfeed.commands.export import export_command
from unionfeed.commands.extract import extract_command
from unionfeed.commands.health import health_app
from unionfeed.commands.keys import keys_app
from unionfeed.commands.migrate import migrate_command
from unionfeed.commands.probe import probe_command
from unionfeed.commands.reconcile import reconcile_command
from unionfeed.commands.reprocess import reprocess_command
from unionfeed.commands.retry import retry_command
from unionfeed.commands.runs import runs_command
from unionfeed.commands.serve import serve_command
from unionfeed.commands.sources import sources_command
from unionfeed.commands.worker import beat_command, worker_command

app = typer.Typer(
    help="Crawl, clean and deduplicate trade-union news into one feed.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},  # sub-commands inherit it
)


def _print_version(requested: bool) -> None:
    if requested:
        from importlib.metadata import version  # a whole module for this one answer: not loaded for other commands

        typer.echo(f"unionfeed {version('unionfeed')}")
        raise typer.Exit()


@app.callback()
def main(
    _version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Crawl, clean and deduplicate trade-union news into one feed."""


app.command("extract")(extract_command)
app.command("export")(export_command)
app.add_typer(keys_app, name="keys")
health_app.command("probe")(probe_command)
app.add_typer(health_app, name="health")
app.command("demo")(demo_command)
app.command("migrate")(migrate_command)
app.command("sources")(sources_command)
app.command("crawl")(crawl_command)
app.command("worker")(worker_command)
app.command("beat")(beat_command)
app.command("reconcile")(reconcile_command)
app.command("retry")(retry_command)
app.command("reprocess")(reprocess_command)
app.command("serve")(serve_command)
app.command("runs")(runs_command)
