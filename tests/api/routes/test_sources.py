"""/sources (api/routes/sources.py): each source with its last run and health."""

from __future__ import annotations

from fastapi.testclient import TestClient

from testkit.storage import Seeder


def test_sources_show_last_run_and_health(client: TestClient, seed: Seeder) -> None:
    seed.run("acftu", "succeeded")
    seed.run("acftu", "failed")
    seed.run("acftu", "failed")
    seed.run("workercn", "succeeded")
    seed.run("workercn", "partial")
    seed.article(source="acftu")

    sources = {s["key"]: s for s in client.get("/sources").json()["items"]}

    assert sources["acftu"]["health"] == "failing"
    assert sources["acftu"]["consecutive_failures"] == 2
    assert sources["acftu"]["last_run"]["status"] == "failed"
    assert sources["acftu"]["last_success_at"] is not None
    assert sources["acftu"]["articles"] >= 1
    assert sources["workercn"]["health"] == "degraded"
