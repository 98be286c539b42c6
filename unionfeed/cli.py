"""The `unionfeed` command: the composition root. Wiring only: each command lives in unionfeed/commands/."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

# Each command's module is imported when that command runs (or help lists it): a command pays for its own imports
# only (`extract` does not load the crawler, the API or Celery: about a third of a second at every start).
# name -> (module, attribute): a command function, or a Typer of sub-commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("unionfeed.commands.extract", "extract_command"),
    "export": ("unionfeed.commands.export", "export_command"),
    "keys": ("unionfeed.commands.keys", "keys_app"),
    "health": ("unionfeed.commands.health", "health_app"),
    "demo": ("unionfeed.commands.demo", "demo_command"),
    "migrate": ("unionfeed.commands.migrate", "migrate_command"),
    "sources": ("unionfeed.commands.sources", "sources_command"),
    "crawl": ("unionfeed.commands.crawl", "crawl_command"),
    "worker": ("unionfeed.commands.worker", "worker_command"),
    "beat": ("unionfeed.commands.worker", "beat_command"),
    "reconcile": ("unionfeed.commands.reconcile", "reconcile_command"),
    "retry": ("unionfeed.commands.retry", "retry_command"),
    "reprocess": ("unionfeed.commands.reprocess", "reprocess_command"),
    "serve": ("unionfeed.commands.serve", "serve_command"),
    "runs": ("unionfeed.commands.runs", "runs_command"),
}


class LazyCommands(TyperGroup):
    """The top-level group: its commands are built from COMMANDS on first use (click's lazy-loading pattern), so
    listing, running one and suggesting a name for a typo all see every command."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.commands)


class _Commands(MutableMapping[str, Any]):
    """Name -> click command, each loaded when first looked up; iterating names loads nothing."""

    def __init__(self, loaded: Mapping[str, Any]) -> None:
        self._loaded = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._loaded]))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def load_command(name: str) -> Any:
    """The click command of COMMANDS[name] (a function becomes a one-command Typer first)."""
    module, attribute = COMMANDS[name]
    target: Any = getattr(import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer()
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    return command


app = typer.Typer(
    cls=LazyCommands,
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
