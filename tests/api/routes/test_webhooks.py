"""`/webhooks`: a consumer registers, lists and removes its own new-article webhooks; the secret is shown once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from storage.repositories import api_keys
from tests.api.routes.test_status import auth_client  # noqa: F401 - the fixture: the app with keys on


def test_a_key_registers_lists_and_removes_only_its_own_webhooks(
    db: Session,
    auth_client: TestClient,  # noqa: F811 - the imported fixture
) -> None:
    _, mine = api_keys.create_key(db, "hook-mine")
    _, theirs = api_keys.create_key(db, "hook-theirs")
    created = auth_client.post("/webhooks", json={"url": "http://hooks.example.org/in"}, headers={"X-API-Key": mine})
    assert created.status_code == 201
    body = created.json()
    assert len(body["secret"]) == 64 and body["url"] == "http://hooks.example.org/in"
    listed = auth_client.get("/webhooks", headers={"X-API-Key": mine}).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]] and "secret" not in listed[0]
    assert auth_client.get("/webhooks", headers={"X-API-Key": theirs}).json()["items"] == []
    assert auth_client.delete(f"/webhooks/{body['id']}", headers={"X-API-Key": theirs}).status_code == 404
    assert auth_client.delete(f"/webhooks/{body['id']}", headers={"X-API-Key": mine}).status_code == 204
    assert auth_client.get("/webhooks", headers={"X-API-Key": mine}).json()["items"] == []


def test_bad_urls_and_missing_keys_are_refused(db: Session, auth_client: TestClient) -> None:  # noqa: F811
    _, key = api_keys.create_key(db, "hook-bad")
    assert auth_client.post("/webhooks", json={"url": "ftp://x/"}, headers={"X-API-Key": key}).status_code == 422
    for url in ("http://a.example/\u0000x", "http://a\u0000.example/", "http://a.example/\nx"):  # PostgreSQL: was a 500
        refused = auth_client.post("/webhooks", json={"url": url}, headers={"X-API-Key": key})
        assert refused.status_code == 422 and "control character" in refused.json()["error"]["message"]
    assert auth_client.post("/webhooks", json={"url": "http://hooks.example.org/"}).status_code == 401


def test_a_url_that_points_inside_the_deployment_is_refused_unless_its_network_is_allowed(
    db: Session, settings: Settings
) -> None:
    _, key = api_keys.create_key(db, "hook-inside")
    for allowed, expected in (([], 422), (["127.0.0.0/8"], 201)):
        app = create_app(settings.model_copy(update={"api_auth": True, "private_networks": allowed}))
        app.dependency_overrides[get_session] = lambda: db
        with TestClient(app) as client:
            answer = client.post("/webhooks", json={"url": "http://127.0.0.1:9/in"}, headers={"X-API-Key": key})
            assert answer.status_code == expected, answer.text
            if expected == 422:
                assert "loopback address" in answer.json()["error"]["message"]
            metadata = client.post(
                "/webhooks", json={"url": "http://169.254.169.254/latest/"}, headers={"X-API-Key": key}
            )
            assert metadata.status_code == 422 and "metadata" in metadata.json()["error"]["message"]


def test_docs_load_their_assets_from_this_server(client: TestClient) -> None:
    for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = client.get(page).text
        assert f'src="/static-offline-docs/{asset}"' in html and "cdn" not in html.lower()
        assert "fonts.googleapis" not in html
        served = client.get(f"/static-offline-docs/{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000
