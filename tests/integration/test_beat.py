"""Only one beat schedules at a time: two real beat processes on the real Redis send each tick once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.integration.workerproc import ROOT, stop_worker

pytestmark = pytest.mark.integration

SOURCES = """
sources:
  - key: every-second
    name: A source scheduled every second
    start_urls: ["http://127.0.0.1:9/"]
    schedule: {every: 1}
"""


def start_beat(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "unionfeed", "beat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_two_beats_schedule_once(tmp_path: Path, redis_url: str) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "UNIONFEED_SOURCES_PATH": str(sources),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'beat.db'}",
    }
    client = redis.Redis.from_url(redis_url)
    beats = [start_beat(env), start_beat(env)]
    try:
        deadline = time.monotonic() + 30
        while client.llen("crawl") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.llen("crawl") >= 2, "beat never sent the scheduled crawl"
        client.delete("crawl")
        time.sleep(6)
        sent = client.llen("crawl")
    finally:
        for beat in beats:
            stop_worker(beat)
    # One beat ticking every second sends about six messages in six seconds; two beats would send about twelve.
    assert 3 <= sent <= 8, f"{sent} crawl messages in 6 s from two beats"
