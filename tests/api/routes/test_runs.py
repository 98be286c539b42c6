"""/runs (api/routes/runs.py): pages and filters."""

from __future__ import annotations

from fastapi.testclient import TestClient

from testkit.storage import Seeder


def test_runs_paginate_and_filter(client: TestClient, seed: Seeder) -> None:
    made = [seed.run("acftu", "succeeded", pages_stored=i) for i in range(3)]
    seed.run("workercn", "failed")
    first_answer = client.get("/runs", params={"source": "acftu", "limit": 2})
    first = first_answer.json()
    assert first_answer.headers["link"] == f'<{first["next"]}>; rel="next"'
    rest = client.get(first["next"]).json()
    assert [r["id"] for r in first["items"] + rest["items"]][:3] == [r.id for r in reversed(made)]
    failed = client.get("/runs", params={"status": "failed", "source": "workercn"}).json()["items"]
    assert failed[0]["status"] == "failed"
    assert client.get(f"/runs/{made[0].id}").json()["stats"] == {"pages_stored": 0}
    assert client.get("/runs/999999999").status_code == 404
    assert client.get("/runs", params={"status": "exploded"}).status_code == 422
