"""The `unionfeed` command itself: its version, -h as well as --help at every level, and commands loaded on use."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unionfeed.cli import COMMANDS, app


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"unionfeed {version('unionfeed')}"


@pytest.mark.parametrize("command", [[], ["crawl"], ["keys"], ["keys", "create"], ["health", "check"], ["runs"]])
def test_dash_h_is_help(command: list[str]) -> None:
    short, long = (CliRunner().invoke(app, [*command, flag]) for flag in ("-h", "--help"))
    assert short.exit_code == long.exit_code == 0, short.output
    assert "Usage:" in short.output and short.output == long.output


def test_help_lists_every_command_and_a_typo_gets_a_suggestion() -> None:
    listed = CliRunner().invoke(app, ["--help"]).output
    assert all(f" {name} " in listed for name in COMMANDS)
    typo = CliRunner().invoke(app, ["extrct"])
    assert typo.exit_code == 2 and "Did you mean 'extract'" in typo.output


def test_a_command_loads_only_its_own_modules(tmp_path: Path) -> None:
    """`unionfeed extract` on a file starts without the crawler, the API, Celery or the database layer."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Pay offer accepted</h1><p>Members voted to accept the offer.</p></body></html>")
    probe = (
        "import sys\n"
        "from unionfeed.cli import app\n"
        "try:\n"
        f"    app(['extract', {str(page)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('scrapy', 'celery', 'fastapi', 'sqlalchemy', 'unionfeed.commands.crawl', 'common.settings')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert '"input"' in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
