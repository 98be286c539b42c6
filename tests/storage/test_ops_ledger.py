"""The ledger summary and crawl counters move when a run is finished, by whichever writer, once per run; counters
add up under concurrent writers (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from storage.base import utcnow
from storage.ops_models import OpsCounter, OpsSourceState
from storage.repositories import ops, runs
from storage.session import session_scope
from testkit.storage import Store


def counters(store: Store, source: str) -> dict[str, float]:
    with session_scope(store.factory) as session:
        return {name: value for s, name, value in ops.totals(session) if s == source}


def test_a_finished_run_moves_the_summary_and_counts_once(store: Store) -> None:
    with session_scope(store.factory) as session:
        run_id = runs.start_run(session, source="alpha", trigger="cli").id
    with session_scope(store.factory) as session:
        assert session.get(OpsSourceState, "alpha") is None  # a running crawl is not an outcome yet
        runs.finish_run(
            session,
            run_id,
            status="failed",
            errors=[{"kind": "unreachable"}],
            stats={
                "requests": 4,
                "not_modified": 1,
                "responses_by_status": {"503": 3},
                "errors_by_kind": {"unreachable": 4},
                "refetches": 2,
            },
        )
    with session_scope(store.factory) as session:
        run = runs.get_run(session, run_id)
        assert run is not None
        run.stats = {**run.stats, "note": "edited later"}  # a finished run edited again: not counted twice
        runs.record_skipped(session, source="alpha", trigger="schedule", reason="busy")
    assert counters(store, "alpha") == {
        "runs_failed": 1,
        "requests": 4,
        "not_modified": 1,
        "responses_503": 3,
        "errors_unreachable": 4,
        "revisits": 2,
    }
    with session_scope(store.factory) as session:
        second = runs.start_run(session, source="alpha", trigger="cli")
        runs.finish_run(session, second.id, status="partial", stats={"requests": 6}, errors=[])
    with session_scope(store.factory) as session:
        state = session.get_one(OpsSourceState, "alpha")
        assert (state.last_run_id, state.last_run_status, state.consecutive_failures) == (second.id, "partial", 0)
        assert state.last_success_at is not None and state.first_run_at is not None
    assert counters(store, "alpha")["requests"] == 10


def test_concurrent_writers_add_up(pg_store: Store) -> None:
    store = pg_store  # real commits from four threads, each on its own connection

    def bump(_: int) -> None:
        for _ in range(20):
            with session_scope(store.factory) as session:
                now = utcnow()
                ops.add_counts(
                    session, "beta", {"articles_new": 1, "pages_processed": 1}, at=now, hourly=["articles_new"]
                )
                ops.note_newest_article(session, "beta", now)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(bump, range(4)))
    with session_scope(store.factory) as session:
        assert session.get_one(OpsCounter, ("beta", "articles_new")).value == 80
        since = utcnow() - timedelta(hours=2)
        assert ops.hourly_sums(session, since=since, names=["articles_new"]) == {("beta", "articles_new"): 80}
        assert session.get_one(OpsSourceState, "beta").newest_article_at is not None
