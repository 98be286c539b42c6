"""Consumer keys (api/auth.py) and rate limits (api/ratelimit.py): reads need a valid key when auth is on, sent in
a header unless the deployment allows query keys, which are never echoed; the key cache is LRU with unknown keys
apart; per-key, per-address and unknown-key limits answer 429 with Retry-After."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from api.app import create_app
from api.auth import KeyCache
from api.deps import get_session
from common.settings import Settings
from storage.repositories import api_keys
from testkit.storage import Seeder


@pytest.fixture
def secured(database_url: str, db: Session):  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=database_url, api_auth=True))
    app.dependency_overrides[get_session] = lambda: db
    with TestClient(app) as test_client:
        yield test_client


def test_reads_need_a_valid_key_when_auth_is_on(secured: TestClient, db: Session) -> None:
    row, key = api_keys.create_key(db, "newsroom")
    assert key.startswith("uf_") and row.key_hash != key and key not in row.prefix + row.key_hash

    missing = secured.get("/articles")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    assert secured.get("/articles", headers={"Authorization": "Bearer uf_wrong"}).status_code == 401
    assert secured.get("/articles", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert secured.get("/changes", headers={"X-API-Key": key}).status_code == 200
    in_query = secured.get("/feeds/atom.xml", params={"api_key": key})
    assert in_query.status_code == 401 and "query string" in in_query.json()["error"]["message"]
    assert secured.get("/health").status_code == 200
    assert secured.get("/openapi.json").status_code == 200

    assert api_keys.revoke(db, "newsroom")
    secured.app.state.key_cache = KeyCache()  # skip the 30 s grace in the test
    assert secured.get("/sources", headers={"X-API-Key": key}).status_code == 401


def test_key_names_are_unique_until_revoked(db: Session) -> None:
    api_keys.create_key(db, "bot")
    with pytest.raises(ValueError):
        api_keys.create_key(db, "bot")
    api_keys.revoke(db, "bot")
    assert api_keys.create_key(db, "bot")[1].startswith("uf_")


def _app(database_url: str, db: Session, **settings: object) -> TestClient:
    app = create_app(Settings(**{"database_url": database_url, "redis_url": None, "api_auth": True, **settings}))
    app.dependency_overrides[get_session] = lambda: db
    return TestClient(app)


def test_query_keys_are_opt_in_and_never_echoed(database_url: str, db: Session) -> None:
    _, key = api_keys.create_key(db, "feed-reader")
    seed = Seeder(db)
    for _ in range(3):
        seed.article()
    with _app(database_url, db, api_query_keys=True) as client:
        atom = client.get("/feeds/atom.xml", params={"api_key": key, "limit": 2})
        feed = client.get("/feeds/feed.json", params={"api_key": key, "limit": 2})
        page = client.get("/articles", params={"api_key": key, "limit": 2})
        webhooks = client.get("/webhooks", params={"api_key": key})
    assert atom.status_code == feed.status_code == page.status_code == webhooks.status_code == 200
    assert 'rel="self" href="http://testserver/feeds/atom.xml?limit=2"' in atom.text
    assert feed.json()["feed_url"] == "http://testserver/feeds/feed.json?limit=2"
    assert page.json()["next"].startswith("/articles?limit=2&cursor=")
    for response in (atom, feed, page, webhooks):
        assert key not in response.text and "api_key" not in response.text


def test_the_key_cache_evicts_the_least_recently_used_key() -> None:
    cache = KeyCache(size=2)
    cache.put("a", "reader")
    cache.put("b", "operator")
    assert cache.get("a") == "reader"  # "a" is now the most recently used
    cache.put("c", "reader")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("reader", None, "reader")
    cache.put("bad", "")
    assert cache.get("bad") == "" and cache.get("unseen") is None


class KeyLookups:
    """Counts the statements that read the api_keys table (each lookup of a key not in the cache is one)."""

    def __init__(self, db: Session) -> None:
        self.count = 0
        event.listen(db.get_bind(), "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if "FROM api_keys" in statement:
            self.count += 1


def test_unknown_keys_cannot_evict_valid_keys_from_the_cache(database_url: str, db: Session) -> None:
    _, key = api_keys.create_key(db, "steady")
    with _app(database_url, db, api_rate_limit_bad_keys="") as client:
        client.app.state.key_cache = KeyCache(size=3)  # type: ignore[attr-defined]
        valid = {"Authorization": f"Bearer {key}"}
        assert client.get("/sources", headers=valid).status_code == 200
        lookups = KeyLookups(db)
        for n in range(20):
            assert client.get("/sources", headers={"Authorization": f"Bearer uf_made_up_{n}"}).status_code == 401
        assert lookups.count == 20
        assert client.get("/sources", headers=valid).status_code == 200
        assert lookups.count == 20  # still cached: no lookup


def test_unknown_keys_from_one_address_get_429_before_the_database(database_url: str, db: Session) -> None:
    _, key = api_keys.create_key(db, "patient")
    with _app(database_url, db, api_rate_limit_bad_keys="5/minute") as client:
        lookups = KeyLookups(db)
        answers = [client.get("/articles", headers={"X-API-Key": f"uf_guess_{n}"}) for n in range(40)]
        assert [a.status_code for a in answers] == [401] * 5 + [429] * 35
        assert lookups.count == 5  # the refused guesses never reached the database
        refused = answers[-1]
        assert refused.json()["error"]["code"] == "too_many_requests"
        assert refused.json()["error"]["message"].startswith("unknown keys from this address: at most 5 per 1 minute")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
    with _app(database_url, db, api_rate_limit_bad_keys="5/minute") as other:
        assert other.get("/articles", headers={"X-API-Key": key}).status_code == 200


def test_each_key_has_its_own_rate_limit(database_url: str, db: Session) -> None:
    _, busy = api_keys.create_key(db, "busy")
    _, calm = api_keys.create_key(db, "calm")
    with _app(database_url, db, api_rate_limit_per_key="3/minute") as client:
        codes = [client.get("/sources", headers={"Authorization": f"Bearer {busy}"}).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        refused = client.get("/changes", headers={"Authorization": f"Bearer {busy}"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert busy not in refused.text
        assert client.get("/sources", headers={"Authorization": f"Bearer {calm}"}).status_code == 200


def test_each_client_address_has_a_rate_limit(database_url: str, db: Session) -> None:
    with _app(database_url, db, api_auth=False, api_rate_limit_per_ip="4/minute") as client:
        codes = [client.get("/articles").status_code for _ in range(4)] + [client.get("/nowhere").status_code]
        assert codes == [200, 200, 200, 200, 429]
        assert client.get("/health").status_code == 200  # probes are not limited
    app = client.app
    with TestClient(app, client=("192.0.2.7", 4000)) as elsewhere:
        assert elsewhere.get("/articles").status_code == 200


def test_rate_limits_are_shared_through_redis(database_url: str, db: Session, redis_url: str) -> None:
    """Two API processes on one Redis count one client together."""
    shared = {"redis_url": redis_url, "api_auth": False, "api_rate_limit_per_ip": "3/minute"}
    first = create_app(Settings(database_url=database_url, **shared))  # type: ignore[arg-type]
    second = create_app(Settings(database_url=database_url, **shared))  # type: ignore[arg-type]
    for app in (first, second):
        app.dependency_overrides[get_session] = lambda: db
    with TestClient(first) as one, TestClient(second) as two:
        assert [one.get("/articles").status_code for _ in range(2)] == [200, 200]
        assert two.get("/articles").status_code == 200
        refused = two.get("/articles")
        assert refused.status_code == 429 and refused.headers["retry-after"].isdigit()
        assert one.get("/articles").status_code == 429
