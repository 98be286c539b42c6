"""Fixtures for the sample-sites tests: one server per session (short slow delay), the manifest, a raw HTTP helper."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from samples.manifest import SITES_DIR, load_manifest
from samples.server import SampleServer

SLOW_DELAY = 1.0


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def _fetch(
    server: SampleServer, target: str, headers: dict[str, str] | None = None, method: str = "GET", timeout: float = 5.0
) -> Response:
    """One raw request to the server: `target` is a path (sent with a Host header) or an absolute URI (proxy style)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, target, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    return load_manifest()


@pytest.fixture(scope="session")
def sites_dir() -> Path:
    return SITES_DIR


@pytest.fixture(scope="session")
def server() -> Iterator[SampleServer]:
    with SampleServer(slow_delay=SLOW_DELAY) as srv:
        yield srv


Fetch = Any  # Callable[..., Response]; kept loose so tests can pass keyword arguments freely


@pytest.fixture(scope="session")
def fetch() -> Fetch:
    """`fetch(server, target, headers=None, method="GET", timeout=5.0) -> Response` (raw http.client request)."""
    return _fetch
