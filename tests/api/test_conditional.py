"""Conditional GETs (api/conditional.py): ETag and Last-Modified on /articles, /articles/{id} and the feeds; 304
while the answer is unchanged, 200 with a new validator once it changed."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient

from testkit.storage import BASE_TIME, Seeder

ROUTES = ["/articles", "/articles/{id}", "/feeds/atom.xml", "/feeds/feed.json", "/feeds/acftu/atom.xml"]


@pytest.mark.parametrize("route", ROUTES)
def test_unchanged_answer_is_304_and_a_change_gives_a_new_etag(client: TestClient, seed: Seeder, route: str) -> None:
    article = seed.article(source="acftu")
    url = route.format(id=article.id)
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('W/"')

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304

    article.title = "更正后的标题"
    seed.session.flush()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_if_modified_since(client: TestClient, seed: Seeder) -> None:
    article = seed.article(updated_at=BASE_TIME, last_seen_at=BASE_TIME)
    url = f"/articles/{article.id}"
    last_modified = client.get(url).headers["last-modified"]
    assert parsedate_to_datetime(last_modified) >= BASE_TIME

    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(last_modified) - timedelta(seconds=1), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    assert client.get(url, headers=stale).status_code == 200


def test_a_removed_record_changes_the_list_validators(client: TestClient, seed: Seeder) -> None:
    kept = seed.article()
    gone = seed.article()
    etag = client.get("/articles").headers["etag"]
    gone.removed_at = BASE_TIME + timedelta(days=1)
    seed.session.flush()
    answer = client.get("/articles", headers={"If-None-Match": etag})
    assert answer.status_code == 200
    assert [item["id"] for item in answer.json()["items"]] == [kept.id]
