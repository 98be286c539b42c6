"""POST /crawls: operator keys enqueue the documented task on the real Redis; reader keys are refused."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from api.app import create_app
from common.settings import Settings
from storage.migrate import upgrade
from storage.repositories import api_keys
from storage.session import make_engine, make_session_factory, session_scope

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def client_and_keys(sqlite_url: str, redis_url: str):  # type: ignore[no-untyped-def]
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with session_scope(make_session_factory(engine)) as session:
        reader = api_keys.create_key(session, "reader")[1]
        operator = api_keys.create_key(session, "ops", role="operator")[1]
    engine.dispose()
    settings = Settings(database_url=sqlite_url, redis_url=redis_url, sources_path=ROOT / "sources.yaml", api_auth=True)
    with TestClient(create_app(settings)) as client:
        yield client, reader, operator


def queued_crawls(redis_url: str) -> list[tuple[str, list, dict]]:
    messages = [json.loads(raw) for raw in redis.Redis.from_url(redis_url).lrange("crawl", 0, -1)]
    out = []
    for message in messages:
        args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
        out.append((message["headers"]["task"], args, kwargs))
    return out


@pytest.mark.integration
def test_operator_key_enqueues_a_crawl(client_and_keys, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    client, _reader, operator = client_and_keys
    response = client.post("/crawls", json={"source": "workercn"}, headers={"Authorization": f"Bearer {operator}"})
    assert response.status_code == 202, response.text
    assert [item["source"] for item in response.json()["enqueued"]] == ["workercn"]
    assert queued_crawls(redis_url) == [("unionfeed.crawl_source", ["workercn"], {"trigger": "api"})]


@pytest.mark.integration
def test_all_enqueues_every_real_source(client_and_keys, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    client, _reader, operator = client_and_keys
    response = client.post("/crawls", json={"all": True}, headers={"X-API-Key": operator})
    assert response.status_code == 202
    sources = {args[0] for _, args, _ in queued_crawls(redis_url)}
    assert "workercn" in sources and not any(s.startswith("sample-") for s in sources)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, {"source": "workercn"}, 401),
        ({"Authorization": "Bearer nope"}, {"source": "workercn"}, 401),
        ("reader", {"source": "workercn"}, 403),
        ("operator", {"source": "no-such-source"}, 404),
        ("operator", {}, 422),
        ("operator", {"source": "workercn", "all": True}, 422),
        ("operator", {"source": "x" * 500}, 422),
    ],
)
def test_refusals(client_and_keys, redis_url: str, headers, body, status) -> None:  # type: ignore[no-untyped-def]
    client, reader, operator = client_and_keys
    if isinstance(headers, str):
        headers = {"Authorization": f"Bearer {reader if headers == 'reader' else operator}"}
    response = client.post("/crawls", json=body, headers=headers)
    assert response.status_code == status, response.text
    assert "error" in response.json()
    assert queued_crawls(redis_url) == []


def test_without_a_queue_the_api_says_so(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    settings = Settings(database_url=sqlite_url, redis_url=None, sources_path=ROOT / "sources.yaml", api_auth=False)
    with TestClient(create_app(settings)) as client:
        response = client.post("/crawls", json={"source": "workercn"})
    assert response.status_code == 503
    assert "REDIS_URL" in response.json()["error"]["message"]
