"""Run a crawl in a child process, one at a time per source.

Twisted's reactor cannot be restarted inside a long-lived worker, so each crawl is `python -m crawler.run` in a
child with a hard time limit. A Redis lock (with expiry, so a dead worker cannot hold it forever) keeps a second
trigger for the same source from starting a parallel crawl; that trigger is recorded as a skipped run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import redis
from redis.exceptions import LockError
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from storage.repositories import runs
from storage.session import session_scope
from storage.states import SKIPPED

LOCK_MARGIN_SECONDS = 60


class CrawlFailed(RuntimeError):
    """The child crawl process failed as a whole (it already recorded why on its crawl run)."""


def crawl_source(
    settings: Settings,
    factory: sessionmaker[Session],
    redis_client: redis.Redis | None,
    source: str,
    *,
    trigger: str,
) -> dict[str, object]:
    if redis_client is None:  # embedded mode: one process, nothing to race with
        return crawl_in_child_process(settings, source, trigger=trigger)
    lock = redis_client.lock(
        f"unionfeed:crawl-lock:{source}", timeout=settings.crawl_time_limit + LOCK_MARGIN_SECONDS, blocking=False
    )
    if not lock.acquire():
        with session_scope(factory) as session:
            reason = "a crawl of this source is running"
            run = runs.record_skipped(session, source=source, trigger=trigger, reason=reason)
        return {"source": source, "status": SKIPPED, "run_id": run.id}
    try:
        return crawl_in_child_process(settings, source, trigger=trigger)
    finally:
        try:
            lock.release()
        except LockError:
            pass  # expired while the crawl ran past its limit; nobody else holds it by design


def crawl_in_child_process(settings: Settings, source: str, *, trigger: str) -> dict[str, object]:
    command = [sys.executable, "-m", "crawler.run", source, "--trigger", trigger]
    command += ["--sources", str(settings.sources_path)]
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "UNIONFEED_PROXY_ROUTES": json.dumps(settings.proxy_routes),
    }
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
