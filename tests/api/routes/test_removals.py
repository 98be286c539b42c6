"""A removed article through the API: processing stores a sample page, then the crawler's 404 for it (a recheck found
it taken down), then a 200 again. `/changes` carries `deleted`, the record leaves `/articles` and the feeds but stays
readable by id with its removal time, and comes back; a removed canonical member hands its story to another member.
Exports leave removed records out unless asked.

On SQLite and on PostgreSQL (a database of this module's own, since the export test commits), each test in a
transaction rolled back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.settings import Settings
from common.sources import load_sources
from samples.corpus import article_pages
from storage.base import utcnow
from storage.models import RawPage
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from storage.states import CREATED
from testkit.storage import migrated_database
from unionfeed.commands.export import export
from workers.processing import REMOVED, PageOutcome, reprocess_page
from workers.stories.clusters import DUPLICATE, RESTORED, Deduplicator

ROOT = Path(__file__).resolve().parents[3]
SOURCES = load_sources(ROOT / "sources.yaml")
HOST = "zjgh.sample.test"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own database: the export test commits, which the shared one must not see."""
    with migrated_database(request.param, tmp_path_factory.mktemp("removals")) as url:
        yield url


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def fetch(
    db: Session,
    url: str,
    status: int = 200,
    body: bytes | None = None,
    *,
    source: str = "sample-zjgh",
    after: timedelta = timedelta(),
) -> RawPage:
    """A raw page as the crawler stores it: a sample article's page, or (404/410) the recheck that found it gone."""
    page = next(p for p in article_pages({HOST}) if p.url == url)
    return pages.add_raw_page(
        db,
        source=source,
        crawl_run_id=None,
        url=url,
        final_url=url,
        status_code=status,
        headers=page.headers,
        body=b"" if status != 200 else (body or page.body),
        fetched_at=utcnow() + after,
    )


def process(db: Session, page: RawPage) -> PageOutcome:
    outcome = reprocess_page(db, page, SOURCES, Deduplicator.embedded(SOURCES))
    db.commit()
    return outcome


def sample_url(n: int = 0) -> str:
    return [p.url for p in article_pages({HOST})][n]


def changes_of(client: TestClient, article_id: str) -> list[dict[str, Any]]:
    items = client.get("/changes", params={"limit": 100}).json()["items"]
    return [item for item in items if item["article_id"] == article_id]


def listed_ids(client: TestClient) -> dict[str, set[str]]:
    articles = {item["id"] for item in client.get("/articles").json()["items"]}
    json_feed = {item["id"] for item in client.get("/feeds/feed.json").json()["items"]}
    atom = client.get("/feeds/sample-zjgh/atom.xml").text
    return {"articles": articles, "json": json_feed, "atom": {i for i in articles | json_feed if i in atom}}


def test_a_removed_article_leaves_the_feed_and_stays_readable_by_id(client: TestClient, db: Session) -> None:
    url = sample_url()
    created = process(db, fetch(db, url))
    assert created.outcome == CREATED and created.article_id is not None
    article_id = created.article_id
    assert all(article_id in ids for ids in listed_ids(client).values())
    assert process(db, fetch(db, url, 404, after=timedelta(minutes=1))).outcome == REMOVED

    [*_, last] = changes_of(client, article_id)
    assert last["kind"] == "deleted" and last["article"]["removed_at"] is not None
    assert all(article_id not in ids for ids in listed_ids(client).values())
    record = client.get(f"/articles/{article_id}").json()
    assert record["removed_at"] == last["article"]["removed_at"] and record["body_text"]


def test_a_page_that_answers_404_then_200_comes_back(client: TestClient, db: Session) -> None:
    url = sample_url(1)
    article_id = process(db, fetch(db, url)).article_id
    process(db, fetch(db, url, 410, after=timedelta(minutes=1)))
    assert process(db, fetch(db, url, 404, after=timedelta(minutes=2))).outcome != REMOVED  # already removed
    assert process(db, fetch(db, url, after=timedelta(minutes=3))).outcome == RESTORED
    kinds = [change["kind"] for change in changes_of(client, str(article_id))]
    assert kinds == ["created", "deleted", "updated"]
    assert client.get(f"/articles/{article_id}").json()["removed_at"] is None
    assert article_id in listed_ids(client)["articles"]


def test_a_404_older_than_the_article_s_last_page_removes_nothing(client: TestClient, db: Session) -> None:
    url = sample_url(2)
    late_404 = fetch(db, url, 404, after=timedelta(minutes=-5))  # fetched before the page below, processed after
    article_id = process(db, fetch(db, url)).article_id
    assert process(db, late_404).outcome != REMOVED
    assert client.get(f"/articles/{article_id}").json()["removed_at"] is None


def test_a_removed_canonical_member_hands_its_story_to_another(client: TestClient, db: Session) -> None:
    url = sample_url(3)
    first = process(db, fetch(db, url))
    reprint_url = url.replace(HOST, "peixun.sample.test").replace(".html", "_reprint.html")
    reprint = fetch(db, url, after=timedelta(minutes=1), source="sample-peixun")
    reprint.url = reprint.final_url = reprint_url
    assert process(db, reprint).outcome == DUPLICATE
    assert client.get(f"/articles/{first.article_id}").json()["is_canonical"]
    process(db, fetch(db, url, 404, after=timedelta(minutes=2)))
    [story] = client.get("/articles").json()["items"]  # the story is still in the feed, through its other member
    assert (story["url"], story["is_canonical"], story["also_published_at"]) == (reprint_url, True, [])
    assert client.get(f"/articles/{first.article_id}").json()["cluster_id"] == story["id"]


def test_exports_leave_removed_records_out_unless_asked(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        kept = process(session, fetch(session, sample_url(4))).article_id
        removed = process(session, fetch(session, sample_url(5))).article_id
        process(session, fetch(session, sample_url(5), 404, after=timedelta(minutes=1)))
    engine.dispose()
    settings = Settings(database_url=database_url)
    default, everything = tmp_path / "default.jsonl", tmp_path / "all.jsonl"
    export(settings, format="jsonl", output=default)
    export(settings, format="jsonl", output=everything, include_removed=True)
    assert kept in default.read_text() and removed not in default.read_text()
    assert f'"id":"{removed}"' in everything.read_text() and '"removed_at":"' in everything.read_text()
