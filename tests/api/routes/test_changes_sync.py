"""End to end: a consumer syncing through /changes while writers commit ends with exactly the stored set; the
published OpenAPI fuzzed by schemathesis never gets a server error; oversized requests are refused cleanly."""

from __future__ import annotations

import random
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
import redis
import schemathesis
import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance
from sqlalchemy import select

from api.app import create_app
from common.settings import Settings
from storage import migrate
from storage.models import Article
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import Seeder, drop_pg_database, recreate_pg_database, require_postgres
from tests.conftest import require_service


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def committed_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database of its own, with real commits (not the rolled-back test transaction)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sync.db'}"
        migrate.upgrade(url)
        yield url
        return
    require_postgres()
    name = f"unionfeed_test_sync_{uuid.uuid4().hex[:8]}"
    url = recreate_pg_database(name)
    migrate.upgrade(url)
    yield url
    drop_pg_database(name)


def test_consumer_syncing_while_crawls_write_ends_with_exactly_the_stored_set(committed_url: str) -> None:
    engine = make_engine(committed_url, **({} if committed_url.startswith("sqlite") else {"pool_size": 10}))
    factory = make_session_factory(engine)
    writers, transactions = 4, 30
    failures: list[BaseException] = []

    def crawl(worker: int) -> None:
        rng = random.Random(worker)
        mine: list[str] = []
        try:
            for i in range(transactions):
                with session_scope(factory) as session:
                    seed = Seeder(session)
                    if mine and rng.random() < 0.3:
                        session.get_one(Article, rng.choice(mine)).body_text = f"修订 {worker}-{i}"
                    elif len(mine) > 1 and rng.random() < 0.2:
                        session.get_one(Article, mine[-1]).cluster_id = mine[0]
                    for j in range(rng.randint(1, 3)):
                        mine.append(seed.article(id=f"w{worker}t{i:03d}n{j}".ljust(32, "0")).id)
                time.sleep(rng.uniform(0, 0.003))
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    seqs: list[int] = []
    latest: dict[str, dict] = {}
    threads = [threading.Thread(target=crawl, args=(w,)) for w in range(writers)]
    with TestClient(create_app(Settings(database_url=committed_url, api_auth=False))) as client:
        for t in threads:
            t.start()
        cursor = 0
        while True:
            finished = not any(t.is_alive() for t in threads)
            page = client.get("/changes", params={"cursor": cursor, "limit": 17}).json()
            for change in page["items"]:
                seqs.append(change["seq"])
                latest[change["article_id"]] = change["article"]
            cursor = page["cursor"]
            if finished and not page["has_more"]:
                break
    assert not failures

    with session_scope(factory) as session:
        stored = {a.id: a for a in session.scalars(select(Article))}
        assert seqs == list(range(1, len(seqs) + 1)), "no gap, no repeat, in order"
        assert set(latest) == set(stored), "exactly the stored set"
        for article_id, record in latest.items():
            row = stored[article_id]
            assert (record["body_text"], record["cluster_id"]) == (row.body_text, row.cluster_id)
    engine.dispose()


# --- schemathesis against the published OpenAPI --------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        seed = Seeder(session)
        first = seed.article(title="全国总工会", category="要闻")
        seed.article(source="workercn", cluster_id=first.id)
        seed.run("acftu", "succeeded")
    engine.dispose()
    # A real broker, so POST /crawls is fuzzed too (it answers 503 without one); the queue is emptied afterwards.
    require_service("Redis", "127.0.0.1", 6379)
    broker = "redis://127.0.0.1:6379/11"
    yield create_app(Settings(database_url=url, redis_url=broker, api_auth=False))
    redis.Redis.from_url(broker).flushdb()


def _operations(app):  # type: ignore[no-untyped-def]
    spec = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in spec.get_all_operations()]


def test_openapi_fuzzing_finds_no_server_error(fuzz_app) -> None:  # type: ignore[no-untyped-def]
    operations = _operations(fuzz_app)
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance])

        fuzz()


# --- a real server refuses oversized requests cleanly ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _raw_status(port: int, request: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        reply = conn.recv(4096)
    return int(reply.split(b" ", 2)[1])


def test_oversized_requests_are_refused_by_the_real_server(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'big.db'}"
    migrate.upgrade(url)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(database_url=url, api_auth=False)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        with httpx.Client(base_url=base, timeout=10) as http:
            huge_line = b"GET /articles?q=" + b"%E5%B7%A5" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
            assert 400 <= _raw_status(port, huge_line) < 500
            long_q = http.get("/articles", params={"q": "工会" * 150})
            assert long_q.status_code == 422 and "q" in long_q.json()["error"]["message"]
            headers = http.get("/articles", headers={"X-Filler": "x" * 200_000})
            assert 400 <= headers.status_code < 500
            assert http.get("/health").status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
