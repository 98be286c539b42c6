"""A database the commands cannot use: one line with the fix and the URL tried (its password hidden), exit 1, no
traceback, and no empty SQLite file left behind."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from storage.migrate import upgrade
from tests.unionfeed.commands.conftest import Invoke

NEEDS_SCHEMA = [["runs"], ["export", "--no-progress"], ["reprocess"], ["retry"], ["reconcile"]]


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: ") and "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("command", NEEDS_SCHEMA)
def test_a_missing_sqlite_database_is_one_line_and_not_created(
    cli: Invoke, samples_only: Path, tmp_path: Path, command: list[str]
) -> None:
    database = tmp_path / "var" / "never.db"
    result = cli(*command, "--sources", str(samples_only), DATABASE_URL=f"sqlite:///{database}")
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert "unionfeed migrate" in line and str(database) in line
    assert not database.exists()


@pytest.mark.parametrize("command", NEEDS_SCHEMA)
def test_an_unmigrated_database_is_one_line(
    cli: Invoke, samples_only: Path, tmp_path: Path, command: list[str]
) -> None:
    database = tmp_path / "empty.db"
    database.touch()
    result = cli(*command, "--sources", str(samples_only), DATABASE_URL=f"sqlite:///{database}")
    assert result.exit_code == 1
    assert "has no schema" in one_error_line(result.output) and "unionfeed migrate" in result.output


def test_a_database_behind_the_code_is_one_line(cli: Invoke, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "base")  # the version table only: an older schema than the code's
    upgrade(url, "+1")
    result = cli("runs", DATABASE_URL=url)
    assert result.exit_code == 1
    assert "is at revision" in one_error_line(result.output) and "unionfeed migrate" in result.output


@pytest.mark.parametrize("command", [*NEEDS_SCHEMA, ["migrate"], ["keys", "list"], ["crawl", "sample-ghweihai"]])
def test_an_unreachable_server_is_one_line_without_the_password(
    cli: Invoke, samples_only: Path, command: list[str]
) -> None:
    url = f"postgresql+psycopg://reader:s3cret-pass@127.0.0.1:{closed_port()}/unionfeed"
    args = [*command] if command[0] in ("migrate", "keys") else [*command, "--sources", str(samples_only)]
    result = cli(*args, DATABASE_URL=url)
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert "cannot reach the database" in line and "127.0.0.1" in line
    assert "s3cret-pass" not in result.output and "reader:***@" in line
