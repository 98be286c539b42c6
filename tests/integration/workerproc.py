"""Real worker processes and a plain Celery client for the integration tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]

# Sends by task name with nothing but Celery: the contract documented in docs/message-contract.md.
PLAIN_CLIENT = """
import json, sys
from celery import Celery
broker, name, queue, args_list = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
client = Celery(broker=broker)
with client.producer_or_acquire() as producer:
    for args in args_list:
        client.send_task(name, args=args, queue=queue, producer=producer)
"""


def send_plain(redis_url: str, task_name: str, queue: str, args_list: list[list]) -> None:
    """Send tasks from a separate interpreter that never imports the project."""
    subprocess.run(
        [sys.executable, "-c", PLAIN_CLIENT, redis_url, task_name, queue, json.dumps(args_list)],
        cwd="/",
        check=True,
        timeout=60,
    )


def worker_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "UNIONFEED_SOURCES_PATH": str(ROOT / "sources.yaml"),
        **extra,
    }


def start_worker(env: dict[str, str], *, concurrency: int = 2, queues: str = "crawl,process") -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.app",
        "worker",
        "-Q",
        queues,
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "WARNING",
        "-n",
        f"test-{uuid.uuid4().hex[:8]}@%h",
    ]
    # Its own process group, so a test can kill -9 the worker together with its pool children.
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def stop_worker(worker: subprocess.Popen, *, hard: bool = False) -> None:
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGKILL if hard else signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:  # the database may be down on purpose during the wait
            pass
        time.sleep(interval)
    return predicate()


def page_states(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            return dict(db.execute(text("SELECT process_state, count(*) FROM raw_pages GROUP BY process_state")).all())
    finally:
        engine.dispose()
