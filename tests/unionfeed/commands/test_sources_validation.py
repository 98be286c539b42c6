"""A sources file with a bad cron field or selector stops `unionfeed sources` and `unionfeed worker` with one clear
message naming the file, the source and the field — never a traceback (the worker used to die in beat's crontab)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REDIS_TEST_URL

ROOT = Path(__file__).resolve().parents[3]
BAD = {
    "cron": ("schedule: {cron: '61 * * * *'}", "schedule.cron: cron minute field '61' is invalid"),
    "selector": ("extraction: {selectors: {title: 'h1['}}", "extraction.selectors: title: invalid CSS"),
}


@pytest.mark.parametrize("command", [["sources"], ["worker", "--concurrency", "1"]])
@pytest.mark.parametrize("problem", sorted(BAD))
def test_a_bad_sources_file_stops_the_command(tmp_path: Path, command: list[str], problem: str) -> None:
    rule, expected = BAD[problem]
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - {{key: town, name: Town, start_urls: ['http://town.example/'], {rule}}}\n")
    # the worker never reaches Redis: the file is read first
    env = {**os.environ, "REDIS_URL": REDIS_TEST_URL, "UNIONFEED_SOURCES_PATH": str(path), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "unionfeed", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    output = " ".join((done.stdout + done.stderr).split())
    assert "Traceback" not in output
    assert str(path) in output and "source 'town'" in output and expected in output
