"""`unionfeed health check [--watch SECONDS]`: the health check and the webhook deliveries, in this process (the
embedded mode's way of running what beat runs in production: `unionfeed.check_health`, `unionfeed.deliver_webhooks`);
and `unionfeed health probe` (unionfeed/commands/probe.py, which also runs alone for the containers' health checks)."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console

from common.settings import Settings
from common.sources import load_sources
from unionfeed.commands.database import migrated
from unionfeed.commands.probe import probe_command

health_app = typer.Typer(
    help="Source health: drift, late and failing sources, alerts and webhooks.", no_args_is_help=True
)
console = Console()


@health_app.command("check")
def check_command(
    watch: Annotated[float, typer.Option(help="Repeat every this many seconds (0: once).", min=0)] = 0,
) -> None:
    """Assess every source, record alerts for changed states and deliver due webhooks."""
    # imported here: the storage layer (SQLAlchemy) is not for every command's start-up
    from storage.session import make_engine, make_session_factory
    from workers.alerts import CheckConfig, check_health
    from workers.webhooks import deliver_due

    settings = Settings()
    migrated(settings.database_url)
    sources = load_sources(settings.sources_path)
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    config = CheckConfig.from_settings(settings, sources)
    try:
        while True:
            for alert in check_health(factory, sources, config):
                reasons = "; ".join(alert["reasons"]) or "recovered"
                console.print(f"{alert['source']}: {alert['previous'] or 'new'} -> {alert['state']} ({reasons})")
            report = deliver_due(factory, settings)
            if any(report.as_dict().values()):
                console.print(f"webhooks: {report.as_dict()}")
            if not watch:
                break
            time.sleep(watch)
    finally:
        engine.dispose()


health_app.command("probe")(probe_command)
