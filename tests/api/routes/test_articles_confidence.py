"""`/articles` carries each record's body confidence and filters on it (min_confidence, low_confidence)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from testkit.storage import Seeder


def _ids(client: TestClient, query: str) -> set[str]:
    response = client.get(f"/articles?{query}")
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_records_carry_confidence_and_filter_on_it(client: TestClient, seed: Seeder) -> None:
    sure = seed.article(confidence=0.97)
    doubtful = seed.article(confidence=0.31, flags=["low_confidence", "no_date"])
    legacy = seed.article(confidence=None)
    items = {i["id"]: i for i in client.get("/articles").json()["items"]}
    assert items[sure.id]["confidence"] == 0.97 and items[legacy.id]["confidence"] is None
    assert _ids(client, "min_confidence=0.5") == {sure.id}
    assert _ids(client, "low_confidence=false") == {sure.id, legacy.id}
    assert _ids(client, "low_confidence=true") == {doubtful.id}


def test_confidence_out_of_range_is_refused(client: TestClient) -> None:
    assert client.get("/articles?min_confidence=1.5").status_code == 422


def test_full_record_carries_confidence(client: TestClient, seed: Seeder) -> None:
    article = seed.article(confidence=0.8)
    assert client.get(f"/articles/{article.id}").json()["confidence"] == 0.8
