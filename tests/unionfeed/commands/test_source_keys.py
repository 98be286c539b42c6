"""An unknown source key is refused alike by every command that takes one (exit 2, the known keys listed); a key of
the sources file, or one with crawl runs (a `url-HOST` crawl), is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.repositories.runs import start_run
from storage.session import make_engine, make_session_factory, session_scope
from tests.unionfeed.commands.conftest import Invoke

COMMANDS = [["runs"], ["export", "--no-progress", "--source"], ["reprocess", "--source"], ["retry", "--source"]]


@pytest.fixture
def database(stored: str) -> str:
    engine = make_engine(stored)
    with session_scope(make_session_factory(engine)) as session:
        start_run(session, source="url-news-example-org", trigger="cli")
    engine.dispose()
    return stored


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_source_is_refused_with_the_known_keys(
    cli: Invoke, samples_only: Path, database: str, command: list[str]
) -> None:
    result = cli(*command, "sample-nope", "--sources", str(samples_only), DATABASE_URL=database)
    assert result.exit_code == 2, result.output
    assert "unknown source 'sample-nope'" in result.output
    assert "sample-ghweihai" in result.output and "url-news-example-org" in result.output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("key", ["sample-ghweihai", "url-news-example-org"])
def test_known_sources_are_accepted(
    cli: Invoke, samples_only: Path, database: str, command: list[str], key: str
) -> None:
    result = cli(*command, key, "--sources", str(samples_only), DATABASE_URL=database)
    assert result.exit_code == 0, result.output
