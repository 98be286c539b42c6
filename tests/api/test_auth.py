"""Consumer keys (api/auth.py): reads need a valid key when auth is on; key names are unique until revoked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from storage.repositories import api_keys


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
    assert secured.get("/feeds/atom.xml", params={"api_key": key}).status_code == 200
    assert secured.get("/health").status_code == 200
    assert secured.get("/openapi.json").status_code == 200

    assert api_keys.revoke(db, "newsroom")
    secured.app.state.key_cache = type(secured.app.state.key_cache)()  # skip the 30 s grace in the test
    assert secured.get("/sources", headers={"X-API-Key": key}).status_code == 401


def test_key_names_are_unique_until_revoked(db: Session) -> None:
    api_keys.create_key(db, "bot")
    with pytest.raises(ValueError):
        api_keys.create_key(db, "bot")
    api_keys.revoke(db, "bot")
    assert api_keys.create_key(db, "bot")[1].startswith("uf_")
