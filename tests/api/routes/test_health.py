"""/health (api/routes/health.py): ok only when the database answers, is migrated to this code's schema and the
broker (when configured) answers; every failure is a 503 in the error shape naming the check. An unmigrated
database makes the data routes answer a JSON 500, not plain text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from common.settings import Settings
from storage import migrate


def test_health_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok", "redis": "not configured"}


def _failed_checks(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    return {d["check"]: d["state"] for d in error["details"] if d["state"] not in ("ok", "not configured")}


def test_health_503_when_database_unreachable() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", api_auth=False)
    with TestClient(create_app(settings)) as client:
        failed = _failed_checks(client.get("/health"))
    assert failed["database"].startswith("unreachable")


def test_unmigrated_database_is_unhealthy_and_routes_answer_json_errors(sqlite_url: str) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url, api_auth=False)), raise_server_exceptions=False) as c:
        health = c.get("/health")
        articles = c.get("/articles")
    assert "run `unionfeed migrate`" in _failed_checks(health)["migrations"]
    assert "no revision" in health.json()["error"]["message"]
    assert articles.status_code == 500
    assert articles.headers["content-type"] == "application/json"
    assert articles.json()["error"]["code"] == "internal_error"


def test_database_behind_this_code_is_unhealthy(sqlite_url: str) -> None:
    migrate.upgrade(sqlite_url, "0010_article_removals")
    with TestClient(create_app(Settings(database_url=sqlite_url, api_auth=False))) as client:
        failed = _failed_checks(client.get("/health"))
    assert failed["migrations"].startswith("at 0010_article_removals, this code needs")


@pytest.mark.integration
def test_health_checks_the_configured_broker(sqlite_url: str, redis_url: str) -> None:
    migrate.upgrade(sqlite_url)
    with TestClient(create_app(Settings(database_url=sqlite_url, redis_url=redis_url, api_auth=False))) as client:
        assert client.get("/health").json()["redis"] == "ok"
    gone = "redis://127.0.0.1:1/0"
    with TestClient(create_app(Settings(database_url=sqlite_url, redis_url=gone, api_auth=False))) as client:
        assert _failed_checks(client.get("/health"))["redis"].startswith("unreachable")
