"""gzip and CORS (api/http.py): compressed answers for clients that accept them; CORS only for the origins a
deployment lists, off by default."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from testkit.storage import Seeder

ORIGIN = "https://newsroom.example.org"


@pytest.fixture
def client_with(settings: Settings, db: Session) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**changes: object) -> TestClient:
        app = create_app(settings.model_copy(update=changes))
        app.dependency_overrides[get_session] = lambda: db
        clients.append(TestClient(app).__enter__())
        return clients[-1]

    yield make
    for made in clients:
        made.__exit__(None, None, None)


def test_pages_are_gzipped_for_clients_that_accept_it(client: TestClient, seed: Seeder) -> None:
    for _ in range(30):
        seed.article()
    plain = client.get("/articles", headers={"Accept-Encoding": "identity"})
    with client.stream("GET", "/articles", headers={"Accept-Encoding": "gzip"}) as packed:
        wire = b"".join(packed.iter_raw())
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert gzip.decompress(wire) == plain.content
    assert len(wire) < len(plain.content) / 3


def test_cors_is_off_by_default(client: TestClient) -> None:
    answer = client.get("/health", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options("/articles", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_the_listed_origins_only(client_with: Callable[..., TestClient]) -> None:
    client = client_with(api_cors_origins=[ORIGIN])
    answer = client.get("/articles", headers={"Origin": ORIGIN})
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert {"etag", "link"} <= {h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")}
    preflight = client.options(
        "/articles",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    other = client.get("/articles", headers={"Origin": "https://elsewhere.example.org"})
    assert "access-control-allow-origin" not in other.headers


def test_cors_origins_setting_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONFEED_API_CORS_ORIGINS", f"{ORIGIN}, https://b.example.org")
    assert Settings().api_cors_origins == [ORIGIN, "https://b.example.org"]


def test_a_refused_preflight_answers_in_the_api_s_json_error_shape(client_with: Callable[..., TestClient]) -> None:
    client = client_with(api_cors_origins=[ORIGIN])
    refused = client.options(
        "/articles", headers={"Origin": "https://elsewhere.example.org", "Access-Control-Request-Method": "GET"}
    )
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/json"
    error = refused.json()["error"]
    assert error["status"] == 400 and "origin" in error["message"]
    assert "access-control-allow-origin" not in refused.headers
    method = client.options("/articles", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"})
    assert method.status_code == 400 and "method" in method.json()["error"]["message"]
