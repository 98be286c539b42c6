"""`unionfeed sources`: JSON with every field, and a piped table that keeps whole keys and URLs (never cut to 80)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from common.sources import load_sources
from tests.unionfeed.commands.conftest import Invoke

LONG_KEY = "sample-a-provincial-federation-whose-key-is-longer-than-a-terminal-line-is-wide"
LONG_URL = "http://provincial-federation.sample.test/news/trade-union-work/latest-updates/index.html"


def test_json_lists_every_source_with_its_whole_entry(cli: Invoke, samples_only: Path) -> None:
    result = cli("sources", "--json", "--sources", str(samples_only))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    expected = load_sources(samples_only).sources
    assert [s["key"] for s in shown] == [s.key for s in expected]
    assert shown[0] == expected[0].model_dump(mode="json")


def test_a_piped_table_keeps_whole_keys(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    entry = {"key": LONG_KEY, "name": "一个名字很长的省总工会 (a sample)", "start_urls": [LONG_URL], "sample": True}
    path.write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")
    result = cli("sources", "--sources", str(path), COLUMNS=None)
    assert result.exit_code == 0, result.output
    assert LONG_KEY in result.stdout and LONG_URL in result.stdout
