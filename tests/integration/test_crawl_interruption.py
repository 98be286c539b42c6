"""No article lost, whatever is killed: real `unionfeed crawl` processes on the real PostgreSQL (and Redis), killed
with SIGKILL or pointed at a replaced database, then crawled again as a user or the schedule would. Afterwards the
stored articles equal a clean crawl's (by URL and content hash), none doubled, no run left `running`, no page
pending, and no section of the crawl frontier left open. The recovery is the product's own: the next crawl sweeps
the dead runs to `interrupted` and reads past known list pages until the gap the dead crawls left is closed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from storage.migrate import upgrade
from testkit.paged_site import PagedSite, serve_paged_site
from testkit.scrapy_settings import command
from tests.integration.workerproc import ROOT, start_worker, stop_worker

pytestmark = pytest.mark.integration

SOURCE = "paged"
FINAL = 48  # articles on each test's site at its end
PROXY_ENV = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "REDIS_URL")


def sources_file(tmp_path: Path, site: PagedSite) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"""sources:
  - key: {SOURCE}
    name: Paged news
    start_urls: ["{site.start_url}"]
    schedule: {{every: 3600}}
    politeness: {{delay_seconds: 0, concurrency: 4}}
""",
        encoding="utf-8",
    )
    return path


def crawl_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_ENV}
    env["DATABASE_URL"] = database_url
    if redis_url is not None:
        env["REDIS_URL"] = redis_url
    return env


def crawl_command(sources: Path) -> list[str]:
    # Unpaced (testkit/scrapy_settings.py): the site is local; the list pages' own slowness sets the pace.
    return command("unionfeed", ["crawl", SOURCE, "--inline", "--sources", str(sources)])


def crawl(sources: Path, env: dict[str, str]) -> None:
    done = subprocess.run(crawl_command(sources), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def crawl_killed(sources: Path, env: dict[str, str], engine: Engine, *, after_new_pages: int) -> None:
    """A crawl killed with SIGKILL once it stored `after_new_pages` more pages (no handler runs, nothing closes)."""
    before = stored_pages(engine)
    process = subprocess.Popen(
        crawl_command(sources),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    try:
        while (stored := stored_pages(engine) - before) < after_new_pages:
            # Ending on its own this early means it stopped paging where it should have read on.
            assert process.poll() is None, f"the crawl ended by itself after storing {stored} pages"
            assert time.monotonic() < deadline, f"the crawl stored {stored} pages in 60 s"
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def stored_pages(engine: Engine) -> int:
    with engine.connect() as db:
        return int(db.scalar(text("SELECT count(*) FROM raw_pages WHERE source = :s"), {"s": SOURCE}) or 0)


def articles(engine: Engine) -> list[tuple[str, str]]:
    """(URL path, content hash) of every stored article, doubles included (each test's site has a port of its own)."""
    with engine.connect() as db:
        query = text("SELECT canonical_url, content_hash FROM articles WHERE source = :s")
        return sorted((urlsplit(url).path, digest) for url, digest in db.execute(query, {"s": SOURCE}))


def assert_recovered(engine: Engine, baseline: list[tuple[str, str]], site: PagedSite) -> None:
    stored = articles(engine)
    assert len(stored) == len({url for url, _ in stored}), "an article was stored twice"
    missing = {urlsplit(url).path for url in site.urls()} - {path for path, _ in stored}
    assert not missing, f"{len(missing)} of {len(site.urls())} articles lost, e.g. {sorted(missing)[:3]}"
    assert stored == baseline
    with engine.connect() as db:
        running = db.scalar(text("SELECT count(*) FROM crawl_runs WHERE status = 'running'"))
        pending = db.scalar(text("SELECT count(*) FROM raw_pages WHERE process_state = 'pending'"))
        still_open = db.scalar(text("SELECT count(*) FROM crawl_urls WHERE frontier_since IS NOT NULL"))
    assert (running, pending, still_open) == (0, 0, 0)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """What one clean crawl stores of the site as each test leaves it (FINAL articles), on its own SQLite file."""
    tmp_path = tmp_path_factory.mktemp("baseline")
    url = f"sqlite:///{tmp_path / 'baseline.db'}"
    with serve_paged_site(articles=FINAL, list_seconds=0) as site:  # nothing is killed: no need for slow lists
        crawl(sources_file(tmp_path, site), crawl_env(url))
    engine = create_engine(url)
    try:
        stored = articles(engine)
    finally:
        engine.dispose()
    assert len(stored) == FINAL
    return stored


@pytest.fixture
def pg_engine(fresh_postgres_url: str) -> Iterator[Engine]:
    upgrade(fresh_postgres_url)
    engine = create_engine(fresh_postgres_url, poolclass=NullPool)
    yield engine
    engine.dispose()


def test_two_crawls_killed_then_recrawled_lose_nothing(
    tmp_path: Path, fresh_postgres_url: str, pg_engine: Engine, baseline: list[tuple[str, str]]
) -> None:
    with serve_paged_site(articles=40) as site:
        sources = sources_file(tmp_path, site)
        env = crawl_env(fresh_postgres_url)
        crawl_killed(sources, env, pg_engine, after_new_pages=8)  # the first pages read, their articles stored
        site.publish(4)  # meanwhile the site goes on: what was on page 2 moves further down
        crawl_killed(sources, env, pg_engine, after_new_pages=8)
        site.publish(4)
        with pg_engine.connect() as db:
            statuses = db.scalars(text("SELECT status FROM crawl_runs ORDER BY id")).all()
        # A killed process leaves its run `running`; the next crawl, the second one here, swept the first.
        assert statuses == ["interrupted", "running"]
        crawl(sources, env)  # recovery: the dead runs swept, the open frontier read until the gap is closed
        crawl(sources, env)  # and the one after: an ordinary re-crawl
        assert_recovered(pg_engine, baseline, site)
    with pg_engine.connect() as db:
        statuses = db.scalars(text("SELECT status FROM crawl_runs ORDER BY id")).all()
        last = db.execute(text("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")).scalar_one()
    assert statuses == ["interrupted", "interrupted", "succeeded", "succeeded"]
    assert (last["list_pages"], last["new_articles"]) == (1, 0)  # the gap closed: the first page read, as before


def new_database(admin_url: str, template: str = "template1") -> str:
    """A new database; with `template` another test database's URL, a copy of it (a backup as it would be restored,
    its identity stamp included)."""
    name = f"unionfeed_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as db:
        db.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[-1]}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as db:
        db.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def crawl_and_process(sources: Path, database_url: str, redis_url: str, engine: Engine) -> None:
    """A crawl in distributed mode (the seen cache in Redis), its pages processed by a real worker."""
    env = crawl_env(database_url, redis_url)
    worker = start_worker(env, queues="process", concurrency=2)
    try:
        crawl(sources, env)
        deadline = time.monotonic() + 60
        while True:
            with engine.connect() as db:
                pending = db.scalar(text("SELECT count(*) FROM raw_pages WHERE process_state = 'pending'"))
            if not pending:
                break
            assert worker.poll() is None, "the worker died"
            assert time.monotonic() < deadline, f"{pending} pages still pending"
            time.sleep(0.2)
    finally:
        stop_worker(worker)


def test_a_restored_or_new_database_behind_a_warm_cache_loses_nothing(
    tmp_path: Path,
    postgres_admin_url: str,
    fresh_postgres_url: str,
    pg_engine: Engine,
    redis_url: str,
    baseline: list[tuple[str, str]],
) -> None:
    with serve_paged_site(articles=FINAL - 8, list_seconds=0) as site:  # nothing is killed: no need for slow lists
        sources = sources_file(tmp_path, site)
        crawl_and_process(sources, fresh_postgres_url, redis_url, pg_engine)
        backup = new_database(postgres_admin_url, template=fresh_postgres_url)
        restored = create_engine(backup, poolclass=NullPool)
        new_deployment_url = new_database(postgres_admin_url)
        try:
            site.publish(8)
            crawl_and_process(sources, fresh_postgres_url, redis_url, pg_engine)  # Redis now knows all of them
            assert_recovered(pg_engine, baseline, site)
            # Restored from the backup taken before the second crawl: the same database identity, 8 articles fewer.
            crawl_and_process(sources, backup, redis_url, restored)
            assert_recovered(restored, baseline, site)
            # A new deployment: an empty database, migrated, while Redis keeps the cache of the old one.
            upgrade(new_deployment_url)
            new_engine = create_engine(new_deployment_url, poolclass=NullPool)
            crawl_and_process(sources, new_deployment_url, redis_url, new_engine)
            assert_recovered(new_engine, baseline, site)
            new_engine.dispose()
        finally:
            restored.dispose()
            drop_database(postgres_admin_url, backup)
            drop_database(postgres_admin_url, new_deployment_url)
