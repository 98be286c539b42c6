"""/articles (keyset pages, filters, search, limits) and /articles/{id} (api/routes/articles.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from testkit.storage import BASE_TIME, Seeder


def test_articles_lists_canonical_records_newest_first(client: TestClient, seed: Seeder) -> None:
    old = seed.article(published_at=BASE_TIME - timedelta(days=3))
    new = seed.article(published_at=BASE_TIME)
    undated = seed.article(published_at=None, published_precision=None, first_seen_at=BASE_TIME - timedelta(days=1))
    duplicate = seed.article(source="workercn", cluster_id=new.id, published_at=BASE_TIME + timedelta(hours=1))

    items = client.get("/articles").json()["items"]

    assert [item["id"] for item in items] == [new.id, old.id, undated.id]
    assert duplicate.id not in {item["id"] for item in items}
    first = items[0]
    assert first["also_published_at"] == [
        {
            "id": duplicate.id,
            "url": duplicate.canonical_url,
            "source": "workercn",
            "published_at": "2026-05-01T09:00:00Z",
        }
    ]
    assert first["url"] == new.canonical_url
    assert first["published_at"] == "2026-05-01T08:00:00Z"
    assert first["published_precision"] == "datetime"
    assert first["origin"] == "工人日报"
    assert first["is_canonical"] is True
    assert "body_html" not in first


def test_order_is_publication_time_with_first_seen_only_as_fallback(client: TestClient, seed: Seeder) -> None:
    day = BASE_TIME - timedelta(days=2)
    # Found today, published two days ago: ranks by its publication date, not by when we found it.
    dated_old = seed.article(published_at=day, published_precision="date", first_seen_at=BASE_TIME)
    # The same publication day, found earlier: the first-seen time breaks the tie.
    dated_old_seen_first = seed.article(published_at=day, published_precision="date", first_seen_at=day)
    dated_new = seed.article(published_at=BASE_TIME - timedelta(hours=1), first_seen_at=BASE_TIME)
    # Undated pages, even one found after everything else, come after every dated record, newest found first.
    undated_found_now = seed.article(published_at=None, published_precision=None, first_seen_at=BASE_TIME)
    undated_found_before = seed.article(published_at=None, published_precision=None, first_seen_at=day)

    expected = [dated_new.id, dated_old.id, dated_old_seen_first.id, undated_found_now.id, undated_found_before.id]
    assert [item["id"] for item in client.get("/articles").json()["items"]] == expected
    feed = client.get("/feeds/feed.json").json()["items"]
    assert [item["id"] for item in feed] == expected

    paged: list[str] = []
    url: str | None = "/articles?limit=1"
    while url:
        body = client.get(url).json()
        paged += [item["id"] for item in body["items"]]
        url = body["next"]
    assert paged == expected


def test_articles_pages_follow_next_without_repeats_or_gaps(client: TestClient, seed: Seeder) -> None:
    same_time = BASE_TIME - timedelta(days=10)
    stored = [
        seed.article(published_at=same_time if i % 3 == 0 else BASE_TIME - timedelta(minutes=i)) for i in range(23)
    ]
    stored += [seed.article(published_at=None, first_seen_at=same_time if i % 2 else BASE_TIME) for i in range(7)]

    seen: list[str] = []
    url: str | None = "/articles?limit=5"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
        pages += 1
        assert pages < 10

    assert pages == 6
    assert len(seen) == len(set(seen)) == 30
    assert set(seen) == {a.id for a in stored}


def test_articles_filter_by_source(client: TestClient, seed: Seeder) -> None:
    seed.article(source="acftu")
    theirs = seed.article(source="workercn")
    body = client.get("/articles", params={"source": "workercn"}).json()
    assert [item["id"] for item in body["items"]] == [theirs.id]
    assert body["next"] is None


def test_next_link_keeps_filters(client: TestClient, seed: Seeder) -> None:
    for _ in range(3):
        seed.article(source="workercn")
    body = client.get("/articles", params={"source": "workercn", "limit": 2}).json()
    assert body["next"].startswith("/articles?")
    assert "source=workercn" in body["next"] and "limit=2" in body["next"]
    assert len(client.get(body["next"]).json()["items"]) == 1


def test_bad_parameters_are_clear_422s(client: TestClient) -> None:
    for params in (
        {"limit": 101},
        {"limit": 0},
        {"limit": "ten"},
        {"cursor": "not-a-cursor"},
        {"source": "A B"},
        {"source": "x' OR '1'='1"},
        {"cursor": "x" * 500},
    ):
        response = client.get("/articles", params=params)
        assert response.status_code == 422, params
        error = response.json()["error"]
        assert error["code"] == "invalid_parameter"
        assert error["message"] and error["details"], params
    message = client.get("/articles", params={"limit": 101}).json()["error"]["message"]
    assert "limit" in message and "100" in message


def test_article_detail(client: TestClient, seed: Seeder, db: Session) -> None:
    run = seed.run()
    canonical = seed.article(crawl_run_id=run.id)
    other = seed.article(source="workercn", cluster_id=canonical.id)
    from storage.repositories import articles

    articles.add_revision(db, canonical, raw_page_id=None)
    canonical.revision = 2
    canonical.body_text = "更新后的正文。"
    db.flush()

    body = client.get(f"/articles/{canonical.id}").json()

    assert body["body_text"] == "更新后的正文。"
    assert body["body_html"].startswith("<p>")
    assert body["images"] == [{"url": "http://www.acftu.sample.test/img/1.jpg", "caption": "会议现场"}]
    assert body["crawl_run_id"] == run.id
    assert body["revision"] == 2
    assert [r["revision"] for r in body["revisions"]] == [1]
    assert body["revisions"][0]["body_text"].startswith("全国总工会")
    assert [m["id"] for m in body["also_published_at"]] == [other.id]

    member = client.get(f"/articles/{other.id}").json()
    assert member["is_canonical"] is False and member["cluster_id"] == canonical.id
    assert [m["id"] for m in member["also_published_at"]] == [canonical.id]


def test_unknown_article_is_json_404(client: TestClient) -> None:
    response = client.get("/articles/doesnotexist")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get("/nowhere").json()["error"]["status"] == 404


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


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
    ["' OR '1'='1", "工会'; DROP TABLE articles; --", '") OR 1=1 --', "* NEAR title:", "a\\", "%' UNION SELECT 1 --"],
)
def test_sql_injection_is_only_text(client: TestClient, seed: Seeder, q: str) -> None:
    seed.article()
    response = client.get("/articles", params={"q": q})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/articles").json()["items"]  # the table is still there


def test_pages_send_a_link_header_to_the_next_page(client: TestClient, seed: Seeder) -> None:
    for _ in range(3):
        seed.article()
    first = client.get("/articles?limit=2")
    assert first.headers["link"] == f'<{first.json()["next"]}>; rel="next"'
    last = client.get(first.json()["next"])
    assert "link" not in last.headers
