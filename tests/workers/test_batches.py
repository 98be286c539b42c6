"""A batch's pages each on their own: one page's error (corrupt bytes, a constraint it breaks, a lock it cannot take)
is that page's alone; the other pages are processed; a failure names its own cause; deterministic errors fail at
once, transient ones are retried. The errors are real: raised by the database and zlib, not simulated."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from common.contract import PROCESS_PAGE, PROCESS_PAGES
from common.settings import Settings
from common.sources import load_sources
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import drop_pg_database, pg_reachable, pg_server_url, recreate_pg_database, require_postgres
from workers.app import create_celery, local_task
from workers.batches import process_batch
from workers.processing import CREATED, FAILED, PageOutcome, process_page

ROOT = Path(__file__).resolve().parents[2]
SOURCES = load_sources(ROOT / "sources.yaml")
HOST = "zjgh.sample.test"


ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.integration)], indirect=True
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each backend's schema, migrated once for the module; every test gets a copy (the tests alter the schema)."""
    sqlite_file = tmp_path_factory.mktemp("migrated") / "unionfeed.db"
    upgrade(f"sqlite:///{sqlite_file}")
    templates = {"sqlite": str(sqlite_file)}
    name = f"unionfeed_tmpl_{uuid.uuid4().hex[:8]}"
    if pg_reachable():
        upgrade(recreate_pg_database(name))
        templates["postgresql"] = name
    try:
        yield templates
    finally:
        if "postgresql" in templates:
            drop_pg_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, migrated: dict[str, str], tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        shutil.copyfile(migrated["sqlite"], tmp_path / "unionfeed.db")
        yield f"sqlite:///{tmp_path / 'unionfeed.db'}"
        return
    require_postgres()
    name = f"unionfeed_t_{uuid.uuid4().hex[:12]}"
    yield copy_pg_database(migrated["postgresql"], name)
    drop_pg_database(name)


def copy_pg_database(template: str, name: str) -> str:
    admin = create_engine(pg_server_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()
    return make_url(pg_server_url()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def page_ids(factory: sessionmaker[Session]) -> list[int]:
    """Five pending article pages of one site, as the crawler leaves them."""
    with session_scope(factory) as session:
        return [
            pages.add_raw_page(
                session,
                source="sample-zjgh",
                crawl_run_id=None,
                url=page.url,
                final_url=page.url,
                status_code=200,
                headers=page.headers,
                body=page.body,
            ).id
            for page in list(article_pages({HOST}))[:5]
        ]


def processor(factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    def process(page_id: int) -> PageOutcome:
        return process_page(factory, SOURCES, page_id)

    return process


def corrupt_body(engine: Engine, page_id: int) -> None:
    """The stored bytes of one page damaged: reading them raises zlib.error, not an extraction error."""
    with engine.begin() as db:
        db.execute(text("UPDATE raw_pages SET body = :body WHERE id = :id"), {"body": b"not deflate", "id": page_id})


def refuse_article_of(engine: Engine, page_id: int) -> None:
    """A constraint the article of one page breaks, every time: an IntegrityError that no retry resolves."""
    with engine.begin() as db:
        if engine.dialect.name == "sqlite":
            db.exec_driver_sql(
                f"CREATE TRIGGER refuse_page BEFORE INSERT ON articles WHEN NEW.raw_page_id = {page_id} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test constraint'); END"
            )
        else:
            db.exec_driver_sql(f"ALTER TABLE articles ADD CONSTRAINT refuse_page CHECK (raw_page_id <> {page_id})")


def fail_first_inserts_of(engine: Engine, page_id: int, errcode: str, times: int) -> None:
    """The first `times` inserts of one page's article fail with PostgreSQL error `errcode` (a serialization failure
    is transient; a unique violation is what a concurrent writer of the same key causes). A sequence counts the
    attempts: it is not rolled back with the failed transaction."""
    with engine.begin() as db:
        db.exec_driver_sql("CREATE SEQUENCE insert_attempts")
        db.exec_driver_sql(
            "CREATE FUNCTION fail_first_inserts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF nextval('insert_attempts') <= {times} THEN "
            f"RAISE EXCEPTION 'injected {errcode}' USING ERRCODE = '{errcode}'; END IF; "
            "RETURN NEW; END $$"
        )
        db.exec_driver_sql(
            "CREATE TRIGGER fail_first_inserts BEFORE INSERT ON articles FOR EACH ROW "
            f"WHEN (NEW.raw_page_id = {page_id}) EXECUTE FUNCTION fail_first_inserts()"
        )


def attempts(engine: Engine) -> int:
    with engine.connect() as db:
        return int(db.scalar(text("SELECT last_value FROM insert_attempts")))


def states(factory: sessionmaker[Session], page_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    with session_scope(factory) as session:
        found = {page_id: pages.get_raw_page(session, page_id) for page_id in page_ids}
        return {page_id: (page.process_state, page.process_error) for page_id, page in found.items() if page}


def test_a_page_with_corrupt_bytes_fails_alone_with_its_own_cause(factory, engine, page_ids) -> None:  # type: ignore[no-untyped-def]
    corrupt_body(engine, page_ids[1])
    result = process_batch(factory, page_ids, processor(factory))
    assert [o.outcome for o in result.outcomes] == [CREATED, FAILED, CREATED, CREATED, CREATED]
    assert not result.held  # a deterministic error is not retried
    stored = states(factory, page_ids)
    assert stored[page_ids[1]][0] == "failed" and stored[page_ids[1]][1].startswith("error: ")  # zlib.error
    assert {stored[i][0] for i in page_ids if i != page_ids[1]} == {"done"}


def test_a_constraint_one_page_breaks_fails_that_page_at_once(factory, engine, page_ids) -> None:  # type: ignore[no-untyped-def]
    refuse_article_of(engine, page_ids[0])
    corrupt_body(engine, page_ids[3])
    result = process_batch(factory, page_ids, processor(factory))
    assert [o.outcome for o in result.outcomes] == [FAILED, CREATED, CREATED, FAILED, CREATED]
    assert not result.held
    stored = states(factory, page_ids)
    assert stored[page_ids[0]][0] == "failed" and stored[page_ids[0]][1].startswith("IntegrityError: ")
    assert stored[page_ids[3]][0] == "failed" and stored[page_ids[3]][1].startswith("error: ")  # its own cause


@ON_POSTGRESQL  # the injected conflict is a PostgreSQL trigger
def test_a_conflict_that_a_concurrent_writer_caused_resolves_on_the_second_attempt(  # type: ignore[no-untyped-def]
    factory, engine, page_ids
) -> None:
    fail_first_inserts_of(engine, page_ids[2], "unique_violation", times=1)
    result = process_batch(factory, page_ids, processor(factory))
    assert [o.outcome for o in result.outcomes] == [CREATED] * 5
    assert {state for state, _ in states(factory, page_ids).values()} == {"done"}
    assert attempts(engine) == 2


@ON_POSTGRESQL  # a row lock and lock_timeout
def test_a_page_locked_elsewhere_is_held_for_a_retry_and_the_others_are_done(  # type: ignore[no-untyped-def]
    database_url, engine, page_ids
) -> None:
    impatient = make_engine(database_url, connect_args={"options": "-c lock_timeout=200"})
    factory = make_session_factory(impatient)
    try:
        with engine.connect() as holder, holder.begin():
            holder.execute(text("SELECT id FROM raw_pages WHERE id = :id FOR UPDATE"), {"id": page_ids[2]})
            result = process_batch(factory, page_ids, processor(factory))
        assert [o.page_id for o in result.outcomes] == [i for i in page_ids if i != page_ids[2]]
        assert {o.outcome for o in result.outcomes} == {CREATED}
        assert list(result.held) == [page_ids[2]] and result.held[page_ids[2]].startswith("OperationalError: ")
        assert states(factory, page_ids)[page_ids[2]] == ("pending", None)  # not failed: it will be retried
    finally:
        impatient.dispose()


def eager_app(database_url: str, max_retries: int):  # type: ignore[no-untyped-def]
    """The embedded mode's app: the task and its retries run in this process, through the workers' task code."""
    settings = Settings(
        redis_url=None,
        database_url=database_url,
        sources_path=ROOT / "sources.yaml",
        process_max_retries=max_retries,
        process_retry_backoff_seconds=0,
    )
    return create_celery(settings)


@ON_POSTGRESQL  # the injected transient error is a PostgreSQL trigger
@pytest.mark.parametrize("failures, final_state", [(2, "done"), (3, "failed")])
def test_the_task_retries_only_held_pages_then_fails_them_with_their_own_error(  # type: ignore[no-untyped-def]
    database_url, engine, page_ids, failures: int, final_state: str
) -> None:
    fail_first_inserts_of(engine, page_ids[4], "serialization_failure", times=failures)
    corrupt_body(engine, page_ids[0])
    local_task(eager_app(database_url, max_retries=2), PROCESS_PAGES).apply(args=[page_ids])
    stored = states(make_session_factory(engine), page_ids)
    assert stored[page_ids[0]][0] == "failed" and stored[page_ids[0]][1].startswith("error: ")  # at once
    assert {stored[i][0] for i in page_ids[1:4]} == {"done"}  # each attempted once, in the first run
    assert stored[page_ids[4]][0] == final_state
    if final_state == "failed":  # its own cause, not the corrupt page's
        assert (
            stored[page_ids[4]][1].startswith("OperationalError: ")
            and "serialization_failure" in stored[page_ids[4]][1]
        )
    assert attempts(engine) == min(failures + 1, 3)  # the first run and two retries, of that page only


@ON_POSTGRESQL  # the injected transient error is a PostgreSQL trigger
def test_the_single_page_task_is_retried_with_its_own_arguments(  # type: ignore[no-untyped-def]
    database_url, engine, page_ids
) -> None:
    """`process_page` takes one page id: its retry must send one page id again, not the batch task's list."""
    fail_first_inserts_of(engine, page_ids[1], "serialization_failure", times=2)
    result = local_task(eager_app(database_url, max_retries=3), PROCESS_PAGE).apply(args=[page_ids[1]])
    assert result.successful(), result.traceback
    assert states(make_session_factory(engine), [page_ids[1]]) == {page_ids[1]: ("done", None)}
    assert attempts(engine) == 3
