"""/changes (api/routes/changes.py): commit order, pages, the source filter, bad cursors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from testkit.storage import Seeder


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
        (1, "created", a.id),
        (2, "created", b.id),
        (3, "merged", a.id),
        (4, "updated", a.id),
    ]
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


def test_changes_send_a_link_header_while_more_changes_wait(client: TestClient, seed: Seeder) -> None:
    start = client.get("/changes/head").json()["cursor"]
    for _ in range(3):
        seed.article()
    seed.session.commit()
    first = client.get(f"/changes?cursor={start}&limit=2")
    assert first.json()["has_more"] is True
    assert first.headers["link"] == f'<{first.json()["next"]}>; rel="next"'
    rest = client.get(first.json()["next"])
    assert rest.json()["has_more"] is False and "link" not in rest.headers
