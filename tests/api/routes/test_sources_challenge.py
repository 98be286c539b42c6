"""/sources says when a source is blocked by a cookie challenge, with the challenge's signature."""

from __future__ import annotations

from fastapi.testclient import TestClient

from storage.repositories import runs
from testkit.storage import Seeder

SIGNATURE = "http_521 cookie __jsl_clearance_s"


def blocked_run(seed: Seeder, source: str, status: str) -> None:
    run = seed.run(source, "running")
    error = {"kind": "blocked_by_challenge", "reason": SIGNATURE, "url": "http://g.test/", "count": 3, "urls": []}
    runs.finish_run(seed.session, run.id, status=status, stats={}, errors=[error])
    seed.session.flush()


def test_a_source_whose_last_run_met_only_a_challenge_is_blocked(client: TestClient, seed: Seeder) -> None:
    seed.run("guarded", "succeeded")
    blocked_run(seed, "guarded", "failed")
    blocked_run(seed, "partly", "partial")
    sources = {s["key"]: s for s in client.get("/sources").json()["items"]}
    assert (sources["guarded"]["health"], sources["guarded"]["challenge"]) == ("blocked", SIGNATURE)
    assert (sources["partly"]["health"], sources["partly"]["challenge"]) == ("degraded", SIGNATURE)


def test_a_source_without_challenges_names_none(client: TestClient, seed: Seeder) -> None:
    seed.run("plain", "failed")
    sources = {s["key"]: s for s in client.get("/sources").json()["items"]}
    assert (sources["plain"]["health"], sources["plain"]["challenge"]) == ("failing", None)
