"""`unionfeed crawl`: contradictory arguments and a --url on a configured source's domains are refused before
anything is crawled or stored (the sources file here holds the sample sites only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unionfeed.commands.conftest import Invoke


def test_a_source_and_all_are_refused(cli: Invoke, samples_only: Path, tmp_path: Path) -> None:
    database = tmp_path / "crawl.db"
    result = cli(
        "crawl",
        "sample-ghweihai",
        "--all",
        "--inline",
        "--sources",
        str(samples_only),
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.exit_code == 2, result.output
    assert "not both" in result.output
    assert not database.exists()  # nothing was crawled, not even a schema made


@pytest.mark.parametrize(
    ("url", "owner"),
    [
        ("http://ghweihai.sample.test/col/col1/index.html", "sample-ghweihai"),
        ("http://workercn.sample.test/news/2024/", "sample-workercn"),
    ],
)
def test_a_url_on_a_configured_source_names_that_source(
    cli: Invoke, samples_only: Path, tmp_path: Path, url: str, owner: str
) -> None:
    database = tmp_path / "crawl.db"
    result = cli("crawl", "--url", url, "--sources", str(samples_only), DATABASE_URL=f"sqlite:///{database}")
    assert result.exit_code == 2, result.output
    assert f"'{owner}'" in result.output and f"unionfeed crawl {owner}" in result.output
    assert not database.exists()  # no `url-HOST` run took the source's articles


def test_an_unknown_source_is_refused_with_the_known_keys(cli: Invoke, samples_only: Path, tmp_path: Path) -> None:
    result = cli("crawl", "nope", "--sources", str(samples_only), DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    assert result.exit_code == 2
    assert "unknown source 'nope'" in result.output and "sample-ghweihai" in result.output
