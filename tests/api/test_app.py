"""The app factory (api/app.py): the OpenAPI document and /docs are published."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_openapi_is_published_with_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/articles",
        "/articles/{article_id}",
        "/changes",
        "/sources",
        "/runs",
        "/health",
        "/feeds/atom.xml",
        "/feeds/{source}/feed.json",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200
