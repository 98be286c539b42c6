"""`unionfeed health probe api|worker|beat`, the containers' health checks, against the real API, a worker's real
heartbeat handler and a real beat process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
import uvicorn
from celery import Celery
from celery.signals import heartbeat_sent
from typer.testing import CliRunner

from api.app import create_app
from common.settings import Settings
from storage.migrate import upgrade
from unionfeed.cli import app as cli
from workers import heartbeat

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(settings: Settings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/health"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def healthy_api(tmp_path: Path) -> Iterator[str]:
    database_url = f"sqlite:///{tmp_path / 'probe.db'}"
    upgrade(database_url)
    yield from serve(Settings(database_url=database_url, redis_url=None, sources_path=tmp_path / "none.yaml"))


@pytest.fixture
def api_without_database(tmp_path: Path) -> Iterator[str]:
    database_url = f"postgresql+psycopg://unionfeed@127.0.0.1:{free_port()}/unionfeed?connect_timeout=2"
    yield from serve(Settings(database_url=database_url, redis_url=None, sources_path=tmp_path / "none.yaml"))


def probe(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(cli, ["health", "probe", *args], env=env)
    return result.exit_code, " ".join(result.output.split())


def test_api_that_reads_its_database_is_healthy(healthy_api: str) -> None:
    assert probe("api", "--url", healthy_api) == (0, "")


def test_api_that_cannot_read_its_database_is_not(api_without_database: str) -> None:
    code, output = probe("api", "--url", api_without_database)
    assert code == 1 and f"{api_without_database} answered 503" in output


def test_api_that_does_not_listen_is_not() -> None:
    code, output = probe("api", "--url", f"http://127.0.0.1:{free_port()}/health", "--timeout", "2")
    assert code == 1 and "unreachable" in output


class Heart:
    """Stands for Celery's `Heart` bootstep as the heartbeat signal's sender: what the handler reads of it."""

    eventer = SimpleNamespace(hostname="celery@probe-test")


@pytest.mark.integration
def test_worker_is_healthy_while_its_heartbeat_is_fresh(redis_url: str) -> None:
    env = {"REDIS_URL": redis_url}
    assert probe("worker", "--node", "celery@probe-test", env=env)[0] == 1
    client = redis.Redis.from_url(redis_url)
    celery = Celery("probe", broker="memory://")
    celery.unionfeed = SimpleNamespace(redis=client)  # type: ignore[attr-defined]
    handler = heartbeat.connect(celery)
    try:
        heartbeat_sent.send(sender=Heart())
    finally:
        heartbeat_sent.disconnect(handler)
    assert probe("worker", "--node", "celery@probe-test", env=env) == (0, "")
    code, output = probe("worker", "--node", "celery@another", env=env)
    assert code == 1 and "no heartbeat from celery@another" in output
    client.delete(*client.keys("unionfeed:worker:*"))
    assert probe("worker", "--node", "celery@probe-test", env=env)[0] == 1
    client.close()


def test_worker_and_beat_need_redis() -> None:
    code, output = probe("beat", env={"REDIS_URL": "", "UNIONFEED_REDIS_URL": ""})
    assert code == 1 and "REDIS_URL is not set" in output


@pytest.mark.integration
def test_beat_is_healthy_while_it_holds_the_redbeat_lock(redis_url: str, tmp_path: Path) -> None:
    env = {"REDIS_URL": redis_url, "UNIONFEED_SOURCES_PATH": str(ROOT / "sources.yaml")}
    code, output = probe("beat", env=env)
    assert code == 1 and "no beat holds the RedBeat lock" in output
    executable = Path(sys.executable).with_name("unionfeed")
    beat = subprocess.Popen(
        [str(executable), "beat"],
        cwd=tmp_path,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while probe("beat", env=env)[0] != 0 and time.monotonic() < deadline and beat.poll() is None:
            time.sleep(0.5)
        assert probe("beat", env=env) == (0, "")
    finally:
        beat.send_signal(signal.SIGTERM)
        beat.wait(timeout=30)
    assert probe("beat", env=env)[0] == 1  # a beat that stops releases its lock


def test_the_health_checks_module_form_is_the_same_probe(healthy_api: str) -> None:
    """What the containers run: `python -m unionfeed.commands.probe ROLE` (no other command loaded)."""
    module = [sys.executable, "-m", "unionfeed.commands.probe", "api", "--url"]
    assert subprocess.run([*module, healthy_api], capture_output=True, timeout=120).returncode == 0
    down = subprocess.run([*module, f"http://127.0.0.1:{free_port()}/health"], capture_output=True, timeout=120)
    assert down.returncode == 1 and b"unreachable" in down.stderr
