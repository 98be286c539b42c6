"""`unionfeed health probe api|worker|beat`: is this container's process alive and doing its job? Exit 0 if so, 1 with
the reason on stderr if not: the containers' health checks (docker-compose.yml).

Each role answers from what it already writes: the API its `/health` route (which reads the database), a worker its
heartbeat key in Redis (refreshed every 2 s, 30 s TTL: workers/heartbeat.py), beat the RedBeat lock that the active
beat extends on every tick. Nothing is sent to the workers and nothing is recorded: a probe has no side effects
(unlike `unionfeed health check`, which records alerts and delivers webhooks).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from enum import StrEnum
from typing import Annotated

import typer

from common.contract import WORKER_HEARTBEAT_PREFIX
from common.settings import Settings
from unionfeed.commands.options import build_settings, err_console


class Role(StrEnum):
    api = "api"
    worker = "worker"
    beat = "beat"


def probe_command(
    role: Annotated[Role, typer.Argument(help="The process to probe.")],
    url: Annotated[str, typer.Option(help="api: the health URL.")] = "http://127.0.0.1:8000/health",
    node: Annotated[
        str | None, typer.Option(help="worker: its Celery node name (default: celery@<this host's name>).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for an answer.", min=0.1)] = 5.0,
) -> None:
    """Exit 0 if the process of ROLE on this host is alive, 1 (with the reason) if not."""
    if role is Role.api:
        problem = api_problem(url, timeout)
    else:
        problem = redis_problem(role, node or f"celery@{socket.gethostname()}", timeout)
    if problem:
        err_console.print(f"[red]unhealthy:[/red] {role.value}: {problem}")
        raise typer.Exit(1)


def api_problem(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:  # /health answers 503 when the database is unreachable
        return f"{url} answered {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return f"{url} unreachable ({exc})"
    return None if status == 200 else f"{url} answered {status}"


def redis_problem(role: Role, node: str, timeout: float) -> str | None:
    import redis

    settings = build_settings()
    if not settings.distributed:
        return "REDIS_URL is not set"
    key = WORKER_HEARTBEAT_PREFIX + node if role is Role.worker else beat_lock_key(settings)
    client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        present = client.exists(key)
    except redis.RedisError as exc:
        return f"Redis unreachable ({exc})"
    finally:
        client.close()
    if present:
        return None
    if role is Role.worker:
        return f"no heartbeat from {node} in Redis (key {key!r})"
    return f"no beat holds the RedBeat lock (key {key!r})"


def beat_lock_key(settings: Settings) -> str:
    """The lock key of the app's RedBeat configuration (its key prefix and lock key settings)."""
    from redbeat.schedulers import RedBeatConfig

    from workers.app import create_celery

    return RedBeatConfig(create_celery(settings)).lock_key


if __name__ == "__main__":
    # `python -m unionfeed.commands.probe ROLE`, what the health checks run every 15-30 s: this command alone, without
    # importing every other command as `unionfeed` does (a quarter of the CPU time per check).
    typer.run(probe_command)
