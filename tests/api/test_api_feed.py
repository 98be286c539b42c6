"""Part 2 of the HTTP feed: /changes, the /articles filters and search, /sources, /runs, feeds, consumer keys."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.settings import Settings
from storage.repositories import api_keys
from testkit.storage import BASE_TIME, Seeder


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# --- /changes ---------------------------------------------------------------------------------------------------

def test_changes_in_commit_order_with_current_records(client: TestClient, seed: Seeder, db: Session) -> None:
    start = client.get("/changes/head").json()["cursor"]
    a = seed.article(title="第一条")
    db.commit()
    b = seed.article(source="workercn", cluster_id=a.id)
    db.commit()
    a.title = "第一条（更新）"
    db.commit()

    page = client.get("/changes", params={"cursor": start}).json()

    assert [(c["seq"] - start, c["kind"], c["article_id"]) for c in page["items"]] == [
        (1, "created", a.id), (2, "created", b.id), (3, "merged", a.id), (4, "updated", a.id)]
    assert page["items"][-1]["article"]["title"] == "第一条（更新）"
    assert page["items"][-1]["article"]["body_html"].startswith("<p>")
    assert [m["id"] for m in page["items"][-1]["article"]["also_published_at"]] == [b.id]
    assert page["cursor"] == start + 4 and page["has_more"] is False
    assert page["next"] == f"/changes?cursor={start + 4}"
    again = client.get(page["next"]).json()
    assert again["items"] == [] and again["cursor"] == start + 4


def test_changes_pages_and_source_filter(client: TestClient, seed: Seeder, db: Session) -> None:
    start = client.get("/changes/head").json()["cursor"]
    made = [seed.article(source="workercn" if i % 2 else "acftu") for i in range(5)]
    db.commit()
    page = client.get("/changes", params={"cursor": start, "limit": 2}).json()
    assert page["has_more"] is True and len(page["items"]) == 2
    got = [c["article_id"] for c in page["items"]]
    while page["has_more"]:
        page = client.get(page["next"]).json()
        got += [c["article_id"] for c in page["items"]]
    assert got == [a.id for a in made]
    theirs = client.get("/changes", params={"cursor": start, "source": "workercn"}).json()
    assert [c["article_id"] for c in theirs["items"]] == [made[1].id, made[3].id]


@pytest.mark.parametrize("cursor", ["-1", "abc", "1.5", str(2**64)])
def test_changes_rejects_bad_cursors(client: TestClient, cursor: str) -> None:
    response = client.get("/changes", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["query", "cursor"]


# --- /articles filters and search --------------------------------------------------------------------------------

def test_filters(client: TestClient, seed: Seeder) -> None:
    intl = seed.article(category="国际", published_at=BASE_TIME - timedelta(days=2))
    recent = seed.article(category="要闻", published_at=BASE_TIME)
    member = seed.article(source="workercn", cluster_id=recent.id)

    assert ids(client.get("/articles", params={"category": "国际"})) == [intl.id]
    assert ids(client.get("/articles", params={"since": "2026-04-30T00:00:00Z"})) == [recent.id]
    assert ids(client.get("/articles", params={"until": "2026-04-30", "category": "国际"})) == [intl.id]
    assert ids(client.get("/articles", params={"since": "2026-05-01T16:00:00+08:00"})) == [recent.id]
    assert ids(client.get("/articles", params={"cluster": recent.id})) == [recent.id, member.id]


def test_search_finds_chinese_substrings_and_english_any_case(client: TestClient, seed: Seeder) -> None:
    a = seed.article(title="全国总工会部署农民工欠薪治理", body_text="各级工会要维护劳动者合法权益。")
    b = seed.article(title="Union wins 100% pay_rise", body_text="Workers in Shenzhen won.")
    seed.article(title="无关新闻", body_text="天气晴朗。")

    assert ids(client.get("/articles", params={"q": "总工会"})) == [a.id]
    assert ids(client.get("/articles", params={"q": "工会"})) == [a.id]  # two characters: below a trigram
    assert ids(client.get("/articles", params={"q": "欠薪 合法权益"})) == [a.id]
    assert ids(client.get("/articles", params={"q": "欠薪 天气"})) == []
    assert ids(client.get("/articles", params={"q": "SHENZHEN"})) == [b.id]
    assert ids(client.get("/articles", params={"q": "100%"})) == [b.id]
    assert ids(client.get("/articles", params={"q": "%"})) == [b.id]  # a literal percent sign, not a wildcard
    assert ids(client.get("/articles", params={"q": "y_r"})) == [b.id]
    assert ids(client.get("/articles", params={"q": '"'})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"q": "   "},
        {"q": ""},
        {"category": "c" * 201},
        {"since": "yesterday"},
        {"since": "0001-01-01T00:00:00+05:00"},
        {"until": "9999-12-31T23:59:59-05:00"},
        {"cluster": "c" * 65},
        {"source": "'; DROP TABLE articles; --"},
        {"limit": 10**30},
    ],
)
def test_bad_or_oversized_parameters_are_422(client: TestClient, params: dict) -> None:
    response = client.get("/articles", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize(
    "q",
    ["' OR '1'='1", "工会'; DROP TABLE articles; --", "\") OR 1=1 --", "* NEAR title:", "a\\", "%' UNION SELECT 1 --"],
)
def test_sql_injection_is_only_text(client: TestClient, seed: Seeder, q: str) -> None:
    seed.article()
    response = client.get("/articles", params={"q": q})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/articles").json()["items"]  # the table is still there


# --- /sources, /runs ---------------------------------------------------------------------------------------------

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


def test_runs_paginate_and_filter(client: TestClient, seed: Seeder) -> None:
    made = [seed.run("acftu", "succeeded", pages_stored=i) for i in range(3)]
    seed.run("workercn", "failed")
    first = client.get("/runs", params={"source": "acftu", "limit": 2}).json()
    rest = client.get(first["next"]).json()
    assert [r["id"] for r in first["items"] + rest["items"]][:3] == [r.id for r in reversed(made)]
    failed = client.get("/runs", params={"status": "failed", "source": "workercn"}).json()["items"]
    assert failed[0]["status"] == "failed"
    assert client.get(f"/runs/{made[0].id}").json()["stats"] == {"pages_stored": 0}
    assert client.get("/runs/999999999").status_code == 404
    assert client.get("/runs", params={"status": "exploded"}).status_code == 422


# --- feeds -------------------------------------------------------------------------------------------------------

def test_atom_and_json_feeds(client: TestClient, seed: Seeder) -> None:
    a = seed.article(title="标题 <b>&</b>\x07", source="acftu")
    seed.article(source="workercn")

    atom = client.get("/feeds/acftu/atom.xml")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries[0].find("a:title", ns).text == "标题 <b>&</b>"
    assert entries[0].find("a:link", ns).get("href") == a.canonical_url
    assert {e.find("a:id", ns).text for e in entries} >= {f"urn:unionfeed:article:{a.id}"}

    everything = client.get("/feeds/feed.json")
    assert everything.headers["content-type"].startswith("application/feed+json")
    body = everything.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert {item["_unionfeed"]["source"] for item in body["items"]} >= {"acftu", "workercn"}
    one = client.get("/feeds/workercn/feed.json").json()
    assert {item["_unionfeed"]["source"] for item in one["items"]} == {"workercn"}
    assert client.get("/feeds/nosuchsource/atom.xml").status_code == 404


# --- consumer keys -----------------------------------------------------------------------------------------------

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


def test_openapi_is_published_with_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/articles", "/articles/{article_id}", "/changes", "/sources", "/runs", "/health",
            "/feeds/atom.xml", "/feeds/{source}/feed.json"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200
