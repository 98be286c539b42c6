"""Run a crawl in a child process: Twisted's reactor cannot be restarted inside a long-lived worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from common.settings import Settings


class CrawlFailed(RuntimeError):
    """The child crawl process failed as a whole (it already recorded why on its crawl run)."""


def crawl_in_child_process(settings: Settings, source: str, *, trigger: str) -> dict[str, object]:
    command = [sys.executable, "-m", "crawler.run", source, "--trigger", trigger, "--sources", str(settings.sources_path)]
    env_settings = {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "UNIONFEED_PROXY_ROUTES": json.dumps(settings.proxy_routes),
    }
    env = {**os.environ, **env_settings}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=settings.crawl_time_limit, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise CrawlFailed(f"crawl of {source!r} exceeded its {settings.crawl_time_limit}s time limit") from exc
    result = _last_json_line(done.stdout)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-5:]
        raise CrawlFailed(f"crawl of {source!r} failed (exit {done.returncode}): {result or tail}")
    return result or {}


def _last_json_line(output: str) -> dict[str, object] | None:
    for line in reversed(output.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None
