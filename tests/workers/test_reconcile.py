"""The reconciler closes crawl runs left `running` by a dead process (workers/reconcile.py: sweep_crawl_runs), as the
beat's reconcile task does every few minutes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from common.processes import this_host
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.repositories.runs import start_run
from storage.session import make_engine, make_session_factory, session_scope
from storage.states import INTERRUPTED
from workers.reconcile import sweep_crawl_runs


@pytest.fixture
def factory(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


def test_a_run_whose_crawl_process_died_is_interrupted(factory: sessionmaker[Session]) -> None:
    crawl = subprocess.Popen([sys.executable, "-c", "pass"])  # a crawl process that is gone without closing its run
    crawl.wait()
    with session_scope(factory) as session:
        run_id = start_run(session, source="demo", trigger="queue", host=this_host(), pid=crawl.pid).id
    assert sweep_crawl_runs(factory, stale_after=timedelta(minutes=5)) == [run_id]
    assert sweep_crawl_runs(factory, stale_after=timedelta(minutes=5)) == []  # once
    with session_scope(factory) as session:
        assert session.get_one(CrawlRun, run_id).status == INTERRUPTED
