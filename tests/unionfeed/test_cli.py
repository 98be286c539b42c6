"""The `unionfeed` command itself: its version, and -h as well as --help at every level."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from unionfeed.cli import app


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"unionfeed {version('unionfeed')}"


@pytest.mark.parametrize("command", [[], ["crawl"], ["keys"], ["keys", "create"], ["health", "check"], ["runs"]])
def test_dash_h_is_help(command: list[str]) -> None:
    short, long = (CliRunner().invoke(app, [*command, flag]) for flag in ("-h", "--help"))
    assert short.exit_code == long.exit_code == 0, short.output
    assert "Usage:" in short.output and short.output == long.output
