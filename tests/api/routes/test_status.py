"""The status page rendered from a database with a healthy, a late, a failing and a drifting source (on SQLite and
PostgreSQL, like every API test): what it says per source and globally, the source page, and who may see it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from common.health import HealthPolicy
from common.settings import Settings
from common.sources import Source, SourcesFile
from storage.base import utcnow
from storage.models import CrawlRun
from storage.repositories import api_keys, ops, pages
from workers.alerts import CheckConfig, check_sources
from workers.drift import DriftRules

HOURLY = {"every": 3600}


def sources() -> list[Source]:
    def source(key: str) -> Source:
        return Source(key=key, name=f"{key.title()} union", start_urls=[f"http://{key}.example.test/"], schedule=HOURLY)  # type: ignore[arg-type]

    return [source("healthy"), source("late"), source("failing"), source("drifting")]


def finished_run(db: Session, source: str, status: str, ago: timedelta, **stats: object) -> CrawlRun:
    at = utcnow() - ago
    errors = (
        []
        if status == "succeeded"
        else [
            {
                "kind": "http_503",
                "reason": "HTTP 503 Service Unavailable",
                "url": f"http://{source}.example.test/list",
                "count": 4,
                "urls": [f"http://{source}.example.test/list"],
            },
        ]
    )
    run = CrawlRun(
        source=source,
        trigger="schedule",
        status=status,
        started_at=at - timedelta(minutes=2),
        finished_at=at,
        stats={"requests": 10, **stats},
        errors=errors,
    )
    db.add(run)
    db.flush()
    return run


def observe(db: Session, source: str, count: int, *, origin: bool, start: int = 0) -> None:
    for i in range(start, start + count):
        ops.add_extraction(
            db,
            source=source,
            raw_page_id=None,
            url=f"http://{source}.example.test/a/{i}.html",
            processed_at=utcnow(),
            outcome="created",
            title=True,
            published=True,
            author=False,
            origin=origin,
            editor=False,
            body_length=900,
            confidence=None,
        )
    db.flush()


def seed_four_sources(db: Session, now: datetime) -> None:
    """A healthy source with articles and a backlog, one late, one failing, one whose recent pages lost a field."""
    finished_run(db, "healthy", "succeeded", timedelta(minutes=10), revisits=7, removals=2)
    ops.add_counts(db, "healthy", {"articles_new": 5}, at=now - timedelta(hours=2), hourly=["articles_new"])
    ops.add_counts(db, "healthy", {"articles_new": 3}, at=now - timedelta(days=3), hourly=["articles_new"])
    ops.note_newest_article(db, "healthy", now - timedelta(hours=2))
    finished_run(db, "late", "succeeded", timedelta(hours=5))
    for minutes in (90, 60, 30):
        finished_run(db, "failing", "failed", timedelta(minutes=minutes))
    finished_run(db, "drifting", "succeeded", timedelta(minutes=5))
    observe(db, "drifting", 40, origin=True)
    observe(db, "drifting", 20, origin=False, start=40)
    for state in ("pending", "pending", "failed"):
        page = pages.add_raw_page(
            db,
            source="healthy",
            crawl_run_id=None,
            url="http://healthy.example.test/p",
            final_url="http://healthy.example.test/p",
            status_code=200,
            headers={},
            body=b"<p>",
        )
        page.process_state = state
    db.flush()
    config = CheckConfig(HealthPolicy(), DriftRules(), webhooks=())
    check_sources(db, SourcesFile(sources=sources()), config, now)
    db.flush()


@pytest.fixture
def populated(db: Session) -> Session:
    seed_four_sources(db, utcnow())
    return db


@pytest.fixture
def page_client(client: TestClient) -> TestClient:
    client.app.state.sources = sources()  # type: ignore[attr-defined]
    return client


def row_of(html: str, key: str) -> str:
    match = re.search(rf'<tr id="source-{key}" data-health="(\w+)">(.*?)</tr>', html, re.S)
    assert match, f"no row for {key}"
    return match.group(1) + " " + unescape(re.sub(r"<[^>]+>", " ", match.group(2)))


def cells(html: str, key: str) -> dict[str, str]:
    row = re.search(rf'<tr id="source-{key}".*?</tr>', html, re.S).group(0)  # type: ignore[union-attr]
    found = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
    return {label: " ".join(unescape(re.sub(r"<[^>]+>", " ", value)).split()) for label, value in found}


def test_each_source_shows_its_health_and_why(populated: Session, page_client: TestClient) -> None:
    html = page_client.get("/status").text
    healthy, late, failing, drifting = (row_of(html, key) for key in ("healthy", "late", "failing", "drifting"))
    assert healthy.startswith("ok ") and "succeeded" in healthy
    assert late.startswith("late ") and "no successful crawl for 5 hours; expected by" in late
    assert failing.startswith("failing ") and "the last 3 crawls failed" in failing
    assert drifting.startswith("drifting ")
    assert "source (来源) found on 0% of the last 20 pages (baseline 100%)" in drifting


def test_a_source_row_has_counts_lag_next_crawl_backlog_and_the_last_runs_revisits(
    populated: Session, page_client: TestClient
) -> None:
    html = page_client.get("/").text
    cell = cells(html, "healthy")
    assert cell["next crawl"] == "in 50 min every 1 h"  # an hour after the last crawl ended
    assert cell["lag"] == "2 h"  # the newest article's age
    assert cell["last crawl"] == "succeeded 10 min ago"
    figures = ("articles 24 h", "articles 7 days", "pending pages", "failed pages", "revisits", "removals")
    assert [cell[name] for name in figures] == ["5", "8", "2", "1", "7", "2"]
    spark = re.search(r'<tr id="source-healthy".*?aria-label="([^"]+)"', html, re.S).group(1)  # type: ignore[union-attr]
    per_day = [int(n) for n in spark.split(": ")[1].split(", ")]
    assert len(per_day) == 14 and [n for n in per_day if n] == [3, 5]  # oldest first, per UTC day
    assert per_day.index(5) - per_day.index(3) in (2, 3)


def test_the_overview_counts_states_and_the_backlog(populated: Session, page_client: TestClient) -> None:
    html = unescape(re.sub(r"<[^>]+>", " ", page_client.get("/status").text))
    words = " ".join(html.split())
    for state in ("ok", "late", "failing", "drifting"):
        assert f"{state} 1" in words
    assert "pending pages 2" in words and "failed pages 1" in words
    assert "queues – embedded mode" in words
    assert '<meta http-equiv="refresh"' in page_client.get("/status").text


def test_the_source_page_names_the_drifting_field_with_example_pages(
    populated: Session, page_client: TestClient
) -> None:
    html = page_client.get("/status/drifting").text
    assert "http://drifting.example.test/a/59.html" in html
    assert re.search(r'<tr class="drift"><td>source \(来源\)</td><td>0\.0</td><td>1\.0</td>', html)
    failing = page_client.get("/status/failing").text
    assert re.search(r"<code>http_503</code></td><td class=\"num\">12</td><td class=\"num\">3</td>", failing)
    assert "http://failing.example.test/list" in failing
    assert page_client.get("/status/nowhere").status_code == 404


@pytest.fixture
def auth_client(settings: Settings, db: Session) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"api_auth": True}))
    app.dependency_overrides[get_session] = lambda: db
    with TestClient(app) as test_client:
        yield test_client


def test_only_an_operator_key_opens_the_page_and_the_page_never_shows_it(db: Session, auth_client: TestClient) -> None:
    _, operator = api_keys.create_key(db, "ops-operator", role="operator")
    _, reader = api_keys.create_key(db, "ops-reader")
    denied = auth_client.get("/status")
    assert denied.status_code == 401 and 'action="/status/login"' in denied.text
    assert auth_client.get("/status", headers={"X-API-Key": reader}).status_code == 403
    assert auth_client.get("/metrics", headers={"Authorization": f"Bearer {reader}"}).status_code == 403
    shown = auth_client.get("/status", headers={"Authorization": f"Bearer {operator}"})
    assert shown.status_code == 200 and operator not in shown.text
    login = auth_client.post("/status/login", data={"key": operator}, follow_redirects=False)
    assert login.status_code == 303 and "httponly" in login.headers["set-cookie"].lower()
    assert operator not in auth_client.get("/status").text  # the cookie now carries it
    auth_client.cookies.clear()
    assert auth_client.post("/status/login", data={"key": reader}).status_code == 403


def test_a_public_status_page_needs_no_key(settings: Settings, db: Session) -> None:
    app = create_app(settings.model_copy(update={"api_auth": True, "status_public": True}))
    app.dependency_overrides[get_session] = lambda: db
    with TestClient(app) as client:
        assert client.get("/status").status_code == 200
        assert client.get("/articles").status_code == 401  # the feed itself stays behind its keys
